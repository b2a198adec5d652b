// The Content-Security-Policy of app:// responses: the renderer's shared policy (shared/csp.ts), with
// connect-src 'self' only, since in Electron the renderer talks to the engine over IPC, never the network.
import { buildCsp } from '../../shared/csp.js';

export { NONCE_PLACEHOLDER } from '../../shared/csp.js';
export { newNonce } from '../host/dashboard/headers.js';

export function rendererCsp(nonce: string): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new Error('rendererCsp: the nonce must be base64 of at least 12 random bytes');
  return buildCsp(nonce, "'self'");
}
