// One app: its header and actions, then tabs for dynos, releases, add-ons, terminals, logs, metrics and settings.
import { Suspense, lazy, useState } from 'react';
import type { AppDTO } from '../../shared/types.js';
import { useServices } from '../state/context.js';
import { APP_STATE_LABEL } from '../format.js';
import { FormationPanel } from './FormationPanel.js';
import { CrashCards } from './CrashCards.js';
import { ReleaseBanner } from './ReleaseBanner.js';
import { BuildBanner } from './BuildBanner.js';
import { ReleasesPanel } from './ReleasesPanel.js';
import { AddonsPanel } from './AddonsPanel.js';
import { LogsPanel } from '../logs/LogsPanel.js';
import { SettingsPanel } from './SettingsPanel.js';
import { openExternal } from '../open-external.js';
import { ExportButton } from './ExportDialog.js';

// xterm and uPlot are big; they load when first needed so the first paint stays small.
const TerminalPane = lazy(() => import('../terminal/TerminalPane.js').then((m) => ({ default: m.TerminalPane })));
const MetricsPanel = lazy(() => import('../charts/MetricsPanel.js').then((m) => ({ default: m.MetricsPanel })));

type FixedTab = 'dynos' | 'releases' | 'addons' | 'logs' | 'metrics' | 'settings';
type TabId = FixedTab | `term:${string}`;
const FIXED: readonly { id: FixedTab; label: string }[] = [
  { id: 'dynos', label: 'Dynos' },
  { id: 'releases', label: 'Releases' },
  { id: 'addons', label: 'Add-ons' },
  { id: 'logs', label: 'Logs' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'settings', label: 'Settings' },
];

export function AppView({ app }: { app: AppDTO }): React.JSX.Element {
  const { api } = useServices();
  const [tab, setTab] = useState<TabId>('dynos');
  const [terminals, setTerminals] = useState<string[]>([]);
  const [consoleError, setConsoleError] = useState<string | null>(null);
  const [startingConsole, setStartingConsole] = useState(false);

  function openTerminal(dyno: string): void {
    setTerminals((t) => (t.includes(dyno) ? t : [...t, dyno]));
    setTab(`term:${dyno}`);
  }

  function closeTerminal(dyno: string): void {
    setTerminals((t) => t.filter((d) => d !== dyno));
    setTab((cur) => (cur === `term:${dyno}` ? 'dynos' : cur));
  }

  async function startConsole(): Promise<void> {
    setConsoleError(null);
    setStartingConsole(true);
    const res = await api['run.start']({ app: app.name, cols: 100, rows: 30 });
    setStartingConsole(false);
    if (res.ok) openTerminal(res.value.dyno);
    else setConsoleError(res.error.message);
  }

  return (
    <article className="app-view" aria-label={`App ${app.name}`}>
      <header className="app-header">
        <h2>{app.name}</h2>
        <span className={`state state-${app.state}`}>{APP_STATE_LABEL[app.state]}</span>
        <span className="muted">v{app.release} · {app.buildpack}</span>
        {/* The router sends requests to web dynos only: without a web process the URL leads nowhere. */}
        {app.processTypes.includes('web')
          ? <a className="app-url" href={app.url} onClick={(e) => { e.preventDefault(); openExternal(app.url); }}>{app.url}</a>
          : <span className="app-url muted">no web process, so no URL</span>}
        <span className="spacer" />
        {app.processTypes.includes('web') ? <button type="button" onClick={() => openExternal(app.url)}>Open app</button> : null}
        {app.release > 0 ? <ExportButton app={app.name} /> : null}
        <button type="button" onClick={() => void startConsole()} disabled={startingConsole} aria-busy={startingConsole}>
          {startingConsole ? 'Starting console…' : 'Console'}
        </button>
      </header>
      {consoleError ? <p className="error" role="alert">Console failed: {consoleError}</p> : null}
      <ReleaseBanner app={app} />
      {/* The Releases tab shows a failed build itself, with its output. */}
      {tab === 'releases' ? null : <BuildBanner app={app} onShow={() => setTab('releases')} />}
      <CrashCards app={app.name} />

      <div role="tablist" aria-label={`${app.name} views`} className="tabs">
        {FIXED.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
        {terminals.map((d) => (
          <span key={d} className="term-tab">
            <button type="button" role="tab" id={`tab-term-${d}`} aria-selected={tab === `term:${d}`} aria-controls={`panel-term-${d}`} onClick={() => setTab(`term:${d}`)}>
              {`Terminal ${d}`}
            </button>
            <button type="button" className="close" aria-label={`Close terminal ${d}`} onClick={() => closeTerminal(d)}>×</button>
          </span>
        ))}
      </div>

      <section role="tabpanel" id="panel-dynos" aria-labelledby="tab-dynos" hidden={tab !== 'dynos'} className="panel">
        <FormationPanel app={app} onOpenTerminal={openTerminal} />
      </section>
      <section role="tabpanel" id="panel-releases" aria-labelledby="tab-releases" hidden={tab !== 'releases'} className="panel">
        {tab === 'releases' ? <ReleasesPanel app={app} /> : null}
      </section>
      <section role="tabpanel" id="panel-addons" aria-labelledby="tab-addons" hidden={tab !== 'addons'} className="panel">
        {tab === 'addons' ? <AddonsPanel app={app} onOpenTerminal={openTerminal} /> : null}
      </section>
      <section role="tabpanel" id="panel-logs" aria-labelledby="tab-logs" hidden={tab !== 'logs'} className="panel">
        <LogsPanel app={app.name} active={tab === 'logs'} />
      </section>
      <section role="tabpanel" id="panel-metrics" aria-labelledby="tab-metrics" hidden={tab !== 'metrics'} className="panel">
        {tab === 'metrics' ? (
          <Suspense fallback={<p role="status">Loading charts…</p>}>
            <MetricsPanel app={app.name} />
          </Suspense>
        ) : null}
      </section>
      <section role="tabpanel" id="panel-settings" aria-labelledby="tab-settings" hidden={tab !== 'settings'} className="panel">
        {tab === 'settings' ? <SettingsPanel app={app} /> : null}
      </section>
      {terminals.map((d) => (
        // Terminals stay mounted while hidden so their screen and flow control keep going.
        <section key={d} role="tabpanel" id={`panel-term-${d}`} aria-labelledby={`tab-term-${d}`} hidden={tab !== `term:${d}`} className="panel terminal-panel">
          <Suspense fallback={<p role="status">Loading terminal…</p>}>
            <TerminalPane app={app.name} dyno={d} visible={tab === `term:${d}`} />
          </Suspense>
        </section>
      ))}
    </article>
  );
}
