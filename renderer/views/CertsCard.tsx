// Local HTTPS in Preferences: the HTTPS address, whether this machine trusts the local certificate
// authority, and a button that installs it into the trust stores after showing what that will do.
import { useEffect, useState } from 'react';
import type { CertsStatus, TrustStep, TrustStepResult } from '../../shared/certs.js';
import { useServices } from '../state/context.js';

type Mode = 'idle' | 'confirm-trust' | 'confirm-untrust' | 'busy';

export function CertsCard(): React.JSX.Element {
  const { api } = useServices();
  const [status, setStatus] = useState<CertsStatus | null>(null);
  const [mode, setMode] = useState<Mode>('idle');
  const [results, setResults] = useState<TrustStepResult[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api['certs.status']({}).then((res) => {
      if (!live) return;
      if (res.ok) setStatus(res.value);
      else setProblem(res.error.message);
    });
    return () => { live = false; };
  }, [api]);

  async function apply(add: boolean): Promise<void> {
    setMode('busy');
    setProblem(null);
    const res = await api[add ? 'certs.trust' : 'certs.untrust']({});
    setMode('idle');
    if (res.ok) {
      setStatus(res.value.status);
      setResults(res.value.steps);
    } else {
      setProblem(res.error.message);
    }
  }

  if (!status) {
    return (
      <section className="card" aria-labelledby="certs-title">
        <h3 id="certs-title">HTTPS</h3>
        {problem ? <p className="error" role="alert">{problem}</p> : <p className="muted" role="status">Loading…</p>}
      </section>
    );
  }
  const confirming = mode === 'confirm-trust' ? status.trustPlan : mode === 'confirm-untrust' ? status.untrustPlan : null;
  return (
    <section className="card" aria-labelledby="certs-title">
      <h3 id="certs-title">HTTPS</h3>
      {status.tlsPort !== null
        ? <p>Apps also answer at <code>{`https://<app>.localhost:${status.tlsPort}`}</code>.</p>
        : <p className="muted" role="status">HTTPS is off{status.tlsProblem ? `: ${status.tlsProblem}` : '.'}</p>}
      <p role="status" aria-label="Certificate authority status">
        Local certificate authority: <strong>{status.trusted ? 'trusted by this system' : 'not trusted yet'}</strong>
        {' '}<span className="muted">(<code>{status.caCertPath}</code>)</span>
      </p>
      <p className="hint">Browsers accept the HTTPS addresses once this machine trusts Dynodesk&apos;s local certificate authority. It can only vouch for localhost, *.localhost, 127.0.0.1 and ::1.</p>
      {confirming ? (
        <Confirm steps={confirming} add={mode === 'confirm-trust'} onCancel={() => setMode('idle')} onGo={() => void apply(mode === 'confirm-trust')} />
      ) : (
        <div className="row">
          <button type="button" disabled={mode === 'busy'} onClick={() => { setResults(null); setMode('confirm-trust'); }}>Trust the local certificate authority…</button>
          {status.stores.some((s) => s.trusted) ? (
            <button type="button" disabled={mode === 'busy'} onClick={() => { setResults(null); setMode('confirm-untrust'); }}>Remove trust…</button>
          ) : null}
        </div>
      )}
      {mode === 'busy' ? <p className="muted" role="status">Working… your system may ask for your password.</p> : null}
      {problem ? <p className="error" role="alert">{problem}</p> : null}
      {results ? <Results results={results} /> : null}
    </section>
  );
}

function Confirm({ steps, add, onCancel, onGo }: { steps: TrustStep[]; add: boolean; onCancel(): void; onGo(): void }): React.JSX.Element {
  return (
    <section aria-label={add ? 'What trusting does' : 'What removing trust does'}>
      {steps.length === 0 ? <p>No trust store found that Dynodesk knows how to change; import the certificate above by hand where you need it.</p> : (
        <>
          <p>{add ? 'This will:' : 'This will remove it from:'}</p>
          <ul>
            {steps.map((s) => (
              <li key={s.store}>
                <strong>{s.store}</strong>: {s.action}{s.manual ? ' (needs administrator rights: you will be shown the command to run)' : ''}
                <div><code>{s.command}</code></div>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="row">
        <button type="button" onClick={onGo} disabled={steps.length === 0}>{add ? 'Trust it' : 'Remove trust'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}

function Results({ results }: { results: TrustStepResult[] }): React.JSX.Element {
  return (
    <ul aria-label="Trust store results">
      {results.map((r) => (
        <li key={r.store}>
          {r.outcome === 'done' ? `Done: ${r.store}` : r.outcome === 'failed' ? `Failed: ${r.store}: ${r.message ?? ''}` : (
            <>To do: {r.store}, run this in a terminal: <code>{r.command}</code></>
          )}
        </li>
      ))}
    </ul>
  );
}
