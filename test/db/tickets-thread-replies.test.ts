import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { TicketService } from "../../src/services/tickets/service.js";
import { seedCustomer } from "../support/customer-seed.js";

let now = new Date("2026-03-02T10:00:00Z");
let t: TestDb;
let service: TicketService;

beforeEach(async () => {
  now = new Date("2026-03-02T10:00:00Z");
  t = await createTestDb();
  await ensureDefaults(t.db, "UTC");
  service = new TicketService({ tickets: new TicketRepository(t.db), transaction: (work) => TicketRepository.transaction(t.db, work), clock: () => now });
});
afterEach(async () => t.close());

async function openTicket() {
  const acme = await seedCustomer(t.db, { name: "Acme", domains: ["acme.com"] });
  return service.open({ customerId: acme.id, contactId: null, subject: "VPN", description: "", priority: "medium", source: "email", requesterEmail: "pat@acme.com" });
}

describe("thread replies", () => {
  it("the same Slack message delivered twice at once is taken once", async () => {
    const ticket = await openTicket();
    const reply = { key: "slack:C1:1772445600.000100", actorId: "U1", body: "On it", fromCustomer: false };
    const outcomes = await Promise.all([service.threadReply(ticket.id, reply), service.threadReply(ticket.id, reply), service.threadReply(ticket.id, reply)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["added", "duplicate", "duplicate"]);
    expect(await t.db.ticketEvent.count({ where: { ticketId: ticket.id, kind: "comment" } })).toBe(1);
    expect(await t.db.ticketEvent.count({ where: { ticketId: ticket.id, kind: "responded" } })).toBe(1);
  });

  it("a technician's reply records the first response once; later replies are comments only", async () => {
    const ticket = await openTicket();
    now = new Date("2026-03-02T11:00:00Z");
    const first = await service.threadReply(ticket.id, { key: "k1", actorId: "U1", body: "a", fromCustomer: false });
    expect(first).toMatchObject({ kind: "added", responded: true, ticket: { firstResponseMinutes: 60, firstResponseBy: "U1" } });
    now = new Date("2026-03-02T12:00:00Z");
    const second = await service.threadReply(ticket.id, { key: "k2", actorId: "U2", body: "b", fromCustomer: false });
    expect(second).toMatchObject({ kind: "added", responded: false, ticket: { firstResponseMinutes: 60, firstResponseBy: "U1" } });
  });

  it("a contact's reply resumes a pending ticket and does not count as the first response", async () => {
    const ticket = await openTicket();
    await service.setPending(ticket.id, "U1");
    now = new Date("2026-03-02T11:00:00Z");
    const r = await service.threadReply(ticket.id, { key: "k1", actorId: "U9", actorEmail: "pat@acme.com", body: "Here is the log", fromCustomer: true });
    expect(r).toMatchObject({ kind: "added", resumed: true, responded: false, ticket: { status: "open", firstResponseAt: null } });
  });

  it("answers not_found for a ticket that is gone", async () => {
    expect(await service.threadReply("nope", { key: "k", actorId: "U1", body: "x", fromCustomer: false })).toEqual({ kind: "not_found" });
  });
});
