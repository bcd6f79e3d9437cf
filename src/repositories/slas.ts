import type { Db } from "../db/client.js";
import { inTransaction } from "../db/transaction.js";
import type { Prisma } from "../generated/prisma/client.js";
import { nameKey } from "../domain/text.js";
import type { SlaInput } from "../domain/sla.js";
import type { Changes } from "../domain/changes.js";
import { ChangeLogRepository } from "./change-log.js";

export type SlaOption = { id: string; name: string; isDefault: boolean };

export class SlaRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<SlaOption[]> {
    return this.db.sla.findMany({ select: { id: true, name: true, isDefault: true }, orderBy: [{ isDefault: "desc" }, { name: "asc" }] });
  }

  findById(id: string) {
    return this.db.sla.findUnique({ where: { id }, include: { businessHours: { orderBy: { weekday: "asc" } } } });
  }

  async nameExists(name: string): Promise<boolean> {
    return (await this.db.sla.count({ where: { nameKey: nameKey(name) } })) > 0;
  }

  async defaultId(): Promise<string | undefined> {
    return (await this.db.sla.findFirst({ where: { isDefault: true }, select: { id: true } }))?.id;
  }

  // -- administration (/sla list|new|edit, App Home): every write is recorded in the change log --

  async listWithUsage(namesPerSla: number): Promise<SlaListItem[]> {
    const rows = await this.db.sla.findMany({
      include: {
        ...slaRecordInclude,
        customers: { where: { archivedAt: null }, select: { name: true }, orderBy: { nameKey: "asc" }, take: namesPerSla },
        _count: { select: { customers: { where: { archivedAt: null } } } },
      },
      orderBy: [{ isDefault: "desc" }, { nameKey: "asc" }],
    });
    return rows.map((r) => ({ ...toSlaRecord(r), customerCount: r._count.customers, customerNames: r.customers.map((c) => c.name) }));
  }

  async get(id: string): Promise<SlaRecord | undefined> {
    const row = await this.db.sla.findUnique({ where: { id }, include: slaRecordInclude });
    return row ? toSlaRecord(row) : undefined;
  }

  async findByName(name: string): Promise<SlaRecord | undefined> {
    const row = await this.db.sla.findUnique({ where: { nameKey: nameKey(name) }, include: slaRecordInclude });
    return row ? toSlaRecord(row) : undefined;
  }

  /** Another SLA (not `exceptId`) already has this name, ignoring case and spacing. */
  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    return (await this.db.sla.count({ where: { nameKey: nameKey(name), ...(exceptId ? { id: { not: exceptId } } : {}) } })) > 0;
  }

  /** How many customers (not archived) use it. */
  customerCount(id: string): Promise<number> {
    return this.db.customer.count({ where: { slaId: id, archivedAt: null } });
  }

  /** Throws a unique violation (P2002) when the name is taken meanwhile. */
  async create(input: SlaInput, note: ChangeNote): Promise<SlaRecord> {
    return inTransaction(this.db, async (tx) => {
      const row = await tx.sla.create({ data: slaCreateData(input), include: slaRecordInclude });
      await new ChangeLogRepository(tx).record({ entityType: "sla", entityId: row.id, customerId: null, action: "created", ...note });
      return toSlaRecord(row);
    });
  }

  /** Replaces name, targets, time zone and every weekday's hours; keeps the id. Undefined if gone. */
  async update(id: string, input: SlaInput, note: ChangeNote): Promise<SlaRecord | undefined> {
    return inTransaction(this.db, async (tx) => {
      if ((await tx.sla.count({ where: { id } })) === 0) return undefined;
      const { businessHours, isDefault: _keep, ...columns } = slaCreateData(input);
      await tx.slaBusinessHours.deleteMany({ where: { slaId: id } });
      const row = await tx.sla.update({ where: { id }, data: { ...columns, businessHours }, include: slaRecordInclude });
      if (Object.keys(note.changes).length > 0) {
        await new ChangeLogRepository(tx).record({ entityType: "sla", entityId: id, customerId: null, action: "updated", ...note });
      }
      return toSlaRecord(row);
    });
  }

  /** Makes this SLA the one new customers get; the previous default stops being it. */
  async setDefault(id: string, actorId: string, at: Date): Promise<{ sla: SlaRecord; previous?: string } | undefined> {
    return inTransaction(this.db, async (tx) => {
      const target = await tx.sla.findUnique({ where: { id }, include: slaRecordInclude });
      if (!target) return undefined;
      if (target.isDefault) return { sla: toSlaRecord(target) };
      const previous = await tx.sla.findMany({ where: { isDefault: true }, select: { id: true, name: true } });
      await tx.sla.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
      const row = await tx.sla.update({ where: { id }, data: { isDefault: true }, include: slaRecordInclude });
      const flag = (before: boolean) => ({ isDefault: { before, after: !before } });
      const log = new ChangeLogRepository(tx);
      for (const p of previous) await log.record({ entityType: "sla", entityId: p.id, customerId: null, action: "default_unset", actorId, changes: flag(true), at });
      await log.record({ entityType: "sla", entityId: id, customerId: null, action: "default_set", actorId, changes: flag(false), at });
      return { sla: toSlaRecord(row), ...(previous[0] ? { previous: previous[0].name } : {}) };
    });
  }

  /**
   * Deletes a non-default SLA; the customers that use it (archived ones too) move to the default
   * SLA in the same transaction, each move logged on the customer. The default is never deleted.
   */
  async delete(id: string, note: ChangeNote): Promise<SlaDeleteOutcome> {
    return inTransaction(this.db, async (tx) => {
      const row = await tx.sla.findUnique({ where: { id }, include: slaRecordInclude });
      if (!row) return { kind: "not_found" };
      const sla = toSlaRecord(row);
      if (row.isDefault) return { kind: "is_default", sla, customers: await tx.customer.count({ where: { slaId: id, archivedAt: null } }) };
      const fallback = await tx.sla.findFirst({ where: { isDefault: true }, select: { id: true, name: true } });
      if (!fallback) throw new Error("No default SLA to move customers to");
      const moving = await tx.customer.findMany({ where: { slaId: id }, select: { id: true } });
      await tx.customer.updateMany({ where: { slaId: id }, data: { slaId: fallback.id } });
      await tx.sla.delete({ where: { id } });
      // the same fields a customer's own SLA change logs (services/customers), so /customer history shows it alike
      const move = { sla: { before: row.name, after: fallback.name }, slaId: { before: id, after: fallback.id } };
      await logCustomerMoves(tx, moving.map((c) => c.id), move, note);
      const changes = { ...note.changes, customersMovedTo: { before: null, after: fallback.name } };
      await new ChangeLogRepository(tx).record({ entityType: "sla", entityId: id, customerId: null, action: "deleted", ...note, changes });
      return { kind: "deleted", sla, movedTo: fallback.name, moved: moving.length };
    }, LONG_TRANSACTION);
  }
}

