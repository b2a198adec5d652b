// Who may call the engine over IPC: only the top frame of a Dynodesk window, showing our own
// renderer (app://…) or the Vite dev server in development. A subframe or a page that navigated
// elsewhere must never reach the engine, even if it somehow ran inside our window.

/** `scheme://host[:port]`, computed by hand: URL.origin is "null" for custom schemes like app:. */
export function originOf(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.host === '') return null;
  return `${url.protocol}//${url.host}`;
}

export function isTrustedSender(url: string | null | undefined, isMainFrame: boolean, allowedOrigins: readonly string[]): boolean {
  if (!isMainFrame || typeof url !== 'string') return false;
  const origin = originOf(url);
  if (origin === null) return false;
  return allowedOrigins.some((allowed) => originOf(allowed) === origin);
}
