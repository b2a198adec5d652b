// The latest build of an app as it runs: whose it is, its step, its output, and why it failed.
import { useEffect, useRef } from 'react';
import type { BuildRun } from '../state/build-runs.js';

function headline(run: BuildRun): string {
  const who = run.autodeploy ? 'Autodeploy build' : 'Build';
  if (run.status === 'running') return `${who} running: ${run.step}…`;
  if (run.status === 'done') return `${who} done: ${run.message ?? 'deployed'}`;
  return `${who} failed`;
}

export function BuildOutput({ run, serving }: { run: BuildRun | null; serving: number | null }): React.JSX.Element {
  const pre = useRef<HTMLPreElement>(null);
  const lineCount = run?.lines.length ?? 0;

  // Follow the output while it grows, unless the reader has scrolled up to read something.
  useEffect(() => {
    const el = pre.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [lineCount]);

  if (!run) {
    return <p className="muted">No build since this window opened. Builds started here, from the CLI or by autodeploy show up here while they run.</p>;
  }
  return (
    <div className="build-output">
      <p role="status" className={`build-status build-${run.status}`}>{headline(run)}</p>
      {run.status === 'failed' ? (
        <div className="deploy-error" role="alert" aria-label="Build failed">
          {/* The engine's message names what failed ("Build failed: `npm ci` …", "No Procfile…"). */}
          <span className="pre-line">{run.message ?? 'The build failed without saying why.'}</span>
          {serving !== null ? <span>v{serving} keeps serving.</span> : null}
        </div>
      ) : null}
      <pre ref={pre} className="build-log" aria-label="Build log" tabIndex={0}>{run.lines.join('\n')}</pre>
    </div>
  );
}
