// What an app's builds keep on disk: its slugs (one per kept release) and its build cache, which the
// next build restores; purging the cache makes the next build install everything afresh.
import { useState } from 'react';
import { formatBytes } from '../format.js';
import { useServices } from '../state/context.js';

export function BuildCache({ app, slugBytes, cacheBytes, onPurged }: { app: string; slugBytes: number; cacheBytes: number; onPurged(): void }): React.JSX.Element {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);

  async function purge(): Promise<void> {
    setBusy(true);
    setNote(null);
    const res = await api['builds.cachePurge']({ app });
    setBusy(false);
    setNote(res.ok ? { text: `Build cache purged (${formatBytes(res.value.freedBytes)} freed)`, error: false } : { text: res.error.message, error: true });
    onPurged();
  }

  return (
    <div>
      <dl className="summary">
        <div><dt>Slugs</dt><dd aria-label="Slug size">{formatBytes(slugBytes)}</dd></div>
        <div><dt>Build cache</dt><dd aria-label="Build cache size">{formatBytes(cacheBytes)}</dd></div>
      </dl>
      <div className="row">
        <button type="button" onClick={() => void purge()} disabled={busy}>{busy ? 'Purging…' : 'Purge build cache'}</button>
        {note ? <span className={note.error ? 'error' : undefined} role={note.error ? 'alert' : 'status'}>{note.text}</span> : null}
      </div>
    </div>
  );
}
