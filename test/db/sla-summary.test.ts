/** The SLA summary's figures, computed by the database on a real SQLite file, for a seeded data set. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { minutesAfter, seedTicketCustomers, seedTickets, type SeedTicket, figures } from "../support/ticket-seed.js";
import { SlaSummaryRepository } from "../../src/repositories/sla-summary.js";
import { SlaTrendRepository } from "../../src/repositories/sla-trend.js";
import { SlaSummaryService } from "../../src/services/summary/service.js";

const NOW = new Date("2025-03-12T10:00:00.000Z");
const ago = (minutes: number) => minutesAfter(NOW, -minutes);
const H = 60;
const D = 24 * H;
const TICKETS_CHANNEL = "C0TICKETS1";

let t: TestDb;
let acme: string;
let beta: string;
let permalinkCalls: string[];
let service: SlaSummaryService;

/**
 * Targets 60 min (response) and 480 min (resolution), 24/7: due at opened + target, at risk from
 * opened + 48 / + 384 minutes. Expected figures are worked out next to each ticket.
 */
function dataSet(ids: { acme: string; beta: string; gamma: string }): SeedTicket[] {
  const { acme, beta, gamma } = ids;
  const opened = (m: number) => ago(m);
  return [
    // Acme: 4 open (A1 on track, A2 at risk, A3 breached, A4 paused at risk), 3 responded this week, 2 resolved.
    { number: 1, customerId: acme, openedAt: opened(30) },
    { number: 2, customerId: acme, openedAt: opened(50) },
    { number: 3, customerId: acme, openedAt: opened(2 * H), subject: "Mail down", channelId: TICKETS_CHANNEL, messageTs: "1741770000.000300" },
    // paused at 420 min: resolution at risk then (>= 384, <= 480); without the pause it would be breached now (600 min)
    { number: 4, customerId: acme, status: "pending", openedAt: opened(10 * H), firstResponseAt: minutesAfter(opened(10 * H), 30), firstResponseMinutes: 30, pausedAt: minutesAfter(opened(10 * H), 420) },
    { number: 5, customerId: acme, status: "resolved", openedAt: opened(2 * D), firstResponseAt: minutesAfter(opened(2 * D), 20), firstResponseMinutes: 20, resolvedAt: minutesAfter(opened(2 * D), 300), resolutionMinutes: 300 },
    // responded 30 min late, resolved 120 min late
    { number: 6, customerId: acme, status: "closed", subject: "Printer <on fire>", openedAt: opened(3 * D), firstResponseAt: minutesAfter(opened(3 * D), 90), firstResponseMinutes: 90, resolvedAt: minutesAfter(opened(3 * D), 600), resolutionMinutes: 600, closedAt: minutesAfter(opened(3 * D), 700), channelId: TICKETS_CHANNEL, messageTs: "1741770000.000600" },
    // in the month, not the week
    { number: 7, customerId: acme, status: "resolved", openedAt: opened(20 * D), firstResponseAt: minutesAfter(opened(20 * D), 40), firstResponseMinutes: 40, resolvedAt: minutesAfter(opened(20 * D), 360), resolutionMinutes: 360 },
    // Beta: 3 open (B1 breached on resolution, B2 paused early so on track, B3 on track), 2 responded this week (B3 one minute late).
    { number: 8, customerId: beta, openedAt: opened(3 * D), firstResponseAt: minutesAfter(opened(3 * D), 10), firstResponseMinutes: 10, channelId: TICKETS_CHANNEL, messageTs: "1741770000.000800" },
    { number: 9, customerId: beta, status: "pending", openedAt: opened(5 * H), pausedAt: minutesAfter(opened(5 * H), 30) },
    { number: 10, customerId: beta, openedAt: opened(90), firstResponseAt: minutesAfter(opened(90), 61), firstResponseMinutes: 61 },
    // Triage: 1 open, response breached, no message
    { number: 11, customerId: null, openedAt: opened(70) },
    // Gamma: nothing in scope (closed two months ago)
    { number: 12, customerId: gamma, status: "closed", openedAt: opened(60 * D), firstResponseAt: opened(60 * D - 5), firstResponseMinutes: 5, resolvedAt: opened(60 * D - 100), resolutionMinutes: 100, closedAt: opened(59 * D) },
  ];
}

