// Add an app: drop a folder (Electron) or type its path (browser), then watch detect → build → release → start.
import { useEffect, useRef, useState } from 'react';
import type { DeployStep, RequiredConfigVar } from '../../shared/types.js';
import { useEngine, useServices } from '../state/context.js';
import { newId, stripAnsi } from '../format.js';
import { RequiredConfigForm } from './RequiredConfigForm.js';

const STEPS: readonly DeployStep[] = ['detect', 'build', 'release', 'start'];
const MAX_LOG_LINES = 2000;

type StepStatus = 'pending' | 'running' | 'done' | 'failed';
interface DeployRun {
  path: string;
  /** Config vars sent with this deploy (answers to the required-vars form). */
  env: Record<string, string>;
  steps: Record<DeployStep, StepStatus>;
  log: string[];
  status: 'running' | 'done' | 'failed';
  message: string | null;
  /** app.json variables the engine asked for: shown as a form instead of a bare failure. */
  missingConfig: RequiredConfigVar[];
}

function freshRun(path: string, env: Record<string, string>): DeployRun {
  return { path, env, steps: { detect: 'pending', build: 'pending', release: 'pending', start: 'pending' }, log: [], status: 'running', message: null, missingConfig: [] };
}

/** POSIX `/…`, Windows `C:\…` or `\\server\share`. */
function isAbsolutePath(path: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path);
}

export interface DeployPanelProps {
  empty: boolean;
  onDeployed(name: string): void;
  onCancel?: (() => void) | undefined;
}

