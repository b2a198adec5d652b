// Checks at the router's edge: the worker trusts what passes here (a bad port would otherwise throw
// inside it, on the request path).
import { isIP } from 'node:net';
import { APP_NAME_RE, DYNO_NAME_RE } from '../../../shared/validation.js';
import { UserError } from '../errors.js';
import type { RouteApp, RouterOptions } from './types.js';

const STATES = new Set(['starting', 'up', 'crashed', 'stopping', 'down']);
const ALGORITHMS = new Set(['round-robin', 'least-connections', 'random', 'power-of-two']);

function isPort(p: unknown, allowZero: boolean): boolean {
  return typeof p === 'number' && Number.isInteger(p) && p >= (allowZero ? 0 : 1) && p <= 65535;
}

function positive(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new UserError(`router: ${name} must be a positive number`);
}

export function validateOptions(o: RouterOptions & { headersTimeoutMs?: number; keepAliveTimeoutMs?: number; connectTimeoutMs?: number }): void {
  if (!isPort(o.port, true)) throw new UserError(`router: invalid port ${String(o.port)}`);
  if (typeof o.host !== 'string' || o.host.length === 0) throw new UserError('router: host is required');
  positive('requestTimeoutMs', o.requestTimeoutMs);
  positive('bootTimeoutMs', o.bootTimeoutMs);
  if (o.headersTimeoutMs !== undefined) positive('headersTimeoutMs', o.headersTimeoutMs);
  for (const k of ['idleTimeoutMs', 'keepAliveTimeoutMs', 'connectTimeoutMs', 'maxConnections'] as const) {
    if (o[k] !== undefined) positive(k, o[k]);
  }
  if (!Array.isArray(o.forbiddenPorts) || !o.forbiddenPorts.every((p) => isPort(p, true))) {
    throw new UserError('router: forbiddenPorts must be a list of port numbers');
  }
}

/** A listening address: an IPv4 or IPv6 literal (the router never resolves names). */
export function validateHost(host: unknown): asserts host is string {
  if (typeof host !== 'string' || isIP(host) === 0) throw new UserError(`router: invalid listening address ${JSON.stringify(host)}`);
}

export function validateTable(apps: RouteApp[]): void {
  if (!Array.isArray(apps)) throw new UserError('router: the routing table must be a list of apps');
  const ports = new Set<number>();
  for (const a of apps) {
    if (!APP_NAME_RE.test(a.name)) throw new UserError(`router: invalid app name "${a.name}"`);
    if (!isPort(a.port, true)) throw new UserError(`router: app ${a.name} has an invalid port ${String(a.port)}`);
    if (a.port > 0) {
      if (ports.has(a.port)) throw new UserError(`router: port ${a.port} is given to more than one app`);
      ports.add(a.port);
    }
    const s = a.settings;
    if (!s || !ALGORITHMS.has(s.algorithm) || typeof s.maintenance !== 'boolean'
      || typeof s.maxBodyBytes !== 'number' || !(s.maxBodyBytes >= 0) || typeof s.httpSessionAffinity !== 'boolean') {
      throw new UserError(`router: app ${a.name} has invalid settings`);
    }
    if (a.webQuantity !== undefined && !(Number.isInteger(a.webQuantity) && a.webQuantity >= 0)) {
      throw new UserError(`router: app ${a.name} has an invalid web quantity`);
    }
    for (const d of a.dynos) {
      if (!DYNO_NAME_RE.test(d.name)) throw new UserError(`router: app ${a.name} has an invalid dyno name "${d.name}"`);
      if (d.port !== null && !isPort(d.port, false)) throw new UserError(`router: dyno ${a.name}/${d.name} has an invalid port ${String(d.port)}`);
      if (!STATES.has(d.state)) throw new UserError(`router: dyno ${a.name}/${d.name} has an invalid state "${d.state}"`);
    }
  }
}
