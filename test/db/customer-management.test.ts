/** CustomerManagementService on a real SQLite file: rights, transactions, the single-primary rule, the change log. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { createCustomerSearch } from "../../src/repositories/backend.js";
import { CustomerRepository } from "../../src/repositories/customers.js";
import { SlaRepository } from "../../src/repositories/slas.js";
import { AlertProfileRepository } from "../../src/repositories/alert-profiles.js";
import { managementRepos, transactor, type Transactor } from "../../src/repositories/unit-of-work.js";
import { CustomerManagementService } from "../../src/services/customers/management.js";
import { ManageError } from "../../src/services/customers/errors.js";
import { retainer, seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { en } from "../../src/i18n/en.js";

const ADMIN = "U0ADMIN001";
const TECH = "U0TECH0001";
const now = new Date("2026-11-27T09:00:00Z");
let t: TestDb;
let acme: SeededCustomer;

function service(o: { transaction?: Transactor } = {}) {
  return new CustomerManagementService({
    search: createCustomerSearch(t.db),
    repos: managementRepos(t.db),
    transaction: o.transaction ?? transactor(t.db),
    slas: new SlaRepository(t.db),
    alertProfiles: new AlertProfileRepository(t.db),
    isAdmin: async (userId) => userId === ADMIN,
    clock: () => now,
  });
}

beforeEach(async () => {
  t = await createTestDb();
  await ensureDefaults(t.db, "UTC");
  acme = await seedCustomer(t.db, {
    name: "Acme Dental",
    domains: ["acme.com"],
    contract: retainer("Care"),
    contacts: Array.from({ length: 11 }, (_, i) => ({ firstName: `P${i}`, lastName: "Contact", email: `p${i}@acme.com` })),
  });
});
afterEach(async () => t.close());

const logCount = () => t.db.changeLog.count();

describe("rights", () => {
  it("refuses every change to a non-admin with a typed reason, and writes nothing", async () => {
    const s = service();
    const contact = acme.contactIds[1]!;
    const contract = (await t.db.contract.findFirstOrThrow({ where: { customerId: acme.id } })).id;
    const before = await logCount();
    const attempts: [string, () => Promise<unknown>][] = [
      ["edit_customer", () => s.updateCustomer(en, TECH, acme.id, { customer_name: "X" })],
      ["change_contacts", () => s.addContact(en, TECH, acme.id, { contact_first_name: "A", contact_last_name: "B", contact_email: "a@b.co" })],
      ["change_contacts", () => s.updateContact(en, TECH, contact, { contact_first_name: "A", contact_last_name: "B", contact_email: "a@b.co" })],
      ["change_contacts", () => s.removeContact(en, TECH, contact)],
      ["change_contacts", () => s.setPrimary(en, TECH, contact)],
      ["change_security", () => s.setSecurity(en, TECH, acme.id, { customer_tickets_only_from_primary: ["yes"] })],
      ["change_sla", () => s.setSlaAndProfile(en, TECH, acme.id, {})],
      ["change_contracts", () => s.addContract(en, TECH, acme.id, {})],
      ["change_contracts", () => s.updateContract(en, TECH, contract, {})],
      ["change_contracts", () => s.setContractActive(en, TECH, contract, false)],
      ["change_contracts", () => s.makeDefaultContract(en, TECH, contract)],
      ["archive", () => s.archive(en, TECH, acme.id)],
      ["archive", () => s.restore(en, TECH, acme.id)],
    ];
    for (const [action, attempt] of attempts) {
      await expect(attempt()).rejects.toMatchObject({ reason: { code: "not_admin", action } });
    }
    expect(await logCount()).toBe(before);
    expect(await t.db.contact.count({ where: { customerId: acme.id } })).toBe(11);
  });

  it("refuses changes to an archived customer until it is restored", async () => {
    const s = service();
    await s.archive(en, ADMIN, acme.id);
    await expect(s.updateCustomer(en, ADMIN, acme.id, { customer_name: "Acme" })).rejects.toMatchObject({ reason: { code: "archived", customerName: "Acme Dental" } });
    await expect(s.setPrimary(en, ADMIN, acme.contactIds[2]!)).rejects.toBeInstanceOf(ManageError);
    await s.restore(en, ADMIN, acme.id);
    expect((await s.updateCustomer(en, ADMIN, acme.id, { customer_name: "Acme", customer_domains: "acme.com" })).kind).toBe("saved");
  });
});

describe("the single primary contact", () => {
  it("stays exactly one when ten 'set as primary' requests run at once, with a change log that chains", async () => {
    const s = service();
    const candidates = acme.contactIds.slice(1); // ten contacts that are not primary yet
    const outcomes = await Promise.all(candidates.map((id) => s.setPrimary(en, ADMIN, id)));
    expect(outcomes.every((o) => o.kind === "saved")).toBe(true);
    const customer = await t.db.customer.findUniqueOrThrow({ where: { id: acme.id } });
    expect(candidates).toContain(customer.primaryContactId);
    const entries = (await t.db.changeLog.findMany({ where: { customerId: acme.id, action: "primary_set" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(
      (e) => JSON.parse(e.changes).primaryContactId as { before: string; after: string },
    );
    expect(entries).toHaveLength(10);
    // Each change starts where the previous one ended: no lost update, no second primary.
    expect(entries[0]!.before).toBe(acme.contactIds[0]);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.before).toBe(entries[i - 1]!.after);
    expect(entries.at(-1)!.after).toBe(customer.primaryContactId);
  });

  it("cannot make one contact the primary of two customers: primaryContactId is unique", async () => {
    const other = await seedCustomer(t.db, { name: "Other", domains: ["other.example"] });
    await expect(t.db.customer.update({ where: { id: other.id }, data: { primaryContactId: acme.contactIds[0]! } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("turns on 'tickets only from primary contact' only when there is a primary contact", async () => {
    const s = service();
    await s.removeContact(en, ADMIN, acme.contactIds[0]!);
    const refused = await s.setSecurity(en, ADMIN, acme.id, { customer_tickets_only_from_primary: ["yes"] });
    expect(refused).toEqual({ kind: "errors", errors: { customer_tickets_only_from_primary: expect.stringMatching(/Choose a primary contact first/) } });
    await s.setPrimary(en, ADMIN, acme.contactIds[1]!);
    expect((await s.setSecurity(en, ADMIN, acme.id, { customer_tickets_only_from_primary: ["yes"] })).kind).toBe("saved");
  });
});

describe("transactions and the change log", () => {
  it("writes a change and its log entry together or not at all", async () => {
    // A transaction that fails after the work is done: nothing of it may remain.
    const failing: Transactor = (work) =>
      t.db.$transaction(async (tx) => {
        await work(managementRepos(tx));
        throw new Error("simulated failure after the write");
      });
    const before = await logCount();
    await expect(service({ transaction: failing }).updateCustomer(en, ADMIN, acme.id, { customer_name: "Renamed", customer_domains: "new.example" })).rejects.toThrow(
      "simulated failure",
    );
    await expect(service({ transaction: failing }).setPrimary(en, ADMIN, acme.contactIds[3]!)).rejects.toThrow("simulated failure");
    const customer = await t.db.customer.findUniqueOrThrow({ where: { id: acme.id }, include: { domains: true } });
    expect(customer).toMatchObject({ name: "Acme Dental", primaryContactId: acme.contactIds[0] });
    expect(customer.domains.map((d) => d.domain)).toEqual(["acme.com"]);
    expect(await logCount()).toBe(before);
  });

  it("records who, when and each field before and after; the contact removal keeps its values", async () => {
    const s = service();
    await s.updateContact(en, ADMIN, acme.contactIds[1]!, { contact_first_name: "Paula", contact_last_name: "Contact", contact_email: "p1@acme.com", contact_mobile: "+39 333" });
    await s.removeContact(en, ADMIN, acme.contactIds[1]!);
    const [updated, removed] = await t.db.changeLog.findMany({ where: { entityId: acme.contactIds[1]! }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(updated).toMatchObject({ entityType: "contact", customerId: acme.id, action: "updated", actorId: ADMIN, createdAt: now });
    expect(JSON.parse(updated!.changes)).toEqual({ firstName: { before: "P1", after: "Paula" }, mobile: { before: null, after: "+39 333" } });
    expect(removed).toMatchObject({ action: "deleted", actorId: ADMIN });
    expect(JSON.parse(removed!.changes)).toEqual({
      firstName: { before: "Paula", after: null },
      lastName: { before: "Contact", after: null },
      email: { before: "p1@acme.com", after: null },
      mobile: { before: "+39 333", after: null },
    });
    const history = await s.history(en, acme.id);
    expect(history.items[0]).toMatchObject({ action: "deleted", label: "Contact Paula Contact" });
  });

  it("keeps one default contract: a new default clears the old one in the same transaction", async () => {
    const s = service();
    const values = { contract_name: "Backup", contract_type: "online_backup", contract_gb_category: "server_backup", contract_rate: "1", contract_billing_period: "monthly", contract_default: ["yes"] };
    expect((await s.addContract(en, ADMIN, acme.id, values)).kind).toBe("saved");
    const defaults = await t.db.contract.findMany({ where: { customerId: acme.id, isDefault: true } });
    expect(defaults.map((k) => k.name)).toEqual(["Backup"]);
    const care = await t.db.contract.findFirstOrThrow({ where: { name: "Care" } });
    await s.makeDefaultContract(en, ADMIN, care.id);
    expect((await t.db.contract.findMany({ where: { customerId: acme.id, isDefault: true } })).map((k) => k.name)).toEqual(["Care"]);
  });
});

describe("finding a customer by what was typed", () => {
  it("resolves exact names and domains, the one match or name start, several, and none with close matches", async () => {
    await seedCustomer(t.db, { name: "Acme Legal", domains: ["acmelegal.it"] });
    const northwind = await seedCustomer(t.db, { name: "Northwind Traders", domains: ["northwind.example"] });
    const s = service();
    expect(await s.resolve(" acme   DENTAL ")).toEqual({ kind: "one", customerId: acme.id });
    expect(await s.resolve("ACME.com")).toEqual({ kind: "one", customerId: acme.id });
    expect(await s.resolve("@acme.com")).toEqual({ kind: "one", customerId: acme.id });
    expect(await s.resolve("acme")).toMatchObject({ kind: "many", total: 2 });
    const none = await s.resolve("acme dentl");
    expect(none.kind === "none" && none.suggestions.map((c) => c.name)[0]).toBe("Acme Dental");
    // Any word of a name finds it; one customer whose name starts with the text is the one meant.
    expect(await s.resolve("traders")).toEqual({ kind: "one", customerId: northwind.id });
    await seedCustomer(t.db, { name: "Zeta Foods", domains: ["zeta.example"], contacts: [{ firstName: "Anna", lastName: "Northcott", email: "anna@zeta.example" }] });
    expect(await s.resolve("north")).toEqual({ kind: "one", customerId: northwind.id });
    const typo = await s.resolve("northwnd");
    expect(typo.kind === "none" && typo.suggestions.map((c) => c.name)).toEqual(["Northwind Traders"]);
    expect(await s.resolve("   ")).toEqual({ kind: "empty" });
  });
});
