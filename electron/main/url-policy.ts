// What shell.openExternal may open. Anything handed to the OS opener can launch arbitrary
// handlers (file:, smb:, custom protocols), so we allow only two shapes:
//   http://<app>.localhost[:port]/…   — a Dynodesk app behind the local router
//   https://<host>/…                  — ordinary web pages (docs, links in logs)

/** One DNS label: what the engine allows as an app name in a host. */
const APP_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isAllowedExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return false;
  // Control characters and whitespace have no business in a URL we hand to the OS.
  if (/[\u0000-\u0020\u007f]/.test(raw)) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Credentials in a URL are a classic phishing disguise (https://bank.com@evil.example).
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return url.hostname.length > 0;
  if (url.protocol === 'http:') return isAppHost(url.hostname);
  return false;
}

function isAppHost(hostname: string): boolean {
  const suffix = '.localhost';
  if (!hostname.endsWith(suffix)) return false;
  const label = hostname.slice(0, -suffix.length);
  return APP_LABEL.test(label);
}
