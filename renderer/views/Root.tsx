// Layout: header, app list on the left, the selected app (or the empty state) on the right.
import { useEffect, useState } from 'react';
import { ServicesContext, useEngine } from '../state/context.js';
import type { Services } from '../state/context.js';
import { AppList } from './AppList.js';
import { AppView } from './AppView.js';
import { DeployPanel } from './DeployPanel.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { AppsOverview } from './AppsOverview.js';
import { PreferencesView } from './PreferencesView.js';

export function Root({ services }: { services: Services }): React.JSX.Element {
  return (
    <ServicesContext.Provider value={services}>
      <Shell />
    </ServicesContext.Provider>
  );
}

function Shell(): React.JSX.Element {
  const apps = useEngine((s) => s.apps);
  const loaded = useEngine((s) => s.appsLoaded);
  const info = useEngine((s) => s.info);
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [prefs, setPrefs] = useState(false);

  // The desktop app's menu (Preferences…, Cmd/Ctrl+,) opens the same view as the header button.
  useEffect(() => window.dynodeskHost?.onMenuView?.((view) => {
    if (view === 'preferences') setPrefs(true);
  }), []);

  // If the selected app disappears (removed elsewhere), fall back to the list.
  useEffect(() => {
    if (selected !== null && loaded && !apps.some((a) => a.name === selected)) setSelected(null);
  }, [apps, loaded, selected]);

  const current = selected === null ? undefined : apps.find((a) => a.name === selected);
  const showDeploy = adding || (loaded && apps.length === 0);

  return (
    <div className="shell">
      <header className="topbar">
        <h1 className="brand">Dynodesk</h1>
        <span className="muted">{info ? `router :${info.routerPort}` : ''}</span>
        {info?.lanAccess ? <span className="state state-starting" title="Other devices on your network can reach your apps">LAN on</span> : null}
        <ConnectionBanner />
        <span className="spacer" />
        <button type="button" aria-pressed={prefs} onClick={() => setPrefs((p) => !p)}>Preferences</button>
      </header>
      <nav className="sidebar" aria-label="Apps">
        <div className="sidebar-head">
          <h2>Apps</h2>
          <button type="button" onClick={() => { setAdding(true); setSelected(null); setPrefs(false); }}>Add app…</button>
        </div>
        {loaded ? (
          <AppList apps={apps} selected={selected} onSelect={(name) => { setSelected(name); setAdding(false); setPrefs(false); }} />
        ) : (
          <p className="muted" role="status">Loading apps…</p>
        )}
      </nav>
      <main className="content">
        {prefs ? (
          <PreferencesView onClose={() => setPrefs(false)} />
        ) : current ? (
          <AppView key={current.name} app={current} />
        ) : showDeploy ? (
          <DeployPanel
            empty={apps.length === 0}
            onDeployed={(name) => { setAdding(false); setSelected(name); }}
            onCancel={apps.length > 0 ? () => setAdding(false) : undefined}
          />
        ) : loaded ? (
          <AppsOverview apps={apps} onSelect={(name) => { setSelected(name); setAdding(false); }} />
        ) : null}
      </main>
    </div>
  );
}
