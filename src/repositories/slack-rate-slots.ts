import type { Db } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";

/**
 * Call slots of Slack Web API methods, shared by every instance on this database (see
 * SlackRateSlot in schema.prisma and src/slack/rate-pacer.ts): the unique key (method, at) decides
 * which instance gets a slot. Plain Prisma calls: the same on SQLite and PostgreSQL.
 */
export class SlackRateSlotRepository {
  constructor(private readonly db: Db) {}

  /** True when this call took the slot; false when another call (of any instance) has it. */
  async take(method: string, at: Date): Promise<boolean> {
    try {
      await this.db.slackRateSlot.create({ data: { method, at } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** The latest slot taken for `method`, if any. */
  async latest(method: string): Promise<Date | undefined> {
    return (await this.db.slackRateSlot.findFirst({ where: { method }, orderBy: { at: "desc" }, select: { at: true } }))?.at;
  }

  async purgeBefore(before: Date): Promise<number> {
    const { count } = await this.db.slackRateSlot.deleteMany({ where: { at: { lt: before } } });
    return count;
  }
}
