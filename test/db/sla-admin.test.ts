/** SLA and alert profile administration, and the App Home data, on a real SQLite file. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { SlaRepository } from "../../src/repositories/slas.js";
import { AlertProfileRepository } from "../../src/repositories/alert-profiles.js";
import { DashboardRepository } from "../../src/repositories/dashboard.js";
import { createCustomerSearch } from "../../src/repositories/backend.js";
import { CustomerRepository } from "../../src/repositories/customers.js";
import { ImportJobRepository } from "../../src/repositories/import-jobs.js";
import { SlaService } from "../../src/services/slas/service.js";
import { AlertProfileService } from "../../src/services/slas/alert-profiles.js";
import { HOME_PAGE_SIZE, HomeService } from "../../src/services/home.js";
import { slaFormValues } from "../../src/services/slas/fields.js";
import { defaultSla } from "../../src/domain/sla.js";
import { addContact, addContract, defaults, seedCustomers } from "../support/catalog-seed.js";
import { en } from "../../src/i18n/en.js";

let t: TestDb;
let slas: SlaService;
let profiles: AlertProfileService;

beforeEach(async () => {
  t = await createTestDb();
  await ensureDefaults(t.db, "Europe/Rome");
  slas = new SlaService({ slas: new SlaRepository(t.db), clock: () => new Date() });
  profiles = new AlertProfileService({ profiles: new AlertProfileRepository(t.db), clock: () => new Date() });
});
afterEach(async () => t.close());

const slaValues = (name: string, extra: Record<string, string> = {}) => ({ ...slaFormValues({ ...defaultSla("UTC"), name }), ...extra });

describe("SlaService", () => {
  it("creates and updates an SLA in place: same id, new name key, hours replaced, change logged", async () => {
    const created = await slas.create(en, "U1", slaValues("Gold", { sla_hours_6: "10:00-14:00" }));
    if (created.kind !== "saved") throw new Error(JSON.stringify(created));
    expect(created.sla.workingHours).toHaveLength(6);
    const [customer] = await seedCustomers(t.db, 1, { slaId: created.sla.id });

    const updated = await slas.update(en, "U2", created.sla.id, slaValues("Gold Plus", { sla_hours_1: "", sla_hours_6: "10:00-14:00" }));
    if (updated.kind !== "saved") throw new Error(JSON.stringify(updated));
    expect(updated.sla.id).toBe(created.sla.id);
    expect(updated.sla.workingHours.map((h) => h.weekday)).toEqual([2, 3, 4, 5, 6]);
    expect(await t.db.slaBusinessHours.count({ where: { slaId: created.sla.id } })).toBe(5);
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customer! } })).slaId).toBe(created.sla.id);
    expect((await t.db.sla.findUniqueOrThrow({ where: { id: created.sla.id } })).nameKey).toBe("gold plus");
    const logs = await t.db.changeLog.findMany({ where: { entityId: created.sla.id } });
    expect(logs.map((l) => [l.action, l.actorId]).sort()).toEqual([
      ["created", "U1"],
      ["updated", "U2"],
    ]);
    expect(JSON.parse(logs.find((l) => l.action === "updated")!.changes)).toEqual({ name: { before: "Gold", after: "Gold Plus" }, "hours.monday": { before: "09:00–17:00", after: null } });
  });

  it("saving without a change writes no change-log entry; renaming onto another SLA's name is refused", async () => {
    const { sla } = await defaults(t.db);
    const same = await slas.update(en, "U1", sla.id, slaFormValues((await new SlaRepository(t.db).get(sla.id))!));
    expect(same.kind).toBe("saved");
    expect(await t.db.changeLog.count()).toBe(0);
    await slas.create(en, "U1", slaValues("Gold"));
    expect(await slas.update(en, "U1", sla.id, slaValues(" GOLD "))).toEqual({ kind: "errors", errors: { sla_name: 'An SLA named "GOLD" already exists.' } });
    expect(await slas.update(en, "U1", "no-such-id", slaValues("Other"))).toEqual({ kind: "gone" });
  });

  it("keeps exactly one default, and never deletes it; deleting another moves every customer, archived too", async () => {
    const { sla: standard } = await defaults(t.db);
    const gold = await slas.create(en, "U1", slaValues("Gold"));
    if (gold.kind !== "saved") throw new Error();
    await seedCustomers(t.db, 2, { slaId: gold.sla.id });
    await seedCustomers(t.db, 1, { prefix: "Archived", slaId: gold.sla.id, archived: true });

    await slas.makeDefault("U1", gold.sla.id);
    await slas.makeDefault("U1", gold.sla.id); // again: nothing changes, nothing logged twice
    expect((await t.db.sla.findMany({ where: { isDefault: true } })).map((s) => s.id)).toEqual([gold.sla.id]);
    expect(await t.db.changeLog.count({ where: { action: "default_set" } })).toBe(1);
    expect(await slas.delete("U1", gold.sla.id)).toEqual({ kind: "refused_default", name: "Gold", customers: 2 });

    await slas.makeDefault("U1", standard.id);
    expect(await slas.delete("U1", gold.sla.id)).toEqual({ kind: "deleted", name: "Gold", moved: 3, movedTo: "Standard" });
    expect(await t.db.customer.count({ where: { slaId: standard.id } })).toBe(3);
    expect(await t.db.slaBusinessHours.count({ where: { slaId: gold.sla.id } })).toBe(0);
    const deleted = await t.db.changeLog.findFirstOrThrow({ where: { entityType: "sla", action: "deleted" } });
    expect(JSON.parse(deleted.changes)).toMatchObject({ name: { before: "Gold", after: null }, customersMovedTo: { after: "Standard" } });
    expect(await t.db.changeLog.count({ where: { entityType: "customer", customerId: { not: null } } })).toBe(3);
    expect(await slas.delete("U1", gold.sla.id)).toEqual({ kind: "gone" });
  });

  it("deletes an SLA used by 5,000 customers in one go, logging each move", async () => {
    const gold = await slas.create(en, "U1", slaValues("Gold"));
    if (gold.kind !== "saved") throw new Error();
    await seedCustomers(t.db, 5000, { slaId: gold.sla.id });
    const started = Date.now();
    expect(await slas.delete("U1", gold.sla.id)).toMatchObject({ kind: "deleted", moved: 5000 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await t.db.changeLog.count({ where: { entityType: "customer", action: "updated" } })).toBe(5000);
  });

  it("lists SLAs with how many customers (not archived) use them and the first names", async () => {
    await seedCustomers(t.db, 7);
    await seedCustomers(t.db, 2, { prefix: "Zed", archived: true });
    const [standard] = await slas.list();
    expect(standard).toMatchObject({ name: "Standard", isDefault: true, customerCount: 7 });
    expect(standard?.customerNames).toEqual(["Customer 001", "Customer 002", "Customer 003", "Customer 004", "Customer 005"]);
  });
});

describe("AlertProfileService", () => {
  it("creates, edits (same id), makes default, refuses to delete the default and deletes another", async () => {
    const { profile: standard } = await defaults(t.db);
    const created = await profiles.create(en, "U1", { alert_profile_name: "Servers", alert_cpu_percent_critical: "90" });
    if (created.kind !== "saved") throw new Error(JSON.stringify(created));
    expect(created.profile.thresholds).toEqual([{ metric: "cpu_percent", severity: "critical", value: 90 }]);
    const edited = await profiles.update(en, "U1", created.profile.id, { alert_profile_name: "Servers", alert_cpu_percent_warning: "70", alert_cpu_percent_critical: "90" });
    if (edited.kind !== "saved") throw new Error(JSON.stringify(edited));
    expect(edited.profile.id).toBe(created.profile.id);
    expect(await t.db.alertThreshold.count({ where: { profileId: created.profile.id } })).toBe(2);

    await seedCustomers(t.db, 2);
    expect(await profiles.delete("U1", standard.id)).toEqual({ kind: "refused_default", name: "Standard", customers: 2 });
    await profiles.makeDefault("U1", created.profile.id);
    expect(await profiles.delete("U1", standard.id)).toEqual({ kind: "deleted", name: "Standard", moved: 2, movedTo: "Servers" });
    expect(await t.db.alertThresholdProfile.count()).toBe(1);
    expect(await t.db.alertThreshold.count({ where: { profileId: standard.id } })).toBe(0);
    expect((await t.db.changeLog.findMany({ where: { entityType: "alert_profile" } })).map((l) => l.action).sort()).toEqual([
      "created",
      "default_set",
      "default_unset",
      "deleted",
      "updated",
    ]);
  });

  it("refuses to delete the default even when no customer uses it", async () => {
    const { profile } = await defaults(t.db);
    expect(await profiles.delete("U1", profile.id)).toEqual({ kind: "refused_default", name: "Standard", customers: 0 });
  });
});

describe("App Home data", () => {
  it("counts customers, contacts and contracts by type, leaving archived customers out", async () => {
    const [a, b] = await seedCustomers(t.db, 2);
    const [old] = await seedCustomers(t.db, 1, { prefix: "Old", archived: true });
    await addContact(t.db, a!, "x@a.example.com");
    await addContact(t.db, old!, "x@old.example.com");
    await addContract(t.db, a!, "retainer");
    await addContract(t.db, b!, "retainer");
    await addContract(t.db, b!, "online_backup");
    await addContract(t.db, old!, "hourly");
    expect(await new DashboardRepository(t.db).counts()).toEqual({
      customers: 2,
      archivedCustomers: 1,
      contacts: 1,
      contractsByType: { retainer: 2, online_backup: 1 },
      tickets: { open: 0, pending: 0, unassigned: 0 },
    });
  });

  it("pages the customer search and shows the last page when the offset is past the end", async () => {
    await seedCustomers(t.db, 45);
    const home = new HomeService({ dashboard: new DashboardRepository(t.db), search: createCustomerSearch(t.db), imports: new ImportJobRepository(t.db) });
    const first = await home.home({ isAdmin: false });
    expect(first.dashboard).toBeUndefined();
    expect(first.customers.items).toHaveLength(HOME_PAGE_SIZE);
    const beyond = await home.home({ isAdmin: true, offset: 500 });
    expect(beyond.offset).toBe(40);
    expect(beyond.customers.items.map((c) => c.name)).toEqual(["Customer 041", "Customer 042", "Customer 043", "Customer 044", "Customer 045"]);
    expect(beyond.dashboard?.counts.customers).toBe(45);
    expect(beyond.dashboard?.recentCustomers).toHaveLength(8);
  });
});
