// The services the engine core hands to commands, described by what they offer rather than by the
// classes that implement them (addons/addon-manager.ts, apps/autodeploy.ts). Those classes need the
// core in turn; with the core depending only on these shapes, no import runs in a circle.
// Engine.open (engine.ts) plugs the real ones in.
import type { AddonDTO, AddonInfoDTO, PgInfoDTO } from '../../shared/types.js';
import type { AppRecord } from './apps/app-record.js';

/** app.json `addons` entry, as parsed: the service (with plan) and an optional attachment name. */
export interface AddonRequest {
  service: string;
  as?: string;
}

export interface AddonsService {
  stop(): Promise<void>;
  list(app?: string): AddonDTO[];
  info(name: string): Promise<AddonInfoDTO>;
  create(app: string, service: string, as?: string): Promise<{ addon: AddonDTO; release: number; warning: string | null }>;
  destroy(app: string, name: string, confirm: string | undefined): Promise<{ name: string; release: number | null; warning: string | null }>;
  destroyForApp(app: string): Promise<string[]>;
  provisionForDeploy(app: string, requests: readonly AddonRequest[], draft: AppRecord, say: (line: string) => void): Promise<string[]>;
  discard(names: string[]): Promise<void>;
  pgInfo(app: string): Promise<PgInfoDTO[]>;
  pgReset(app: string, name: string | undefined, confirm: string | undefined): Promise<{ name: string }>;
}

export interface AutodeployService {
  isWatching(app: string): boolean;
  start(app: string): Promise<void>;
  stop(app: string): void;
  startAll(onWarning?: (message: string) => void): Promise<void>;
  close(): void;
}
