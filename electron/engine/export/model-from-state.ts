// The export model from what the engine knows about an app: its record (current release, formation,
// config vars), its add-ons and its dynos. Pure, so a test can hand it any record, add-ons included.
import type { AddonDTO, DynoDTO } from '../../../shared/types.js';
import { currentRelease, type AppRecord, type BuildInfo } from '../apps/app-record.js';
import { UserError } from '../errors.js';
import { addonSpecs } from './addon-specs.js';
import type { BuildSpec, ExportModel, ProcessSpec } from './model.js';
import { compareText, sortedRecord } from './order.js';

export interface ModelInput {
  record: AppRecord;
  addons: readonly AddonDTO[];
  dynos: readonly DynoDTO[];
  build: BuildSpec;
  dynodeskVersion: string;
}

/** The current release's build, or the reason there is nothing to export. */
export function requireRelease(record: AppRecord): BuildInfo {
  if (!record.build || currentRelease(record) === 0) throw new UserError(`${record.name} has no release yet: deploy it first, then export it`, 'invalid');
  return record.build;
}

export function modelFromState({ record, addons, dynos, build, dynodeskVersion }: ModelInput): ExportModel {
  const release = currentRelease(record);
  const info = requireRelease(record);
  const types = Object.keys(info.commands);
  if (types.length === 0) throw new UserError(`${record.name} v${release} has no process types: add a Procfile line such as "web: node server.js" and deploy again`, 'invalid');
  const empty = types.filter((t) => (info.commands[t] ?? '').trim() === '').sort(compareText);
  if (empty.length > 0) throw new UserError(`Cannot export ${record.name}: process type ${empty.join(', ')} has no command`, 'invalid');

  const specs = addonSpecs(addons.filter((a) => a.app === record.name), record.config, new Set([...types, 'release']));
  const addonVars = new Set(specs.map((s) => s.configVar));
  const config: Record<string, string> = {};
  // Heroku's order without .env, which is a local convenience (`heroku local`), not the app's config.
  for (const [key, value] of Object.entries({ ...info.appJsonDefaults, ...record.config })) {
    if (!addonVars.has(key)) config[key] = value;
  }

  return {
    app: record.name,
    dynodeskVersion,
    release,
    build,
    processes: types.sort(byProcessType).map((type): ProcessSpec => ({
      type,
      // A static site's web command runs Dynodesk's own file server from this machine: the image serves it instead.
      command: build.kind === 'static' && type === 'web' ? null : (info.commands[type] as string).trim(),
      replicas: record.formation[type] ?? 0,
      measuredMemoryBytes: measuredMemory(dynos, type),
    })),
    releaseCommand: info.releaseCommand?.trim() || null,
    config: sortedRecord(config),
    addons: specs,
    memoryQuotaMb: record.settings.memoryQuotaMb,
    sourceDir: record.path,
  };
}

function byProcessType(a: string, b: string): number {
  if (a === 'web' || b === 'web') return a === b ? 0 : a === 'web' ? -1 : 1;
  return compareText(a, b);
}

/** The metrics sampler's resident memory of each running dyno of the type (ps shows the same): the largest. */
function measuredMemory(dynos: readonly DynoDTO[], type: string): number | null {
  const samples = dynos.filter((d) => d.type === type && !d.oneOff && d.memoryBytes !== null && d.memoryBytes > 0).map((d) => d.memoryBytes as number);
  return samples.length > 0 ? Math.max(...samples) : null;
}