beforeEach(async () => {
  t = await createTestDb();
  const [a, b, g] = await seedTicketCustomers(t.db, ["Acme Dental", "Beta Labs", "Gamma Inc"]);
  acme = a!.id;
  beta = b!.id;
  await seedTickets(t.db, dataSet({ acme, beta, gamma: g!.id }));
  permalinkCalls = [];
  service = new SlaSummaryService({
    repo: new SlaSummaryRepository(t.db),
    trends: new SlaTrendRepository(t.db),
    permalink: async (channel, ts) => {
      permalinkCalls.push(`${channel}/${ts}`);
      return `https://example.slack.com/archives/${channel}/p${ts.replace(".", "")}`;
    },
    timeZone: "Europe/Rome",
    managerUserIds: ["U0MANAGER1"],
  });
});
afterEach(async () => t.close());


describe("SLA summary figures (week)", () => {
  it("counts open, at risk and breached per customer, compliance and medians over the week, most trouble first", async () => {
    const s = await service.summary("week", NOW);
    expect(s.from).toEqual(ago(7 * D));
    expect(s.customerCount).toBe(3);
    expect(s.customers).toEqual([
      {
        customerId: acme,
        customerName: "Acme Dental",
        ...figures({ open: 4, atRisk: 2, breached: 1, responded: 3, respondedInTime: 2, resolved: 2, resolvedInTime: 1, medianResponseMinutes: 30, medianResolutionMinutes: 450 }),
      },
      { customerId: beta, customerName: "Beta Labs", ...figures({ open: 3, breached: 1, responded: 2, respondedInTime: 1, medianResponseMinutes: 35.5 }) },
      { customerId: null, customerName: null, ...figures({ open: 1, breached: 1 }) },
    ]);
    expect(s.totals).toEqual(
      figures({ open: 8, atRisk: 2, breached: 3, responded: 5, respondedInTime: 3, resolved: 2, resolvedInTime: 1, medianResponseMinutes: 30, medianResolutionMinutes: 450 }),
    );
  });

  it("lists the open breaches longest-breached first and the misses of the week by business minutes late, with links", async () => {
    const s = await service.summary("week", NOW);
    expect(s.breachedNow.map((b) => [b.number, b.clock, b.since.toISOString(), b.customerName, b.link ?? null])).toEqual([
      [8, "resolution", minutesAfter(ago(3 * D), 480).toISOString(), "Beta Labs", `https://example.slack.com/archives/${TICKETS_CHANNEL}/p1741770000000800`],
      [3, "response", ago(60).toISOString(), "Acme Dental", `https://example.slack.com/archives/${TICKETS_CHANNEL}/p1741770000000300`],
      [11, "response", ago(10).toISOString(), null, null],
    ]);
    expect(s.missed.map((m) => [m.number, m.clock, m.lateMinutes, m.subject, m.link ?? null])).toEqual([
      [6, "resolution", 120, "Printer <on fire>", `https://example.slack.com/archives/${TICKETS_CHANNEL}/p1741770000000600`],
      [10, "response", 1, "Ticket 10", null],
    ]);
    // one lookup per ticket shown with a message, none for tickets without one
    expect(permalinkCalls.sort()).toEqual([`${TICKETS_CHANNEL}/1741770000.000300`, `${TICKETS_CHANNEL}/1741770000.000600`, `${TICKETS_CHANNEL}/1741770000.000800`]);
  });

  it("compares a paused ticket at its pausedAt: at risk or on track then, though overdue by now", async () => {
    const s = await service.summary("week", NOW);
    expect(s.breachedNow.map((b) => b.number)).not.toContain(4);
    expect(s.breachedNow.map((b) => b.number)).not.toContain(9);
    // a pending ticket paused after its deadline stays breached
    await seedTickets(t.db, [{ number: 20, customerId: beta, status: "pending", openedAt: ago(3 * H), pausedAt: ago(H) }]);
    const after = await service.summary("week", NOW);
    expect(after.customers.find((c) => c.customerId === beta)).toMatchObject({ open: 4, breached: 2, atRisk: 0 });
    expect(after.breachedNow.find((b) => b.number === 20)).toMatchObject({ clock: "response", paused: true, since: ago(2 * H) });
  });
});

