// An app's releases, newest first: version, where it came from, commit, age, status, and a Roll back
// action that asks first. A release whose slug is no longer kept cannot be returned to, and says so.
import { useState } from 'react';
import type { ReleaseDTO, ReleaseSource } from '../../shared/types.js';
import { formatAge } from '../format.js';
import { useNow } from '../state/context.js';

const SOURCE_LABEL: Readonly<Record<ReleaseSource, string>> = {
  folder: 'folder deploy',
  git: 'git push',
  config: 'config change',
  addon: 'add-on change',
  rollback: 'rollback',
};

export interface ReleaseListProps {
  releases: readonly ReleaseDTO[];
  /** Resolves once the engine has answered (the list refreshes itself from the app's events). */
  onRollback(version: number): Promise<void>;
}

function rollbackRefusal(r: ReleaseDTO): string | null {
  if (r.current) return null;
  if (!r.restorable) return 'its slug is no longer kept, so there is nothing to roll back to';
  return null;
}

export function ReleaseList({ releases, onRollback }: ReleaseListProps): React.JSX.Element {
  const now = useNow(30_000);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [rolling, setRolling] = useState<number | null>(null);

  async function rollBack(version: number): Promise<void> {
    setRolling(version);
    await onRollback(version);
    setRolling(null);
    setConfirming(null);
  }

  if (releases.length === 0) return <p className="muted">No releases yet.</p>;
  return (
    <table className="releases" aria-label="Releases">
      <thead>
        <tr><th scope="col">Version</th><th scope="col">Source</th><th scope="col">Commit</th><th scope="col">Age</th><th scope="col">Status</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
      </thead>
      <tbody>
        {releases.map((r) => {
          const refusal = rollbackRefusal(r);
          return (
            <tr key={r.version} aria-label={`Release v${r.version}`} className={r.current ? 'release-current' : undefined}>
              <td>
                <strong>v{r.version}</strong>
                {r.current ? <span className="state state-up">current</span> : null}
                <div className="muted release-desc">{r.description}</div>
              </td>
              <td>{SOURCE_LABEL[r.source]}</td>
              <td>{r.commit ? <code title={r.commit}>{r.commit.slice(0, 7)}</code> : <span className="muted">–</span>}</td>
              <td><time dateTime={r.createdAt} title={new Date(r.createdAt).toLocaleString()}>{formatAge(r.createdAt, now)}</time></td>
              <td className={`release-status-${r.status}`}>{r.status}</td>
              <td className="release-actions">
                {r.current ? null : confirming === r.version ? (
                  <span className="row">
                    <span>Roll back to v{r.version}? A new release runs its code and config vars.</span>
                    <button type="button" className="danger" disabled={rolling !== null} onClick={() => void rollBack(r.version)}>
                      {rolling === r.version ? 'Rolling back…' : `Roll back to v${r.version}`}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)} disabled={rolling !== null}>Cancel</button>
                  </span>
                ) : (
                  <>
                    <button type="button" disabled={refusal !== null || rolling !== null} title={refusal ?? undefined} aria-label={`Roll back to v${r.version}…`} onClick={() => setConfirming(r.version)}>
                      Roll back…
                    </button>
                    {refusal ? <span className="muted release-refusal">Can't roll back: {refusal}.</span> : null}
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
