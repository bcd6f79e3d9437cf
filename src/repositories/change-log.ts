/** The change log: one row per change made from Slack, never updated or deleted. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "../generated/prisma/client.js";
import type { ChangeAction, Changes, EntityType } from "../domain/changes.js";

/** A Prisma client or the client of an open transaction. */
export type DbClient = Prisma.TransactionClient;

export type ChangeEntry = {
  entityType: EntityType;
  entityId: string;
  customerId: string | null;
  action: ChangeAction;
  actorId: string;
  changes: Changes;
  at: Date;
};
export type StoredChange = Omit<ChangeEntry, "entityType" | "action"> & { id: string; entityType: string; action: string };

const changeValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const changesSchema = z.record(z.string(), z.object({ before: changeValue, after: changeValue }));

/** Stored JSON back to Changes; a row that does not parse shows as no field changes rather than failing the page. */
export function parseChanges(raw: string): Changes {
  try {
    const parsed = changesSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const toStored = (r: { id: string; entityType: string; entityId: string; customerId: string | null; action: string; actorId: string; changes: string; createdAt: Date }): StoredChange => ({
  id: r.id,
  entityType: r.entityType,
  entityId: r.entityId,
  customerId: r.customerId,
  action: r.action,
  actorId: r.actorId,
  changes: parseChanges(r.changes),
  at: r.createdAt,
});

/**
 * Ids that sort by time, then by order of creation within one process (UUIDv7 layout: 48-bit
 * milliseconds, a 12-bit sequence, random bits). Entries written in one transaction share their
 * createdAt, so the history orders ties by id and shows them in the order they were made.
 */
let lastMs = 0;
let seq = 0;
export function sortableId(nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
  } else {
    lastMs = nowMs;
    seq = 0;
  }
  const ms = lastMs.toString(16).padStart(12, "0");
  const rand = randomBytes(8).toString("hex");
  const variant = ((parseInt(rand.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${seq.toString(16).padStart(3, "0")}-${variant}${rand.slice(1, 4)}-${rand.slice(4, 16)}`;
}

/**
 * The one writer of the change log. Every entry is stamped with the time the caller took from the
 * app's clock (`at`, never the database's) and a sortable id, so the history orders the same in
 * tests with a pinned clock as in production.
 */
export class ChangeLogRepository {
  constructor(private readonly db: DbClient) {}

  record(e: ChangeEntry): Promise<void> {
    return this.recordMany([e]);
  }

  /** Many entries in statements of 1,000 rows (deleting an SLA can move thousands of customers). */
  async recordMany(entries: readonly ChangeEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 1000) {
      await this.db.changeLog.createMany({
        data: entries.slice(i, i + 1000).map((e) => ({
          id: sortableId(e.at.getTime()),
          entityType: e.entityType,
          entityId: e.entityId,
          customerId: e.customerId,
          action: e.action,
          actorId: e.actorId,
          changes: JSON.stringify(e.changes),
          createdAt: e.at,
        })),
      });
    }
  }

  /** The customer's changes, newest first (index ChangeLog(customerId, createdAt)). */
  async forCustomer(customerId: string, o: { limit: number; offset: number }): Promise<{ items: StoredChange[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.db.changeLog.findMany({ where: { customerId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: o.offset, take: o.limit }),
      this.db.changeLog.count({ where: { customerId } }),
    ]);
    return { items: rows.map(toStored), total };
  }

  /** The entries that removed these entities (their last known values, for labels in the history). */
  async deletions(entityType: EntityType, entityIds: string[]): Promise<StoredChange[]> {
    if (entityIds.length === 0) return [];
    const rows = await this.db.changeLog.findMany({ where: { entityType, entityId: { in: entityIds }, action: "deleted" } });
    return rows.map(toStored);
  }
}
