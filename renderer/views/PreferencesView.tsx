// Engine-wide preferences (the per-app ones live in SettingsPanel): LAN access and local HTTPS.
import { useState } from 'react';
import type { AppDTO, EngineInfo } from '../../shared/types.js';
import { CertsCard } from './CertsCard.js';
import { useEngine, useServices } from '../state/context.js';

export function PreferencesView({ onClose }: { onClose(): void }): React.JSX.Element {
  const info = useEngine((s) => s.info);
  const apps = useEngine((s) => s.apps);
  return (
    <section className="settings overview" aria-labelledby="prefs-title">
      <div className="row prefs-head">
        <h2 id="prefs-title">Preferences</h2>
        <span className="spacer" />
        <button type="button" onClick={onClose}>Done</button>
      </div>
      {info ? <LanCard info={info} apps={apps} /> : <p className="muted" role="status">Loading…</p>}
      <CertsCard />
    </section>
  );
}

function LanCard({ info, apps }: { info: EngineInfo; apps: AppDTO[] }): React.JSX.Element {
  const { api, store } = useServices();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function toggle(enabled: boolean): Promise<void> {
    setBusy(true);
    setProblem(null);
    const res = await api['engine.lan']({ enabled });
    setBusy(false);
    // The engine also pushes engine.changed to every window; this one need not wait for it.
    if (res.ok) store.update({ info: res.value });
    else setProblem(res.error.message);
  }

  return (
    <section className="card" aria-labelledby="lan-title">
      <h3 id="lan-title">Network</h3>
      <label className="row">
        <input
          type="checkbox"
          checked={info.lanAccess}
          disabled={busy || (info.lanForced && info.lanAccess)}
          onChange={(e) => void toggle(e.target.checked)}
        />
        Allow access from other devices on your network (LAN)
      </label>
      <p className="hint">When this is on, anyone on your network can reach your apps. Turn it on only on networks you trust.</p>
      {info.lanForced ? (
        <p className="muted" role="note">Turned on for this run by <code>dynodesk serve --lan</code>. Restart the engine without <code>--lan</code> to turn it off.</p>
      ) : null}
      {busy ? <p className="muted" role="status">Applying…</p> : null}
      {problem ? <p className="error" role="alert">{problem}</p> : null}
      {info.lanAccess ? <LanAddresses addresses={info.lanAddresses} apps={apps} /> : (
        <p className="muted">Apps answer on this machine only (127.0.0.1).</p>
      )}
    </section>
  );
}

function LanAddresses({ addresses, apps }: { addresses: string[]; apps: AppDTO[] }): React.JSX.Element {
  if (addresses.length === 0) {
    return <p className="muted" role="status">This machine has no network address besides loopback, so other devices cannot reach it yet.</p>;
  }
  return (
    <section aria-labelledby="lan-addresses-title">
      <h4 id="lan-addresses-title">Addresses for other devices</h4>
      <p className="muted">
        Names like <code>app.localhost</code> only work on this machine; other devices use each app&apos;s own port.
      </p>
      {apps.length === 0 ? (
        <p><code>http://{addresses[0]}:&lt;app port&gt;</code> <span className="muted">(no apps yet)</span></p>
      ) : (
        <table className="overview-table" aria-label="LAN addresses">
          <thead><tr><th scope="col">App</th><th scope="col">Address</th></tr></thead>
          <tbody>
            {apps.map((a) => (
              <tr key={a.name}>
                <th scope="row">{a.name}</th>
                <td>{addresses.map((ip) => <div key={ip}><code>{`http://${ip}:${a.port}`}</code></div>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
