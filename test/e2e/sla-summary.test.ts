/** `/sla summary` through signed requests and the fake Slack: who may see it, the content for a seeded data set, periods. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { minutesAfter, seedTicketCustomers, seedTickets } from "../support/ticket-seed.js";

const NOW = new Date("2025-03-12T10:00:00.000Z");
const ago = (minutes: number) => minutesAfter(NOW, -minutes);
const MANAGER = "U0MANAGER1";
const TICKETS = "C0TICKETS1";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp({
    clock: () => NOW,
    // a cron that will not fire during a test run: the job itself is tested in sla-summary-job.test.ts
    env: { SLA_MANAGER_USER_IDS: MANAGER, SLA_SUMMARY_TIMEZONE: "Europe/Rome", SLA_SUMMARY_CRON: "0 3 29 2 *" },
  });
  app.slack.addUser({ id: MANAGER, name: "mia" });
  const [acme, beta] = await seedTicketCustomers(app.db, ["Acme Dental", "Beta Labs"]);
  // 60 / 480 minute targets, 24/7 (see ticket-seed.ts)
  await seedTickets(app.db, [
    { number: 1, customerId: acme!.id, openedAt: ago(30) }, // on track
    { number: 2, customerId: acme!.id, openedAt: ago(50) }, // response at risk
    { number: 3, customerId: acme!.id, openedAt: ago(120), subject: "Mail down", channelId: TICKETS, messageTs: "1741770000.000300" }, // response breached
    // responded in time 2 days ago, resolved 2h late: a miss of the week
    { number: 4, customerId: beta!.id, status: "resolved", openedAt: ago(3 * 1440), firstResponseAt: minutesAfter(ago(3 * 1440), 20), firstResponseMinutes: 20, resolvedAt: minutesAfter(ago(3 * 1440), 600), resolutionMinutes: 600, channelId: TICKETS, messageTs: "1741770000.000400" },
    // pending since 30 minutes after opening: compared then, so on track
    { number: 5, customerId: beta!.id, status: "pending", openedAt: ago(300), pausedAt: minutesAfter(ago(300), 30) },
    { number: 6, customerId: null, openedAt: ago(70) }, // triage, response breached
  ]);
});
afterEach(async () => app.close());

const summary = (text: string, userId: string) => app.driver.command("/sla", `summary ${text}`.trim(), { userId, channelId: CHANNEL });
async function replyTo(userId: string, text: string) {
  const before = app.slack.ephemerals(userId).length;
  await summary(text, userId);
  await eventually(() => app.slack.ephemerals(userId).length > before, `an ephemeral reply to ${userId}\n${app.slack.describeCalls()}`);
  return app.slack.ephemerals(userId).at(-1)!;
}
type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const texts = (reply: { blocks?: unknown[] }) => ((reply.blocks ?? []) as Block[]).flatMap((b) => [b.text?.text ?? "", ...(b.elements ?? []).map((e) => e.text)]);
const link = (ts: string) => `https://${app.slack.teamDomain}.slack.com/archives/${TICKETS}/p${ts.replace(".", "")}`;

describe("/sla summary", () => {
  it("shows an admin the week's summary with figures per customer, the worst tickets linked to their messages, and totals", async () => {
    const reply = await replyTo(ADMIN, "");
    expect(reply.channel).toBe(CHANNEL);
    expect(reply.blocks!.length).toBeLessThanOrEqual(50);
    const all = texts(reply);
    expect(all[0]).toBe("SLA summary — last 7 days");
    expect(all).toContain("Wed 5 Mar 11:00 – Wed 12 Mar 11:00 (Europe/Rome)");
    expect(all).toContain(
      "*Open* 5   ·   *At risk* 1   ·   *Breached* 2\n*Breaches in this period* 3 (SLA deadlines missed)\n*Response* 100% on time (1 of 1) · median 20m\n*Resolution* 0% on time (0 of 1) · median 10h",
    );
    // the first ticket is 3 days old: nothing to compare with, and no chart yet
    expect(all).toContain("No earlier period to compare with yet: the first ticket came in after it.");
    expect(all).toContain("No trend chart yet: it needs two weeks of tickets, and the first came in on 9 Mar 2025.");
    expect(app.slack.uploads()).toEqual([]);
    expect(all).toContain(
      "*Customers, most trouble first*\n" +
        "*Acme Dental* — 3 open · 1 at risk · 1 breached · response — · resolution —\n" +
        "*Unassigned (triage)* — 1 open · 0 at risk · 1 breached · response — · resolution —\n" +
        "*Beta Labs* — 1 open · 0 at risk · 0 breached · response 100% (1/1), median 20m · resolution 0% (0/1), median 10h",
    );
    expect(all).toContain(
      "*Breached now, longest first*\n" +
        `• <${link("1741770000.000300")}|#3 Mail down> · Acme Dental · response overdue since Wed 12 Mar 10:00\n` +
        "• #6 Ticket 6 · Unassigned (triage) · response overdue since Wed 12 Mar 10:50",
    );
    expect(all).toContain(`*Missed in this period, latest first*\n• <${link("1741770000.000400")}|#4 Ticket 4> · Beta Labs · resolved 2h after the target (business time)`);
    expect(reply.text).toBe("SLA summary, last 7 days: 5 open, 1 at risk, 2 breached. Response on time 100%, resolution on time 0%.");
    // one permalink per linked ticket shown
    expect(app.slack.callsTo("chat.getPermalink").map((c) => c.args.message_ts).sort()).toEqual(["1741770000.000300", "1741770000.000400"]);
  });

  it("answers a manager listed in SLA_MANAGER_USER_IDS, for today (since midnight in the summary's zone)", async () => {
    const all = texts(await replyTo(MANAGER, "TODAY"));
    expect(all[0]).toBe("SLA summary — today");
    expect(all).toContain("Wed 12 Mar 00:00 – Wed 12 Mar 11:00 (Europe/Rome)");
    // the miss was 3 days ago: not today
    expect(all.join("\n")).toContain("No ticket missed its target in this period.");
  });

  it("politely refuses a technician who is neither admin nor manager, and shows nothing of the summary", async () => {
    const reply = await replyTo(TECH, "week");
    expect(reply.text).toContain("SLA summaries are for managers");
    expect(JSON.stringify(reply)).not.toContain("Acme");
  });

  it("answers an unknown period with the usage", async () => {
    const reply = await replyTo(ADMIN, "year");
    expect(reply.text).toBe("`year` is not a period I know.\nUsage: `/sla summary [today|week|month]` (default `week`). *today* is since midnight, *week* the last 7 days, *month* the last 30 days.");
    expect((await replyTo(ADMIN, "week month")).text).toContain("Usage: `/sla summary [today|week|month]`");
  });
});
