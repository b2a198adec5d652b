// The build phase: pick the buildpack the plan names and run it.
import { UserError } from '../errors.js';
import { throwIfCancelled } from './build-step.js';
import { findExecutable, missingToolMessage } from './find-executable.js';
import { assertFolder } from './fs-read.js';
import { buildNode } from './node-buildpack.js';
import { buildPython } from './python-buildpack.js';
import type { BuildContext, BuildResult } from './types.js';

export async function build(ctx: BuildContext): Promise<BuildResult> {
  throwIfCancelled(ctx.signal);
  await assertFolder(ctx.plan.dir);
  switch (ctx.plan.kind) {
    case 'node':
      return buildNode(ctx);
    case 'python':
      return buildPython(ctx);
    case 'static':
      ctx.onLine('-----> Static site: served by the built-in static file server');
      // The server runs on the `node` from PATH; fail now rather than at dyno boot.
      if (!findExecutable('node', ctx.env)) throw new UserError(missingToolMessage('node'), 'failed');
      return { pathPrepend: [], env: {} };
    case 'procfile':
      ctx.onLine('-----> Nothing to build: running the Procfile as is');
      return { pathPrepend: [], env: {} };
  }
}
