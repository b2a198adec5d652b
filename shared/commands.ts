// Every command the engine answers: name → argument schema + result type.
// Doors validate `args` with the schema before the engine sees them.
import { z } from 'zod';
import type {
  AppDTO, AppInfoDTO, AppSettings, AppStats, DynoDTO, EngineInfo, LogLine,
} from './types.js';

const appArg = z.string().min(1).max(64);
const dynoArg = z.string().min(1).max(64);

export const settingsPatchSchema = z.object({
  algorithm: z.enum(['round-robin', 'least-connections', 'random', 'power-of-two']).optional(),
  maintenance: z.boolean().optional(),
  memoryQuotaMb: z.number().int().min(16).max(1024 * 1024).optional(),
  maxBodyBytes: z.number().int().min(0).optional(),
}).strict();

export const commandSchemas = {
  'engine.info': z.object({}).strict(),
  /** Open the router to other devices on the network (0.0.0.0) or back to this machine only; persisted. */
  'engine.lan': z.object({ enabled: z.boolean() }).strict(),
  'apps.list': z.object({}).strict(),
  'apps.info': z.object({ app: appArg }).strict(),
  /** deployId lets a client subscribe to `deploy.progress` before the deploy starts. */
  'apps.deploy': z.object({ path: z.string().min(1).max(4096), name: z.string().max(64).optional(), deployId: z.string().max(64).optional() }).strict(),
  'apps.destroy': z.object({ app: appArg }).strict(),
  'apps.settings': z.object({ app: appArg, settings: settingsPatchSchema }).strict(),
  'ps.list': z.object({ app: appArg }).strict(),
  'ps.scale': z.object({ app: appArg, formation: z.record(z.string().max(64), z.number()) }).strict(),
  /** target: a process type ("web"), a dyno ("web.2"), or nothing for every dyno */
  'ps.restart': z.object({ app: appArg, target: z.string().max(64).optional() }).strict(),
  'ps.stop': z.object({ app: appArg, dyno: dynoArg }).strict(),
  'config.get': z.object({ app: appArg }).strict(),
  'config.set': z.object({ app: appArg, vars: z.record(z.string().max(256), z.string().max(1024 * 1024)) }).strict(),
  'config.unset': z.object({ app: appArg, keys: z.array(z.string().max(256)).min(1) }).strict(),
  'logs.get': z.object({ app: appArg, lines: z.number().int().min(1).max(100_000).optional(), dyno: z.string().max(64).optional() }).strict(),
  'stats.get': z.object({ app: appArg }).strict(),
  /** Start a one-off dyno (run.N) on a pty. Without a command: the platform shell. */
  /** attach: subscribe the caller to the new dyno's terminal at once, so not a byte of output is missed. */
  'run.start': z.object({ app: appArg, command: z.string().max(8192).optional(), cols: z.number().int().min(1).max(1000).optional(), rows: z.number().int().min(1).max(1000).optional(), attach: z.boolean().optional() }).strict(),
  /** Subscribe this client to a dyno's terminal; returns the scrollback so far. */
  'terminal.open': z.object({ app: appArg, dyno: dynoArg }).strict(),
  'terminal.close': z.object({ app: appArg, dyno: dynoArg }).strict(),
  'terminal.input': z.object({ app: appArg, dyno: dynoArg, data: z.string().max(1024 * 1024) }).strict(),
  'terminal.resize': z.object({ app: appArg, dyno: dynoArg, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }).strict(),
  /** Acknowledge terminal bytes written to the screen (flow control). */
  'terminal.ack': z.object({ app: appArg, dyno: dynoArg, bytes: z.number().int().min(0) }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;

export interface CommandResults {
  'engine.info': EngineInfo;
  'engine.lan': EngineInfo;
  'apps.list': AppDTO[];
  'apps.info': AppInfoDTO;
  'apps.deploy': { app: AppDTO; release: number };
  'apps.destroy': { name: string };
  'apps.settings': AppSettings;
  'ps.list': DynoDTO[];
  'ps.scale': Record<string, number>;
  'ps.restart': { restarted: string[] };
  'ps.stop': { stopped: string };
  'config.get': Record<string, string>;
  'config.set': { release: number };
  'config.unset': { release: number };
  'logs.get': LogLine[];
  'stats.get': AppStats;
  'run.start': { dyno: string };
  'terminal.open': { scrollback: string; cols: number; rows: number };
  'terminal.close': { closed: boolean };
  'terminal.input': { written: number };
  'terminal.resize': { cols: number; rows: number };
  'terminal.ack': { acked: number };
}

export type CommandResult<K extends CommandName> = CommandResults[K];

export const commandNames = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, name);
}
