/**
 * The SLA trend through Slack: `/sla summary` with 14 weeks of history shows the changes and sends
 * its charts to the asker's DM through files.uploadV2 (the fake Slack checks the upload flow and
 * Slack's limits); `/sla trend <customer>` for a customer with history, with too little, with none,
 * and for a name that matches nobody.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { ADMIN, CHANNEL, TECH, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { minutesAfter, seedTicketCustomers, seedTickets } from "../support/ticket-seed.js";
import { seedWeeklyHistory } from "../support/trend-seed.js";

// Wednesday 12 March 2025, 11:00 in Rome
const NOW = new Date("2025-03-12T10:00:00.000Z");
const MANAGER = "U0MANAGER1";

let app: TestApp;
let ids: { acme: string; beta: string; gamma: string };
beforeEach(async () => {
  app = await startTestApp({
    clock: () => NOW,
    env: { SLA_MANAGER_USER_IDS: MANAGER, SLA_SUMMARY_TIMEZONE: "Europe/Rome", SLA_SUMMARY_CRON: "0 3 29 2 *" },
  });
  app.slack.addUser({ id: MANAGER, name: "mia" });
  const [acme, beta, gamma] = await seedTicketCustomers(app.db, ["Acme Dental", "Beta Labs", "Gamma & Co"]);
  ids = { acme: acme!.id, beta: beta!.id, gamma: gamma!.id };
  await seedWeeklyHistory(app.db, ids.acme, NOW, 14);
  // Gamma: one ticket this week, open and past its response deadline
  await seedTickets(app.db, [{ customerId: ids.gamma, openedAt: minutesAfter(NOW, -24 * 60) }]);
});
afterEach(async () => app.close());

async function command(userId: string, text: string) {
  const before = app.slack.ephemerals(userId).length;
  await app.driver.command("/sla", text, { userId, channelId: CHANNEL });
  await eventually(() => app.slack.ephemerals(userId).length > before, `an ephemeral reply to ${userId}\n${app.slack.describeCalls()}`);
  return app.slack.ephemerals(userId).at(-1)!;
}
type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const texts = (reply: { blocks?: unknown[] }) => ((reply.blocks ?? []) as Block[]).flatMap((b) => [b.text?.text ?? "", ...(b.elements ?? []).map((e) => e.text)]);

describe("/sla summary with a history", () => {
  it("shows the changes against the week before and sends the trend and breaches charts to the asker's DM", async () => {
    const reply = await command(ADMIN, "summary week");
    const all = texts(reply);
    // this week: Acme's 4 answered in time, Gamma's ticket open and past both deadlines; the week before: 3 of 4 (one late: one breach)
    expect(all.join("\n")).toContain("*Open* 1 ▲ 1   ·   *At risk* 0   ·   *Breached* 1\n*Breaches in this period* 2 ▲ 1 (SLA deadlines missed)");
    expect(all.join("\n")).toContain("*Response* 100% on time (4 of 4) ▲ 25 pts · median 30m ±0m");
    expect(all).toContain("▲ ▼ against the previous period of the same length, Wed 26 Feb 11:00 – Wed 5 Mar 11:00.");
    expect(all).toContain("The charts are in your direct messages with Customer Book.");

    await eventually(() => app.slack.uploads().length === 2, `two uploads\n${app.slack.describeCalls()}`);
    const dm = app.slack.dmChannel(ADMIN);
    const [trend, breaches] = app.slack.uploads();
    expect(trend).toMatchObject({ channel: dm, filename: "sla-trend-week-2025-03-12.png", title: "SLA trend — last 12 weeks", initialComment: "Charts for the SLA summary — last 7 days" });
    expect(trend!.altText).toContain("Response on time: 75%, 100%, 75%, 100%, 75%, 100%, 75%, 100%, 75%, 100%, 75%, 100%.");
    expect(trend!.altText).toContain("Breaches (SLA deadlines missed): 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 2.");
    const image = PNG.sync.read(trend!.content);
    expect([image.width, image.height]).toEqual([1200, 630]);
    expect(breaches).toMatchObject({ channel: dm, filename: "sla-breaches-week-2025-03-12.png" });
    expect(breaches!.altText).toBe("Most SLA breaches — last 7 days: Gamma & Co 2 (1 response, 1 resolution).");
    // the upload flow as Slack has it: a URL per file, the bytes, one completion sharing both in one message
    expect(app.slack.callsTo("files.getUploadURLExternal").map((c) => c.args.length)).toEqual([String(trend!.content.length), String(breaches!.content.length)]);
    expect(app.slack.callsTo("files.completeUploadExternal")).toHaveLength(1);
    expect(app.slack.lastMessage(dm)?.files).toHaveLength(2);
  });

  it("for today charts the last 12 days, and draws no breaches chart when no deadline was missed today", async () => {
    const reply = await command(MANAGER, "summary today");
    expect(texts(reply).join("\n")).not.toContain("No trend chart yet");
    await eventually(() => app.slack.uploads().length === 1, "the trend upload");
    // no deadline was missed today: no breaches chart
    expect(app.slack.uploads()[0]).toMatchObject({ filename: "sla-trend-today-2025-03-12.png", title: "SLA trend — last 12 days" });
  });
});

describe("/sla trend <customer>", () => {
  it("shows a customer's 12 weeks, newest first, and sends the chart to the asker's DM", async () => {
    const reply = await command(MANAGER, "trend acme dental");
    const all = texts(reply);
    expect(all[0]).toBe("SLA trend — Acme Dental");
    expect(all).toContain("Last 12 weeks: 18 Dec 2024 – 12 Mar 2025 (Europe/Rome)");
    const weeks = all.find((t) => t.startsWith("*Week by week"))!.split("\n").slice(1);
    expect(weeks).toHaveLength(12);
    expect(weeks[0]).toBe("*12 Mar* — response 100% (4/4), 30m · resolution 100% (4/4), 5h · 0 breaches · 4 opened · 0 open at the end");
    expect(weeks[1]).toBe("*5 Mar* — response 75% (3/4), 30m · resolution 100% (4/4), 5h · 1 breaches · 4 opened · 0 open at the end");
    await eventually(() => app.slack.uploads().length === 1, "the customer's chart");
    expect(app.slack.uploads()[0]).toMatchObject({ channel: app.slack.dmChannel(MANAGER), title: "SLA trend — Acme Dental, last 12 weeks" });
    expect(app.slack.uploads()[0]!.altText).toContain("SLA trend — Acme Dental, last 12 weeks, 18 Dec 2024 – 12 Mar 2025 (Europe/Rome)");
  });

  it("says a customer has no tickets, or too little history, and sends no chart", async () => {
    expect(texts(await command(ADMIN, "trend Beta Labs"))).toEqual(["*Beta Labs* has no tickets yet, so there is no trend to show."]);
    expect(texts(await command(ADMIN, "trend gamma & co"))).toEqual([
      "*Gamma &amp; Co*'s first ticket came in on 11 Mar 2025: the trend needs two weeks of tickets. `/sla summary week` shows this week.",
    ]);
    expect(app.slack.uploads()).toEqual([]);
  });

  it("answers a name that matches nobody, no name, and someone who is not a manager", async () => {
    expect((await command(ADMIN, "trend Zeta")).text).toContain('No customer matches "Zeta".');
    expect((await command(ADMIN, "trend")).text).toBe("Usage: `/sla trend &lt;customer&gt;` — one customer's last 12 weeks: response and resolution on time, and breaches.");
    expect((await command(TECH, "trend Acme Dental")).text).toContain("SLA summaries are for managers");
    expect(app.slack.uploads()).toEqual([]);
  });
});
