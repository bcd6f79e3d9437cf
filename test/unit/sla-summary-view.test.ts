/** The SLA summary message: its content for known figures, and Slack's limits with 2,000 customers. */
import { describe, expect, it } from "vitest";
import { percent, slaSummaryMessage } from "../../src/slack/views/sla-summary.js";
import type { SlaSummary } from "../../src/services/summary/service.js";
import type { CustomerFigures } from "../../src/repositories/sla-summary.js";
import type { PeriodFigures } from "../../src/repositories/sla-trend.js";
import { NO_FIGURES } from "../support/ticket-seed.js";
import { periodWindow } from "../../src/services/summary/period.js";
import { runKey } from "../../src/jobs/sla-summary-job.js";
import { en } from "../../src/i18n/en.js";
import { it as italian } from "../../src/i18n/it.js";
import type { Catalog } from "../../src/i18n/catalog.js";

/** Each view is checked against Slack's limits in both languages: Italian is longer. */
const BOTH: [string, Catalog][] = [
  ["en", en],
  ["it", italian],
];

const NOW = new Date("2025-03-12T10:00:00.000Z");
const zero = NO_FIGURES;

function summaryOf(o: Partial<SlaSummary>): SlaSummary {
  return {
    period: "week",
    from: new Date("2025-03-05T10:00:00.000Z"),
    now: NOW,
    timeZone: "Europe/Rome",
    totals: zero,
    customers: [],
    customerCount: 0,
    breachedNow: [],
    missed: [],
    change: null,
    ...o,
  };
}

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const blocks = (m: { blocks: unknown[] }) => m.blocks as Block[];
const texts = (m: { blocks: unknown[] }) => blocks(m).flatMap((b) => [b.text?.text ?? "", ...(b.elements ?? []).map((e) => e.text)]);

