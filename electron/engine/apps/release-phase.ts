// The Procfile `release:` phase as the app's log stream tells it. Heroku logs the release command's
// output under a dyno of its own plus a line for the outcome, so `logs` explains a failed deploy
// after its terminal has scrolled away.
import { runReleaseCommand } from '../build/index.js';
import { lifecycleText } from '../dynos/lifecycle-text.js';
import type { EngineCore } from '../engine-core.js';

export interface ReleasePhase {
  app: string;
  version: number;
  command: string;
  cwd: string;
  env: Record<string, string>;
  /** Each output line, for the deploy's progress stream too. */
  onLine: (line: string) => void;
}

export async function runReleasePhase(core: EngineCore, phase: ReleasePhase): Promise<void> {
  const { app, version } = phase;
  // One name per release: the output of v3's release phase reads as app[release.3].
  const dyno = `release.${version}`;
  core.logs.add(app, 'dynodesk', dyno, lifecycleText.starting(phase.command));
  try {
    await runReleaseCommand(phase.command, {
      cwd: phase.cwd,
      env: phase.env,
      recorder: core.supervisor.processRecorder(app, dyno),
      onLine: (line) => {
        core.logs.add(app, 'app', dyno, line);
        phase.onLine(line);
      },
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    core.logs.add(app, 'dynodesk', 'api', `Release v${version} failed: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`);
    throw err;
  }
  core.logs.add(app, 'dynodesk', dyno, lifecycleText.exited(0));
}
