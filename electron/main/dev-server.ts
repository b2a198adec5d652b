// Development only: load the renderer from Vite's dev server instead of app://. Only a
// loopback http URL is accepted, so an environment variable cannot point the window elsewhere.
export function devServerUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:') return null;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return null;
  return url.origin + '/';
}
