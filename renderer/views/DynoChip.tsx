// One dyno: state (and, when crashed, when it restarts), uptime, restarts, CPU and memory; click to
// open its terminal; restart/stop actions.
import { useState } from 'react';
import type { DynoDTO } from '../../shared/types.js';
import { useNow, useServices } from '../state/context.js';
import { formatBytes, formatPercent, formatUptime } from '../format.js';
import { restartCountdown } from '../../shared/countdown.js';

export function DynoChip({ app, dyno, onOpenTerminal }: { app: string; dyno: DynoDTO; onOpenTerminal(d: string): void }): React.JSX.Element {
  const { api } = useServices();
  const now = useNow(1000);
  const [busy, setBusy] = useState<'restart' | 'stop' | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(kind: 'restart' | 'stop'): Promise<void> {
    setBusy(kind);
    setError(null);
    const res = kind === 'restart'
      ? await api['ps.restart']({ app, target: dyno.name })
      : await api['ps.stop']({ app, dyno: dyno.name });
    setBusy(null);
    if (!res.ok) setError(res.error.message);
  }

  const live = dyno.state === 'up' || dyno.state === 'starting';
  return (
    <div className={`chip chip-${dyno.state}`} data-dyno={dyno.name}>
      <button type="button" className="chip-main" aria-label={`Open terminal for ${dyno.name} (${dyno.state})`} onClick={() => onOpenTerminal(dyno.name)}>
        <span className="chip-name">{dyno.name}</span>
        <span className={`dot dot-${dyno.state}`} aria-hidden="true" />
        <span className="chip-state">{dyno.state}</span>
        {dyno.restartAt !== null ? <span className="chip-restart">{restartCountdown(dyno.restartAt, now)}</span> : null}
      </button>
      <dl className="chip-stats">
        <dt>up</dt><dd>{live ? formatUptime(dyno.startedAt, now) : '–'}</dd>
        <dt>release</dt><dd>{dyno.release === null ? '–' : `v${dyno.release}`}</dd>
        <dt>restarts</dt><dd>{dyno.restarts}</dd>
        <dt>cpu</dt><dd>{formatPercent(dyno.cpuPercent)}</dd>
        <dt>mem</dt><dd>{formatBytes(dyno.memoryBytes)}</dd>
      </dl>
      <div className="chip-actions">
        <button type="button" aria-label={`Restart ${dyno.name}`} disabled={busy !== null} onClick={() => void act('restart')}>
          {busy === 'restart' ? 'Restarting…' : 'Restart'}
        </button>
        <button type="button" aria-label={`Stop ${dyno.name}`} disabled={busy !== null || dyno.state === 'down'} onClick={() => void act('stop')}>
          {busy === 'stop' ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </div>
  );
}
