/**
 * The SLA trend on a real SQLite file, with a seeded history whose answers are worked out by hand:
 * five weeks in Europe/Rome ending Wednesday 9 April 2025 10:00 (CEST), one of them across the
 * change to summer time (167 hours) and one without tickets; a ticket worked through the real ticket
 * service (pending, answered, resolved, reopened) so its minutes exclude the pending time and its
 * reopening moves the open counts. Seeded tickets run 24/7 with 60 / 480 minute targets.
 *
 * Weeks (UTC):  w0 [04-02 08:00, now]  w1 [03-26 09:00, 04-02 08:00) (DST)  w2 [03-19 09:00, 03-26 09:00)
 *               w3 [03-12 09:00, 03-19 09:00) (no tickets)  w4 [03-05 09:00, 03-12 09:00)
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { seedTicketCustomers, seedTickets } from "../support/ticket-seed.js";
import { SlaSummaryRepository } from "../../src/repositories/sla-summary.js";
import { SlaTrendRepository, type PeriodFigures } from "../../src/repositories/sla-trend.js";
import { SlaSummaryService } from "../../src/services/summary/service.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { TicketService, type TicketOutcome } from "../../src/services/tickets/service.js";
import { currentWindow, trendWindows } from "../../src/services/summary/period.js";

const NOW = new Date("2025-04-09T08:00:00.000Z");
const ZONE = "Europe/Rome";
const z = (iso: string) => new Date(`${iso}:00.000Z`);

let t: TestDb;
let acme: string;
let beta: string;
let summary: SlaSummaryService;

const none: PeriodFigures = {
  responded: 0,
  respondedInTime: 0,
  medianResponseMinutes: null,
  resolved: 0,
  resolvedInTime: 0,
  medianResolutionMinutes: null,
  responseBreaches: 0,
  resolutionBreaches: 0,
  opened: 0,
  openAtEnd: 0,
};
const week = (o: Partial<PeriodFigures>): PeriodFigures => ({ ...none, ...o });

function ok(o: TicketOutcome): void {
  if (o.kind !== "changed") throw new Error(`expected a change, got ${o.kind}`);
}

beforeEach(async () => {
  t = await createTestDb();
  const [a, b] = await seedTicketCustomers(t.db, ["Acme Dental", "Beta Labs"]); // the default SLA: Mon–Fri 09–17 UTC, medium 4h / 1,440 min
  acme = a!.id;
  beta = b!.id;
  await seedTickets(t.db, [
    // w4: one in time, one late on both clocks (2 breaches)
    { number: 101, customerId: acme, status: "closed", openedAt: z("2025-03-06T10:00"), firstResponseAt: z("2025-03-06T10:30"), firstResponseMinutes: 30, resolvedAt: z("2025-03-06T15:00"), resolutionMinutes: 300, closedAt: z("2025-03-07T15:00") },
    { number: 102, customerId: acme, status: "closed", openedAt: z("2025-03-07T10:00"), firstResponseAt: z("2025-03-07T11:30"), firstResponseMinutes: 90, resolvedAt: z("2025-03-07T20:00"), resolutionMinutes: 600, closedAt: z("2025-03-08T20:00") },
    // answered late at 08:30 UTC on 26 March = 09:30 in Rome: still w2, though 7 x 24 hours back from now it would be w1;
    // resolved in time at 10:00 UTC: w1
    { number: 103, customerId: acme, status: "resolved", openedAt: z("2025-03-26T07:00"), firstResponseAt: z("2025-03-26T08:30"), firstResponseMinutes: 90, resolvedAt: z("2025-03-26T10:00"), resolutionMinutes: 180 },
    // w0: open and breached on both clocks; pending before its deadlines (no breach); triage, answered in time, resolution overdue
    { number: 106, customerId: acme, openedAt: z("2025-04-08T08:00") },
    { number: 107, customerId: acme, status: "pending", openedAt: z("2025-04-08T07:00"), pausedAt: z("2025-04-08T07:30") },
    { number: 108, customerId: null, openedAt: z("2025-04-07T10:00"), firstResponseAt: z("2025-04-07T10:20"), firstResponseMinutes: 20 },
  ]);
  // Through the ticket service, in the DST week: opened Monday 31 March 10:00 UTC (due 14:00), pending 10:30-12:30 (due 16:00),
  // answered 15:00 (in time, 180 business minutes: the two pending hours excluded), resolved Tuesday 10:00 (360 minutes),
  // reopened Thursday 3 April 10:00 (w0): its resolution is now due Monday 7 April 12:00 and missed.
  let now = z("2025-03-31T10:00");
  const tickets = new TicketService({ tickets: new TicketRepository(t.db), transaction: (work) => TicketRepository.transaction(t.db, work), clock: () => now });
  const ticket = await tickets.open({ customerId: acme, contactId: null, subject: "VPN drops", description: "", priority: "medium", source: "slack", openedBy: "U1" });
  now = z("2025-03-31T10:30");
  ok(await tickets.setPending(ticket.id, "U1"));
  now = z("2025-03-31T12:30");
  ok(await tickets.resume(ticket.id, { actorId: "U1" }));
  now = z("2025-03-31T15:00");
  ok(await tickets.respond(ticket.id, "U1"));
  now = z("2025-04-01T10:00");
  ok(await tickets.resolve(ticket.id, "U1"));
  now = z("2025-04-03T10:00");
  ok(await tickets.reopen(ticket.id, { actorId: "U1" }));
  const stored = await t.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
  expect([stored.firstResponseMinutes, stored.responseDueAt.toISOString(), stored.resolutionDueAt.toISOString()]).toEqual([180, "2025-03-31T16:00:00.000Z", "2025-04-07T12:00:00.000Z"]);

  summary = new SlaSummaryService({
    repo: new SlaSummaryRepository(t.db),
    trends: new SlaTrendRepository(t.db),
    permalink: async () => undefined,
    timeZone: ZONE,
    managerUserIds: [],
  });
});
afterEach(async () => t.close());

describe("SLA trend periods", () => {
  it("are weeks of 7 days in the summary's time zone: the week across the change to summer time has 167 hours", () => {
    const w = trendWindows("week", NOW, ZONE, 5);
    expect(w.map((x) => [x.from.toISOString(), x.to.toISOString()])).toEqual([
      ["2025-04-02T08:00:00.000Z", "2025-04-09T08:00:00.001Z"],
      ["2025-03-26T09:00:00.000Z", "2025-04-02T08:00:00.000Z"],
      ["2025-03-19T09:00:00.000Z", "2025-03-26T09:00:00.000Z"],
      ["2025-03-12T09:00:00.000Z", "2025-03-19T09:00:00.000Z"],
      ["2025-03-05T09:00:00.000Z", "2025-03-12T09:00:00.000Z"],
    ]);
    expect((w[1]!.to.getTime() - w[1]!.from.getTime()) / 3_600_000).toBe(167);
    // today: the day so far, then whole local days (the 30th of March has 23 hours)
    const days = trendWindows("today", new Date("2025-03-31T08:00:00Z"), ZONE, 3);
    expect(days.map((x) => x.from.toISOString())).toEqual(["2025-03-30T22:00:00.000Z", "2025-03-29T23:00:00.000Z", "2025-03-28T23:00:00.000Z"]);
  });

  it("counts each week's responses, resolutions, medians, breaches, openings and open tickets at its end", async () => {
    const trend = await summary.trend("week", NOW);
    expect(trend.history).toBe("ok");
    expect(trend.firstTicketAt?.toISOString()).toBe("2025-03-06T10:00:00.000Z");
    // only the weeks since the first ticket, oldest first
    expect(trend.points.map((p) => p.from.toISOString())).toEqual([
      "2025-03-05T09:00:00.000Z",
      "2025-03-12T09:00:00.000Z",
      "2025-03-19T09:00:00.000Z",
      "2025-03-26T09:00:00.000Z",
      "2025-04-02T08:00:00.000Z",
    ]);
    const figures = trend.points.map(({ from: _f, to: _t, ...f }) => f);
    expect(figures).toEqual([
      week({ responded: 2, respondedInTime: 1, medianResponseMinutes: 60, resolved: 2, resolvedInTime: 1, medianResolutionMinutes: 450, responseBreaches: 1, resolutionBreaches: 1, opened: 2 }),
      none, // w3: no tickets at all
      week({ responded: 1, medianResponseMinutes: 90, responseBreaches: 1, opened: 1, openAtEnd: 1 }),
      // the DST week: the service's ticket answered in time in 180 minutes (pending excluded); #103 resolved;
      // the service's ticket was resolved too, but is open again now, so its resolution no longer counts
      week({ responded: 1, respondedInTime: 1, medianResponseMinutes: 180, resolved: 1, resolvedInTime: 1, medianResolutionMinutes: 180, opened: 1, openAtEnd: 0 }),
      week({ responded: 1, respondedInTime: 1, medianResponseMinutes: 20, responseBreaches: 1, resolutionBreaches: 3, opened: 3, openAtEnd: 4 }),
    ]);
    expect(trend.topBreachers).toEqual([
      { customerId: acme, customerName: "Acme Dental", response: 1, resolution: 2, total: 3 },
      { customerId: null, customerName: null, response: 0, resolution: 1, total: 1 },
    ]);
  });

  it("gives one customer's weeks, and says when a customer has no tickets or less than two weeks of history", async () => {
    const trend = await summary.trend("week", NOW, { customerId: acme });
    expect(trend.points.at(-1)).toMatchObject({ responded: 0, responseBreaches: 1, resolutionBreaches: 2, opened: 2, openAtEnd: 3 });
    expect(trend.points.at(-2)).toMatchObject({ responded: 1, resolved: 1, openAtEnd: 0 });
    expect(trend.topBreachers).toEqual([]);

    expect(await summary.trend("week", NOW, { customerId: beta })).toMatchObject({ history: "none", points: [], firstTicketAt: null });
    await seedTickets(t.db, [{ number: 120, customerId: beta, openedAt: z("2025-04-08T09:00") }]);
    const short = await summary.trend("week", NOW, { customerId: beta });
    expect(short).toMatchObject({ history: "short" });
    expect(short.points).toHaveLength(1);
    // the triage tickets as a scope of their own
    expect((await summary.trend("week", NOW, { customerId: null })).points.at(-1)).toMatchObject({ responded: 1, resolutionBreaches: 1, openAtEnd: 1 });
  });

  it("says so when there are no tickets at all", async () => {
    const empty = await createTestDb();
    try {
      const s = new SlaSummaryService({ repo: new SlaSummaryRepository(empty.db), trends: new SlaTrendRepository(empty.db), permalink: async () => undefined, timeZone: ZONE, managerUserIds: [] });
      expect(await s.trend("week", NOW)).toMatchObject({ history: "none", points: [], topBreachers: [], firstTicketAt: null });
      expect((await s.summary("week", NOW)).change).toMatchObject({ current: none, previous: null });
    } finally {
      await empty.close();
    }
  });
});

describe("SLA summary changes against the previous period", () => {
  it("compares this week with the 7 days before, and agrees with the summary's own totals", async () => {
    const s = await summary.summary("week", NOW);
    expect(s.change?.previousWindow).toEqual({ from: z("2025-03-26T09:00"), to: z("2025-04-02T08:00") });
    expect(s.change?.previous).toEqual(week({ responded: 1, respondedInTime: 1, medianResponseMinutes: 180, resolved: 1, resolvedInTime: 1, medianResolutionMinutes: 180, opened: 1, openAtEnd: 0 }));
    const current = s.change!.current;
    // this period's responses, resolutions, medians and open tickets are the summary's own totals
    expect(current).toMatchObject({ responseBreaches: 1, resolutionBreaches: 3, openAtEnd: 4 });
    expect([current.responded, current.respondedInTime, current.resolved, current.resolvedInTime, current.medianResponseMinutes, current.medianResolutionMinutes, current.openAtEnd]).toEqual([
      s.totals.responded,
      s.totals.respondedInTime,
      s.totals.resolved,
      s.totals.resolvedInTime,
      s.totals.medianResponseMinutes,
      s.totals.medianResolutionMinutes,
      s.totals.open,
    ]);
    // and the trend, counting both periods itself, finds the same figures
    const counted = await new SlaTrendRepository(t.db).periods([currentWindow("week", NOW, ZONE), s.change!.previousWindow], NOW);
    expect(counted[1]).toEqual(s.change?.previous);
    expect(counted[0]).toEqual(current);
    const trend = await summary.trend("week", NOW);
    expect([s.totals.medianResponseMinutes, s.totals.medianResolutionMinutes]).toEqual([trend.points.at(-1)!.medianResponseMinutes, trend.points.at(-1)!.medianResolutionMinutes]);
  });

  it("finds the same medians by sorting a period's minutes or by walking the median index", async () => {
    const repo = new SlaTrendRepository(t.db);
    const windows = trendWindows("week", NOW, ZONE, 5);
    const sorted = await repo.periods(windows, NOW);
    const walked = await repo.periods(windows, NOW, {}, { medians: windows.map(() => "index" as const) });
    expect(walked).toEqual(sorted);
    expect(sorted.map((p) => [p.medianResponseMinutes, p.medianResolutionMinutes])).toEqual([[20, null], [180, 180], [90, null], [null, null], [60, 450]]);
  });

  it("compares today with yesterday up to the same time, and the open tickets then", async () => {
    const s = await summary.summary("today", NOW);
    // yesterday 00:00-10:00 in Rome; #106 was opened at exactly 10:00, so three were open then
    expect(s.change?.previousWindow).toEqual({ from: z("2025-04-07T22:00"), to: z("2025-04-08T08:00") });
    expect(s.change?.previous).toMatchObject({ opened: 1, openAtEnd: 3, responseBreaches: 0 });
    expect(s.change?.current).toMatchObject({ opened: 0, openAtEnd: 4, responseBreaches: 0, resolutionBreaches: 0 });
  });

  it("has no change to show when the first ticket came after the previous period", async () => {
    const s = await summary.summary("week", z("2025-03-10T08:00"));
    expect(s.change?.previous).toBeNull();
    expect(s.change?.current).toMatchObject({ responded: 2, opened: 2 });
    expect((await summary.summary("week", z("2025-03-20T08:00"))).change?.previous).toMatchObject({ responded: 2, opened: 2 });
  });
});
