// Picks the door: the preload's window.dynodesk in Electron, the dashboard WebSocket in a browser.
import { createWsApi } from './ws-client.js';
import type { ApiConnection, ConnectionState } from './ws-client.js';

const TOKEN_KEY = 'dynodesk.token';

/**
 * The dashboard URL carries the token in its fragment (never sent to a server, never in a cookie).
 * Take it, drop it from the address bar so it is not shared by copy/paste or history, and keep it
 * for this tab only so a reload still works.
 */
export function takeToken(win: Window): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(win.location.hash);
  if (match?.[1]) {
    win.sessionStorage.setItem(TOKEN_KEY, match[1]);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return match[1];
  }
  return win.sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function connectApi(win: Window): ApiConnection {
  const bridge = win.dynodesk;
  if (bridge) {
    const open: ConnectionState = 'open';
    return { api: bridge, state: () => open, onState: () => () => undefined, close: () => undefined };
  }
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsApi(`${scheme}//${win.location.host}/ws`, takeToken(win));
}
