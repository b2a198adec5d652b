// What the dashboard serves instead of the UI while the UI is being built or cannot be found, and
// the states that choose between them. Both pages poll and reload themselves once the real UI
// answers, so a browser opened on the Dashboard URL right after `serve` ends up on the dashboard.

/** The built UI's state, as `dynodesk serve` knows it (the dashboard server alone only sees files). */
export type UiStatus =
  | { state: 'ready' }
  | { state: 'building'; log: string }
  /** Not built and not buildable here: `fix` says exactly what to run. */
  | { state: 'unavailable'; reason: string; fix: string };

const DEFAULT_FIX = 'Run `npm run build:renderer` in the Dynodesk folder.';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `code spans` in our own messages become <code>. */
function withCode(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * These pages carry one inline script and one inline style, allowed by this response's nonce only
 * (the UI's own policy allows no inline script at all). The script may only fetch from this origin.
 */
export function placeholderCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// HEAD of this same path answers 503 until the UI is there; reload() keeps the #token fragment.
const POLL_SCRIPT = [
  'const poll = async () => {',
  "  try { if ((await fetch(location.pathname, { method: 'HEAD', cache: 'no-store' })).ok) { location.reload(); return; } } catch {}",
  '  setTimeout(poll, 1000);',
  '};',
  'setTimeout(poll, 1000);',
].join('\n');

function page(nonce: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dynodesk: ${escapeHtml(title)}</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#eee;padding:0 .25em;border-radius:3px}</style>
</head>
<body><h1>${escapeHtml(title)}</h1>
${body}
<script nonce="${nonce}">
${POLL_SCRIPT}
</script>
</body></html>
`;
}

export function buildingPage(nonce: string, log: string): string {
  return page(nonce, 'Building the dashboard…', [
    '<p>The engine is running. Its web UI is being built (it was missing or older than its sources); this page reloads itself when it is ready, usually within a minute.</p>',
    `<p>Build output: <code>${escapeHtml(log)}</code></p>`,
  ].join('\n'));
}

export function missingPage(nonce: string, status: UiStatus): string {
  const reason = status.state === 'unavailable' ? status.reason : 'The engine is running, but the web UI files are missing.';
  const fix = status.state === 'unavailable' ? status.fix : DEFAULT_FIX;
  return page(nonce, 'The Dynodesk dashboard UI is not built', [
    `<p>${withCode(reason)}</p>`,
    `<p>${withCode(fix)} This page reloads itself once the UI is there.</p>`,
  ].join('\n'));
}
