/**
 * The Slack delivery queue on the test database (SQLite, and PostgreSQL in the postgres project) against the fake Slack: retries with backoff,
 * HTTP 429's Retry-After honoured, order within a thread, one sender per delivery across two
 * instances, and calls Slack refuses for good not retried.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { createDb } from "../../src/db/client.js";
import { SlackDeliveryRepository } from "../../src/repositories/slack-deliveries.js";
import { SlackDeliveryQueue, type DeliveryOutcome, type DeliveryQueueOptions } from "../../src/slack/delivery-queue.js";
import { BOT_TOKEN, memoryLogger } from "../support/app-harness.js";
import { createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";

let t: TestDb;
let slack: FakeSlack;
let queues: SlackDeliveryQueue[] = [];
let logs: string[];

beforeEach(async () => {
  t = await createTestDb();
  slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
  logs = [];
});
afterEach(async () => {
  for (const q of queues) await q.stop();
  queues = [];
  await slack.close();
  await t.close();
});

function queue(o: DeliveryQueueOptions = {}, db = t.db): SlackDeliveryQueue {
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const q = new SlackDeliveryQueue({ repo: new SlackDeliveryRepository(db), client, logger: memoryLogger(logs) }, { pollMs: 50, baseBackoffMs: 40, maxBackoffMs: 1000, random: () => 0.5, ...o });
  queues.push(q);
  return q;
}
const post = (n: number, orderKey = `o${n}`) => ({ key: `k${n}`, orderKey, method: "chat.postMessage" as const, args: { channel: "C0TEST0001", text: `message ${n}` } });
const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}\n${slack.describeCalls()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const posted = () => slack.messages("C0TEST0001").map((m) => m.text);

describe("the Slack delivery queue", () => {
  it("keeps a message while Slack is down, trying again with growing waits, and sends it once when Slack is back", async () => {
    const q = queue({ baseBackoffMs: 100, maxBackoffMs: 2000 });
    q.start();
    slack.failSlack(["chat.postMessage"]);
    await q.enqueue(post(1));
    await until(() => slack.callsTo("chat.postMessage").length >= 5, "five attempts");
    const times = slack.callsTo("chat.postMessage").map((c) => c.time);
    const waits = times.slice(1).map((time, i) => time - (times[i] ?? 0));
    // 100 ms, 200 ms, 400 ms, 800 ms (a loaded machine adds to each, never takes away)
    expect(waits[0]!).toBeGreaterThanOrEqual(100);
    expect(waits[3]!).toBeGreaterThanOrEqual(800);
    expect(waits[3]!).toBeGreaterThan(2 * waits[0]!);
    expect(posted()).toEqual([]);
    slack.restoreSlack();
    await until(() => posted().length === 1, "the message");
    await new Promise((r) => setTimeout(r, 200));
    expect(posted()).toEqual(["message 1"]);
    expect(await t.db.slackDelivery.findUniqueOrThrow({ where: { key: "k1" } })).toMatchObject({ status: "sent", leaseOwner: null });
  });

  it("waits as long as HTTP 429's Retry-After says before trying again", async () => {
    const q = queue();
    q.start();
    slack.failSlack(["chat.postMessage"], { kind: "ratelimited", retryAfterSeconds: 1, times: 1 });
    await q.enqueue(post(1));
    await until(() => posted().length === 1, "the message after the wait", 4000);
    const [limited, ok] = slack.callsTo("chat.postMessage");
    expect(limited?.status).toBe(429);
    expect(ok!.time - limited!.time).toBeGreaterThanOrEqual(1000);
  });

  it("sends the deliveries of one order key in the order they were queued, the later waiting while the first fails", async () => {
    const q = queue();
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const report = (await client.chat.postMessage({ channel: "C0TEST0001", text: "Checking…" })) as { ts: string };
    q.start();
    slack.failSlack(["chat.update"], { kind: "http", status: 503 });
    await q.enqueue({ key: "report", orderKey: "thread", method: "chat.update", args: { channel: "C0TEST0001", ts: report.ts, text: "Import finished" } });
    await q.enqueue({ ...post(2, "thread") });
    await q.enqueue(post(3, "other"));
    await until(() => posted().includes("message 3"), "the other order key's message");
    await new Promise((r) => setTimeout(r, 150));
    expect(posted()).not.toContain("message 2");
    slack.restoreSlack();
    await until(() => posted().includes("message 2"), "the second of the thread");
    expect(slack.message("C0TEST0001", report.ts)?.text).toBe("Import finished");
    const update = slack.callsTo("chat.update").find((c) => c.ok)!;
    const second = slack.callsTo("chat.postMessage").find((c) => c.ok && c.args.text === "message 2")!;
    expect(update.time).toBeLessThanOrEqual(second.time);
  });

  it("two instances on one database never both send a delivery", async () => {
    const other = createDb(t.url);
    try {
      const a = queue();
      const b = queue({}, other);
      for (let n = 0; n < 30; n++) await a.enqueue(post(n));
      await Promise.all([a.deliverDue(), b.deliverDue(), a.deliverDue(), b.deliverDue()]);
      await until(async () => (await t.db.slackDelivery.count({ where: { status: "sent" } })) === 30, "every delivery sent");
      expect(posted().sort()).toEqual(Array.from({ length: 30 }, (_, n) => `message ${n}`).sort());
      expect(slack.callsTo("chat.postMessage")).toHaveLength(30);
    } finally {
      for (const q of queues) await q.stop();
      await other.$disconnect();
    }
  });

  it("does not try again what Slack refuses for good, logs it, and tells the delivery's handler", async () => {
    const q = queue();
    const told: [string, DeliveryOutcome][] = [];
    q.on("thing", async (ref, outcome) => void told.push([ref, outcome]));
    slack.refuseChannel("C0TEST0001", "channel_not_found");
    q.start();
    await q.enqueue({ ...post(1), purpose: "thing:42" });
    await until(async () => (await t.db.slackDelivery.findUniqueOrThrow({ where: { key: "k1" } })).status === "failed", "the delivery given up");
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(told).toEqual([["42", { kind: "failed", error: "channel_not_found" }]]);
    expect(logs.some((l) => l.startsWith("error") && l.includes("channel_not_found"))).toBe(true);
  });

  it("queues a key once, however often it is asked to", async () => {
    const q = queue();
    for (let i = 0; i < 3; i++) await q.enqueue(post(1));
    q.start();
    await until(() => posted().length === 1, "the message");
    await q.enqueue(post(1));
    await new Promise((r) => setTimeout(r, 150));
    expect(posted()).toEqual(["message 1"]);
  });
  // PostgreSQL: the six run on connections of their own, side by side, and only a conditional
  // update (not a read of the lease, then a write) lets just one of them take it. (SQLite has one
  // writer; six clients in one process cannot even contend there, since better-sqlite3's busy
  // wait blocks the one thread the lock holder would commit on.)
  it.runIf(onPostgres)("a delivery leased by six instances at the same moment has exactly one holder, and a lease that ran out can be taken over", async () => {
    const others = Array.from({ length: 5 }, () => createDb(t.url));
    try {
      const repos = [t.db, ...others].map((db) => new SlackDeliveryRepository(db));
      const now = new Date();
      await repos[0]!.enqueue({ key: "race", orderKey: "race", method: "chat.postMessage", payload: "{}" }, now);
      const [head] = await repos[0]!.due(now, 1);
      const until = new Date(now.getTime() + 60_000);
      for (let round = 0; round < 5; round++) {
        await t.db.slackDelivery.update({ where: { id: head!.id }, data: { leaseOwner: null, leaseUntil: null } });
        const won = await Promise.all(repos.map((r, i) => r.lease(head!.id, `instance-${i}`, now, until)));
        expect(won.filter(Boolean)).toHaveLength(1);
        const row = await t.db.slackDelivery.findUniqueOrThrow({ where: { id: head!.id } });
        expect(row.leaseOwner).toBe(`instance-${won.indexOf(true)}`);
      }
      // Still held: nobody takes it; once it ran out, one other instance does.
      expect(await repos[1]!.lease(head!.id, "late", now, until)).toBe(false);
      const later = new Date(until.getTime() + 1);
      const takeovers = await Promise.all(repos.map((r, i) => r.lease(head!.id, `later-${i}`, later, new Date(later.getTime() + 60_000))));
      expect(takeovers.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(others.map((db) => db.$disconnect()));
    }
  });
});
