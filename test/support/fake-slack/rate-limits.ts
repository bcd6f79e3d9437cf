/**
 * Rolling-window rate limits per Web API method, per app (the fake hosts one app in one workspace).
 * Slack's tiers: chat.update is Tier 3 (~50/min); views.*, users.info and the two files.* upload
 * methods are Tier 4 (~100/min).
 * Each method has its own window, as Slack counts per method.
 */
export const RATE_WINDOW_MS = 60_000;

export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = {
  "chat.update": 50,
  "views.open": 100,
  "views.push": 100,
  "views.update": 100,
  "views.publish": 100,
  "users.info": 100,
  "files.getUploadURLExternal": 100,
  "files.completeUploadExternal": 100,
};

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limits: Readonly<Record<string, number>>,
    private readonly enforce: boolean,
  ) {}

  /** Record a call if it is allowed; a rejected call does not count against the window. */
  hit(method: string, now: number): RateDecision {
    const limit = this.limits[method];
    if (limit === undefined) return { allowed: true };
    const recent = this.recent(method, now);
    if (this.enforce && recent.length >= limit) {
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000)) };
    }
    recent.push(now);
    return { allowed: true };
  }

  /** Calls per limited method in the current window. */
  counts(now: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const method of Object.keys(this.limits)) counts[method] = this.recent(method, now).length;
    return counts;
  }

  reset(): void {
    this.hits.clear();
  }

  private recent(method: string, now: number): number[] {
    const kept = (this.hits.get(method) ?? []).filter((t) => t > now - RATE_WINDOW_MS);
    this.hits.set(method, kept);
    return kept;
  }
}
