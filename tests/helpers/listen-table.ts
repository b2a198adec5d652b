// What the kernel says is listening on a TCP port (Linux /proc/net/tcp{,6}), so tests check the real
// bound address rather than what our code believes. null where /proc is not available.
import { readFileSync } from 'node:fs';

function ipv4FromHex(hex: string): string {
  // /proc prints the address in host byte order (little-endian on every platform we run on).
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

/** Local addresses with a socket in LISTEN on `port` ('0.0.0.0', '127.0.0.1', '::' …), sorted. */
export function listeningAddresses(port: number): string[] | null {
  let v4: string;
  try { v4 = readFileSync('/proc/net/tcp', 'latin1'); } catch { return null; }
  const found: string[] = [];
  for (const line of v4.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const [local, , state] = [cols[1], cols[2], cols[3]];
    if (!local || state !== '0A') continue; // 0A = LISTEN
    const [addr, portHex] = local.split(':');
    if (addr && portHex && Number.parseInt(portHex, 16) === port) found.push(ipv4FromHex(addr));
  }
  let v6 = '';
  try { v6 = readFileSync('/proc/net/tcp6', 'latin1'); } catch { /* no IPv6 */ }
  for (const line of v6.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const [local, state] = [cols[1], cols[3]];
    if (!local || state !== '0A') continue;
    const [addr, portHex] = local.split(':');
    if (addr && portHex && Number.parseInt(portHex, 16) === port) found.push(/^0+$/.test(addr) ? '::' : `v6:${addr}`);
  }
  return found.sort();
}
