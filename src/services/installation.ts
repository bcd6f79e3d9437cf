/**
 * The app's Slack installation: whether SLACK_BOT_TOKEN is still good. When Slack says the app
 * was uninstalled (app_uninstalled) or its bot token revoked (tokens_revoked), that is recorded
 * against a fingerprint of the token; from then on this process calls Slack no more (the Web API
 * client answers token_revoked itself, see src/slack/bolt-app.ts), whatever was registered with
 * onRevoked stops (the scheduled SLA summaries, the Socket Mode connection), and a later start
 * with the same token is refused until a new installation's token is configured.
 */
import { createHash } from "node:crypto";
import type { SlackRevocationRecord, SlackRevocationRepository } from "../repositories/slack-revocations.js";
import { StartupError } from "../startup-error.js";

export type RevocationEvent = "app_uninstalled" | "tokens_revoked";

/** The first 32 hex characters of the token's SHA-256: enough to recognise it, nothing to use. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 32);
}

export class SlackInstallation {
  private revokedRecord: SlackRevocationRecord | undefined;
  private readonly listeners: (() => void | Promise<void>)[] = [];
  private readonly fingerprint: string;

  constructor(private readonly deps: { revocations: SlackRevocationRepository; botToken: string; clock: () => Date }) {
    this.fingerprint = tokenFingerprint(deps.botToken);
  }

  /** False once Slack revoked this process's token. */
  get active(): boolean {
    return this.revokedRecord === undefined;
  }

  /** At start-up: refuses a token Slack revoked earlier (StartupError), before anything calls Slack with it. */
  async assertNotRevoked(): Promise<void> {
    const record = await this.deps.revocations.find(this.fingerprint);
    if (record) throw new StartupError({ code: "uninstalled", event: record.event, teamId: record.teamId, at: record.revokedAt });
  }

  /** Runs `stop` once, when the token is revoked. */
  onRevoked(stop: () => void | Promise<void>): void {
    this.listeners.push(stop);
  }

  /** Records the revocation and stops what calls Slack. True the first time, false for a repeat (Slack retries events). */
  async revoke(event: RevocationEvent, teamId: string): Promise<boolean> {
    if (this.revokedRecord) return false;
    const record = await this.deps.revocations.record({ tokenFingerprint: this.fingerprint, teamId, event, revokedAt: this.deps.clock() });
    if (this.revokedRecord) return false;
    this.revokedRecord = record;
    await Promise.allSettled(this.listeners.map(async (stop) => stop()));
    return true;
  }
}
