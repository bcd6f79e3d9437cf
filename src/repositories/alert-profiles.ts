import type { Db } from "../db/client.js";
import { inTransaction } from "../db/transaction.js";
import type { Prisma } from "../generated/prisma/client.js";
import { nameKey } from "../domain/text.js";
import { ALERT_METRICS, SEVERITIES, type AlertMetric, type AlertProfileInput, type Severity } from "../domain/alert-profile.js";
import { ChangeLogRepository } from "./change-log.js";
import { LONG_TRANSACTION, logCustomerMoves, type ChangeNote } from "./slas.js";

export type AlertProfileOption = { id: string; name: string; isDefault: boolean };

/** A stored profile in domain terms; thresholds in metric, then severity order. */
export type AlertProfileRecord = AlertProfileInput & { id: string; isDefault: boolean };
export type AlertProfileListItem = AlertProfileRecord & { customerCount: number; customerNames: string[] };

export type AlertProfileDeleteOutcome =
  | { kind: "deleted"; profile: AlertProfileRecord; movedTo: string; moved: number }
  | { kind: "is_default"; profile: AlertProfileRecord; customers: number }
  | { kind: "not_found" };

const recordInclude = { thresholds: true } satisfies Prisma.AlertThresholdProfileInclude;
type Row = Prisma.AlertThresholdProfileGetPayload<{ include: typeof recordInclude }>;

const order = (m: string, s: string) => ALERT_METRICS.indexOf(m as AlertMetric) * 10 + SEVERITIES.indexOf(s as Severity);

function toRecord(row: Row): AlertProfileRecord {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    thresholds: [...row.thresholds]
      .sort((a, b) => order(a.metric, a.severity) - order(b.metric, b.severity))
      .map((x) => ({ metric: x.metric as AlertMetric, value: x.value, severity: x.severity as Severity })),
  };
}

