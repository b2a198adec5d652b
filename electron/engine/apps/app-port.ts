import { createServer } from 'node:net';
import { askOsForPort } from '../dynos/port-allocator.js';

/** True when nothing listens on host:port right now. */
export function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}


/**
 * An app's own router port: stable once chosen (persisted). Next to the shared router port when it
 * is fixed (7401, 7402, …) so users can guess it; any free port when the router port is (tests).
 */
export async function allocateAppPort(routerPort: number, host: string, used: Set<number>): Promise<number> {
  if (routerPort === 0) {
    for (let i = 0; i < 20; i++) {
      const p = await askOsForPort();
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
