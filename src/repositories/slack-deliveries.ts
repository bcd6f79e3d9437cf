/**
 * The queue of Slack deliveries (see SlackDelivery in schema.prisma and src/slack/delivery-queue.ts).
 * Every claim is a conditional update (a lease taken only where none is held or it ran out), so
 * two instances on one database never both hold a delivery. Plain Prisma: the same on SQLite and
 * PostgreSQL.
 */
import type { Db } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";
import type { SlackDelivery } from "../generated/prisma/client.js";
import { uuidV7 } from "./import-store.js";

export type { SlackDelivery };
export type DeliveryHead = Omit<SlackDelivery, "file">;
export const DeliveryStatus = { pending: "pending", sent: "sent", failed: "failed" } as const;

export type NewDelivery = { key: string; orderKey: string; method: string; payload: string; file?: Uint8Array; purpose?: string };

const HEAD = {
  id: true,
  key: true,
  orderKey: true,
  method: true,
  payload: true,
  purpose: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  leaseOwner: true,
  leaseUntil: true,
  lastError: true,
  createdAt: true,
  sentAt: true,
} as const;

export class SlackDeliveryRepository {
  constructor(private readonly db: Db) {}

  /** Queues a delivery once per key: false when that key was queued before (nothing changes then). */
  async enqueue(d: NewDelivery, now: Date): Promise<boolean> {
    try {
      await this.db.slackDelivery.create({
        data: {
          id: uuidV7(now.getTime()),
          key: d.key,
          orderKey: d.orderKey,
          method: d.method,
          payload: d.payload,
          ...(d.file ? { file: new Uint8Array(d.file.buffer, d.file.byteOffset, d.file.byteLength) as Uint8Array<ArrayBuffer> } : {}),
          ...(d.purpose ? { purpose: d.purpose } : {}),
          status: DeliveryStatus.pending,
          nextAttemptAt: now,
          createdAt: now,
        },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Pending deliveries whose time has come and that nobody holds, oldest first (without their files). */
  due(now: Date, limit: number): Promise<DeliveryHead[]> {
    return this.db.slackDelivery.findMany({
      where: { status: DeliveryStatus.pending, nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      orderBy: { id: "asc" },
      take: limit,
      select: HEAD,
    });
  }

  /** When the next pending delivery is due (to sleep until then), if any. */
  async nextDue(): Promise<Date | undefined> {
    const next = await this.db.slackDelivery.findFirst({ where: { status: DeliveryStatus.pending }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
    return next?.nextAttemptAt;
  }

  /** Whether an earlier delivery of the same order key is still pending (then this one waits). */
  async waitsForEarlier(d: Pick<DeliveryHead, "id" | "orderKey">): Promise<boolean> {
    return (await this.db.slackDelivery.count({ where: { orderKey: d.orderKey, status: DeliveryStatus.pending, id: { lt: d.id } } })) > 0;
  }

  /** Takes the delivery for `owner` until `until`, if nobody holds it: true when this owner has it now. */
  async lease(id: string, owner: string, now: Date, until: Date): Promise<boolean> {
    const { count } = await this.db.slackDelivery.updateMany({
      where: { id, status: DeliveryStatus.pending, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseOwner: owner, leaseUntil: until },
    });
    return count === 1;
  }

  /** The file of a delivery (read only when it is sent). */
  async fileOf(id: string): Promise<Buffer | undefined> {
    const row = await this.db.slackDelivery.findUnique({ where: { id }, select: { file: true } });
    return row?.file ? Buffer.from(row.file) : undefined;
  }

  async sent(id: string, owner: string, now: Date): Promise<void> {
    await this.db.slackDelivery.updateMany({
      where: { id, leaseOwner: owner },
      data: { status: DeliveryStatus.sent, sentAt: now, file: null, leaseOwner: null, leaseUntil: null, lastError: null, attempts: { increment: 1 } },
    });
  }

  async retryAt(id: string, owner: string, at: Date, error: string): Promise<void> {
    await this.db.slackDelivery.updateMany({
      where: { id, leaseOwner: owner },
      data: { nextAttemptAt: at, lastError: error.slice(0, 500), leaseOwner: null, leaseUntil: null, attempts: { increment: 1 } },
    });
  }

  async failed(id: string, owner: string, error: string): Promise<void> {
    await this.db.slackDelivery.updateMany({
      where: { id, leaseOwner: owner },
      data: { status: DeliveryStatus.failed, lastError: error.slice(0, 500), file: null, leaseOwner: null, leaseUntil: null, attempts: { increment: 1 } },
    });
  }

  /** Forgets deliveries that ended (sent, or refused for good) before `before`. */
  async purgeEnded(before: Date): Promise<number> {
    const { count } = await this.db.slackDelivery.deleteMany({ where: { status: { in: [DeliveryStatus.sent, DeliveryStatus.failed] }, createdAt: { lt: before } } });
    return count;
  }

  byKey(key: string): Promise<DeliveryHead | null> {
    return this.db.slackDelivery.findUnique({ where: { key }, select: HEAD });
  }
}
