// xterm.js creates <style> elements at runtime. Under our CSP (no 'unsafe-inline') those only apply
// when they carry the page's nonce, which the server stamps into a meta tag on every response.
export function installStyleNonce(doc: Document): void {
  const meta = doc.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const nonce = meta?.nonce ?? '';
  // Unreplaced placeholder (e.g. Vite dev server): nothing to stamp.
  if (!nonce || nonce.startsWith('__')) return;
  const create = doc.createElement.bind(doc) as (tag: string, options?: ElementCreationOptions) => HTMLElement;
  const stamped = (tag: string, options?: ElementCreationOptions): HTMLElement => {
    const el = create(tag, options);
    if (tag.toLowerCase() === 'style') el.nonce = nonce;
    return el;
  };
  doc.createElement = stamped as typeof doc.createElement;
}
