// Lazy-loaded: pulls in xterm.js and its stylesheet only when the first terminal opens.
import { useEffect, useRef, useState } from 'react';
import '@xterm/xterm/css/xterm.css';
import { useServices } from '../state/context.js';
import { startTerminalSession } from './terminal-session.js';
import type { TerminalSession } from './terminal-session.js';

export function TerminalPane({ app, dyno, visible }: { app: string; dyno: string; visible: boolean }): React.JSX.Element {
  const { api } = useServices();
  const host = useRef<HTMLDivElement>(null);
  const session = useRef<TerminalSession | null>(null);
  const [status, setStatus] = useState<string | null>('Connecting…');
  const [exited, setExited] = useState(false);
  const visibleRef = useRef(visible);
  visibleRef.current = visible;
  /** Bumped by "Reattach": a restarted dyno is a new process with a new pty. */
  const [attach, setAttach] = useState(0);

  useEffect(() => {
    const el = host.current;
    if (!el) return undefined;
    setExited(false);
    const s = startTerminalSession(api, app, dyno, el, (text, ended) => { setStatus(text); if (ended) setExited(true); });
    session.current = s;
    s.setVisible(visibleRef.current);
    return () => { s.stop(); session.current = null; };
  }, [api, app, dyno, attach]);

  useEffect(() => {
    session.current?.setVisible(visible);
    if (!visible) return undefined;
    // After the frame that shows the tab: re-fitting redraws the whole screen.
    const t = setTimeout(() => { session.current?.fit(); session.current?.focus(); }, 0);
    return () => clearTimeout(t);
  }, [visible]);

  return (
    <div className="terminal-wrap">
      {status ? (
        <p className="muted terminal-status" role="status">
          {status}
          {exited ? <button type="button" className="link" onClick={() => setAttach((n) => n + 1)}>Reattach</button> : null}
        </p>
      ) : null}
      {/* keyed by attach: a fresh element per session, since xterm cannot be re-opened in the same one */}
      <div key={attach} className="terminal-host" ref={host} aria-label={`Terminal ${dyno}`} />
    </div>
  );
}
