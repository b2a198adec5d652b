// "Open app": Electron hands the URL to its guarded openExternal; the browser opens a new tab that cannot reach back to us.
export function openExternal(url: string): void {
  const host = window.dynodeskHost;
  if (host) { void host.openExternal(url); return; }
  window.open(url, '_blank', 'noopener,noreferrer');
}
