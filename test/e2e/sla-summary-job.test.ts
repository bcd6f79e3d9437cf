/**
 * The scheduled SLA summary: runSlaSummary called directly with fixed times against the fake Slack
 * and a real SQLite file; two app instances (two database clients, two Slack clients) on one file;
 * a recipient Slack refuses; and what scheduleSlaSummary registers with node-cron.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { getTasks } from "node-cron";
import { loadConfig } from "../../src/config.js";
import { createDb } from "../../src/db/client.js";
import { createSlaSummary } from "../../src/services/summary/service.js";
import { runSlaSummary, scheduleSlaSummary, type SummaryJobContext } from "../../src/jobs/sla-summary-job.js";
import { prometheusMetrics } from "../../src/metrics/prometheus.js";
import { BOT_TOKEN, SIGNING_SECRET, memoryLogger } from "../support/app-harness.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";
import { minutesAfter, seedTicketCustomers, seedTickets } from "../support/ticket-seed.js";
import { seedWeeklyHistory } from "../support/trend-seed.js";
import { testPeople } from "../support/people.js";

// Wednesday 12 March 2025, 08:00 in Europe/Rome (UTC+1): the default cron's time
const NOW = new Date("2025-03-12T07:00:00.000Z");
const MANAGERS = ["U0MANAGER1", "U0MANAGER2", "U0MANAGER3"];
const SUMMARY_CHANNEL = "C0MANAGERS";
const TICKETS = "C0TICKETS1";

let slack: FakeSlack;
let testDb: TestDb;
let logs: string[];
const extraDbs: { $disconnect(): Promise<void> }[] = [];

beforeEach(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
  for (const id of MANAGERS) slack.addUser({ id, name: id.toLowerCase() });
  testDb = await createTestDb();
  logs = [];
  const [acme] = await seedTicketCustomers(testDb.db, ["Acme Dental"]);
  await seedTickets(testDb.db, [
    { number: 1, customerId: acme!.id, openedAt: minutesAfter(NOW, -120), subject: "Mail down", channelId: TICKETS, messageTs: "1741760000.000100" },
    { number: 2, customerId: acme!.id, openedAt: minutesAfter(NOW, -10) },
  ]);
});
afterEach(async () => {
  for (const db of extraDbs.splice(0)) await db.$disconnect();
  await testDb.close();
  await slack.close();
});

function context(env: Record<string, string>, db = testDb.db): SummaryJobContext & { db: typeof db } {
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: testDb.url,
    SLA_SUMMARY_TIMEZONE: "Europe/Rome",
    ...env,
  });
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  return { config, db, client, logger: memoryLogger(logs), people: testPeople(client, config.defaultLocale) };
}

const both = { SLA_MANAGER_USER_IDS: MANAGERS.join(","), SLA_SUMMARY_CHANNEL_ID: SUMMARY_CHANNEL };
const summaries = (channel: string) => slack.messages(channel).filter((m) => (m.text ?? "").startsWith("SLA summary"));

describe("runSlaSummary", () => {
  it("sends the period's summary to each manager by DM and to the summary channel", async () => {
    const ctx = context({ ...both, SLA_SUMMARY_PERIOD: "today" });
    const result = await runSlaSummary(ctx, createSlaSummary(ctx), NOW, "instance-a");
    expect(result).toEqual({ kind: "sent", key: "sla-summary:2025-03-12T08:00+01:00", delivered: [...MANAGERS, SUMMARY_CHANNEL], failed: [] });
    for (const target of [...MANAGERS.map((m) => slack.dmChannel(m)), SUMMARY_CHANNEL]) {
      const sent = summaries(target);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toBe("SLA summary, today: 2 open, 0 at risk, 1 breached. Response on time —, resolution on time —.");
      const body = JSON.stringify(sent[0]!.blocks);
      expect(body).toContain("SLA summary — today");
      expect(body).toContain(`<https://${slack.teamDomain}.slack.com/archives/${TICKETS}/p1741760000000100|#1 Mail down>`);
    }
    // the permalink is looked up once for all recipients
    expect(slack.callsTo("chat.getPermalink")).toHaveLength(1);
    expect(await testDb.db.scheduledRun.findMany({ select: { key: true, instance: true } })).toEqual([{ key: "sla-summary:2025-03-12T08:00+01:00", instance: "instance-a" }]);
  });

  it("with two instances on one database, the scheduled minute is sent once; the next minute it is sent again", async () => {
    const a = context(both);
    const otherDb = createDb(testDb.url);
    extraDbs.push(otherDb);
    const b = context(both, otherDb);
    const [ra, rb] = await Promise.all([runSlaSummary(a, createSlaSummary(a), NOW, "a"), runSlaSummary(b, createSlaSummary(b), NOW, "b")]);
    expect([ra.kind, rb.kind].sort()).toEqual(["claimed-elsewhere", "sent"]);
    for (const m of MANAGERS) expect(summaries(slack.dmChannel(m))).toHaveLength(1);
    expect(summaries(SUMMARY_CHANNEL)).toHaveLength(1);
    expect(logs.join("\n")).toContain("SLA summary sla-summary:2025-03-12T08:00+01:00: already sent by another instance");

    // a run a few seconds late in the same minute is still the same run
    expect((await runSlaSummary(b, createSlaSummary(b), minutesAfter(NOW, 0.5), "b")).kind).toBe("claimed-elsewhere");
    const next = await runSlaSummary(b, createSlaSummary(b), new Date("2025-03-13T07:00:00.000Z"), "b");
    expect(next).toMatchObject({ kind: "sent", key: "sla-summary:2025-03-13T08:00+01:00" });
    expect(summaries(SUMMARY_CHANNEL)).toHaveLength(2);
  });

  it("with a history, posts the charts after the summary in each manager's DM and in the channel", async () => {
    const [acme] = await testDb.db.customer.findMany({ select: { id: true } });
    await seedWeeklyHistory(testDb.db, acme!.id, NOW, 14);
    const ctx = context(both);
    expect(await runSlaSummary(ctx, createSlaSummary(ctx), NOW, "a")).toMatchObject({ kind: "sent", failed: [] });
    const targets = [...MANAGERS.map((m) => slack.dmChannel(m)), SUMMARY_CHANNEL];
    for (const target of targets) {
      const [summary] = summaries(target);
      const uploads = slack.uploads().filter((u) => u.channel === target);
      expect(uploads.map((u) => u.filename)).toEqual(["sla-trend-week-2025-03-12.png", "sla-breaches-week-2025-03-12.png"]);
      expect(uploads.every((u) => (u.altText ?? "").length > 0 && u.content.subarray(1, 4).toString() === "PNG")).toBe(true);
      const charts = slack.messages(target).at(-1)!;
      expect(charts).toMatchObject({ text: "Charts for the SLA summary — last 7 days", postedBy: "app" });
      expect(Number(charts.ts)).toBeGreaterThan(Number(summary!.ts));
    }
    // rendered once, uploaded to each of the four conversations
    expect(slack.callsTo("files.completeUploadExternal")).toHaveLength(4);
  });

  it("a failed chart upload is that recipient's failure; its summary was delivered and the others get theirs", async () => {
    const [acme] = await testDb.db.customer.findMany({ select: { id: true } });
    await seedWeeklyHistory(testDb.db, acme!.id, NOW, 14);
    const ctx = context({ SLA_MANAGER_USER_IDS: MANAGERS[0]!, SLA_SUMMARY_CHANNEL_ID: SUMMARY_CHANNEL });
    // the workspace does not take files in the summary channel (say, an admin restricted uploads there)
    const upload = ctx.client.files.uploadV2.bind(ctx.client.files);
    ctx.client.files.uploadV2 = async (args) => {
      if ("channel_id" in args && args.channel_id === SUMMARY_CHANNEL) throw new Error("An API error occurred: file_uploads_disabled");
      return upload(args);
    };
    const result = await runSlaSummary(ctx, createSlaSummary(ctx), NOW, "a");
    expect(result).toMatchObject({ kind: "sent", delivered: [MANAGERS[0]], failed: [{ recipient: SUMMARY_CHANNEL, error: "An API error occurred: file_uploads_disabled" }] });
    expect(summaries(SUMMARY_CHANNEL)).toHaveLength(1);
    expect(slack.uploads().map((u) => u.channel)).toEqual([slack.dmChannel(MANAGERS[0]!), slack.dmChannel(MANAGERS[0]!)]);
  });

  it("a recipient Slack refuses does not stop the others, and is logged and counted", async () => {
    const metrics = prometheusMetrics({ version: "test", databaseKind: testDb.kind });
    const ctx = { ...context(both), metrics };
    // Slack refuses to open a DM with the second manager (say, a deactivated account)
    const open = ctx.client.conversations.open.bind(ctx.client.conversations);
    ctx.client.conversations.open = async (args) => {
      if (args && "users" in args && args.users === MANAGERS[1]) throw new Error("An API error occurred: user_disabled");
      return open(args);
    };
    const result = await runSlaSummary(ctx, createSlaSummary(ctx), NOW, "a");
    expect(result).toMatchObject({
      kind: "sent",
      delivered: [MANAGERS[0], MANAGERS[2], SUMMARY_CHANNEL],
      failed: [{ recipient: MANAGERS[1], error: "An API error occurred: user_disabled" }],
    });
    expect(summaries(slack.dmChannel(MANAGERS[0]!))).toHaveLength(1);
    expect(summaries(slack.dmChannel(MANAGERS[2]!))).toHaveLength(1);
    expect(summaries(SUMMARY_CHANNEL)).toHaveLength(1);
    expect(logs.join("\n")).toContain(`error SLA summary sla-summary:2025-03-12T08:00+01:00: could not send to ${MANAGERS[1]}: An API error occurred: user_disabled`);
    const text = await metrics.registry.metrics();
    const counted = Object.fromEntries([...text.matchAll(/^customerbook_sla_summaries_total\{recipient="(\w+)",outcome="(\w+)"\} (\d+)$/gm)].map((m) => [`${m[1]} ${m[2]}`, Number(m[3])]));
    expect(counted).toEqual({ "dm sent": 2, "dm failed": 1, "channel sent": 1 });
  });

  it("sends only to the channel when no managers are listed, and nothing (no claim) when neither is set", async () => {
    const channelOnly = context({ SLA_SUMMARY_CHANNEL_ID: SUMMARY_CHANNEL });
    expect(await runSlaSummary(channelOnly, createSlaSummary(channelOnly), NOW)).toMatchObject({ kind: "sent", delivered: [SUMMARY_CHANNEL] });
    expect(slack.callsTo("conversations.open")).toHaveLength(0);

    const nobody = context({});
    expect(await runSlaSummary(nobody, createSlaSummary(nobody), new Date("2025-03-14T07:00:00Z"))).toEqual({ kind: "not-configured" });
    expect(await testDb.db.scheduledRun.count()).toBe(1);
  });
});

describe("scheduleSlaSummary", () => {
  const summaryTasks = () => [...getTasks().values()].filter((t) => t.name === "sla-summary");

  it("schedules nothing when there is no one to send to, and says so", () => {
    const ctx = context({});
    const job = scheduleSlaSummary(ctx, createSlaSummary(ctx));
    expect(summaryTasks()).toHaveLength(0);
    expect(logs.join("\n")).toContain("SLA summaries are not scheduled: set SLA_MANAGER_USER_IDS and/or SLA_SUMMARY_CHANNEL_ID");
    job.stop();
  });

  it("schedules SLA_SUMMARY_CRON in SLA_SUMMARY_TIMEZONE, and stop removes it", async () => {
    const ctx = context({ ...both, SLA_SUMMARY_CRON: "30 7 * * 1-5" });
    const job = scheduleSlaSummary(ctx, createSlaSummary(ctx));
    const [task] = summaryTasks();
    expect(task?.getPattern()).toBe("30 7 * * 1-5");
    // 07:30 in Rome is 05:30 or 06:30 UTC depending on daylight saving time
    const next = task!.getNextRun()!;
    expect(["05:30", "06:30"]).toContain(next.toISOString().slice(11, 16));
    job.stop();
    await new Promise((r) => setTimeout(r, 10));
    expect(summaryTasks()).toHaveLength(0);
  });
});
