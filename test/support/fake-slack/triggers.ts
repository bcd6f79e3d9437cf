import { SlackApiError } from "./errors.js";
import { triggerId, type FakeClock } from "./ids.js";

/** Slack: a trigger_id is valid for 3 seconds and can be exchanged (views.open/push) once. */
export const TRIGGER_LIFETIME_MS = 3000;

interface Trigger {
  userId: string;
  issuedAt: number;
  exchanged: boolean;
  forcedExpired: boolean;
}

export class TriggerRegistry {
  private readonly triggers = new Map<string, Trigger>();

  constructor(private readonly clock: FakeClock) {}

  issue(userId: string): string {
    const id = triggerId();
    this.triggers.set(id, { userId, issuedAt: this.clock.now(), exchanged: false, forcedExpired: false });
    return id;
  }

  /** Make a trigger expired now, so a test can simulate a slow handler without sleeping. */
  expire(id: string): void {
    const trigger = this.triggers.get(id);
    if (trigger === undefined) throw new Error(`expireTrigger: unknown trigger_id ${id}`);
    trigger.forcedExpired = true;
  }

  /** Spend a trigger; answers the user it was issued for, or throws Slack's error. */
  exchange(id: string | undefined): string {
    const trigger = id === undefined ? undefined : this.triggers.get(id);
    if (trigger === undefined) throw new SlackApiError("invalid_trigger_id", ["invalid `trigger_id`"]);
    if (trigger.exchanged) throw new SlackApiError("exchanged_trigger_id", ["trigger_id was already exchanged"]);
    const age = this.clock.now() - trigger.issuedAt;
    if (trigger.forcedExpired || age > TRIGGER_LIFETIME_MS) {
      throw new SlackApiError("expired_trigger_id", [`trigger_id is ${age} ms old; it expires after ${TRIGGER_LIFETIME_MS} ms`]);
    }
    trigger.exchanged = true;
    return trigger.userId;
  }

  clear(): void {
    this.triggers.clear();
  }
}
