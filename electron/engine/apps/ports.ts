import { createServer } from 'node:net';

/** True when nothing listens on host:port right now. */
export function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export function ephemeralPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * An app's own router port: stable once chosen (persisted). Next to the shared router port when it
 * is fixed (7401, 7402, …) so users can guess it; any free port when the router port is (tests).
 */
export async function allocateAppPort(routerPort: number, host: string, used: Set<number>): Promise<number> {
  if (routerPort === 0) {
    for (let i = 0; i < 20; i++) {
      const p = await ephemeralPort(host);
      if (!used.has(p)) return p;
    }
    throw new Error('could not find a free port for the app');
  }
  for (let p = routerPort + 1; p < Math.min(routerPort + 2000, 65536); p++) {
    if (used.has(p)) continue;
    if (await portIsFree(p, host)) return p;
  }
  throw new Error(`no free port above ${routerPort} for the app`);
}
