// Router-generated responses: Heroku's H-codes, each named for its cause, and plain pages for the
// requests the router refuses itself.

export type RouterErrorCode =
  | 'H10' | 'H12' | 'H13' | 'H14' | 'H15' | 'H17' | 'H18' | 'H19' | 'H20' | 'H21' | 'H25' | 'H26' | 'H27' | 'H28' | 'H80';

export const ERROR_DESC: Record<RouterErrorCode, string> = {
  H10: 'App crashed',
  H12: 'Request timeout',
  H13: 'Connection closed without response',
  H14: 'No web dynos running',
  H15: 'Idle connection',
  H17: 'Poorly formatted HTTP response',
  H18: 'Server Request Interrupted',
  H19: 'Backend connection timeout',
  H20: 'App boot timeout',
  H21: 'Backend connection refused',
  H25: 'HTTP Restriction',
  H26: 'Request Error',
  H27: 'Client Request Interrupted',
  H28: 'Client Connection Idle',
  H80: 'Maintenance mode',
};

const REASONS: Record<number, string> = {
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout',
  413: 'Content Too Large', 414: 'URI Too Long', 421: 'Misdirected Request', 431: 'Request Header Fields Too Large',
  501: 'Not Implemented', 503: 'Service Unavailable', 505: 'HTTP Version Not Supported',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title>`
    + '<style>body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:36em;color:#333}</style></head>'
    + `<body><h1>${title}</h1><p>${body}</p></body></html>\n`;
}

// Heroku shows one page for every failure on the app's side; the log line says which one it was.
const APPLICATION_ERROR = page('Application error', 'An error occurred in the application and your page could not be served. '
  + 'If you are the application owner, check your logs for details. You can do this with the command '
  + '<code>dynodesk logs --tail</code>.');
const MAINTENANCE = page('Offline for Maintenance', 'This app is in maintenance mode. Please check back soon.');
const NO_SUCH_APP = page('No such app', 'There is no app at this address.');

/** A complete HTTP response (head + HTML body) as a latin1-safe string. */
export function htmlResponse(status: number, html: string, close: boolean, extra = ''): string {
  return `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nContent-Type: text/html; charset=utf-8\r\n`
    + `Content-Length: ${Buffer.byteLength(html)}\r\nCache-Control: no-cache, no-store\r\n${extra}${close ? 'Connection: close\r\n' : ''}\r\n${html}`;
}

/** The 503 for a failure on the app's side. */
export function codeResponse(code: RouterErrorCode, close: boolean): string {
  return htmlResponse(503, code === 'H80' ? MAINTENANCE : APPLICATION_ERROR, close);
}

export function noSuchAppResponse(close: boolean): string {
  return htmlResponse(404, NO_SUCH_APP, close);
}

/** For refused requests (4xx/5xx framing and limit errors): always closes the connection. */
export function clientErrorResponse(status: number, why = 'The router could not accept this request.'): string {
  // A 405 must say which methods are allowed (RFC 9110 §15.5.6): any but TRACE and CONNECT.
  const allow = status === 405 ? 'Allow: GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS\r\n' : '';
  return htmlResponse(status, page(`${status} ${reasonPhrase(status)}`, escapeHtml(why)), true, allow);
}

/** The code a refused request is logged with: a limit the router enforces (H25), or a malformed request (H26). */
export function refusalCode(status: number): RouterErrorCode {
  return status === 413 || status === 414 || status === 421 || status === 431 ? 'H25' : 'H26';
}