/** The Prisma data to create an SLA from a validated input (used inside transactions too). */
export function slaCreateData(input: SlaInput, isDefault = false) {
  return {
    name: input.name,
    nameKey: nameKey(input.name),
    isDefault,
    responseLowMinutes: input.responseMinutes.low,
    responseMediumMinutes: input.responseMinutes.medium,
    responseHighMinutes: input.responseMinutes.high,
    responseCriticalMinutes: input.responseMinutes.critical,
    resolutionLowMinutes: input.resolutionMinutes.low,
    resolutionMediumMinutes: input.resolutionMinutes.medium,
    resolutionHighMinutes: input.resolutionMinutes.high,
    resolutionCriticalMinutes: input.resolutionMinutes.critical,
    timeZone: input.timeZone,
    businessHours: {
      create: input.workingHours.map((h) => ({ weekday: h.weekday, startMinute: h.startMinute, endMinute: h.endMinute })),
    },
  };
}

/** A stored SLA in domain terms. */
export type SlaRecord = SlaInput & { id: string; isDefault: boolean };
/** An SLA with the customers that use it: how many (not archived) and the first few names. */
export type SlaListItem = SlaRecord & { customerCount: number; customerNames: string[] };

/** What a write records about itself in the change log; the repository adds the entity it wrote. */
export type ChangeNote = { actorId: string; changes: Changes; at: Date };

/** Deleting an SLA or profile used by thousands of customers moves and logs them all in one transaction. */
export const LONG_TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

/** One "updated" change-log row per customer moved to another SLA or profile, on the customer's history. */
export function logCustomerMoves(tx: Prisma.TransactionClient, customerIds: string[], changes: Changes, note: ChangeNote): Promise<void> {
  return new ChangeLogRepository(tx).recordMany(
    customerIds.map((id) => ({ entityType: "customer", entityId: id, customerId: id, action: "updated", actorId: note.actorId, changes, at: note.at })),
  );
}

const slaRecordInclude = { businessHours: { orderBy: { weekday: "asc" } } } satisfies Prisma.SlaInclude;
type SlaRow = Prisma.SlaGetPayload<{ include: typeof slaRecordInclude }>;

/** An SLA row with its business hours, as the rest of the app sees it (tickets time themselves with it). */
export function toSlaRecord(row: SlaRow): SlaRecord {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    timeZone: row.timeZone,
    responseMinutes: { low: row.responseLowMinutes, medium: row.responseMediumMinutes, high: row.responseHighMinutes, critical: row.responseCriticalMinutes },
    resolutionMinutes: {
      low: row.resolutionLowMinutes,
      medium: row.resolutionMediumMinutes,
      high: row.resolutionHighMinutes,
      critical: row.resolutionCriticalMinutes,
    },
    workingHours: row.businessHours.map((h) => ({ weekday: h.weekday, startMinute: h.startMinute, endMinute: h.endMinute })),
  };
}

export type SlaDeleteOutcome =
  | { kind: "deleted"; sla: SlaRecord; movedTo: string; moved: number }
  | { kind: "is_default"; sla: SlaRecord; customers: number }
  | { kind: "not_found" };
