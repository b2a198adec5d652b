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
  /** A hidden terminal takes output more slowly, leaving the main thread to what the user sees. */
  setVisible(visible: boolean): void;
  focus(): void;
  stop(): void;
}

const ACK_EVERY_CHARS = 32 * 1024;
const ACK_DELAY_MS = 50;
/**
 * Characters handed to xterm per frame. xterm parses and renders on the main thread; feeding it a
 * flood as fast as it arrives starves clicks and paints. Pacing the intake per frame keeps the UI
 * responsive, and because we only acknowledge what xterm has processed, the engine's watermarks
 * pause the pty instead of letting the backlog grow.
 */
const VISIBLE_CHARS_PER_FRAME = 96 * 1024;
const HIDDEN_CHARS_PER_FRAME = 24 * 1024;
/** When the page itself is hidden, animation frames stop; keep draining slowly on a timer. */
const BACKGROUND_PUMP_MS = 100;
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

  let visible = true;
  const queue: string[] = [];
  let pumping = false;
  let frame: number | null = null;
  let pumpTimer: ReturnType<typeof setTimeout> | null = null;

  function consumed(chars: number): void {
    unacked += chars;
    if (unacked >= ACK_EVERY_CHARS) sendAck();
    else if (ackTimer === null) ackTimer = setTimeout(sendAck, ACK_DELAY_MS);
  }

  function schedulePump(): void {
    if (document.visibilityState === 'visible') frame = requestAnimationFrame(() => { frame = null; pump(); });
    else pumpTimer = setTimeout(() => { pumpTimer = null; pump(); }, BACKGROUND_PUMP_MS);
  }

  /** One frame's worth of output into xterm; the next slice waits until xterm has parsed this one. */
  function pump(): void {
    if (stopped) return;
    const budget = visible ? VISIBLE_CHARS_PER_FRAME : HIDDEN_CHARS_PER_FRAME;
    let chunk = '';
    while (queue.length > 0 && chunk.length < budget) {
      const next = queue[0]!;
      const room = budget - chunk.length;
      if (next.length <= room) { chunk += next; queue.shift(); }
      else { chunk += next.slice(0, room); queue[0] = next.slice(room); }
    }
    if (chunk.length === 0) { pumping = false; return; }
    term.write(chunk, () => {
      // Called once xterm has parsed this chunk: only now does it count as consumed.
      consumed(chunk.length);
      if (queue.length > 0) schedulePump();
      else pumping = false;
    });
  }

  function write(data: string): void {
    queue.push(data);
    if (!pumping) { pumping = true; schedulePump(); }
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
    setVisible(v: boolean) { visible = v; },
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
      if (frame !== null) cancelAnimationFrame(frame);
      if (pumpTimer !== null) clearTimeout(pumpTimer);
      queue.length = 0;
      void api['terminal.close']({ app, dyno });
      term.dispose();
    },
  };
}
