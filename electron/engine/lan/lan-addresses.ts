// The addresses other devices on the network use to reach this machine.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/**
 * Non-internal IPv4 addresses, private ranges first. IPv6 is left out on purpose: a link-local v6
 * address needs a zone id that browsers handle badly, and `*.localhost` names never resolve elsewhere.
 */
export function lanIPv4Addresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  const found = new Set<string>();
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      // Node 18.0–18.3 reported family as a number.
      const v4 = info.family === 'IPv4' || (info.family as unknown) === 4;
      if (v4 && !info.internal) found.add(info.address);
    }
  }
  const rank = (a: string): number => (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a) ? 0 : a.startsWith('169.254.') ? 2 : 1);
  return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }));
}
