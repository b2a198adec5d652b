// Requests the router refuses itself, once their head has parsed and their app is known (so the
// refusal is logged in the app's log, with the 4xx it was answered with).
import { chunkedPrefixProblem } from './body-framing.js';
import { isLocalHost } from './host-match.js';
import type { RequestHead } from './http-head.js';
import type { AppRoute } from './routing-table.js';

/** Methods a router does not forward (nginx answers TRACE with 405 too; CONNECT would open a tunnel anywhere). */
const REFUSED_METHODS = new Set(['TRACE', 'CONNECT']);
const TOO_LARGE = 'The request body is larger than this app accepts.';

/**
 * Why `head` is refused, if it is. `appPort`: it came in on the app's own port; `pending`: the bytes
 * that came after the head; `lan`: this machine's LAN addresses while LAN access is on.
 */
export function refusalOf(
  head: RequestHead, app: AppRoute, appPort: boolean, pending: Buffer | null, lan: ReadonlySet<string> | null,
): { status: number; why: string } | null {
  if (REFUSED_METHODS.has(head.method)) return { status: 405, why: `The router does not forward ${head.method} requests.` };
  // DNS rebinding: a page on another site's name that resolves to 127.0.0.1 must not read the app.
  if (appPort && head.host !== null && !isLocalHost(head.host, lan)) {
    return {
      status: 421,
      why: `This port answers requests for this machine only (localhost, 127.0.0.1, or ${app.defaultHost}), not for "${head.host}".`,
    };
  }
  if (head.contentLength > app.settings.maxBodyBytes) return { status: 413, why: TOO_LARGE };
  // Chunked bytes that came with the head are checked before any dyno sees the request: a
  // smuggling attempt is usually one packet, so it is refused with nothing sent upstream.
  const bad = head.chunked && pending ? chunkedPrefixProblem(pending, app.settings.maxBodyBytes) : 0;
  if (bad) return { status: bad, why: bad === 413 ? TOO_LARGE : 'Malformed chunked request body.' };
  return null;
}
