// The Add-ons tab: add Postgres or Redis with one click, each add-on's state, variable, size on disk
// and URL (password masked until the user asks to reveal it; Copy fetches it without showing it), and
// Destroy behind the app's name typed out, since it drops the data for good. Console opens psql or
// redis-cli in a one-off dyno's terminal tab, like the app's own Console button.
import { useEffect, useState } from 'react';
import type { AddonInfoDTO, AppDTO } from '../../shared/types.js';
import { addonConsoleCommand } from '../../shared/addon-ui.js';
import { formatBytes } from '../format.js';
import { useEngine, useServices } from '../state/context.js';

const SERVICES = [
  { service: 'heroku-postgresql', label: 'Add Postgres' },
  { service: 'heroku-redis', label: 'Add Redis' },
] as const;

/** onOpenTerminal: show a one-off dyno's terminal in a tab of the app view. */
export function AddonsPanel({ app, onOpenTerminal }: { app: AppDTO; onOpenTerminal: (dyno: string) => void }): React.JSX.Element {
  const { api } = useServices();
  const [addons, setAddons] = useState<AddonInfoDTO[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => api.on('addons.changed', (p) => { if (p.app === app.name) setReloads((n) => n + 1); }), [api, app.name]);

  useEffect(() => {
    let live = true;
    void api['addons.list']({ app: app.name }).then(async (list) => {
      if (!list.ok) { if (live) setProblem(list.error.message); return; }
      const infos = await Promise.all(list.value.map((a) => api['addons.info']({ name: a.name })));
      // An add-on destroyed meanwhile has no info: it will be gone from the next list too.
      if (live) setAddons(infos.flatMap((r) => (r.ok ? [r.value] : [])));
    });
    return () => { live = false; };
  }, [api, app.name, reloads]);

  async function create(service: string): Promise<void> {
    setBusy(service);
    setProblem(null);
    const res = await api['addons.create']({ app: app.name, service });
    setBusy(null);
    if (!res.ok) setProblem(res.error.message);
    else if (res.value.warning) setProblem(`Attached, but ${res.value.warning}`);
    setReloads((n) => n + 1);
  }

  return (
    <div className="settings addons-panel">
      <section className="card" aria-labelledby="addons-title">
        <h3 id="addons-title">Add-ons</h3>
        <p className="muted">Real servers on this machine, attached as config vars: Postgres as DATABASE_URL, Redis as REDIS_URL. Adding one restarts the dynos with it.</p>
        <div className="row">
          {SERVICES.map((s) => (
            <button key={s.service} type="button" disabled={busy !== null} onClick={() => void create(s.service)}>
              {busy === s.service ? 'Adding…' : s.label}
            </button>
          ))}
        </div>
        {problem ? <p className="error" role="alert">{problem}</p> : null}
      </section>
      {addons === null ? <p className="muted" role="status">Loading add-ons…</p> : null}
      {addons?.length === 0 ? <p className="muted">No add-ons yet.</p> : null}
      {addons?.map((a) => <AddonCard key={a.name} app={app.name} addon={a} onChanged={() => setReloads((n) => n + 1)} onOpenTerminal={onOpenTerminal} />)}
    </div>
  );
}

function AddonCard({ app, addon, onChanged, onOpenTerminal }: {
  app: string; addon: AddonInfoDTO; onChanged: () => void; onOpenTerminal: (dyno: string) => void;
}): React.JSX.Element {
  const { api } = useServices();
  // The dyno runs where the engine runs: its shell decides how the variable is written.
  const platform = useEngine((s) => s.info?.platform ?? null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [startingConsole, setStartingConsole] = useState(false);

  async function realUrl(): Promise<string | null> {
    const res = await api['config.get']({ app });
    const url = res.ok ? res.value[addon.configVar] ?? null : null;
    if (url === null) setNote(`${addon.configVar} is not set on ${app}`);
    return url;
  }

  async function copy(): Promise<void> {
    const url = await realUrl();
    if (url === null) return;
    try {
      await navigator.clipboard.writeText(url);
      setNote('Copied');
    } catch {
      setNote('The browser did not allow copying: reveal the URL and copy it by hand');
    }
  }

  async function openConsole(): Promise<void> {
    const command = platform === null ? null : addonConsoleCommand(addon.service, addon.configVar, platform);
    if (command === null) { setNote(`No console for ${addon.configVar}`); return; }
    setNote(null);
    setStartingConsole(true);
    // The command names the variable; the dyno's shell expands it, so ps and the log never show the password.
    const res = await api['run.start']({ app, command, cols: 100, rows: 30 });
    setStartingConsole(false);
    if (res.ok) onOpenTerminal(res.value.dyno);
    else setNote(`Console failed: ${res.error.message}`);
  }

  async function destroy(): Promise<void> {
    const res = await api['addons.destroy']({ app, name: addon.name, confirm: typed });
    setNote(res.ok ? null : res.error.message);
    if (res.ok) onChanged();
  }

  const title = addon.service === 'heroku-postgresql' ? 'Postgres' : 'Redis';
  const client = addon.service === 'heroku-postgresql' ? 'psql' : 'redis-cli';
  return (
    <section className="card" aria-label={addon.name}>
      <h3>{title} <span className="muted">{addon.name}</span></h3>
      <div className="row">
        <button
          type="button"
          onClick={() => void openConsole()}
          disabled={startingConsole || addon.state !== 'available' || platform === null}
          aria-busy={startingConsole}
          title={addon.state === 'available' ? `Open ${client} on ${addon.configVar} in a one-off dyno` : `${addon.name} is ${addon.state}`}
        >
          {startingConsole ? 'Starting console…' : 'Console'}
        </button>
      </div>
      <dl className="facts">
        <dt>State</dt><dd data-state={addon.state}>{addon.state}{addon.detail ? ` (${addon.detail})` : ''}</dd>
        <dt>Variable</dt><dd><code>{addon.configVar}</code></dd>
        <dt>Size on disk</dt><dd>{formatBytes(addon.diskBytes)}</dd>
        <dt>URL</dt>
        <dd>
          <code>{revealed ?? addon.maskedUrl}</code>{' '}
          <button type="button" onClick={() => { if (revealed) setRevealed(null); else void realUrl().then(setRevealed); }}>{revealed ? 'Hide' : 'Reveal'}</button>{' '}
          <button type="button" onClick={() => void copy()}>Copy</button>
        </dd>
      </dl>
      {note ? <p className="muted" role="status">{note}</p> : null}
      <details>
        <summary>Destroy…</summary>
        <p>This unsets {addon.configVar} (the dynos restart) and deletes the data for good. Type <strong>{app}</strong> to confirm.</p>
        <input aria-label={`Type ${app} to destroy ${addon.name}`} value={typed} onChange={(e) => setTyped(e.target.value)} />{' '}
        <button type="button" className="danger" disabled={typed !== app} onClick={() => void destroy()}>Destroy {addon.name}</button>
      </details>
    </section>
  );
}
