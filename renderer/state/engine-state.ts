// The shape of the renderer's engine state, apart from the store that keeps it, so the stats
// history and the store can both read it without importing each other.
import type { AppDTO, AppStats, DynoDTO, EngineInfo } from '../../shared/types.js';
import type { ConnectionState } from '../api/ws-client.js';

export interface CrashInfo {
  id: number;
  dyno: string;
  exitCode: number | null;
  lastLines: string[];
  at: number;
}

export interface EngineState {
  connection: ConnectionState;
  info: EngineInfo | null;
  apps: AppDTO[];
  appsLoaded: boolean;
  dynos: Readonly<Record<string, DynoDTO[]>>;
  stats: Readonly<Record<string, AppStats>>;
  crashes: Readonly<Record<string, CrashInfo[]>>;
}
