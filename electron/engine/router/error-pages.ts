// Router-generated responses: Heroku's H-codes for dyno-side failures and plain pages for client errors.

export type RouterErrorCode = 'H10' | 'H12' | 'H13' | 'H14' | 'H20' | 'H27' | 'H80';

export const ERROR_DESC: Record<RouterErrorCode, string> = {
  H10: 'App crashed',
  H12: 'Request timeout',
  H13: 'Connection closed without response',
  H14: 'No web dynos running',
  H20: 'App boot timeout',
  H27: 'Client Request Interrupted',
  H80: 'Maintenance mode',
};

const REASONS: Record<number, string> = {
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout',
  413: 'Content Too Large', 414: 'URI Too Long', 431: 'Request Header Fields Too Large',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 505: 'HTTP Version Not Supported',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title>`
    + '<style>body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:36em;color:#333}</style></head>'
    + `<body><h1>${title}</h1><p>${body}</p></body></html>\n`;
}

const CODE_PAGES: Record<RouterErrorCode, string> = {
  H10: page('Application error', 'All of this app\'s web dynos have crashed. Check the app\'s logs for details.'),
  H12: page('Application error', 'The app did not respond in time.'),
  H13: page('Application error', 'The app closed the connection without sending a response.'),
  H14: page('Application error', 'No web dynos are running for this app. Scale the web process up to serve requests.'),
  H20: page('Application error', 'The app\'s web dynos did not come up in time.'),
  H27: page('Client Request Interrupted', 'The client closed the connection.'),
  H80: page('Offline for Maintenance', 'This app is in maintenance mode. Please check back soon.'),
};

const NO_SUCH_APP = page('No such app', 'There is no app at this address.');

/** A complete HTTP response (head + HTML body) as a latin1-safe string. */
export function htmlResponse(status: number, html: string, close: boolean): string {
  const body = Buffer.byteLength(html);
  return `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nContent-Type: text/html; charset=utf-8\r\n`
    + `Content-Length: ${body}\r\nCache-Control: no-cache, no-store\r\n${close ? 'Connection: close\r\n' : ''}\r\n${html}`;
}

export function codeResponse(code: RouterErrorCode, close: boolean): string {
  return htmlResponse(503, CODE_PAGES[code], close);
}

export function noSuchAppResponse(close: boolean): string {
  return htmlResponse(404, NO_SUCH_APP, close);
}

/** For rejected requests (4xx/5xx framing errors): always closes the connection. */
export function clientErrorResponse(status: number): string {
  return htmlResponse(status, page(`${status} ${reasonPhrase(status)}`, 'The router could not accept this request.'), true);
}
