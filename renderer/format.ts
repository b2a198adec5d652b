// Small display helpers shared by the views.
import type { AppState } from '../shared/types.js';

export function formatBytes(n: number | null): string {
  if (n === null) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

export function formatPercent(n: number | null): string {
  return n === null ? '–' : `${n.toFixed(n < 10 ? 1 : 0)}%`;
}

export function formatUptime(startedAt: number | null, now: number): string {
  if (startedAt === null) return '–';
  let s = Math.max(0, Math.floor((now - startedAt) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60); s %= 60;
  if (m < 60) return `${m}m ${s}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export const APP_STATE_LABEL: Readonly<Record<AppState, string>> = {
  up: 'all up',
  starting: 'starting',
  crashed: 'some crashed',
  stopped: 'stopped',
  deploying: 'deploying',
};

/** The logs view shows plain text (terminals keep colours). */
export { stripAnsi } from '../shared/ansi.js';

export function newId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
