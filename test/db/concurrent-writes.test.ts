/**
 * Writes that race: the same checks on SQLite (one writer at a time) and on PostgreSQL (SERIALIZABLE
 * transactions run again on a conflict, src/db/transaction.ts). Each test starts its writes at once
 * and checks what one-after-the-other would give. (Ten "set as primary" at once: customer-management.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { createCustomerSearch } from "../../src/repositories/backend.js";
import { SlaRepository } from "../../src/repositories/slas.js";
import { AlertProfileRepository } from "../../src/repositories/alert-profiles.js";
import { managementRepos, transactor } from "../../src/repositories/unit-of-work.js";
import { CustomerManagementService } from "../../src/services/customers/management.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { TicketService } from "../../src/services/tickets/service.js";
import { retainer, seedCustomer, type SeededCustomer } from "../support/customer-seed.js";

const ADMINS = ["U0ADMIN001", "U0ADMIN002", "U0ADMIN003"];
const now = new Date("2026-11-27T09:00:00Z");
let t: TestDb;
let acme: SeededCustomer;

const management = () =>
  new CustomerManagementService({
    search: createCustomerSearch(t.db),
    repos: managementRepos(t.db),
    transaction: transactor(t.db),
    slas: new SlaRepository(t.db),
    alertProfiles: new AlertProfileRepository(t.db),
    isAdmin: async (userId) => ADMINS.includes(userId),
    clock: () => now,
  });

beforeEach(async () => {
  t = await createTestDb();
  await ensureDefaults(t.db, "UTC");
  acme = await seedCustomer(t.db, {
    name: "Acme Dental",
    domains: ["acme.com"],
    contract: retainer("Care"),
    contacts: Array.from({ length: 4 }, (_, i) => ({ firstName: `P${i}`, lastName: "Contact", email: `p${i}@acme.com` })),
  });
});
afterEach(async () => t.close());

describe("changes to one customer at the same moment", () => {
  it("two admins making two different contracts the default: the customer keeps exactly one default", async () => {
    const s = management();
    const contract = (name: string) => ({ contract_name: name, contract_type: "online_backup", contract_gb_category: "server_backup", contract_rate: "1", contract_billing_period: "monthly" });
    await s.addContract(en, ADMINS[0]!, acme.id, contract("Backup A"));
    await s.addContract(en, ADMINS[0]!, acme.id, contract("Backup B"));
    const [a, b] = await Promise.all(["Backup A", "Backup B"].map((name) => t.db.contract.findFirstOrThrow({ where: { name } })));
    const outcomes = await Promise.all([s.makeDefaultContract(en, ADMINS[0]!, a!.id), s.makeDefaultContract(en, ADMINS[1]!, b!.id)]);
    expect(outcomes.map((o) => o.kind)).toEqual(["saved", "saved"]);
    const defaults = await t.db.contract.findMany({ where: { customerId: acme.id, isDefault: true } });
    expect(defaults).toHaveLength(1);
  });

  it("a rename and a contact added (as primary) at once: both are kept, each with its log entries", async () => {
    const s = management();
    const logged = () => t.db.changeLog.count({ where: { customerId: acme.id } });
    const before = await logged();
    const [renamed, added] = await Promise.all([
      s.updateCustomer(en, ADMINS[0]!, acme.id, { customer_name: "Acme Dental Care", customer_domains: "acme.com" }),
      s.addContact(en, ADMINS[1]!, acme.id, { contact_first_name: "Nia", contact_last_name: "New", contact_email: "nia@acme.com" }),
    ]);
    expect([renamed.kind, added.kind]).toEqual(["saved", "saved"]);
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).toMatchObject({ name: "Acme Dental Care" });
    expect(await t.db.contact.count({ where: { customerId: acme.id } })).toBe(5);
    const entries = await t.db.changeLog.findMany({ where: { customerId: acme.id }, orderBy: { id: "asc" } });
    expect(entries.slice(before).map((e) => `${e.entityType} ${e.action}`).sort()).toEqual(["contact created", "customer primary_set", "customer updated"]);
  });
});

describe("tickets opened at the same moment", () => {
  it("ten tickets opened at once get the numbers 1 to 10, each once", async () => {
    const tickets = new TicketService({ tickets: new TicketRepository(t.db), transaction: (work) => TicketRepository.transaction(t.db, work), clock: () => now });
    const opened = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        tickets.open({ customerId: acme.id, contactId: null, subject: `Issue ${i}`, description: "", priority: "medium", source: "slack", openedBy: ADMINS[0]! }),
      ),
    );
    expect(opened.map((x) => x.number).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await t.db.ticket.count()).toBe(10);
    expect(await t.db.ticketEvent.count({ where: { kind: "opened" } })).toBe(10);
  });
});
