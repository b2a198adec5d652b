// `apps.export`: the app's current release → one model → the target's files, written into the
// output folder when one is given, and returned either way (the UI previews them).
import type { ExportResult, ExportTarget } from '../../../shared/export.js';
import { dynoEnvironment } from '../apps/dyno-env.js';
import type { EngineCore } from '../engine-core.js';
import { UserError } from '../errors.js';
import { buildSpec } from './build-spec.js';
import { composeFiles } from './compose-writer.js';
import { hostRuntimes } from './host-runtimes.js';
import { hostProblem } from './kube-names.js';
import { kubernetesFiles } from './kubernetes-writer.js';
import { modelFromState, requireRelease } from './model-from-state.js';
import { placement } from './placement.js';
import { checkOutputDir, writeExport } from './write-files.js';

export interface ExportRequest {
  app: string;
  target: ExportTarget;
  host?: string | undefined;
  externalAddons?: boolean | undefined;
  /** Absolute; without it nothing is written (a preview). */
  outputDir?: string | undefined;
  force?: boolean | undefined;
}

export async function exportApp(core: EngineCore, req: ExportRequest): Promise<ExportResult> {
  const record = core.registry.get(req.app);
  if (req.target === 'compose' && (req.host !== undefined || req.externalAddons === true)) {
    throw new UserError('--host and --external-addons apply to the kubernetes target only', 'invalid');
  }
  const problem = req.host === undefined ? null : hostProblem(req.host);
  if (problem) throw new UserError(problem, 'invalid');
  const info = requireRelease(record);
  // Before any work: a folder that cannot take the export fails the command at once.
  const out = req.outputDir === undefined ? null : await checkOutputDir(req.outputDir, req.force === true);

  const dir = core.releaseDir(record);
  const model = modelFromState({
    record,
    addons: core.addons.list(req.app),
    dynos: core.supervisor.list(req.app),
    build: await buildSpec(info, dir, hostRuntimes(dynoEnvironment(record), dir)),
    dynodeskVersion: core.config.version,
  });
  const where = placement(model.sourceDir, out);
  const files = req.target === 'compose'
    ? composeFiles(model, where)
    : kubernetesFiles(model, where, { host: req.host ?? null, externalAddons: req.externalAddons === true });
  if (out !== null) {
    await writeExport(out, files);
    core.logs.add(req.app, 'dynodesk', 'api', `Exported v${model.release} for ${req.target === 'compose' ? 'Docker Compose' : 'Kubernetes'} to ${out}`);
  }
  return { target: req.target, files, outputDir: out };
}
