// Export…: the app's current release as Docker Compose or Kubernetes files. The engine renders them
// (apps.export) for the preview, and writes them into the folder typed here on Save — the same
// command the CLI runs, so the UI and `dynodesk export` always produce the same files.
import { useEffect, useRef, useState } from 'react';
import type { ExportFile, ExportTarget } from '../../shared/export.js';
import { useServices } from '../state/context.js';

const TARGETS: readonly { id: ExportTarget; label: string; main: string }[] = [
  { id: 'compose', label: 'Docker Compose', main: 'compose.yaml' },
  { id: 'kubernetes', label: 'Kubernetes', main: 'kustomization.yaml' },
];

/** The engine's refusal names the CLI's flag; in this dialog the checkbox does the same. */
function inDialogWords(message: string): string {
  return message.replace('pass --force to write', 'tick "Overwrite a folder that is not empty" to write');
}

/** The Export… button and the modal dialog it opens. */
export function ExportButton({ app }: { app: string }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>Export…</button>
      {open ? <ExportDialog app={app} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

export function ExportDialog({ app, onClose }: { app: string; onClose(): void }): React.JSX.Element {
  const { api } = useServices();
  const dialog = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState<ExportTarget>('compose');
  const [host, setHost] = useState('');
  const [externalAddons, setExternalAddons] = useState(false);
  const [files, setFiles] = useState<ExportFile[] | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [folder, setFolder] = useState('');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    // A native modal: focus stays inside, Escape closes it, the page behind is inert.
    dialog.current?.showModal();
  }, []);

  const options = target === 'kubernetes' ? { ...(host.trim() ? { host: host.trim() } : {}), ...(externalAddons ? { externalAddons: true } : {}) } : {};

  useEffect(() => {
    let live = true;
    setProblem(null);
    // A new preview is not what was saved.
    setSaved(null);
    void api['apps.export']({ app, target, ...options }).then((res) => {
      if (!live) return;
      if (res.ok) {
        const { files: next } = res.value;
        // Keep the file on show when the target has it too, else open the target's main file (the list is sorted, dotfiles first).
        const main = TARGETS.find((t) => t.id === target)?.main;
        setFiles(next);
        setShown((cur) => (next.some((f) => f.path === cur) ? cur : (next.find((f) => f.path === main) ?? next[0])?.path ?? null));
      } else {
        setFiles(null);
        setProblem(res.error.message);
      }
    });
    return () => { live = false; };
    // `options` is derived from target, host and externalAddons.
  }, [api, app, target, host, externalAddons]);

  async function save(): Promise<void> {
    setBusy(true);
    setProblem(null);
    setSaved(null);
    const res = await api['apps.export']({ app, target, ...options, outputDir: folder.trim(), ...(force ? { force: true } : {}) });
    setBusy(false);
    if (res.ok) {
      // The written files name the build context relative to the folder: show exactly what was saved.
      setFiles(res.value.files);
      setSaved(`Saved ${res.value.files.length} files to ${res.value.outputDir ?? folder}. The .env files hold secrets: keep them out of version control.`);
    } else {
      setProblem(inDialogWords(res.error.message));
    }
  }

  const current = files?.find((f) => f.path === shown) ?? null;
  return (
    <dialog ref={dialog} className="export-dialog" aria-label={`Export ${app}`} onClose={onClose}>
      <h2>Export {app}</h2>
      <fieldset className="row">
        <legend>Target</legend>
        {TARGETS.map((t) => (
          <label key={t.id}>
            <input type="radio" name="export-target" value={t.id} checked={target === t.id} onChange={() => setTarget(t.id)} />
            {t.label}
          </label>
        ))}
      </fieldset>
      {target === 'kubernetes' ? (
        <div className="row">
          <label>Ingress host <input type="text" value={host} placeholder={`${app}.example.com`} onChange={(e) => setHost(e.target.value)} /></label>
          <label><input type="checkbox" checked={externalAddons} onChange={(e) => setExternalAddons(e.target.checked)} /> Add-ons run elsewhere (only their Secret keys)</label>
        </div>
      ) : null}
      {files ? (
        <div className="row" role="tablist" aria-label="Exported files">
          {files.map((f) => (
            <button key={f.path} type="button" role="tab" aria-selected={f.path === shown} onClick={() => setShown(f.path)}>
              {/* Words, not an emoji: a machine without an emoji font shows a box. */}
              {f.path}{f.secret ? <span className="muted"> (secret)</span> : null}
            </button>
          ))}
        </div>
      ) : <p className="muted" role="status">{problem ? '' : 'Rendering…'}</p>}
      {current ? <pre className="export-preview" aria-label={`Preview of ${current.path}`}>{current.content}</pre> : null}
      <div className="row">
        <label>Save into folder <input type="text" value={folder} placeholder="/home/me/my-app/deploy" size={40} onChange={(e) => setFolder(e.target.value)} /></label>
        <label><input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Overwrite a folder that is not empty</label>
      </div>
      <p className="muted">A full path. A new or empty folder, unless you tick overwrite. The preview assumes the app's own folder; saving sets the build context relative to the folder you choose.</p>
      {problem ? <p className="error" role="alert">{problem}</p> : null}
      {saved ? <p role="status">{saved}</p> : null}
      <div className="row">
        <button type="button" onClick={() => void save()} disabled={busy || folder.trim() === '' || files === null}>{busy ? 'Saving…' : 'Save'}</button>
        <button type="button" onClick={() => dialog.current?.close()}>Close</button>
      </div>
    </dialog>
  );
}
