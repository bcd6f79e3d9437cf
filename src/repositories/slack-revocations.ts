/** Records of Slack telling the app it was uninstalled or its bot token revoked (SlackRevocation). */
import type { Db } from "../db/client.js";

export type SlackRevocationRecord = { tokenFingerprint: string; teamId: string; event: string; revokedAt: Date };

export class SlackRevocationRepository {
  constructor(private readonly db: Db) {}

  find(tokenFingerprint: string): Promise<SlackRevocationRecord | null> {
    return this.db.slackRevocation.findUnique({ where: { tokenFingerprint } });
  }

  /** Records the revocation once: Slack's retries of the event keep the first record. */
  async record(r: SlackRevocationRecord): Promise<SlackRevocationRecord> {
    return this.db.slackRevocation.upsert({ where: { tokenFingerprint: r.tokenFingerprint }, create: r, update: {} });
  }
}