export class AlertProfileRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<AlertProfileOption[]> {
    return this.db.alertThresholdProfile.findMany({
      select: { id: true, name: true, isDefault: true },
      orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    });
  }

  async defaultId(): Promise<string | undefined> {
    return (await this.db.alertThresholdProfile.findFirst({ where: { isDefault: true }, select: { id: true } }))?.id;
  }

  // -- administration (/sla profiles, App Home): every write is recorded in the change log --

  async listWithUsage(namesPerProfile: number): Promise<AlertProfileListItem[]> {
    const rows = await this.db.alertThresholdProfile.findMany({
      include: {
        ...recordInclude,
        customers: { where: { archivedAt: null }, select: { name: true }, orderBy: { nameKey: "asc" }, take: namesPerProfile },
        _count: { select: { customers: { where: { archivedAt: null } } } },
      },
      orderBy: [{ isDefault: "desc" }, { nameKey: "asc" }],
    });
    return rows.map((r) => ({ ...toRecord(r), customerCount: r._count.customers, customerNames: r.customers.map((c) => c.name) }));
  }

  async get(id: string): Promise<AlertProfileRecord | undefined> {
    const row = await this.db.alertThresholdProfile.findUnique({ where: { id }, include: recordInclude });
    return row ? toRecord(row) : undefined;
  }

  async findByName(name: string): Promise<AlertProfileRecord | undefined> {
    const row = await this.db.alertThresholdProfile.findUnique({ where: { nameKey: nameKey(name) }, include: recordInclude });
    return row ? toRecord(row) : undefined;
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    const where = { nameKey: nameKey(name), ...(exceptId ? { id: { not: exceptId } } : {}) };
    return (await this.db.alertThresholdProfile.count({ where })) > 0;
  }

  /** How many customers (not archived) use it. */
  customerCount(id: string): Promise<number> {
    return this.db.customer.count({ where: { alertProfileId: id, archivedAt: null } });
  }

  /** Throws a unique violation (P2002) when the name is taken meanwhile. */
  async create(input: AlertProfileInput, note: ChangeNote): Promise<AlertProfileRecord> {
    return inTransaction(this.db, async (tx) => {
      const row = await tx.alertThresholdProfile.create({
        data: { name: input.name, nameKey: nameKey(input.name), thresholds: { create: input.thresholds } },
        include: recordInclude,
      });
      await new ChangeLogRepository(tx).record({ entityType: "alert_profile", entityId: row.id, customerId: null, action: "created", ...note });
      return toRecord(row);
    });
  }

  /** Replaces the name and every threshold; keeps the id. Undefined if the profile is gone. */
  async update(id: string, input: AlertProfileInput, note: ChangeNote): Promise<AlertProfileRecord | undefined> {
    return inTransaction(this.db, async (tx) => {
      if ((await tx.alertThresholdProfile.count({ where: { id } })) === 0) return undefined;
      await tx.alertThreshold.deleteMany({ where: { profileId: id } });
      const row = await tx.alertThresholdProfile.update({
        where: { id },
        data: { name: input.name, nameKey: nameKey(input.name), thresholds: { create: input.thresholds } },
        include: recordInclude,
      });
      if (Object.keys(note.changes).length > 0) {
        await new ChangeLogRepository(tx).record({ entityType: "alert_profile", entityId: id, customerId: null, action: "updated", ...note });
      }
      return toRecord(row);
    });
  }

  /** Makes this the profile new customers get; the previous default stops being it. */
  async setDefault(id: string, actorId: string, at: Date): Promise<{ profile: AlertProfileRecord; previous?: string } | undefined> {
    return inTransaction(this.db, async (tx) => {
      const target = await tx.alertThresholdProfile.findUnique({ where: { id }, include: recordInclude });
      if (!target) return undefined;
      if (target.isDefault) return { profile: toRecord(target) };
      const previous = await tx.alertThresholdProfile.findMany({ where: { isDefault: true }, select: { id: true, name: true } });
      await tx.alertThresholdProfile.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
      const row = await tx.alertThresholdProfile.update({ where: { id }, data: { isDefault: true }, include: recordInclude });
      const flag = (before: boolean) => ({ isDefault: { before, after: !before } });
      const log = new ChangeLogRepository(tx);
      for (const p of previous) {
        await log.record({ entityType: "alert_profile", entityId: p.id, customerId: null, action: "default_unset", actorId, changes: flag(true), at });
      }
      await log.record({ entityType: "alert_profile", entityId: id, customerId: null, action: "default_set", actorId, changes: flag(false), at });
      return { profile: toRecord(row), ...(previous[0] ? { previous: previous[0].name } : {}) };
    });
  }

  /**
   * Deletes a profile that is not the default; its customers (archived ones too) move to the
   * default profile in the same transaction, each move logged on the customer. The default
   * profile is never deleted: checked here, inside the transaction, so a race cannot slip by.
   */
  async delete(id: string, note: ChangeNote): Promise<AlertProfileDeleteOutcome> {
    return inTransaction(this.db, async (tx) => {
      const row = await tx.alertThresholdProfile.findUnique({ where: { id }, include: recordInclude });
      if (!row) return { kind: "not_found" };
      const profile = toRecord(row);
      if (row.isDefault) {
        return { kind: "is_default", profile, customers: await tx.customer.count({ where: { alertProfileId: id, archivedAt: null } }) };
      }
      const fallback = await tx.alertThresholdProfile.findFirst({ where: { isDefault: true }, select: { id: true, name: true } });
      if (!fallback) throw new Error("No default alert profile to move customers to");
      const moving = await tx.customer.findMany({ where: { alertProfileId: id }, select: { id: true } });
      await tx.customer.updateMany({ where: { alertProfileId: id }, data: { alertProfileId: fallback.id } });
      await tx.alertThresholdProfile.delete({ where: { id } });
      // the same fields a customer's own profile change logs (services/customers), so /customer history shows it alike
      const move = { alertProfile: { before: row.name, after: fallback.name }, alertProfileId: { before: id, after: fallback.id } };
      await logCustomerMoves(tx, moving.map((c) => c.id), move, note);
      const changes = { ...note.changes, customersMovedTo: { before: null, after: fallback.name } };
      await new ChangeLogRepository(tx).record({ entityType: "alert_profile", entityId: id, customerId: null, action: "deleted", ...note, changes });
      return { kind: "deleted", profile, movedTo: fallback.name, moved: moving.length };
    }, LONG_TRANSACTION);
  }
}
