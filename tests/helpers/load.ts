// A bounded loop of real HTTP requests through the router, for "drops nothing" tests: each of
// `connections` keep-alive connections sends GET / as soon as its previous answer is in.
import { Agent, request } from 'node:http';

export interface Load {
  /** Requests answered 200 so far. */
  readonly ok: number;
  /** Everything else, by kind: "status 503", "request error socket hang up"… */
  readonly bad: Map<string, number>;
  stop(): Promise<void>;
}

export function startLoad(port: number, host: string, connections: number): Load {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const bad = new Map<string, number>();
  const note = (what: string): void => { bad.set(what, (bad.get(what) ?? 0) + 1); };
  let running = true;
  let ok = 0;
  const deadline = Date.now() + 120_000; // bounded even if the test never calls stop()
  const one = (): Promise<void> => new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent }, (res) => {
      res.resume();
      res.on('end', () => { if (res.statusCode === 200) ok++; else note(`status ${res.statusCode}`); resolve(); });
      res.on('error', (e) => { note(`response error ${e.message}`); resolve(); });
    });
    req.on('error', (e) => { note(`request error ${e.message}`); resolve(); });
    req.end();
  });
  const loops = Array.from({ length: connections }, async () => {
    while (running && Date.now() < deadline) await one();
  });
  return {
    get ok() { return ok; },
    bad,
    async stop() { running = false; await Promise.all(loops); agent.destroy(); },
  };
}
