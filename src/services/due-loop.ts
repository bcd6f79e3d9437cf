/**
 * The worker loop of a durable queue (the Slack delivery queue, the email outbox): one pass at a
 * time over what is due, another pass when work arrived during one, then a timer for the next due
 * row (or the poll, whichever comes first). Stopping lets the pass under way finish for up to
 * `stopWaitMs`; what it leaves is taken by the next start, or by another instance once its lease
 * runs out. The queue's own pass decides what "due" means and checks `stopping` between items.
 */
export type DueLoopOptions = {
  /** One pass over what is due; it calls `takeArrived()` to know whether to go round again. */
  pass: () => Promise<void>;
  /** When the next row falls due, if the queue knows (sooner than the poll when a retry is due first). */
  nextDue: () => Promise<Date | null | undefined>;
  pollMs: number;
  now: () => number;
  /** A pass that threw: logged; the loop tries again at the next kick or timer. */
  onError: (error: unknown) => void;
  stopWaitMs?: number;
};

export class DueLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private arrived = false;
  private started = false;
  private stopped = false;

  constructor(private readonly o: DueLoopOptions) {}

  /** True once stop() was called: a pass returns at its next item. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Whether work was kicked in since the last call (and forgets it). */
  takeArrived(): boolean {
    const arrived = this.arrived;
    this.arrived = false;
    return arrived;
  }

  start(): void {
    this.started = true;
    this.stopped = false;
    this.kick();
  }

  /** Looks now (a row was just written). */
  kick(): void {
    if (!this.started) return;
    void this.runDue().catch(this.o.onError);
  }

  /** Runs a pass now, or asks the pass under way to go round again (tests step through with it). */
  runDue(): Promise<void> {
    if (this.running) {
      this.arrived = true;
      return this.running;
    }
    this.running = this.o.pass().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, this.o.stopWaitMs ?? 5_000)))]);
    clearTimeout(timer);
  }

  private schedule(): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    if (this.takeArrived()) return this.kick();
    void this.o
      .nextDue()
      .catch(() => undefined)
      .then((next) => {
        if (!this.started) return;
        const poll = this.o.pollMs;
        const wait = next ? Math.max(0, Math.min(poll, next.getTime() - this.o.now())) : poll;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.kick(), wait);
        this.timer.unref();
      });
  }
}
