// Quitting: hold the quit, stop every dyno through the engine while showing progress, then let
// the quit through. Plain logic with injected effects so it needs no Electron to reason about.

export interface QuitFlowOptions {
  /** engine.close(onProgress) plus anything else to stop (control socket, IPC). */
  stop(onProgress: (line: string) => void): Promise<void>;
  /** Shown to the user ("Stopping web.1…"). */
  progress(line: string): void;
  /** Called once stop() settled (or timed out): really quit now. */
  finish(code: number): void;
  /** Upper bound on the whole stop; the engine's own grace periods are well inside it. */
  timeoutMs: number;
}

export interface QuitFlow {
  /** For before-quit: true means "prevent this quit, we are stopping first". */
  shouldHoldQuit(): boolean;
  readonly state: 'running' | 'stopping' | 'done';
}

export function createQuitFlow(opts: QuitFlowOptions): QuitFlow {
  let state: 'running' | 'stopping' | 'done' = 'running';
  const run = async (): Promise<void> => {
    let code = 0;
    let timer: NodeJS.Timeout | null = null;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
    });
    try {
      opts.progress('Stopping dynos…');
      const outcome = await Promise.race([opts.stop((line) => opts.progress(line)), timeout]);
      if (outcome === 'timeout') {
        opts.progress('Some dynos did not stop in time; quitting anyway.');
        code = 1;
      }
    } catch (err) {
      opts.progress(`Error while stopping: ${err instanceof Error ? err.message : String(err)}`);
      code = 1;
    } finally {
      if (timer) clearTimeout(timer);
    }
    state = 'done';
    opts.finish(code);
  };
  return {
    get state() {
      return state;
    },
    shouldHoldQuit() {
      if (state === 'done') return false;
      if (state === 'running') {
        state = 'stopping';
        void run();
      }
      return true;
    },
  };
}
