// The schedule of work kept in the database and done when due (the outbox's stores, the files'
// transfers): one drain at a time, a kick during a drain runs another after it, and when nothing is
// due now a timer wakes the loop at the next due time. Stopping waits for the drain under way.

export class DueWorkLoop {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly work: {
      /** Does what is due, until nothing is (it may check `active` to stop early). */
      readonly drain: () => Promise<void>;
      /** When the next piece of work is due (ms), or null when none waits. */
      readonly nextDue: () => number | null;
      readonly now: () => number;
    },
  ) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
    this.kick();
  }

  /** Stops scheduling and waits for the drain under way; what is left stays saved for next time. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.draining;
  }

  /** Does what is due now (call after adding work). */
  kick(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.draining = this.work.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.scheduleNext();
      }
    });
  }

  /** Resolves once nothing is due or under way (for the command line and tests). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private scheduleNext(): void {
    if (!this.running) return;
    const next = this.work.nextDue();
    if (next === null) return;
    this.timer = setTimeout(() => this.kick(), Math.max(0, next - this.work.now()));
    this.timer.unref();
  }
}
