// The last crashes of this app, with the lines the dyno printed before it died.
import { useEngine, useServices } from '../state/context.js';
import type { CrashInfo } from '../state/engine-state.js';
import { stripAnsi } from '../format.js';

const NONE: CrashInfo[] = [];

export function CrashCards({ app }: { app: string }): React.JSX.Element | null {
  const { store } = useServices();
  const crashes = useEngine((s) => s.crashes[app] ?? NONE);
  if (crashes.length === 0) return null;
  return (
    <div className="crashes">
      {crashes.map((c) => (
        <section key={c.id} className="crash-card" role="alert" aria-label={`${c.dyno} crashed`}>
          <header>
            <strong>{c.dyno} crashed</strong>
            <span className="muted">{c.exitCode === null ? 'killed by a signal' : `exit code ${c.exitCode}`} · {new Date(c.at).toLocaleTimeString()}</span>
            <button type="button" className="link" aria-label={`Dismiss crash of ${c.dyno}`} onClick={() => store.dismissCrash(app, c.id)}>Dismiss</button>
          </header>
          {c.lastLines.length > 0 ? <pre>{c.lastLines.map(stripAnsi).join('\n')}</pre> : null}
        </section>
      ))}
    </div>
  );
}
