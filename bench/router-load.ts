// Pieces of the router benchmark: wrk runs and their parsing, nginx's configuration, the realistic
// request mix (a wrk Lua script), and `dynodesk serve` with an app deployed through the CLI.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd} || ls /usr/sbin/${cmd} 2>/dev/null`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? (r.stdout.trim().split('\n')[0] as string) : null;
}

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const taken = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (taken) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listening on ${port}`);
}

export interface WrkResult { rps: number; p99Ms: number; requests: number; errors: string }

function parseMs(s: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(s);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

/** wrk -t1 -c32 against `url` (Host header `host`), or with a Lua script and its arguments. */
export function wrk(wrkPath: string, url: string, opts: { host?: string; script?: string; duration: string }): Promise<WrkResult> {
  const args = ['-t1', '-c32', `-d${opts.duration}`, '--latency'];
  if (opts.script) args.push('-s', opts.script, url, '--', opts.host ?? '');
  else args.push(...(opts.host ? ['-H', `Host: ${opts.host}`] : []), url);
  return new Promise((resolve, reject) => {
    const p = spawn(wrkPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}\n${out}`));
      resolve({
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
        p99Ms: parseMs(/\s99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? ''),
        requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
        errors: [...out.matchAll(/Socket errors:.*|Non-2xx.*/g)].map((m) => m[0]).join(' '),
      });
    });
  });
}

/** A certificate and its key (PEM files) for nginx to terminate TLS with. */
export interface NginxTls { cert: string; key: string }

/**
 * nginx on one worker process, proxying to the dyno with upstream keep-alive, no access log. With
 * `tls` it terminates HTTPS and passes on what the router's TLS port tells dynos (Host, X-Forwarded-*),
 * so that both sides do the same work.
 */
export function nginxConf(dir: string, port: number, upstream: number, tls?: NginxTls): string {
  const t = (n: string): string => join(dir, n);
  const listen = tls
    ? `listen 127.0.0.1:${port} ssl;
    ssl_certificate ${tls.cert};
    ssl_certificate_key ${tls.key};
    ssl_protocols TLSv1.2 TLSv1.3;`
    : `listen 127.0.0.1:${port};`;
  const forwarded = tls
    ? `
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`
    : '';
  return `daemon off;
master_process off;
worker_processes 1;
pid ${t('nginx.pid')};
error_log ${t('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${t('body')};
  proxy_temp_path ${t('proxy')};
  fastcgi_temp_path ${t('fastcgi')};
  uwsgi_temp_path ${t('uwsgi')};
  scgi_temp_path ${t('scgi')};
  upstream dyno { server 127.0.0.1:${upstream}; keepalive 64; }
  server {
    ${listen}
    location / {
      proxy_pass http://dyno;
      proxy_http_version 1.1;
      proxy_set_header Connection "";${forwarded}
    }
  }
}
`;
}

/** nginx with `conf` (written into `dir`) as a child process the caller stops; resolves once its port is taken. */
export async function startNginx(nginxPath: string, dir: string, port: number, conf: string): Promise<ChildProcess> {
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  const nginx = spawn(nginxPath, ['-p', dir, '-e', join(dir, 'error.log'), '-c', file], { stdio: 'inherit' });
  try {
    await waitListening(port);
  } catch (e) {
    nginx.kill('SIGKILL'); // the caller never got it, so it cannot stop it
    throw e;
  }
  return nginx;
}

/**
 * The realistic mix as a wrk script (its argument: the Host to send): 1,000 requests prepared once and
 * sent in turn. Varied paths and query strings; a browser's headers (about 12, cookies included,
 * ~700 bytes); response sizes from 200 B to 64 KB (log-uniform), a quarter of them chunked; one in ten
 * a POST with a 2–16 KB body.
 */
export const MIX_SCRIPT = `
local reqs = {}
local n = 0
local words = { "products", "api", "users", "search", "assets", "blog", "cart", "orders", "static", "account" }
local function token(len)
  local t = {}
  for i = 1, len do t[i] = string.char(97 + math.random(0, 25)) end
  return table.concat(t)
end
function init(args)
  local host = args[1]
  math.randomseed(42)
  for i = 1, 1000 do
    local size = math.floor(200 * (65536 / 200) ^ math.random())
    local chunked = math.random() < 0.25 and 1 or 0
    local path = "/" .. words[math.random(#words)] .. "/" .. token(math.random(3, 12)) .. "/" .. i
      .. "?size=" .. size .. "&chunked=" .. chunked .. "&q=" .. token(math.random(2, 20)) .. "&page=" .. math.random(1, 50)
    local headers = {
      ["Host"] = host,
      ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
      ["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
      ["Accept-Language"] = "en-US,en;q=0.9,fr;q=0.8",
      ["Accept-Encoding"] = "gzip, deflate, br",
      ["Cookie"] = "session=" .. token(48) .. "; csrftoken=" .. token(32) .. "; _ga=GA1.1." .. math.random(100000000, 999999999)
        .. "; theme=dark; prefs=" .. token(40),
      ["Referer"] = "http://" .. host .. "/" .. words[math.random(#words)] .. "/" .. token(8),
      ["Sec-Fetch-Dest"] = "document",
      ["Sec-Fetch-Mode"] = "navigate",
      ["Sec-Fetch-Site"] = "same-origin",
      ["Upgrade-Insecure-Requests"] = "1",
      ["Cache-Control"] = "max-age=0",
    }
    local method, body = "GET", nil
    if math.random() < 0.1 then
      method = "POST"
      body = string.rep("k=v&", math.random(512, 4096))
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    end
    reqs[i] = wrk.format(method, path, headers, body)
  end
end
function request()
  n = n % #reqs + 1
  return reqs[n]
end
`;

export interface Serve {
  /** the shared router port */
  port: number;
  /** the serve process (the engine; the router is one of its threads) */
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** `dynodesk serve` in a data directory of its own, with the hello-world app deployed as `hello` through the CLI. */
export async function serveWithApp(dir: string): Promise<Serve> {
  const home = join(dir, 'home');
  const app = join(dir, 'hello-app');
  mkdirSync(app, { recursive: true });
  copyFileSync(join(ROOT, 'tests/fixtures/router-hello/server.js'), join(app, 'server.js'));
  writeFileSync(join(app, 'Procfile'), 'web: node server.js\n');
  const env = { ...process.env, DYNODESK_HOME: home, DYNODESK_NO_UI_BUILD: '1' };
  const cli = join(ROOT, 'bin/dynodesk.mjs');
  const proc = spawn(process.execPath, [cli, 'serve', '--router-port', '0', '--tls-port', '0', '--no-dashboard'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Router: http:\/\/\S+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(() => reject(new Error(`dynodesk serve exited before it printed its router port:\n${out}`)));
  });
  const deploy = spawnSync(process.execPath, [cli, 'deploy', app, '--name', 'hello'], { env, encoding: 'utf8' });
  if (deploy.status !== 0) throw new Error(`dynodesk deploy failed: ${deploy.stderr}`);
  return {
    port, proc,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** The q-quantile (0..1) of xs, linearly interpolated. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
}
