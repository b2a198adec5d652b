// Config vars: edit values, add and remove keys, then apply (the engine makes a release and restarts dynos).
// An add-on's variable (DATABASE_URL, REDIS_URL, …) holds its password: its value is masked, and kept out
// of the page, until the user reveals it, as on the Add-ons tab.
import { useEffect, useState } from 'react';
import { configKeyProblem } from '../../shared/validation.js';
import { maskSecretValue } from '../../shared/addon-ui.js';
import { useServices } from '../state/context.js';

interface Row { key: string; value: string; original: string | null; removed: boolean }

export function ConfigVarsEditor({ app }: { app: string }): React.JSX.Element {
  const { api } = useServices();
  const [rows, setRows] = useState<Row[] | null>(null);
  /** The variables add-ons attach: masked until revealed. */
  const [addonKeys, setAddonKeys] = useState<ReadonlySet<string>>(new Set());
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function load(): Promise<void> {
    const [res, addons] = await Promise.all([api['config.get']({ app }), api['addons.list']({ app })]);
    // Without the add-on list, which variables hold a password is unknown: mask every *_URL then.
    if (addons.ok) setAddonKeys(new Set(addons.value.map((a) => a.configVar)));
    else if (res.ok) setAddonKeys(new Set(Object.keys(res.value).filter((k) => k.endsWith('_URL'))));
    if (res.ok) setRows(Object.entries(res.value).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value, original: value, removed: false })));
    else setProblem(res.error.message);
  }
  useEffect(() => { void load(); }, [app]);

  function addRow(): void {
    const key = newKey.trim();
    const p = configKeyProblem(key);
    if (p) { setProblem(p); return; }
    if (rows?.some((r) => r.key === key && !r.removed)) { setProblem(`${key} is already set; edit its value above`); return; }
    setProblem(null);
    setRows((rs) => [...(rs ?? []).filter((r) => r.key !== key), { key, value: newValue, original: rs?.find((r) => r.key === key)?.original ?? null, removed: false }]);
    setNewKey('');
    setNewValue('');
  }

  async function save(): Promise<void> {
    if (!rows) return;
    const vars: Record<string, string> = {};
    const unset: string[] = [];
    for (const r of rows) {
      if (r.removed) { if (r.original !== null) unset.push(r.key); continue; }
      if (r.value !== r.original) vars[r.key] = r.value;
    }
    if (Object.keys(vars).length === 0 && unset.length === 0) { setStatus('Nothing changed.'); return; }
    setSaving(true);
    setProblem(null);
    setStatus(null);
    let release: number | null = null;
    // Set when the release's dynos did not come up: the previous release keeps serving.
    let warning: string | null = null;
    if (Object.keys(vars).length > 0) {
      const res = await api['config.set']({ app, vars });
      if (!res.ok) { setProblem(res.error.message); setSaving(false); return; }
      release = res.value.release;
      warning = res.value.warning;
    }
    if (unset.length > 0) {
      const res = await api['config.unset']({ app, keys: unset });
      if (!res.ok) { setProblem(res.error.message); setSaving(false); return; }
      release = res.value.release;
      warning = res.value.warning;
    }
    setSaving(false);
    setStatus(`Saved as release v${release ?? '?'}.`);
    if (warning) setProblem(warning.charAt(0).toUpperCase() + warning.slice(1));
    await load();
  }

  const dirty = rows?.some((r) => r.removed || r.value !== r.original) ?? false;
  return (
    <section className="card" aria-labelledby="config-title">
      <h3 id="config-title">Config vars</h3>
      {rows === null ? <p className="muted" role="status">Loading…</p> : (
        <table className="config">
          <tbody>
            {rows.length === 0 ? <tr><td className="muted">No config vars.</td></tr> : null}
            {rows.map((r) => (
              <tr key={r.key} className={r.removed ? 'removed' : ''}>
                <th scope="row"><code>{r.key}</code></th>
                <td>
                  {addonKeys.has(r.key) && !revealed.has(r.key) ? (
                    // Not an input: its value would be in the page (and the DOM) while masked.
                    <code className="masked" aria-label={`Value of ${r.key}`}>{maskSecretValue(r.value)}</code>
                  ) : (
                    <input
                      type="text"
                      aria-label={`Value of ${r.key}`}
                      value={r.value}
                      disabled={r.removed}
                      spellCheck={false}
                      onChange={(e) => setRows((rs) => rs?.map((x) => (x.key === r.key ? { ...x, value: e.target.value } : x)) ?? rs)}
                    />
                  )}
                </td>
                <td>
                  {addonKeys.has(r.key) ? (
                    <button type="button" aria-label={revealed.has(r.key) ? `Hide ${r.key}` : `Reveal ${r.key}`} onClick={() => setRevealed((set) => toggled(set, r.key))}>
                      {revealed.has(r.key) ? 'Hide' : 'Reveal'}
                    </button>
                  ) : null}
                </td>
                <td>
                  <button type="button" aria-label={r.removed ? `Keep ${r.key}` : `Remove ${r.key}`} onClick={() => setRows((rs) => rs?.map((x) => (x.key === r.key ? { ...x, removed: !x.removed } : x)) ?? rs)}>
                    {r.removed ? 'Keep' : 'Remove'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="config-add" onSubmit={(e) => { e.preventDefault(); addRow(); }}>
        <label>Name <input type="text" value={newKey} onChange={(e) => setNewKey(e.target.value)} aria-label="New config var name" spellCheck={false} placeholder="DATABASE_URL" /></label>
        <label>Value <input type="text" value={newValue} onChange={(e) => setNewValue(e.target.value)} aria-label="New config var value" spellCheck={false} /></label>
        <button type="submit">Add</button>
      </form>
      <div className="actions">
        <button type="button" onClick={() => void save()} disabled={saving || !dirty} aria-busy={saving}>{saving ? 'Saving…' : 'Save config vars'}</button>
        {problem ? <span className="error" role="alert">{problem}</span> : null}
        {status ? <span className="muted" role="status">{status}</span> : null}
      </div>
    </section>
  );
}

function toggled(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(key)) next.add(key);
  return next;
}
