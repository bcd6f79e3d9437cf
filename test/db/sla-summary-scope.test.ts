/**
 * The SLA summary's customer list and totals at their edges, on a real SQLite file: customers with
 * nothing open but a response or resolution in the period, the list cut at `topCustomers`, even
 * counts of minutes (the mean of the two middle values), and first responses without minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { minutesAfter, seedTicketCustomers, seedTickets, figures } from "../support/ticket-seed.js";
import { SlaSummaryRepository } from "../../src/repositories/sla-summary.js";
import { SlaTrendRepository } from "../../src/repositories/sla-trend.js";
import { SlaSummaryService } from "../../src/services/summary/service.js";

const NOW = new Date("2025-03-12T10:00:00.000Z");
const ago = (minutes: number) => minutesAfter(NOW, -minutes);
const H = 60;
const D = 24 * H;

let t: TestDb;
let ids: Record<"acme" | "beta" | "eta" | "zeta" | "gamma", string>;

const summary = (topCustomers: number) =>
  new SlaSummaryService({ repo: new SlaSummaryRepository(t.db), trends: new SlaTrendRepository(t.db), permalink: async () => undefined, timeZone: "UTC", managerUserIds: [], topCustomers }).summary("week", NOW);


beforeEach(async () => {
  t = await createTestDb();
  // names chosen so that name order differs from creation order
  const [zeta, acme, eta, beta, gamma] = await seedTicketCustomers(t.db, ["Zeta Corp", "Acme Dental", "Eta Ltd", "Beta Labs", "Gamma Inc"]);
  ids = { acme: acme!.id, beta: beta!.id, eta: eta!.id, zeta: zeta!.id, gamma: gamma!.id };
  // targets 60 / 480 minutes, 24/7
  await seedTickets(t.db, [
    // Acme: 2 open (one breached on response), responded 20 and 90 minutes (late), resolved 300
    { number: 1, customerId: ids.acme, openedAt: ago(30) },
    { number: 2, customerId: ids.acme, openedAt: ago(2 * H) },
    { number: 3, customerId: ids.acme, status: "resolved", openedAt: ago(2 * D), firstResponseAt: minutesAfter(ago(2 * D), 20), firstResponseMinutes: 20, resolvedAt: minutesAfter(ago(2 * D), 300), resolutionMinutes: 300 },
    { number: 4, customerId: ids.acme, status: "closed", openedAt: ago(3 * D), firstResponseAt: minutesAfter(ago(3 * D), 90), firstResponseMinutes: 90, resolvedAt: minutesAfter(ago(3 * D), 400), resolutionMinutes: 400, closedAt: ago(2 * D) },
    // Beta: 1 open, on track
    { number: 5, customerId: ids.beta, openedAt: ago(10) },
    // Eta: nothing open; responded in 45 minutes and resolved in 400 this week, both in time
    { number: 6, customerId: ids.eta, status: "closed", openedAt: ago(3 * D), firstResponseAt: minutesAfter(ago(3 * D), 45), firstResponseMinutes: 45, resolvedAt: minutesAfter(ago(3 * D), 400), resolutionMinutes: 400, closedAt: ago(2 * D) },
    // Zeta: nothing open; responded before the week, resolved (late, 3000 minutes) in it
    { number: 7, customerId: ids.zeta, status: "resolved", openedAt: ago(9 * D), firstResponseAt: minutesAfter(ago(9 * D), 30), firstResponseMinutes: 30, resolvedAt: ago(2 * D), resolutionMinutes: 3000 },
    // Gamma: only a ticket closed a month ago, nothing to report
    { number: 8, customerId: ids.gamma, status: "closed", openedAt: ago(40 * D), firstResponseAt: minutesAfter(ago(40 * D), 5), firstResponseMinutes: 5, resolvedAt: minutesAfter(ago(40 * D), 50), resolutionMinutes: 50, closedAt: ago(39 * D) },
  ]);
});
afterEach(async () => t.close());

describe("SLA summary scope", () => {
  it("lists customers with nothing open but activity in the period after those with open tickets, by name, and counts them", async () => {
    const s = await summary(10);
    expect(s.customerCount).toBe(4);
    expect(s.customers).toEqual([
      { customerId: ids.acme, customerName: "Acme Dental", ...figures({ open: 2, breached: 1, responded: 2, respondedInTime: 1, resolved: 2, resolvedInTime: 2, medianResponseMinutes: 55, medianResolutionMinutes: 350 }) },
      { customerId: ids.beta, customerName: "Beta Labs", ...figures({ open: 1 }) },
      { customerId: ids.eta, customerName: "Eta Ltd", ...figures({ responded: 1, respondedInTime: 1, resolved: 1, resolvedInTime: 1, medianResponseMinutes: 45, medianResolutionMinutes: 400 }) },
      { customerId: ids.zeta, customerName: "Zeta Corp", ...figures({ resolved: 1, medianResolutionMinutes: 3000 }) },
    ]);
    // responses 20, 45, 90 (median 45); resolutions 300, 400, 400, 3000 (even: mean of 400 and 400)
    expect(s.totals).toEqual(figures({ open: 3, breached: 1, responded: 3, respondedInTime: 2, resolved: 4, resolvedInTime: 3, medianResponseMinutes: 45, medianResolutionMinutes: 400 }));
  });

  it("cuts the list at topCustomers but counts and totals every customer", async () => {
    const two = await summary(2);
    expect(two.customers.map((c) => c.customerName)).toEqual(["Acme Dental", "Beta Labs"]);
    expect(two.customerCount).toBe(4);
    expect(two.totals).toMatchObject({ responded: 3, resolved: 4, medianResolutionMinutes: 400 });

    const three = await summary(3);
    expect(three.customers.map((c) => c.customerName)).toEqual(["Acme Dental", "Beta Labs", "Eta Ltd"]);
    expect(three.customerCount).toBe(4);
  });

  it("takes the mean of the two middle minutes when the count is even, per customer and in the totals", async () => {
    // Zeta's resolutions become 3000 and 1000: its median 2000; all: 300, 400, 400, 1000, 3000 -> 400
    await seedTickets(t.db, [
      { number: 9, customerId: ids.zeta, status: "resolved", openedAt: ago(4 * D), firstResponseAt: minutesAfter(ago(4 * D), 50), firstResponseMinutes: 50, resolvedAt: minutesAfter(ago(4 * D), 1000), resolutionMinutes: 1000 },
    ]);
    const s = await summary(10);
    expect(s.customers.find((c) => c.customerId === ids.zeta)).toMatchObject({ resolved: 2, medianResolutionMinutes: 2000, responded: 1, medianResponseMinutes: 50 });
    // responses 20, 45, 50, 90: mean of 45 and 50
    expect(s.totals).toMatchObject({ responded: 4, medianResponseMinutes: 47.5, resolved: 5, medianResolutionMinutes: 400 });
  });

  it("counts a first response without minutes as responded but leaves it out of the medians", async () => {
    await seedTickets(t.db, [
      { number: 10, customerId: ids.acme, status: "closed", openedAt: ago(2 * D), firstResponseAt: minutesAfter(ago(2 * D), 10), firstResponseMinutes: null, closedAt: ago(D) },
    ]);
    const s = await summary(10);
    expect(s.customers[0]).toMatchObject({ customerId: ids.acme, responded: 3, respondedInTime: 2, medianResponseMinutes: 55 });
    expect(s.totals).toMatchObject({ responded: 4, respondedInTime: 3, medianResponseMinutes: 45 });
  });

  it("reports triage tickets with nothing open but a resolution in the period as their own row", async () => {
    await seedTickets(t.db, [
      { number: 11, customerId: null, status: "resolved", openedAt: ago(D), firstResponseAt: minutesAfter(ago(D), 15), firstResponseMinutes: 15, resolvedAt: minutesAfter(ago(D), 100), resolutionMinutes: 100 },
    ]);
    const s = await summary(10);
    expect(s.customerCount).toBe(5);
    // no name: sorts first among the customers without open tickets
    expect(s.customers.map((c) => c.customerId)).toEqual([ids.acme, ids.beta, null, ids.eta, ids.zeta]);
    expect(s.customers[2]).toMatchObject({ customerName: null, open: 0, responded: 1, resolved: 1, medianResolutionMinutes: 100 });
  });
});
