// Which TCP ports a set of processes listens on (Linux, best effort): used for the R10 hint
// "listening on 9999 instead of $PORT". Elsewhere returns [] and the hint stays generic.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Parse /proc/net/tcp{,6}: socket inode → port, for sockets in LISTEN state. */
export function parseListeningSockets(text: string): Map<string, number> {
  const byInode = new Map<string, number>();
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    const local = cols[1];
    const state = cols[3];
    const inode = cols[9];
    if (!local || state !== '0A' || !inode) continue;
    const port = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (Number.isInteger(port) && port > 0) byInode.set(inode, port);
  }
  return byInode;
}

export function listeningPorts(pids: number[]): number[] {
  if (process.platform !== 'linux') return [];
  const sockets = new Map<string, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const [inode, port] of parseListeningSockets(readFileSync(file, 'latin1'))) sockets.set(inode, port);
    } catch { /* no IPv6, or not readable */ }
  }
  if (sockets.size === 0) return [];
  const ports = new Set<number>();
  for (const pid of pids) {
    let fds: string[];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      let target: string;
      try { target = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      const port = m?.[1] ? sockets.get(m[1]) : undefined;
      if (port !== undefined) ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** The hint printed after R10. */
export function bootTimeoutHint(ports: number[], expected: number): string {
  const others = ports.filter((p) => p !== expected);
  if (others.length > 0) {
    const list = others.join(', ');
    return `Hint: the process is listening on port ${list} instead of $PORT (${expected}); bind to the PORT environment variable on 127.0.0.1 or 0.0.0.0`;
  }
  return `Hint: the web process must listen on the port in the PORT environment variable (${expected}); check that it reads $PORT and finishes booting in time`;
}
