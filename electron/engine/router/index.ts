// The router: an HTTP/WebSocket reverse proxy in a worker thread. The engine starts it here.
export { startRouter } from './handle.js';
export type { RouterDiagnostics, RouterTuning } from './handle.js';
export type { RouteApp, RouteDyno, RouterHandle, RouterLogLine, RouterOptions } from './types.js';
