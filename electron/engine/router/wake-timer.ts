// A timer that runs only while there is work: an idle router must not wake up at all (with 20 idle
// dynos the whole engine stays under 1% CPU). Each run says when it wants to run next, or that it is
// done until someone wakes it again.

export class WakeTimer {
  /** how many times it fired (diagnostics: an idle router's counts stay still) */
  fired = 0;
  private timer: NodeJS.Timeout | null = null;
  private dueAt = 0;

  /** run: returns the delay (ms) until the next run, or false to sleep until woken. */
  constructor(private readonly run: () => number | false) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** Makes sure a run happens within `ms` (an earlier scheduled run is kept). */
  wake(ms: number): void {
    const due = Date.now() + ms;
    if (this.timer) {
      if (this.dueAt <= due) return;
      clearTimeout(this.timer);
    }
    this.dueAt = due;
    this.timer = setTimeout(this.fire, ms);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.fired++;
    const next = this.run();
    if (next !== false && this.timer === null) this.wake(next);
  };
}
