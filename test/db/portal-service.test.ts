/**
 * The portal's rules on a real database (SQLite, and PostgreSQL in the postgres project): the
 * limits on sign-in links per address and per client address, single use under a race, sessions
 * ended when an admin changes or removes the contact's email, no sign-in for an archived
 * customer's contacts, and a session past its 7 days.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { inTransaction } from "../../src/db/transaction.js";
import { PortalRepository } from "../../src/repositories/portal.js";
import { OutboundEmailRepository } from "../../src/repositories/outbound-emails.js";
import { ContactRepository } from "../../src/repositories/contacts.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { TicketService } from "../../src/services/tickets/service.js";
import { LINKS_PER_ADDRESS, LINKS_PER_CLIENT, PortalService, SESSION_DAYS } from "../../src/services/portal/service.js";
import { CATALOGS } from "../../src/i18n/catalog.js";
import { emailKey } from "../../src/domain/text.js";
import { ensureDefaults } from "../../src/db/defaults.js";

const AT = new Date("2026-03-02T10:00:00Z");
let testDb: TestDb;
let now: Date;
let portal: PortalService;
let acme: SeededCustomer;

beforeEach(async () => {
  now = AT;
  testDb = await createTestDb();
  const db = testDb.db;
  await ensureDefaults(db, "UTC");
  const tickets = new TicketService({ tickets: new TicketRepository(db), transaction: (w) => TicketRepository.transaction(db, w), clock: () => now });
  portal = new PortalService({
    reads: new PortalRepository(db),
    transaction: (work) => inTransaction(db, (tx) => work({ portal: new PortalRepository(tx), outbox: new OutboundEmailRepository(tx) })),
    tickets,
    notifier: { opened: async () => undefined, changed: async () => undefined },
    texts: (l) => CATALOGS[l].portal,
    channelTexts: CATALOGS.en.portal.slack,
    portalUrl: "https://support.msp.example/portal",
    from: { name: "Acme Support", address: "help@msp.example" },
    defaultTimeZone: "UTC",
    clock: () => now,
    outboxNow: () => now,
    written: () => undefined,
  });
  acme = await seedCustomer(db, {
    name: "Acme Dental",
    domains: ["acme.com"],
    contacts: [
      { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
      { firstName: "Bob", lastName: "Stone", email: "bob@acme.com" },
    ],
  });
});
afterEach(async () => {
  await testDb.close();
});

/** The token of the newest sign-in email to this address. */
async function lastToken(address: string): Promise<string> {
  const mail = await testDb.db.outboundEmail.findFirstOrThrow({ where: { toEmail: address, kind: "sign_in" }, orderBy: { id: "desc" } });
  return /\/sign-in\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
}

async function sessionFor(address: string): Promise<string> {
  expect(await portal.requestLink({ email: address, clientIp: "192.0.2.1", locale: "en" })).toBe("sent");
  const outcome = await portal.signIn(await lastToken(address), null);
  if (outcome.kind !== "signed_in") throw new Error("not signed in");
  return outcome.sessionToken;
}

describe("Portal sign-in", () => {
  it("limits links per address, contact or not, and per client address, and lets them again after the window", async () => {
    for (let i = 0; i < LINKS_PER_ADDRESS; i++) expect(await portal.requestLink({ email: "nobody@else.example", clientIp: `198.51.100.${i}`, locale: "en" })).toBe("sent");
    expect(await portal.requestLink({ email: "nobody@else.example", clientIp: "198.51.100.99", locale: "en" })).toBe("limited");
    for (let i = 0; i < LINKS_PER_CLIENT; i++) expect(await portal.requestLink({ email: `n${i}@else.example`, clientIp: "203.0.113.7", locale: "en" })).toBe("sent");
    expect(await portal.requestLink({ email: "jane@acme.com", clientIp: "203.0.113.7", locale: "en" })).toBe("limited");
    expect(await testDb.db.outboundEmail.count({ where: { kind: "sign_in" } })).toBe(0);
    now = new Date(AT.getTime() + 16 * 60_000);
    expect(await portal.requestLink({ email: "jane@acme.com", clientIp: "203.0.113.7", locale: "it" })).toBe("sent");
    const mail = await testDb.db.outboundEmail.findFirstOrThrow({ where: { kind: "sign_in" } });
    expect(mail).toMatchObject({ toEmail: "jane@acme.com", ticketId: null, subject: CATALOGS.it.portal.email.subject });
  });

  it("uses a link once, also when two clicks arrive at the same moment", async () => {
    await portal.requestLink({ email: "jane@acme.com", clientIp: "192.0.2.1", locale: "en" });
    const token = await lastToken("jane@acme.com");
    const outcomes = await Promise.all([portal.signIn(token, null), portal.signIn(token, null)]);
    expect(outcomes.filter((o) => o.kind === "signed_in")).toHaveLength(1);
    expect(await testDb.db.portalSession.count()).toBe(1);
  });

  it("ends a contact's sessions when an admin changes its email or removes it, and keeps them for another change", async () => {
    const jane = await sessionFor("jane@acme.com");
    const bob = await sessionFor("bob@acme.com");
    const contacts = new ContactRepository(testDb.db);
    const row = await testDb.db.contact.findUniqueOrThrow({ where: { id: acme.contactIds[0]! } });
    const data = { firstName: row.firstName, lastName: row.lastName, email: row.email, emailKey: row.emailKey, phone: "+39 02 1234", mobile: null, jobTitle: null, department: null };
    await contacts.update(row.id, data);
    expect(await portal.session(jane)).toBeDefined();
    await contacts.update(row.id, { ...data, email: "jane.roe@acme.com", emailKey: emailKey("jane.roe@acme.com") });
    expect(await portal.session(jane)).toBeUndefined();
    expect(await portal.session(bob)).toBeDefined();
    await contacts.delete(acme.contactIds[1]!);
    expect(await portal.session(bob)).toBeUndefined();
  });

  it("signs no contact of an archived customer in, and ends its sessions' use", async () => {
    const jane = await sessionFor("jane@acme.com");
    await portal.requestLink({ email: "bob@acme.com", clientIp: "192.0.2.1", locale: "en" });
    const token = await lastToken("bob@acme.com");
    await testDb.db.customer.update({ where: { id: acme.id }, data: { archivedAt: AT } });
    expect(await portal.session(jane)).toBeUndefined();
    expect((await portal.signIn(token, null)).kind).toBe("invalid");
    const before = await testDb.db.outboundEmail.count();
    expect(await portal.requestLink({ email: "bob@acme.com", clientIp: "192.0.2.1", locale: "en" })).toBe("sent");
    expect(await testDb.db.outboundEmail.count()).toBe(before);
  });

  it("ends a session after its 7 days", async () => {
    const jane = await sessionFor("jane@acme.com");
    now = new Date(AT.getTime() + SESSION_DAYS * 24 * 3600_000 - 1000);
    expect(await portal.session(jane)).toBeDefined();
    now = new Date(AT.getTime() + SESSION_DAYS * 24 * 3600_000);
    expect(await portal.session(jane)).toBeUndefined();
  });
});