export function DeployPanel({ empty, onDeployed, onCancel }: DeployPanelProps): React.JSX.Element {
  const { api, refresh } = useServices();
  const host = window.dynodeskHost;
  // Electron hands out a writable copy of the sample; the headless engine reports the one it ships.
  const engineSample = useEngine((s) => s.info?.samplePath ?? null);
  const samplePath = host?.samplePath ?? engineSample;
  const [path, setPath] = useState('');
  const [run, setRun] = useState<DeployRun | null>(null);
  const [dragging, setDragging] = useState(false);
  const [dropHint, setDropHint] = useState<string | null>(null);
  const unsubscribe = useRef<(() => void) | null>(null);
  /** Build output can be thousands of lines a second: collect them and render once per frame. */
  const pendingLines = useRef<string[]>([]);
  const frame = useRef<number | null>(null);
  const lastStep = useRef('');

  useEffect(() => () => {
    unsubscribe.current?.();
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  function flushLines(): void {
    frame.current = null;
    const more = pendingLines.current.splice(0);
    if (more.length > 0) setRun((r) => (r ? { ...r, log: [...r.log, ...more].slice(-MAX_LOG_LINES) } : r));
  }

  async function deploy(target: string, env: Record<string, string> = {}): Promise<void> {
    const folder = target.trim();
    if (!folder) { setDropHint('Enter the path of a project folder.'); return; }
    // The engine may run elsewhere (or as another user): only a full path means the same folder there.
    if (!isAbsolutePath(folder)) {
      setDropHint(`The path must be absolute: the folder's full path, like /home/me/projects/my-app${folder.startsWith('~') ? ' (~ is not expanded here)' : ''}.`);
      return;
    }
    setDropHint(null);
    unsubscribe.current?.();
    const deployId = newId();
    pendingLines.current = [];
    lastStep.current = '';
    setRun(freshRun(folder, env));
    // Subscribe before starting, so not one progress line is missed.
    unsubscribe.current = api.on('deploy.progress', (p) => {
      if (p.deployId !== deployId) return;
      if (p.line !== undefined) {
        pendingLines.current.push(stripAnsi(p.line));
        frame.current ??= requestAnimationFrame(flushLines);
      }
      // Most events are just another log line for the same step: no state change to render.
      const stepKey = `${p.step}:${p.status}`;
      if (stepKey === lastStep.current && p.message === undefined) return;
      lastStep.current = stepKey;
      setRun((r) => {
        if (!r) return r;
        const steps = { ...r.steps };
        const idx = STEPS.indexOf(p.step);
        for (let i = 0; i < idx; i++) if (steps[STEPS[i]!] !== 'failed') steps[STEPS[i]!] = 'done';
        steps[p.step] = p.status;
        return { ...r, steps, message: p.message ?? r.message };
      });
    });
    const res = await api['apps.deploy']({ path: folder, deployId, ...(Object.keys(env).length > 0 ? { env } : {}) });
    unsubscribe.current?.();
    unsubscribe.current = null;
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    flushLines();
    if (res.ok) {
      setRun((r) => (r ? { ...r, status: 'done', steps: { detect: 'done', build: 'done', release: 'done', start: 'done' } } : r));
      await refresh();
      onDeployed(res.value.app.name);
    } else {
      const message = res.error.message;
      const missingConfig = res.error.missingConfig ?? [];
      setRun((r) => {
        if (!r) return r;
        const steps = { ...r.steps };
        const running = STEPS.find((s) => steps[s] === 'running') ?? STEPS.find((s) => steps[s] === 'pending');
        // Waiting for the user's values is not a broken step.
        if (running && !STEPS.some((s) => steps[s] === 'failed')) steps[running] = missingConfig.length > 0 ? 'pending' : 'failed';
        return { ...r, status: 'failed', message, steps, missingConfig };
      });
    }
  }

  function onDrop(e: React.DragEvent): void {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    if (host) {
      const p = host.pathForFile(file);
      if (p) { setPath(p); void deploy(p); return; }
    }
    setDropHint('The browser does not reveal where a dropped folder lives. Type its path into Project folder instead.');
  }

  const busy = run?.status === 'running';
  const doneCount = run ? STEPS.filter((s) => run.steps[s] === 'done').length : 0;

  return (
    <section className="deploy" aria-labelledby="deploy-title">
      <div
        className={`dropzone${dragging ? ' dragging' : ''}${empty ? ' large' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <h2 id="deploy-title">{empty ? 'Drop a project folder here' : 'Add an app'}</h2>
        <p className="muted">
          Dynodesk reads its Procfile, package.json, requirements.txt or index.html, builds it and starts its dynos.
        </p>
        <form
          className="deploy-form"
          onSubmit={(e) => { e.preventDefault(); if (!busy) void deploy(path); }}
        >
          <label htmlFor="project-folder">Project folder</label>
          <input
            id="project-folder"
            type="text"
            value={path}
            placeholder="/home/me/projects/my-app"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="submit" disabled={busy}>Deploy</button>
          {host?.pickFolder ? (
            <button type="button" disabled={busy} onClick={() => { void host.pickFolder?.().then((p) => { if (p) { setPath(p); void deploy(p); } }); }}>
              Choose folder…
            </button>
          ) : null}
          {samplePath ? (
            <button type="button" disabled={busy} onClick={() => { setPath(samplePath); void deploy(samplePath); }}>
              Try a sample app
            </button>
          ) : null}
          {onCancel ? <button type="button" className="link" onClick={onCancel}>Cancel</button> : null}
        </form>
        {dropHint ? <p className="hint" role="status">{dropHint}</p> : null}
      </div>

      {run ? (
        <div className="deploy-run" aria-label="Deploy progress">
          <ol className="steps">
            {STEPS.map((s) => (
              <li key={s} className={`step step-${run.steps[s]}`} aria-label={`${s}: ${run.steps[s]}`}>{s}</li>
            ))}
          </ol>
          <progress max={STEPS.length} value={run.status === 'done' ? STEPS.length : doneCount} aria-label="Deploy progress" />
          {run.status === 'failed' && run.missingConfig.length > 0 ? (
            <RequiredConfigForm
              key={run.missingConfig.map((v) => v.name).join(' ')}
              vars={run.missingConfig}
              initial={run.env}
              busy={busy}
              onSubmit={(values) => void deploy(run.path, { ...run.env, ...values })}
            />
          ) : run.status === 'failed' ? (
            <div className="deploy-error" role="alert">
              <strong>Deploy failed:</strong> {run.message ?? 'unknown error'}
              <button type="button" onClick={() => void deploy(run.path, run.env)}>Retry</button>
            </div>
          ) : null}
          <pre className="build-log" aria-label="Build log" tabIndex={0}>{run.log.join('\n')}</pre>
        </div>
      ) : null}
    </section>
  );
}
