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
