/**
 * Exactly-once for Slack requests that write. Slack retries events, a person can double-click, and
 * anyone who captured a signed request can replay it for 5 minutes (the signature's window): the
 * first delivery of a request claims its key in the database, any later one finds it taken and
 * does nothing. The claim is in the database, not in memory, because several instances of the app
 * may share one database and a retry may reach another instance.
 *
 * A request that wrote nothing (it failed, or answered with field errors to correct) gives its
 * claim back, so the person can send it again. A process that dies between the claim and the
 * write leaves the claim: that request is then treated as done (never written twice, at worst
 * not written; the person sees Slack's "trouble connecting" and starts over).
 */
import type { RequestClaimRepository } from "../repositories/request-claims.js";

export type OnceOutcome<T> = { kind: "first"; value: T } | { kind: "repeat" };

/** Claims older than this are deleted: Slack refuses a signature more than 5 minutes old. */
const KEEP_MS = 24 * 3600_000;
const PURGE_EVERY_MS = 3600_000;

export class RequestClaimService {
  private lastPurge = 0;

  constructor(private readonly deps: { claims: RequestClaimRepository; clock: () => Date }) {}

  /**
   * Runs `work` if this is the first delivery of the request `key`. `wrote` says whether the
   * result wrote anything (default: yes); if not, the claim is given back. A failure gives it back too.
   */
  async once<T>(key: string, work: () => Promise<T>, wrote: (value: T) => boolean = () => true): Promise<OnceOutcome<T>> {
    const now = this.deps.clock();
    await this.purge(now);
    if (!(await this.deps.claims.claim(key, now))) return { kind: "repeat" };
    let value: T;
    try {
      value = await work();
    } catch (error) {
      await this.deps.claims.release(key).catch(() => undefined);
      throw error;
    }
    if (!wrote(value)) await this.deps.claims.release(key);
    return { kind: "first", value };
  }

  private async purge(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    await this.deps.claims.purgeBefore(new Date(now.getTime() - KEEP_MS)).catch(() => undefined);
  }
}
