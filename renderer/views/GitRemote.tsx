// The command that makes a project's git repository push to this app, with a copy button.
import { useRef, useState } from 'react';

/**
 * The clipboard API needs a secure context and, in some browsers, a permission; selecting the text
 * and copying it works where it does not.
 */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.select();
    return document.execCommand('copy');
  }
}

export function GitRemote({ remote }: { remote: string | null }): React.JSX.Element {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const field = useRef<HTMLInputElement>(null);
  if (remote === null) return <p className="muted">This app has no git repository yet.</p>;
  const command = `git remote add dynodesk ${remote}`;
  return (
    <div>
      <p className="muted">In your project, add this app as a remote once; then <code>git push dynodesk main</code> deploys it.</p>
      <div className="row git-remote">
        <input type="text" readOnly aria-label="Git remote command" value={command} ref={field} onFocus={(e) => e.target.select()} spellCheck={false} />
        <button type="button" onClick={() => void copyText(command, field.current).then((ok) => setCopied(ok ? 'yes' : 'no'))}>Copy</button>
        {copied === 'yes' ? <span role="status">Copied</span> : copied === 'no' ? <span role="status">Select it and press Ctrl+C (⌘C)</span> : null}
      </div>
    </div>
  );
}
