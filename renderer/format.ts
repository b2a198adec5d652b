// Small display helpers shared by the views.
import type { AppDTO, AppState } from '../shared/types.js';

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

/** "just now", "5 min ago", "3 h ago", "2 days ago": how long ago an ISO time was. */
export function formatAge(iso: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(s)) return '–';
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** The release an app's web dynos serve: the current one, or the one before while it rolls out or after it failed. */
export function servingRelease(app: Pick<AppDTO, 'release' | 'releaseStatus'>): number | null {
  const s = app.releaseStatus;
  if (s && s.version === app.release && s.status !== 'succeeded') return s.serving;
  return app.release > 0 ? app.release : null;
}
