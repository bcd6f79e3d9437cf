/**
 * How many bytes of inbound email are being read and parsed at once. Each email costs memory in
 * proportion to its size while it is parsed (its body, the decoded text, the parser's pieces), so
 * thirty 9.5 MB emails arriving together took the app past 1 GB of memory. The gate lets emails in
 * while their sizes fit in a byte budget, first come first served; the others wait, without their
 * bodies being read, and one that waits too long (or finds the queue full) is answered
 * 503 with Retry-After by the caller, so that the provider sends it again later.
 */

export type GateOptions = {
  /** bytes of email that may be read and parsed at the same time */
  budgetBytes: number;
  /** how long an email may wait for room before it is turned away */
  waitMs: number;
  /** emails that may wait at the same time; more are turned away at once */
  maxWaiting: number;
};

type Waiter = { bytes: number; admit: () => void; timer: NodeJS.Timeout };

/** A released slot gives its bytes back; calling it twice is harmless. */
export type Release = () => void;

export class IntakeGate {
  private used = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly o: GateOptions) {}

  /** Bytes in use and emails waiting, for logs and tests. */
  get load(): { usedBytes: number; waiting: number } {
    return { usedBytes: this.used, waiting: this.queue.length };
  }

  /**
   * Waits until `bytes` fit (a single email larger than the whole budget is let in alone), then
   * resolves with its release. Resolves undefined when the email is turned away, or when `abandoned`
   * fires first (the sender hung up while waiting).
   */
  enter(bytes: number, abandoned?: (cancel: () => void) => void): Promise<Release | undefined> {
    const size = Math.max(0, bytes);
    if (this.queue.length === 0 && this.fits(size)) return Promise.resolve(this.take(size));
    if (this.queue.length >= this.o.maxWaiting) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        bytes: size,
        admit: () => resolve(this.take(size)),
        timer: setTimeout(() => {
          this.drop(waiter);
          resolve(undefined);
        }, this.o.waitMs),
      };
      this.queue.push(waiter);
      abandoned?.(() => {
        if (this.drop(waiter)) resolve(undefined);
      });
    });
  }

  private fits(bytes: number): boolean {
    return this.used === 0 || this.used + bytes <= this.o.budgetBytes;
  }

  private take(bytes: number): Release {
    this.used += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      this.admitWaiting();
    };
  }

  /** Lets in the emails at the head of the queue while they fit (in order: a big one is not starved). */
  private admitWaiting(): void {
    while (this.queue.length > 0 && this.fits(this.queue[0]!.bytes)) {
      const next = this.queue.shift()!;
      clearTimeout(next.timer);
      next.admit();
    }
  }

  private drop(waiter: Waiter): boolean {
    const at = this.queue.indexOf(waiter);
    if (at < 0) return false;
    this.queue.splice(at, 1);
    clearTimeout(waiter.timer);
    // The head may have been what held the others back.
    if (at === 0) this.admitWaiting();
    return true;
  }
}
