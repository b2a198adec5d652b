// App settings: config vars, routing algorithm, session affinity, maintenance mode, memory quota, and removing the app.
import { useState } from 'react';
import type { AppDTO, BalancingAlgorithm } from '../../shared/types.js';
import { useServices } from '../state/context.js';
import { ConfigVarsEditor } from './ConfigVarsEditor.js';

const ALGORITHMS: readonly { id: BalancingAlgorithm; label: string }[] = [
  { id: 'round-robin', label: 'Round robin' },
  { id: 'least-connections', label: 'Least connections' },
  { id: 'random', label: 'Random' },
  { id: 'power-of-two', label: 'Power of two choices' },
];

export function SettingsPanel({ app }: { app: AppDTO }): React.JSX.Element {
  const { api } = useServices();
  const [quota, setQuota] = useState(String(app.settings.memoryQuotaMb));
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);

  async function apply(settings: Parameters<typeof api['apps.settings']>[0]['settings']): Promise<void> {
    setProblem(null);
    const res = await api['apps.settings']({ app: app.name, settings });
    if (!res.ok) setProblem(res.error.message);
  }

  function applyQuota(): void {
    const n = Number(quota);
    if (!Number.isInteger(n) || n < 16) { setProblem('Memory quota must be a whole number of MB, at least 16.'); return; }
    void apply({ memoryQuotaMb: n });
  }

  async function setAffinity(enabled: boolean): Promise<void> {
    setProblem(null);
    const res = await api['features.set']({ app: app.name, feature: 'http-session-affinity', enabled });
    if (!res.ok) setProblem(res.error.message);
  }

  async function remove(): Promise<void> {
    setRemoving(true);
    const res = await api['apps.destroy']({ app: app.name });
    setRemoving(false);
    if (!res.ok) { setProblem(res.error.message); setConfirming(false); }
  }

  return (
    <div className="settings">
      <ConfigVarsEditor app={app.name} />
      <section className="card" aria-labelledby="routing-title">
        <h3 id="routing-title">Routing</h3>
        <label className="row">Load balancing algorithm
          <select aria-label="Load balancing algorithm" value={app.settings.algorithm} onChange={(e) => void apply({ algorithm: e.target.value as BalancingAlgorithm })}>
            {ALGORITHMS.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}
          </select>
        </label>
        <label className="row">
          <input type="checkbox" checked={app.settings.httpSessionAffinity} onChange={(e) => void setAffinity(e.target.checked)} />
          Session affinity (send each browser back to the same web dyno, through a router cookie)
        </label>
        <label className="row">
          <input type="checkbox" checked={app.settings.maintenance} onChange={(e) => void apply({ maintenance: e.target.checked })} />
          Maintenance mode (the router answers 503 with Heroku's maintenance page)
        </label>
        <form className="row" onSubmit={(e) => { e.preventDefault(); applyQuota(); }}>
          <label>Memory quota (MB)
            <input type="number" aria-label="Memory quota (MB)" min={16} step={1} value={quota} onChange={(e) => setQuota(e.target.value)} />
          </label>
          <button type="submit">Apply quota</button>
        </form>
        {problem ? <p className="error" role="alert">{problem}</p> : null}
      </section>
      <section className="card danger" aria-labelledby="remove-title">
        <h3 id="remove-title">Remove app</h3>
        <p className="muted">Stops every dyno and forgets {app.name}. Your project folder is not touched.</p>
        {confirming ? (
          <div className="row">
            <span>Remove {app.name} for good?</span>
            <button type="button" className="danger" onClick={() => void remove()} disabled={removing}>{removing ? 'Removing…' : `Yes, remove ${app.name}`}</button>
            <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>Remove app…</button>
        )}
      </section>
    </div>
  );
}
