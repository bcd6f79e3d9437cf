/**
 * The ticket service's SLA clocks against a real database: what is stored (due times, minutes)
 * must agree with itself after every change — pending, responding while pending, resolving,
 * reopening, priority changes, choosing the customer of a triage ticket.
 * Default SLA: Mon–Fri 09:00–17:00 UTC; medium = 4h response, 3 business days (1,440 min) resolution.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { TicketRepository, type TicketRecord } from "../../src/repositories/tickets.js";
import { TicketService, type TicketOutcome } from "../../src/services/tickets/service.js";
import { ticketTimerStates } from "../../src/services/tickets/clocks.js";
import { SlaSummaryRepository } from "../../src/repositories/sla-summary.js";
import { seedCustomer } from "../support/customer-seed.js";

let now: Date;
let t: TestDb;
let service: TicketService;
const at = (iso: string) => (now = new Date(iso));

beforeEach(async () => {
  at("2026-03-02T10:00:00Z"); // a Monday
  t = await createTestDb();
  await ensureDefaults(t.db, "UTC");
  service = new TicketService({ tickets: new TicketRepository(t.db), transaction: (work) => TicketRepository.transaction(t.db, work), clock: () => now });
});
afterEach(async () => t.close());

function changed(o: TicketOutcome): TicketRecord {
  if (o.kind !== "changed") throw new Error(`expected a change, got ${o.kind}`);
  return o.ticket;
}

async function acmeTicket() {
  const acme = await seedCustomer(t.db, { name: "Acme", domains: ["acme.com"] });
  return service.open({ customerId: acme.id, contactId: null, subject: "VPN", description: "", priority: "medium", source: "slack", openedBy: "U1" });
}

describe("ticket SLA clocks", () => {
  it("opening sets the due times in business hours: 4h response from Monday 10:00 is 14:00, 3 business days is Thursday 10:00", async () => {
    const ticket = await acmeTicket();
    expect(ticket.responseDueAt.toISOString()).toBe("2026-03-02T14:00:00.000Z");
    expect(ticket.resolutionDueAt.toISOString()).toBe("2026-03-05T10:00:00.000Z");
    expect(ticket.responseAtRiskAt.toISOString()).toBe("2026-03-02T13:12:00.000Z");
  });

  it("pending time does not count: after two business hours pending the due times move by two hours", async () => {
    const ticket = await acmeTicket();
    at("2026-03-02T11:00:00Z");
    changed(await service.setPending(ticket.id, "U1"));
    at("2026-03-02T13:00:00Z");
    const resumed = changed(await service.resume(ticket.id, { actorId: "U1" }));
    expect(resumed.responseDueAt.toISOString()).toBe("2026-03-02T16:00:00.000Z");
    expect(resumed.resolutionDueAt.toISOString()).toBe("2026-03-05T12:00:00.000Z");
  });

  it("a first response given while pending is measured without the pending time, and met agrees with the minutes", async () => {
    const ticket = await acmeTicket();
    at("2026-03-02T10:10:00Z");
    changed(await service.setPending(ticket.id, "U1"));
    at("2026-03-02T15:00:00Z"); // past the original 14:00 due time, but only 10 business minutes ran
    const responded = changed(await service.respond(ticket.id, "U2"));
    expect(responded.firstResponseMinutes).toBe(10);
    expect(ticketTimerStates(responded, now).response).toBe("met");
    // the SLA summary agrees: answered in time, nothing missed
    const summary = new SlaSummaryRepository(t.db);
    const window = { from: new Date("2026-03-01T00:00:00Z"), now };
    expect((await summary.summary(window, 15)).totals).toMatchObject({ responded: 1, respondedInTime: 1 });
    expect(await summary.missedInWindow(window, 5)).toEqual([]);
    // and still after the ticket resumes
    at("2026-03-02T16:00:00Z");
    const resumed = changed(await service.resume(ticket.id, { actorId: "U1" }));
    expect(ticketTimerStates(resumed, now).response).toBe("met");
  });

  it("a first response while pending after the target was used up is missed", async () => {
    const ticket = await acmeTicket();
    at("2026-03-02T14:30:00Z"); // 4h30 ran: breached
    changed(await service.setPending(ticket.id, "U1"));
    at("2026-03-02T15:00:00Z");
    const responded = changed(await service.respond(ticket.id, "U2"));
    expect(responded.firstResponseMinutes).toBe(270);
    expect(ticketTimerStates(responded, now).response).toBe("missed");
  });

  it("resolving a pending ticket ends the pause first: resolved within target is met", async () => {
    const ticket = await acmeTicket();
    changed(await service.respond(ticket.id, "U2"));
    at("2026-03-02T11:00:00Z");
    changed(await service.setPending(ticket.id, "U1"));
    at("2026-03-09T11:00:00Z"); // a week later, still pending
    const resolved = changed(await service.resolve(ticket.id, "U1"));
    expect(resolved.resolutionMinutes).toBe(60);
    expect(ticketTimerStates(resolved, now).resolution).toBe("met");
    expect(await t.db.ticketPause.count({ where: { ticketId: ticket.id, to: null } })).toBe(0);
  });

  it("resolving an unanswered ticket records the first response too", async () => {
    const ticket = await acmeTicket();
    at("2026-03-02T12:00:00Z");
    const resolved = changed(await service.resolve(ticket.id, "U3"));
    expect(resolved).toMatchObject({ firstResponseBy: "U3", firstResponseMinutes: 120, resolutionMinutes: 120 });
  });

  it("time spent resolved before a reopen does not count against the resolution target", async () => {
    const ticket = await acmeTicket();
    at("2026-03-02T12:00:00Z");
    changed(await service.resolve(ticket.id, "U1"));
    at("2026-03-03T12:00:00Z"); // one business day later
    const reopened = changed(await service.reopen(ticket.id, { actorEmail: "pat@acme.com" }));
    expect(reopened.resolutionDueAt.toISOString()).toBe("2026-03-06T10:00:00.000Z");
    expect(reopened).toMatchObject({ status: "open", resolvedAt: null, resolutionMinutes: null });
    at("2026-03-03T13:00:00Z");
    expect(changed(await service.resolve(ticket.id, "U1")).resolutionMinutes).toBe(180);
  });

  it("a priority change recomputes the targets and due times from the opening", async () => {
    const ticket = await acmeTicket();
    at("2026-03-02T10:30:00Z");
    const high = changed(await service.setPriority(ticket.id, "high", "U1"));
    expect(high).toMatchObject({ priority: "high", responseTargetMinutes: 120, resolutionTargetMinutes: 480 });
    expect(high.responseDueAt.toISOString()).toBe("2026-03-02T12:00:00.000Z");
    expect(high.resolutionDueAt.toISOString()).toBe("2026-03-03T10:00:00.000Z");
  });

  it("choosing the customer of a triage ticket times it on the customer's SLA, minutes already recorded included", async () => {
    const acme = await seedCustomer(t.db, { name: "Acme", domains: ["acme.com"] });
    const allDay = await t.db.sla.create({
      data: {
        name: "24x7", nameKey: "24x7", timeZone: "UTC",
        responseLowMinutes: 240, responseMediumMinutes: 240, responseHighMinutes: 60, responseCriticalMinutes: 30,
        resolutionLowMinutes: 2880, resolutionMediumMinutes: 2880, resolutionHighMinutes: 480, resolutionCriticalMinutes: 240,
      },
    });
    await t.db.customer.update({ where: { id: acme.id }, data: { slaId: allDay.id } });
    at("2026-03-06T16:00:00Z"); // Friday
    const ticket = await service.open({ customerId: null, contactId: null, subject: "VPN", description: "", priority: "medium", source: "email" });
    at("2026-03-07T10:00:00Z"); // Saturday: one business hour on the default calendar, 18 real hours
    expect(changed(await service.respond(ticket.id, "U1")).firstResponseMinutes).toBe(60);
    const assigned = changed(await service.assignCustomer(ticket.id, acme.id, null, "U1"));
    expect(assigned).toMatchObject({ slaId: allDay.id, firstResponseMinutes: 1080, responseTargetMinutes: 240 });
    expect(assigned.responseDueAt.toISOString()).toBe("2026-03-06T20:00:00.000Z");
    expect(ticketTimerStates(assigned, now).response).toBe("missed");
  });
});
