import { restartCountdown } from '../../../shared/countdown.js';
import type { DynoDTO } from '../../../shared/types.js';
import { scaleExample } from './app-text.js';

export function ago(epochMs: number | null, now = Date.now()): string {
  if (epochMs === null) return '';
  const s = Math.max(0, Math.round((now - epochMs) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

export function bytes(n: number | null): string {
  if (n === null) return '-';
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)}K`;
  return `${(n / 1024 / 1024).toFixed(1)}M`;
}

/** Heroku's `ps` layout: a header per process type, then a line per dyno. */
export function formatPs(dynos: DynoDTO[], commands: Record<string, string>, now = Date.now()): string {
  if (dynos.length === 0) {
    const example = scaleExample(Object.keys(commands));
    return example ? `No dynos running. Scale up with \`${example}\`.` : 'No dynos running: the app has no process types (add a Procfile and deploy again).';
  }
  const byType = new Map<string, DynoDTO[]>();
  for (const d of dynos) byType.set(d.type, [...(byType.get(d.type) ?? []), d]);
  const out: string[] = [];
  for (const [type, list] of byType) {
    out.push(`=== ${type} (${list.length}): ${commands[type] ?? list[0]?.command ?? ''}`);
    for (const d of list) {
      const extra = [
        // During a roll, or after one stopped, dynos of one app may run different releases.
        d.release !== null ? `v${d.release}` : null,
        d.pid !== null ? `pid ${d.pid}` : null,
        d.port !== null ? `port ${d.port}` : null,
        d.restarts ? `restarts ${d.restarts}` : null,
        d.cpuPercent !== null ? `cpu ${d.cpuPercent.toFixed(1)}%` : null,
        d.memoryBytes !== null ? `mem ${bytes(d.memoryBytes)}` : null,
      ].filter(Boolean).join(', ');
      const restart = d.restartAt !== null ? `, ${restartCountdown(d.restartAt, now)}` : '';
      out.push(`${d.name}: ${d.state}${restart}${d.startedAt ? ` ${ago(d.startedAt, now)}` : ''}${extra ? ` (${extra})` : ''}`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
