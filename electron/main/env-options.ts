// Options the desktop app takes from its environment. DYNODESK_ROUTER_PORT moves the router off
// 7400 (another program holds it, or a test runs beside a real instance); 0 = any free port.
export function routerPortFromEnv(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`DYNODESK_ROUTER_PORT must be a port number from 0 to 65535, got "${raw}"`);
  }
  return n;
}
