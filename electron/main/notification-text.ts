// The words of a crash notification, kept apart from Electron's Notification for testing.
import type { EventPayloads } from '../../shared/events.js';

export interface NoticeText { title: string; body: string }

export function crashNotice(p: EventPayloads['dyno.crashed']): NoticeText {
  const how = p.exitCode === null ? 'was killed (no exit code)' : `exited with code ${p.exitCode}`;
  const last = [...p.lastLines].reverse().find((l) => l.trim() !== '');
  const tail = last ? `\n${truncate(last.trim(), 160)}` : '';
  return { title: `${p.dyno} crashed in ${p.app}`, body: `${p.dyno} ${how}.${tail}` };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