describe("SLA summary periods", () => {
  it("month reaches 30 days back; today starts at local midnight in the summary's time zone", async () => {
    const month = await service.summary("month", NOW);
    expect(month.customers[0]).toMatchObject({ customerId: acme, responded: 4, respondedInTime: 3, resolved: 3, resolvedInTime: 2, medianResponseMinutes: 35, medianResolutionMinutes: 360 });

    const today = await service.summary("today", NOW);
    // Europe/Rome is UTC+1 on 12 March 2025: midnight is 23:00 UTC the day before
    expect(today.from.toISOString()).toBe("2025-03-11T23:00:00.000Z");
    expect(today.customers.find((c) => c.customerId === acme)).toMatchObject({ open: 4, responded: 1, respondedInTime: 1, resolved: 0, medianResponseMinutes: 30 });
    expect(today.customers.find((c) => c.customerId === beta)).toMatchObject({ open: 3, responded: 1, respondedInTime: 0, medianResponseMinutes: 61 });
    expect(today.missed.map((m) => m.number)).toEqual([10]);
  });

  it("counts a response exactly at the start of the period and not one a millisecond before", async () => {
    const [c] = await seedTicketCustomers(t.db, ["Delta Edge"]);
    const from = ago(7 * D);
    await seedTickets(t.db, [
      { number: 30, customerId: c!.id, status: "closed", openedAt: ago(8 * D), responseTarget: 3 * D, firstResponseAt: from, firstResponseMinutes: 7, resolvedAt: ago(8 * D - 10), resolutionMinutes: 10 },
      { number: 31, customerId: c!.id, status: "closed", openedAt: ago(8 * D), responseTarget: 3 * D, firstResponseAt: new Date(from.getTime() - 1), firstResponseMinutes: 9, resolvedAt: ago(8 * D - 10), resolutionMinutes: 10 },
    ]);
    const s = await service.summary("week", NOW);
    expect(s.customers.find((x) => x.customerId === c!.id)).toMatchObject({ open: 0, responded: 1, respondedInTime: 1, medianResponseMinutes: 7 });
  });

  it("has nothing to report on an empty database", async () => {
    const empty = await createTestDb();
    try {
      const s = await new SlaSummaryService({ repo: new SlaSummaryRepository(empty.db), trends: new SlaTrendRepository(empty.db), permalink: async () => undefined, timeZone: "UTC", managerUserIds: [] }).summary("week", NOW);
      expect(s).toMatchObject({ customers: [], customerCount: 0, breachedNow: [], missed: [], totals: figures({}) });
    } finally {
      await empty.close();
    }
  });
});

describe("SLA summary storage assumptions", () => {
  it.skipIf(onPostgres)("Prisma stores ticket dates on SQLite as fixed-width UTC ISO text, so the SQL compares them as text", async () => {
    const sqlite = new Database(t.file, { readonly: true });
    try {
      const row = sqlite.prepare(`SELECT "responseDueAt", typeof("responseDueAt") AS "kind" FROM "Ticket" WHERE "number" = 3`).get() as { responseDueAt: string; kind: string };
      expect(row).toEqual({ responseDueAt: "2025-03-12T09:00:00.000+00:00", kind: "text" });
    } finally {
      sqlite.close();
    }
  });

  it("claims a scheduled run once per key", async () => {
    const repo = new SlaSummaryRepository(t.db);
    expect(await repo.claimRun("sla-summary:2025-03-12T08:00+01:00", "one", NOW)).toBe(true);
    expect(await repo.claimRun("sla-summary:2025-03-12T08:00+01:00", "two", NOW)).toBe(false);
    expect(await repo.claimRun("sla-summary:2025-03-13T08:00+01:00", "two", NOW)).toBe(true);
  });
});
