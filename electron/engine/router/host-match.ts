// Host routing: `<app>.localhost[:port]`, case-insensitive, trailing dot allowed (a fully qualified name).

const SUFFIX = '.localhost';

/** The app name a Host header routes to, or null. Does not check that the app exists. */
export function appFromHost(host: string | null): string | null {
  if (!host) return null;
  let h = host.toLowerCase();
  if (h.charCodeAt(0) === 91) return null; // '[': an IP literal never names an app
  const colon = h.lastIndexOf(':');
  if (colon !== -1) h = h.slice(0, colon);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (!h.endsWith(SUFFIX)) return null;
  const name = h.slice(0, -SUFFIX.length);
  // One label only: app names have no dots.
  if (name.length === 0 || name.includes('.')) return null;
  return name;
}

/** The host part of a Host value: no port, no brackets around an IPv6 literal, lower case, no trailing dot. */
export function hostName(host: string): string {
  let h = host.toLowerCase();
  if (h.charCodeAt(0) === 91) return h.slice(1, h.indexOf(']') === -1 ? h.length : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  if (colon !== -1) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/**
 * Whether an app port answers a request for `host`. Only names that can only mean this machine: a page
 * on another site's name that resolves to 127.0.0.1 (DNS rebinding) must not get to read the app.
 * `lan`: with LAN access on, this machine's LAN addresses too.
 */
export function isLocalHost(host: string, lan: ReadonlySet<string> | null): boolean {
  const h = hostName(host);
  if (h === 'localhost' || h.endsWith(SUFFIX) || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return lan !== null && lan.has(h);
}