describe("SLA summary message", () => {
  it("shows the period, totals, each customer's figures, the worst tickets with links, and a text fallback", () => {
    const acme: CustomerFigures = { customerId: "c1", customerName: "Acme & Sons", open: 4, atRisk: 2, breached: 1, responded: 3, respondedInTime: 2, resolved: 2, resolvedInTime: 1, medianResponseMinutes: 30, medianResolutionMinutes: 450 };
    const triage: CustomerFigures = { ...zero, customerId: null, customerName: null, open: 1, breached: 1 };
    const m = slaSummaryMessage(en.slaSummary, 
      summaryOf({
        totals: { ...zero, open: 5, atRisk: 2, breached: 2, responded: 3, respondedInTime: 2, resolved: 2, resolvedInTime: 1, medianResponseMinutes: 30, medianResolutionMinutes: 450 },
        customers: [acme, triage],
        customerCount: 2,
        breachedNow: [
          { id: "t3", number: 3, subject: "Mail <down>", customerName: "Acme & Sons", channelId: "C1", messageTs: "1.2", clock: "response", since: new Date("2025-03-12T09:00:00Z"), paused: false, link: "https://x.slack.com/archives/C1/p12" },
          { id: "t11", number: 11, subject: "No customer", customerName: null, channelId: null, messageTs: null, clock: "resolution", since: new Date("2025-03-12T09:50:00Z"), paused: true, link: undefined },
        ],
        missed: [{ id: "t6", number: 6, subject: "Printer", customerName: "Acme & Sons", channelId: "C1", messageTs: "1.6", clock: "resolution", at: new Date("2025-03-10T08:00:00Z"), lateMinutes: 120, link: "https://x.slack.com/archives/C1/p16" }],
      }),
    );
    expect(blocks(m)[0]).toEqual({ type: "header", text: { type: "plain_text", text: "SLA summary — last 7 days", emoji: true } });
    const all = texts(m);
    expect(all).toContain("Wed 5 Mar 11:00 – Wed 12 Mar 11:00 (Europe/Rome)");
    expect(all).toContain(
      "*Open* 5   ·   *At risk* 2   ·   *Breached* 2\n*Response* 66% on time (2 of 3) · median 30m\n*Resolution* 50% on time (1 of 2) · median 7h 30m",
    );
    expect(all).toContain(
      "*Customers, most trouble first*\n" +
        "*Acme &amp; Sons* — 4 open · 2 at risk · 1 breached · response 66% (2/3), median 30m · resolution 50% (1/2), median 7h 30m\n" +
        "*Unassigned (triage)* — 1 open · 0 at risk · 1 breached · response — · resolution —",
    );
    expect(all).toContain(
      "*Breached now, longest first*\n" +
        "• <https://x.slack.com/archives/C1/p12|#3 Mail &lt;down&gt;> · Acme &amp; Sons · response overdue since Wed 12 Mar 10:00\n" +
        "• #11 No customer · Unassigned (triage) · resolution overdue since Wed 12 Mar 10:50 (pending)",
    );
    expect(all).toContain("*Missed in this period, latest first*\n• <https://x.slack.com/archives/C1/p16|#6 Printer> · Acme &amp; Sons · resolved 2h after the target (business time)");
    expect(all.join("\n")).not.toContain("more customer");
    expect(m.text).toBe("SLA summary, last 7 days: 5 open, 2 at risk, 2 breached. Response on time 66%, resolution on time 50%.");
  });

  it("says so when there is nothing to report", () => {
    const all = texts(slaSummaryMessage(en.slaSummary, summaryOf({ period: "today" }))).join("\n");
    expect(all).toContain("No open tickets, and no ticket was answered or resolved in this period.");
    expect(all).toContain("Nothing is breached right now.");
    expect(all).toContain("No ticket missed its target in this period.");
    expect(all).toContain("*Response* — nothing in this period");
  });

  it.each(BOTH)("stays within 50 blocks and 3,000 characters per section with 2,000 customers, long names and subjects (%s)", (_language, en) => {
    const longName = "&<>".repeat(40);
    const customers: CustomerFigures[] = Array.from({ length: 2000 }, (_, i) => ({
      ...zero,
      customerId: `c${i}`,
      customerName: `${longName} ${i}`,
      open: 100_000,
      atRisk: 50_000,
      breached: 40_000,
      responded: 99_999,
      respondedInTime: 99_998,
      resolved: 12_345,
      resolvedInTime: 12_000,
      medianResponseMinutes: 123_456.5,
      medianResolutionMinutes: 654_321,
    }));
    const ticket = (i: number) => ({ id: `t${i}`, number: 100_000 + i, subject: "<!channel> & ".repeat(100), customerName: longName, channelId: "C1", messageTs: `${i}.1`, link: `https://x.slack.com/archives/C1/p${i}1` });
    const m = slaSummaryMessage(en.slaSummary, 
      summaryOf({
        customers,
        customerCount: 2001,
        breachedNow: Array.from({ length: 50 }, (_, i) => ({ ...ticket(i), clock: "response" as const, since: NOW, paused: true })),
        missed: Array.from({ length: 50 }, (_, i) => ({ ...ticket(i), clock: "resolution" as const, at: NOW, lateMinutes: 99_999 })),
      }),
    );
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks(m)) {
      if (b.type === "section") expect(b.text!.text.length).toBeLessThanOrEqual(3000);
      if (b.type === "header") expect(b.text!.text.length).toBeLessThanOrEqual(150);
      if (b.type === "context") expect(b.elements!.length).toBeLessThanOrEqual(10);
    }
    const all = texts(m).join("\n");
    expect(all).toContain(en.slaSummary.moreCustomers(1976));
    expect(all).not.toContain("<!channel>");
    expect(m.text.length).toBeLessThan(300);
  });
});

