// Over every tab of the app view: the app's latest build failed (an autodeploy after a save, a CLI
// deploy…), with the first line of why and a way to the whole output. It goes with the next build.
import type { AppDTO } from '../../shared/types.js';
import { useBuildRun } from '../state/context.js';
import { servingRelease } from '../format.js';

/** One line: the message's first, and when that one introduces output ("Last output:"), the output's last. */
function summary(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const first = lines[0] ?? '';
  return first.endsWith(':') && lines.length > 1 ? `${first} … ${lines[lines.length - 1] ?? ''}` : first;
}

export function BuildBanner({ app, onShow }: { app: AppDTO; onShow(): void }): React.JSX.Element | null {
  const run = useBuildRun(app.name);
  if (!run || run.status !== 'failed') return null;
  const firstLine = summary(run.message ?? 'The build failed without saying why.');
  const serving = servingRelease(app);
  return (
    <section className="release-banner release-failed" role="alert" aria-label={run.autodeploy ? 'Autodeploy build failed' : 'Build failed'}>
      <strong>{run.autodeploy ? 'Autodeploy build failed' : 'Build failed'}</strong>
      <span>{firstLine}</span>
      {serving !== null ? <span>v{serving} keeps serving.</span> : null}
      <button type="button" className="link" onClick={onShow}>Build output</button>
    </section>
  );
}
