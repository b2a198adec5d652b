// A real engine with its browser dashboard in a child process, so a test can measure the engine's memory apart
// from its own. The child is this same file run as a script (see the bottom).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.js';

export interface DashboardProcess {
  pid: number;
  port: number;
  token: string;
  /** Resident memory now and its peak so far, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);

/** Engine + dashboard on `home` (data dir and an empty renderer folder inside it); `authTimeoutMs` as for startDashboard. */
export async function startDashboardProcess(home: string, authTimeoutMs?: number): Promise<DashboardProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, home, String(authTimeoutMs ?? '')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  try {
    const info = await waitFor('the dashboard process to listen', () => {
      if (child.exitCode !== null) throw new Error(`it exited with ${child.exitCode}`);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      return line ? JSON.parse(line) as { port: number; token: string } : null;
    }, 30_000);
    const pid = child.pid as number;
    return {
      pid, port: info.port, token: info.token,
      memory() {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
        return { rss: kb('VmRSS'), peak: kb('VmHWM') };
      },
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
}

async function main(home: string, authTimeout: string): Promise<void> {
  const { Engine } = await import('../../electron/engine/engine.js');
  const { startDashboard } = await import('../../electron/host/dashboard/server.js');
  const rendererDir = join(home, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  const engine = await Engine.open({ dataDir: join(home, 'data'), routerPort: 0 });
  const dash = await startDashboard({ engine, port: 0, rendererDir, ...(authTimeout ? { authTimeoutMs: Number(authTimeout) } : {}) });
  process.stdout.write(`${JSON.stringify({ port: dash.port, token: dash.token })}\n`);
  process.once('SIGTERM', () => {
    void dash.close().then(() => engine.close()).then(() => process.exit(0));
  });
}

if (process.argv[1] === SELF) {
  const [home, authTimeout = ''] = process.argv.slice(2);
  if (!home) throw new Error('usage: dashboard-process.ts HOME [AUTH_TIMEOUT_MS]');
  await main(home, authTimeout);
}