describe("SLA summary changes", () => {
  const period = (o: Partial<PeriodFigures>): PeriodFigures => ({
    responded: 0, respondedInTime: 0, medianResponseMinutes: null, resolved: 0, resolvedInTime: 0, medianResolutionMinutes: null,
    responseBreaches: 0, resolutionBreaches: 0, opened: 0, openAtEnd: 0, ...o,
  });
  const previousWindow = { from: new Date("2025-02-26T10:00:00.000Z"), to: new Date("2025-03-05T10:00:00.000Z") };

  it("shows each headline figure's change against the previous period: points as shown, minutes, counts", () => {
    const totals = { ...zero, open: 214, atRisk: 9, breached: 4, responded: 100, respondedInTime: 93, resolved: 50, resolvedInTime: 44, medianResponseMinutes: 38, medianResolutionMinutes: 370 };
    const current = period({ responded: 100, respondedInTime: 93, resolved: 50, resolvedInTime: 44, medianResponseMinutes: 38, medianResolutionMinutes: 370, responseBreaches: 20, resolutionBreaches: 11, openAtEnd: 214 });
    // 89.9% was shown as 89%: the change is 93 - 89 = 4 points
    const previous = period({ responded: 1000, respondedInTime: 899, resolved: 25, resolvedInTime: 22, medianResponseMinutes: 50, medianResolutionMinutes: 370, responseBreaches: 30, resolutionBreaches: 6, openAtEnd: 202 });
    const all = texts(slaSummaryMessage(en.slaSummary, summaryOf({ totals, change: { current, previous, previousWindow } })));
    expect(all).toContain(
      "*Open* 214 ▲ 12   ·   *At risk* 9   ·   *Breached* 4\n" +
        "*Breaches in this period* 31 ▼ 5 (SLA deadlines missed)\n" +
        "*Response* 93% on time (93 of 100) ▲ 4 pts · median 38m ▼ 12m\n" +
        "*Resolution* 88% on time (44 of 50) ±0 pts · median 6h 10m ±0m",
    );
    expect(all).toContain("▲ ▼ against the previous period of the same length, Wed 26 Feb 11:00 – Wed 5 Mar 11:00.");
  });

  it("leaves out a change when either period has nothing to compare, and says when there is no previous period", () => {
    const totals = { ...zero, open: 3, responded: 2, respondedInTime: 2, medianResponseMinutes: 10 };
    const withEmpty = texts(slaSummaryMessage(en.slaSummary, summaryOf({ totals, change: { current: period({ responded: 2, respondedInTime: 2, openAtEnd: 3 }), previous: period({ openAtEnd: 3 }), previousWindow } })));
    expect(withEmpty.join("\n")).toContain("*Open* 3 ±0   ·");
    expect(withEmpty.join("\n")).toContain("*Response* 100% on time (2 of 2) · median 10m\n");
    const first = texts(slaSummaryMessage(en.slaSummary, summaryOf({ totals, change: { current: period({}), previous: null, previousWindow } })));
    expect(first.join("\n")).toContain("*Open* 3   ·");
    expect(first).toContain("No earlier period to compare with yet: the first ticket came in after it.");
  });
});

describe("SLA summary periods and run keys", () => {
  it("today starts at local midnight (across a daylight-saving change), week and month count whole local days back", () => {
    // 30 March 2025: Europe/Rome moves from UTC+1 to UTC+2 at 02:00
    const now = new Date("2025-03-30T12:00:00Z");
    expect(periodWindow("today", now, "Europe/Rome").from.toISOString()).toBe("2025-03-29T23:00:00.000Z");
    expect(periodWindow("today", new Date("2025-03-30T22:30:00Z"), "Europe/Rome").from.toISOString()).toBe("2025-03-30T22:00:00.000Z");
    // 14:00 CEST now, so the week starts at 14:00 CET on the 23rd: 7 local days, 167 hours
    expect(periodWindow("week", now, "Europe/Rome").from.toISOString()).toBe("2025-03-23T13:00:00.000Z");
    expect(periodWindow("month", now, "UTC").from.toISOString()).toBe("2025-02-28T12:00:00.000Z");
  });

  it("keys a scheduled run by its minute in the cron's zone", () => {
    expect(runKey(new Date("2025-03-12T07:00:00.412Z"), "Europe/Rome")).toBe("sla-summary:2025-03-12T08:00+01:00");
    expect(runKey(new Date("2025-07-01T06:00:59Z"), "Europe/Rome")).toBe("sla-summary:2025-07-01T08:00+02:00");
  });

  it("floors percentages so a near miss is never shown as 100%", () => {
    expect(percent(en.slaSummary, 999, 1000)).toBe("99%");
    expect(percent(en.slaSummary, 0, 0)).toBe("—");
    expect(percent(en.slaSummary, 3, 3)).toBe("100%");
  });
});
