import type { Db } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";

/**
 * Claims of Slack requests that write (see RequestClaim in schema.prisma): one row per key, so the
 * database decides which of two deliveries of the same request goes first, on any instance. Plain
 * Prisma calls: the same on SQLite and PostgreSQL.
 */
export class RequestClaimRepository {
  constructor(private readonly db: Db) {}

  /** True for the first claim of `key`; false when it was claimed before (a replay or a retry). */
  async claim(key: string, now: Date): Promise<boolean> {
    try {
      await this.db.requestClaim.create({ data: { key, createdAt: now } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Gives a key back: the request wrote nothing (it failed, or answered with field errors), so it may be sent again. */
  async release(key: string): Promise<void> {
    await this.db.requestClaim.deleteMany({ where: { key } });
  }

  async purgeBefore(before: Date): Promise<number> {
    const { count } = await this.db.requestClaim.deleteMany({ where: { createdAt: { lt: before } } });
    return count;
  }
}
