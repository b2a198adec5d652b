// Wires one xterm instance to one dyno's pty through the api. Bytes go from the event straight into
// xterm.write (never React state) and are acknowledged once xterm has processed them, which is what
// lets the engine pause a flooding pty instead of flooding us.
import { Terminal } from '@xterm/xterm';
import type { ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { DynodeskApi } from '../../shared/api.js';

export interface TerminalSession {
  /** Re-fit to the container (after it became visible or changed size). */
  fit(): void;
  focus(): void;
  stop(): void;
}

const ACK_EVERY_CHARS = 32 * 1024;
const ACK_DELAY_MS = 50;
const RESIZE_DELAY_MS = 100;

const DARK: ITheme = { background: '#14161a', foreground: '#d8dde5', cursor: '#d8dde5', selectionBackground: '#3a4560' };
const LIGHT: ITheme = { background: '#fbfbfc', foreground: '#1d2129', cursor: '#1d2129', selectionBackground: '#c5d3f0' };

function themeFor(dark: boolean): ITheme {
  return dark ? DARK : LIGHT;
}

export function startTerminalSession(api: DynodeskApi, app: string, dyno: string, el: HTMLElement, onStatus: (s: string | null, ended?: boolean) => void): TerminalSession {
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const term = new Terminal({
    // Screen-reader mode mirrors the screen into an accessible DOM tree: for assistive tech, and for tests.
    screenReaderMode: true,
    scrollback: 5000,
    fontSize: 13,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    theme: themeFor(scheme.matches),
    allowProposedApi: false,
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  term.open(el);

  let stopped = false;
  let opened = false;
  const early: string[] = [];
  let unacked = 0;
  let ackTimer: ReturnType<typeof setTimeout> | null = null;
  let resizeTimer: ReturnType<typeof setTimeout> | null = null;

  function sendAck(): void {
    if (ackTimer !== null) { clearTimeout(ackTimer); ackTimer = null; }
    if (unacked === 0 || stopped) return;
    const bytes = unacked;
    unacked = 0;
    void api['terminal.ack']({ app, dyno, bytes });
  }

  function write(data: string): void {
    term.write(data, () => {
      // Called once xterm has parsed this chunk: only now does it count as consumed.
      unacked += data.length;
      if (unacked >= ACK_EVERY_CHARS) sendAck();
      else if (ackTimer === null) ackTimer = setTimeout(sendAck, ACK_DELAY_MS);
    });
  }

  const offData = api.on('terminal.data', (p) => {
    if (p.app !== app || p.dyno !== dyno || stopped) return;
    if (opened) write(p.data);
    else early.push(p.data); // arrived before the scrollback: keep order
  });
  const offExit = api.on('terminal.exit', (p) => {
    if (p.app !== app || p.dyno !== dyno || stopped) return;
    const how = p.exitCode === null ? 'was stopped' : `exited with code ${p.exitCode}`;
    term.write(`\r\n\x1b[2m[${dyno} ${how}]\x1b[0m\r\n`);
    onStatus(`${dyno} ${how}`, true);
  });

  const offInput = term.onData((data) => { void api['terminal.input']({ app, dyno, data }); });
  const offResize = term.onResize(({ cols, rows }) => {
    if (resizeTimer !== null) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { resizeTimer = null; void api['terminal.resize']({ app, dyno, cols, rows }); }, RESIZE_DELAY_MS);
  });

  function fit(): void {
    if (stopped || el.clientWidth === 0 || el.clientHeight === 0) return;
    try { fitAddon.fit(); } catch { /* not laid out yet */ }
  }
  const observer = new ResizeObserver(() => fit());
  observer.observe(el);
  const onScheme = (e: MediaQueryListEvent): void => { term.options.theme = themeFor(e.matches); };
  scheme.addEventListener('change', onScheme);

  void api['terminal.open']({ app, dyno }).then((res) => {
    if (stopped) return;
    if (!res.ok) {
      term.write(`\x1b[31m${res.error.message}\x1b[0m\r\n`);
      onStatus(res.error.message, true);
      return;
    }
    // Scrollback first (already on the engine's side of the watermark: no ack), then what raced it.
    if (res.value.scrollback) term.write(res.value.scrollback);
    opened = true;
    for (const d of early.splice(0)) write(d);
    fit();
    void api['terminal.resize']({ app, dyno, cols: term.cols, rows: term.rows });
    onStatus(null);
  });

  return {
    fit,
    focus: () => term.focus(),
    stop() {
      if (stopped) return;
      sendAck();
      stopped = true;
      offData();
      offExit();
      offInput.dispose();
      offResize.dispose();
      observer.disconnect();
      scheme.removeEventListener('change', onScheme);
      if (ackTimer !== null) clearTimeout(ackTimer);
      if (resizeTimer !== null) clearTimeout(resizeTimer);
      void api['terminal.close']({ app, dyno });
      term.dispose();
    },
  };
}
