// Fresh ports for dyno generations: the OS picks a free one, and we skip ports we handed out
// recently so a replacement never races its predecessor (or a sibling) for the same port.
import { createServer } from 'node:net';

export class PortAllocator {
  private readonly recent: number[] = [];
  private readonly recentSet = new Set<number>();

  constructor(private readonly remember = 2048, private readonly attempts = 50) {}

  async allocate(): Promise<number> {
    for (let i = 0; i < this.attempts; i++) {
      const port = await askOsForPort();
      if (this.recentSet.has(port)) continue;
      this.remember_(port);
      return port;
    }
    throw new Error(`no free port found after ${this.attempts} attempts`);
  }

  private remember_(port: number): void {
    this.recent.push(port);
    this.recentSet.add(port);
    while (this.recent.length > this.remember) {
      const old = this.recent.shift();
      if (old !== undefined) this.recentSet.delete(old);
    }
  }
}

/** A port the OS says is free on 127.0.0.1 right now. */
export function askOsForPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the OS returned no port'))));
    });
  });
}
