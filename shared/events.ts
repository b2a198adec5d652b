// Everything the engine pushes. Doors forward these unchanged.
import type { AddonDTO, AppDTO, AppStats, DeployStep, DynoDTO, EngineInfo, LogLine } from './types.js';

export interface EventPayloads {
  'app.changed': { app: AppDTO };
  'app.removed': { name: string };
  'dynos.changed': { app: string; dynos: DynoDTO[] };
  /** Batched: at most every 50 ms per app. */
  'logs.lines': { app: string; lines: LogLine[] };
  /** Batched (≤ 16 ms or 64 KB); only sent to clients that opened this terminal. */
  'terminal.data': { app: string; dyno: string; data: string };
  'terminal.exit': { app: string; dyno: string; exitCode: number | null };
  /** At most 4 per second per app. */
  'stats.updated': { app: string; stats: AppStats };
  'deploy.progress': { deployId: string; app: string | null; step: DeployStep; line?: string; status: 'running' | 'done' | 'failed'; message?: string };
  'dyno.crashed': { app: string; dyno: string; exitCode: number | null; lastLines: string[] };
  'engine.stopping': { message: string };
  /** An app's add-ons changed (created, destroyed, or a server's state). */
  'addons.changed': { app: string; addons: AddonDTO[] };
  /** Engine-wide settings changed (LAN access), from any door: the new engine.info. */
  'engine.changed': { info: EngineInfo };
}

export type EventName = keyof EventPayloads;
export type EngineEvent = { [K in EventName]: { event: K; payload: EventPayloads[K] } }[EventName];
