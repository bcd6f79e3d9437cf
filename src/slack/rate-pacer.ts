/**
 * Slack's per-method rate limits for all instances together. Slack counts calls per app and method
 * (chat.update: Tier 3, about 50 a minute), not per process, so a pacer in memory lets two
 * instances send twice the limit. This one is shared through the database: a method's minute is
 * cut into slots 60 s / perMinute apart, and a call first takes the next free slot with one insert
 * on a unique key (SlackRateSlot), then waits for the slot's start (a call that gets the current
 * slot goes at once). Any number of instances thus send at most perMinute + 1 calls of the method
 * in any minute (45 + 1 of chat.update, under Slack's 50), without talking to each other.
 *
 * Why not one owner per channel: chat.update's limit is for the whole app, not per channel, and
 * every instance updates messages in many channels (the tickets channel, import threads), so
 * owning channels would not bound the sum; an owner would also need leases and a hand-over when an
 * instance stops. A slot is one insert per call (a few ms), and nothing needs handing over.
 *
 * Paced here: chat.update (ticket messages, import progress and the queued import reports). The
 * other limited methods are answers to a person's click or command (views.*, each bound to a
 * 3-second trigger that cannot wait for a slot) or cached (users.info, src/slack/people.ts); a 429
 * on them is waited out with its Retry-After by the Web API client or the delivery queue.
 *
 * Times are the machine's clock (Date.now), not the app's (which tests pin to a date); instances'
 * clocks are assumed within a second or so of each other (NTP): a skew lets two calls land closer
 * together than a slot, never more calls than slots.
 */
import type { SlackRateSlotRepository } from "../repositories/slack-rate-slots.js";

/** Calls per minute this app allows itself, below Slack's limits (chat.update ~50) for a margin. */
export const PACED_PER_MINUTE: Readonly<Record<string, number>> = { "chat.update": 45 };
/** How far ahead a call may book a slot (a longer queue of updates waits for its turn in memory first). */
const MAX_TRIES = 30;
const KEEP_MS = 10 * 60_000;
const PURGE_EVERY_MS = 60_000;

export type RatePacerOptions = { perMinute?: Record<string, number>; now?: () => number; sleep?: (ms: number) => Promise<void> };

export class SharedRatePacer {
  private readonly perMinute: Record<string, number>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private lastPurge = 0;

  constructor(
    private readonly repo: SlackRateSlotRepository,
    o: RatePacerOptions = {},
  ) {
    this.perMinute = { ...PACED_PER_MINUTE, ...o.perMinute };
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private interval(method: string): number | undefined {
    const n = this.perMinute[method];
    return n ? Math.ceil(60_000 / n) : undefined; // whole milliseconds: every instance computes the same slot times
  }

  /**
   * Waits for a slot of `method` (any instance's calls count), then resolves: the caller makes its
   * call now. With `waitMs`, takes a slot only if one starts within that time and answers false
   * otherwise (an import's progress update, which the next one overtakes, takes only a free slot).
   */
  async slot(method: string, o: { waitMs?: number } = {}): Promise<boolean> {
    const interval = this.interval(method);
    if (interval === undefined) return true;
    await this.purge();
    const now = this.now();
    const current = Math.floor(now / interval) * interval;
    const latest = (await this.repo.latest(method))?.getTime();
    let at = latest !== undefined && latest >= current ? latest + interval : current;
    for (let tries = 0; tries < MAX_TRIES; tries++, at += interval) {
      if (o.waitMs !== undefined && at - now > o.waitMs) return false;
      if (await this.repo.take(method, new Date(at))) {
        const wait = at - this.now();
        if (wait > 0) await this.sleep(wait);
        return true;
      }
    }
    // Many instances booked far ahead at once: wait a slot's length and try from the latest again.
    if (o.waitMs !== undefined) return false;
    await this.sleep(interval);
    return this.slot(method, o);
  }

  private async purge(): Promise<void> {
    const now = this.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.repo.purgeBefore(new Date(now - KEEP_MS)).catch(() => undefined);
  }
}
