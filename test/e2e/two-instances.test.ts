/**
 * Two instances of the app on one database and one Slack workspace (the same fake Slack), each with
 * its own HTTP port and database client, as two pods behind a load balancer: a request may reach
 * either, and Slack's retry of it the other. Runs on SQLite (several processes on one file) and on
 * PostgreSQL; an instance held alive between two batches runs on PostgreSQL only (see those tests). Both
 * instances' summary schedule is fired by the test (test/support/manual-schedule.ts), at the times
 * it chooses, not at a real cron minute.
 */
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.js";
import { ADMIN, BOT_TOKEN, CHANNEL, OWNER, SIGNING_SECRET, TECH, andWaitFor, startTestApp, type TestApp } from "../support/app-harness.js";
import { buttonsOf, generatedCustomersCsv, messageText, pressImport, resultCounts, tableCounts, threadReplies, upload, uploadForPreview, verdict, waitFor } from "../support/csv-fixtures.js";
import { onPostgres, onSqlite } from "../support/db.js";
import { startChildApp, type ChildApp } from "../support/child-app.js";
import { clockEnv } from "../support/child-env.js";
import { SlackDriver } from "../support/slack-driver.js";
import { manualSchedule, type ManualSchedule } from "../support/manual-schedule.js";
import { seedTicketCustomers, seedTickets } from "../support/ticket-seed.js";

const TICKETS = "C0TICKETS1";
/** Both instances recover a dead instance's import after 2 s without a heartbeat (checked every second). */
const LEASE = { IMPORT_JOB_LEASE_SECONDS: "2", TICKETS_CHANNEL_ID: TICKETS };
const MANAGERS_CHANNEL = "C0MANAGERS";
/** Both instances send the scheduled SLA summary (the default cron, 08:00 on weekdays) to a channel and to ADMIN by DM. */
const SUMMARY = { SLA_SUMMARY_CHANNEL_ID: MANAGERS_CHANNEL, SLA_MANAGER_USER_IDS: ADMIN, SLA_SUMMARY_TIMEZONE: "Europe/Rome", SLA_SUMMARY_PERIOD: "today" };

let a: TestApp;
let b: TestApp;
let summaries: ManualSchedule;
beforeEach(async () => {
  summaries = manualSchedule();
  a = await startTestApp({ env: { ...LEASE, ...SUMMARY }, summarySchedule: summaries.schedule });
  const db = createDb(a.testDb.url);
  b = await startTestApp({ env: { ...LEASE, ...SUMMARY }, slack: a.slack, summarySchedule: summaries.schedule, testDb: { ...a.testDb, db, close: () => db.$disconnect() } });
});
afterEach(async () => {
  await b.close();
  await a.close();
});

describe("two instances on one database", () => {
  it("a wizard started on one instance is finished on the other, and its last step sent to both creates one customer", async () => {
    const u = { userId: ADMIN };
    await a.driver.command("/customer", "new Acme Dental", { ...u, channelId: "C0GENERAL1" });
    const view = await waitFor(() => a.driver.currentView(ADMIN), "the wizard");
    expect((await b.driver.submitView(view.id, { ...u, values: { customer_name: "Acme Dental", customer_domains: "acme.com" } })).outcome).toBe("updated");
    const updates = a.slack.callsTo("views.update").length;
    expect((await a.driver.clickButton(view.id, "wizard_skip_contract", u)).status).toBe(200); // step 2: no contract
    await waitFor(() => a.slack.callsTo("views.update").length > updates, "step 3");
    expect((await b.driver.submitView(view.id, u)).outcome).toBe("updated"); // step 3: the defaults
    const last = await a.driver.submitView(view.id, { ...u, values: { contact_first_name: "Jane", contact_last_name: "Roe", contact_email: "jane@acme.com" } });
    expect(last.outcome, JSON.stringify(last.errors)).toBe("updated");
    // Slack's retry of the last step reaches the other instance.
    expect((await b.driver.replay(a.driver.lastRequest(), { "x-slack-retry-num": "1" })).status).toBe(200);
    const customers = await a.db.customer.findMany({ include: { contacts: true } });
    expect(customers.map((c) => [c.name, c.contacts.map((k) => k.email)])).toEqual([["Acme Dental", ["jane@acme.com"]]]);
    await waitFor(() => a.slack.callsTo("chat.postMessage").length > 0, "the summary DM");
    await new Promise((r) => setTimeout(r, 300));
    expect(a.slack.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.args).includes("Acme Dental"))).toHaveLength(1);
  });

  it("one file_shared event delivered to both instances at once gives one preview", async () => {
    const file = a.slack.addFile({ name: "acme.csv", content: generatedCustomersCsv(30), user: ADMIN, mimetype: "text/csv", filetype: "csv", channels: ["C0GENERAL1"] });
    const event = { type: "file_shared", channel_id: "C0GENERAL1", file_id: file.id, user_id: ADMIN, file: { id: file.id } };
    const [first, retry] = await Promise.all([a.driver.event(event, { eventId: "Ev0SHARED01" }), b.driver.event(event, { eventId: "Ev0SHARED01", retryNum: 1 })]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    const share = a.slack.messages("C0GENERAL1").find((m) => m.postedBy === "person" && JSON.stringify(m.files ?? []).includes(file.id))!;
    const u = { file, channel: "C0GENERAL1", threadTs: share.ts, event };
    const v = await verdict(a, u);
    expect(buttonsOf(v.message)).toContain("import_confirm");
    await new Promise((r) => setTimeout(r, 300)); // time for a second preview, if there were one
    expect(threadReplies(a, u)).toHaveLength(1);
    expect(await a.db.importJob.count()).toBe(1);
  });

  it("Import pressed on both instances at once runs one import", async () => {
    const v = await uploadForPreview(a, { name: "acme.csv", content: generatedCustomersCsv(40) });
    const [onA, onB] = await Promise.all([
      a.driver.clickMessageButton(v.channel, v.message.ts, "import_confirm", { userId: ADMIN, value: v.job.id }),
      b.driver.clickMessageButton(v.channel, v.message.ts, "import_confirm", { userId: OWNER, value: v.job.id }),
    ]);
    expect([onA.status, onB.status]).toEqual([200, 200]);
    const report = await waitFor(() => {
      const text = messageText(a.slack.message(v.channel, v.message.ts));
      return text.includes("Import finished") ? text : undefined;
    }, "the report");
    expect(resultCounts(report)).toEqual({ created: 40, updated: 0, unchanged: 0, failed: 0 });
    // The other click is told the import is under way.
    await waitFor(() => [...a.slack.ephemerals(ADMIN), ...a.slack.ephemerals(OWNER)].some((e) => (e.text ?? "").includes("already running")), "the second click's answer");
    expect(await a.db.importJob.findUniqueOrThrow({ where: { id: v.job.id } })).toMatchObject({ status: "completed", created: 40, processedRows: 40 });
    expect(await tableCounts(a)).toMatchObject({ customers: 40 });
  });
});

describe("the scheduled SLA summary on two instances", () => {
  it("a run both instances' schedules fire at the same minute is sent once to each recipient, and so is the next run", async () => {
    // Wednesday 12 March 2025, 08:00 in Rome (UTC+1); the next run is Thursday's.
    const run = new Date("2025-03-12T07:00:00.000Z");
    const next = new Date("2025-03-13T07:00:00.000Z");
    const [acme] = await seedTicketCustomers(a.db, ["Acme Dental"]);
    await seedTickets(a.db, [{ number: 1, customerId: acme!.id, openedAt: new Date("2025-03-12T06:50:00.000Z"), subject: "Mail down" }]);
    expect(summaries.registered).toBe(2);
    const sent = () => ({
      channel: a.slack.messages(MANAGERS_CHANNEL).filter((m) => (m.text ?? "").startsWith("SLA summary")),
      dm: a.slack.messages(a.slack.dmChannel(ADMIN)).filter((m) => (m.text ?? "").startsWith("SLA summary")),
    });

    await summaries.fire(run);
    expect(sent().channel.map((m) => m.text)).toEqual(["SLA summary, today: 1 open, 0 at risk, 0 breached. Response on time —, resolution on time —."]);
    expect(sent().dm).toHaveLength(1);
    expect(a.slack.callsTo("chat.postMessage").filter((c) => String(c.args.text ?? "").startsWith("SLA summary"))).toHaveLength(2);
    expect(await a.db.scheduledRun.findMany({ select: { key: true } })).toEqual([{ key: "sla-summary:2025-03-12T08:00+01:00" }]);
    expect([...a.logs, ...b.logs].join("\n")).not.toMatch(/SLA summary.*failed/);

    await summaries.fire(next);
    expect(sent().channel).toHaveLength(2);
    expect(sent().dm).toHaveLength(2);
    expect(a.slack.callsTo("chat.postMessage").filter((c) => String(c.args.text ?? "").startsWith("SLA summary"))).toHaveLength(4);
    expect((await a.db.scheduledRun.findMany({ select: { key: true }, orderBy: { key: "asc" } })).map((r) => r.key)).toEqual([
      "sla-summary:2025-03-12T08:00+01:00",
      "sla-summary:2025-03-13T08:00+01:00",
    ]);
  });
});

describe("what each instance caches", () => {
  it("a person made an admin in Slack is an admin on both instances within the cache's lifetime", async () => {
    const db = createDb(a.testDb.url);
    const ttlMs = 1_000;
    const c = await startTestApp({ env: LEASE, slack: a.slack, peopleTtlMs: ttlMs, testDb: { ...a.testDb, db, close: () => db.$disconnect() } });
    const d = await startTestApp({ env: LEASE, slack: a.slack, peopleTtlMs: ttlMs, testDb: { ...a.testDb, db: createDb(a.testDb.url), close: async () => undefined } });
    try {
      const tries = async (app: TestApp) => {
        const before = a.slack.callsTo("views.open").length;
        await app.driver.command("/customer", "new", { userId: TECH, channelId: CHANNEL });
        await new Promise((r) => setTimeout(r, 150));
        return a.slack.callsTo("views.open").length > before;
      };
      expect([await tries(c), await tries(d)]).toEqual([false, false]); // both looked TECH up and keep the answer
      a.slack.addUser({ id: TECH, name: "tom", isAdmin: true });
      const changedAt = Date.now();
      await waitFor(async () => (await tries(c)) && (await tries(d)), "both instances seeing the new admin", ttlMs + 3_000);
      expect(Date.now() - changedAt).toBeLessThan(ttlMs + 1_500);
    } finally {
      await d.close();
      await d.db.$disconnect();
      await c.close();
    }
  });
});

describe("Slack answering HTTP 429", () => {
  it("a ticket's message update and an import's report are sent again after Retry-After, nothing lost", async () => {
    await andWaitFor(a, "views.open", () => a.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
    expect((await a.driver.submitView(a.driver.currentView(TECH)!.id, { userId: TECH, values: { ticket_form_subject: "VPN down" } })).outcome).toBe("closed");
    const posted = await waitFor(async () => {
      const row = await a.db.ticket.findFirst({ where: { subject: "VPN down" } });
      return row?.messageTs ? row : undefined;
    }, "the ticket's message");
    const v = await uploadForPreview(a, { name: "acme.csv", content: generatedCustomersCsv(20) });

    // Slack refuses the next three chat.update calls with 429 and Retry-After: 1.
    a.slack.failSlack(["chat.update"], { kind: "ratelimited", retryAfterSeconds: 1, times: 3 });
    await b.driver.clickMessageButton(TICKETS, posted.messageTs!, "ticket_respond", { userId: TECH });
    await b.driver.clickMessageButton(v.channel, v.message.ts, "import_confirm", { userId: ADMIN, value: v.job.id });
    await waitFor(() => !JSON.stringify(a.slack.message(TICKETS, posted.messageTs!)?.blocks ?? []).includes("ticket_respond"), "the ticket's message without Respond", 15_000);
    const report = await waitFor(() => {
      const text = messageText(a.slack.message(v.channel, v.message.ts));
      return text.includes("Import finished") ? text : undefined;
    }, "the import report", 15_000);
    expect(resultCounts(report)).toEqual({ created: 20, updated: 0, unchanged: 0, failed: 0 });
    expect(a.slack.callsTo("chat.update").filter((c) => c.status === 429)).toHaveLength(3);
  });
});

/**
 * The real entry point in a child process, stopped mid-import. On PostgreSQL the child is held
 * between two batches by a SHARE lock on Customer (the importer's batch lock waits for it) while
 * its heartbeat, on ImportJob, goes on. SQLite cannot hold it so: that lock would be the
 * database's one write lock, and the child's importer waits for it synchronously (better-sqlite3),
 * which stops its heartbeat too. There a batch is one synchronous transaction, so a signal is
 * handled between two batches, and kill -9 lands in one batch or between two.
 */
describe("an instance killed mid-import", () => {
  let child: ChildApp | undefined;
  afterEach(() => child?.kill());

  const startDoomed = async () => {
    child = await startChildApp({
      ...clockEnv(),
      ...LEASE,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: a.slack.apiUrl,
      SLACK_API_RETRIES: "0",
      DATABASE_URL: a.testDb.url,
      LOG_LEVEL: "error",
    });
    return { child, app: { slack: a.slack, db: a.db, driver: new SlackDriver({ appUrl: `http://127.0.0.1:${child.port}/slack/events`, signingSecret: SIGNING_SECRET, slack: a.slack }) } };
  };

  /** Waits (polling every millisecond) until the import has committed a batch, and returns its processed rows. */
  const committedBatch = async (jobId: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { processedRows } = await a.db.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { processedRows: true } });
      if (processedRows > 0) return processedRows;
      if (Date.now() > deadline) throw new Error("Timed out waiting for a committed batch");
      await new Promise((r) => setTimeout(r, 1));
    }
  };

  it("on SIGTERM lets the batch in progress commit, gives the import up at once and exits; Import again on the other instance finishes it", async () => {
    // SQLite: the child may commit a batch or two more before its event loop takes the signal (it stopped at 15,000 here).
    const TOTAL = onPostgres ? 30_000 : 50_000;
    const { child: doomedChild, app: doomed } = await startDoomed();
    const u = await upload(doomed, { name: "big.csv", content: generatedCustomersCsv(TOTAL) });
    const preview = await verdict(doomed, u, 30_000);
    expect((await doomed.driver.clickMessageButton(u.channel, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id })).status).toBe(200);
    let exitedAfterMs = 0;
    if (onPostgres) {
      const lock = new pg.Client({ connectionString: a.testDb.url });
      await lock.connect();
      try {
        const progress = async () => (await lock.query<{ processedRows: number }>(`SELECT "processedRows" FROM "ImportJob" WHERE "id" = $1`, [preview.job.id])).rows[0]!.processedRows;
        const deadline = Date.now() + 30_000;
        while ((await progress()) === 0) {
          if (Date.now() > deadline) throw new Error("Timed out waiting for a committed batch");
          await new Promise((r) => setTimeout(r, 1));
        }
        await lock.query(`BEGIN; LOCK TABLE "Customer" IN SHARE MODE`); // the next batch waits, in progress
        const signalled = Date.now();
        doomedChild.child.kill("SIGTERM");
        await new Promise((r) => setTimeout(r, 500));
        await lock.query("ROLLBACK"); // that batch commits now, and the import stops after it
        expect(await doomedChild.exited).toBe(0);
        exitedAfterMs = Date.now() - signalled;
      } finally {
        await lock.end();
      }
    } else {
      await committedBatch(preview.job.id); // the signal reaches the child between two of its batches (see above)
      const signalled = Date.now();
      doomedChild.child.kill("SIGTERM");
      expect(await doomedChild.exited).toBe(0);
      exitedAfterMs = Date.now() - signalled;
    }
    expect(exitedAfterMs).toBeLessThan(10_000);
    const committed = (await tableCounts(a)).customers;
    expect(committed % 5_000).toBe(0);
    expect(committed).toBeLessThan(TOTAL);
    // Given up by its owner: stopped at once (no lease to wait out), with the exact counts.
    expect(await a.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).toMatchObject({ status: "failed", processedRows: committed, created: committed, owner: null, errorOutcome: '{"code":"interrupted"}' });
    const report = await waitFor(() => {
      const m = a.slack.message(u.channel, preview.message.ts);
      return messageText(m).includes("Import stopped") ? m : undefined;
    }, "the stopped report (sent by the instance that stopped, or by the other from the queue)", 10_000);
    const done = await pressImport(b, { ...u, ...preview, message: report }, ADMIN, 30_000);
    expect(resultCounts(done.text)).toEqual({ created: TOTAL - committed, updated: 0, unchanged: committed, failed: 0 });
    expect(await tableCounts(a)).toEqual({ customers: TOTAL, domains: TOTAL, contacts: 0 });
  }, 90_000);

  it.runIf(onPostgres)("is recovered by the other instance once its heartbeat lapses, never while it beats, and Import again there finishes it with exact counts", async () => {
    const TOTAL = 30_000;
    const { child: killed, app: doomed } = await startDoomed();
    const u = await upload(doomed, { name: "big.csv", content: generatedCustomersCsv(TOTAL) });
    const preview = await verdict(doomed, u, 30_000);
    expect((await doomed.driver.clickMessageButton(u.channel, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id })).status).toBe(200);

    const lock = new pg.Client({ connectionString: a.testDb.url });
    await lock.connect();
    try {
      const progress = async () =>
        (await lock.query<{ status: string; processedRows: number; owner: string | null }>(`SELECT "status", "processedRows", "owner" FROM "ImportJob" WHERE "id" = $1`, [preview.job.id])).rows[0]!;
      const deadline = Date.now() + 30_000;
      while ((await progress()).processedRows === 0) {
        if (Date.now() > deadline) throw new Error("Timed out waiting for a committed batch");
        await new Promise((r) => setTimeout(r, 1));
      }
      await lock.query(`BEGIN; LOCK TABLE "Customer" IN SHARE MODE`);
      // A third instance starts meanwhile (a rolling deploy): its start-up recovery leaves the live import alone.
      const startedAt = Date.now();
      const db = createDb(a.testDb.url);
      const third = await startTestApp({ env: LEASE, slack: a.slack, testDb: { ...a.testDb, db, close: () => db.$disconnect() } });
      expect((await progress()).status).toBe("running");
      await third.close();
      // Longer than the lease: the child is stuck before its next batch but alive and beating, so no instance recovers its job.
      await new Promise((r) => setTimeout(r, Math.max(0, 3_500 - (Date.now() - startedAt))));
      const held = await progress();
      expect(held.status).toBe("running");
      expect(held.owner).toMatch(/:\d+:/);
      killed.kill();
      expect(await killed.exited).toBe("SIGKILL");
      await lock.query("ROLLBACK");
    } finally {
      await lock.end();
    }
    const committed = (await tableCounts(a)).customers;
    expect(committed % 5_000).toBe(0);
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(TOTAL);

    // The survivors notice the silence within the lease and a sweep; one of them reports it, once.
    const report = await waitFor(
      () => {
        const m = a.slack.message(u.channel, preview.message.ts);
        return messageText(m).includes("Import stopped") ? m : undefined;
      },
      "the stopped report",
      10_000,
    );
    expect(resultCounts(messageText(report))).toEqual({ created: committed, updated: 0, unchanged: 0, failed: 0 });
    expect(await a.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).toMatchObject({ status: "failed", processedRows: committed, owner: null });
    const stoppedUpdates = a.slack.callsTo("chat.update").filter((c) => String(c.args.ts) === preview.message.ts && JSON.stringify(c.args).includes("Import stopped"));
    expect(stoppedUpdates).toHaveLength(1);

    // Import again, on the instance that lived: the saved rows come out unchanged, the rest created.
    const done = await pressImport(b, { ...u, ...preview, message: report }, ADMIN, 30_000);
    expect(resultCounts(done.text)).toEqual({ created: TOTAL - committed, updated: 0, unchanged: committed, failed: 0 });
    expect(await tableCounts(a)).toEqual({ customers: TOTAL, domains: TOTAL, contacts: 0 });
  }, 90_000);

  it.runIf(onSqlite)("killed with kill -9 is reported stopped by the other instance once its heartbeat lapses, once, with exact counts, and Import again there finishes it", async () => {
    const TOTAL = 30_000;
    const { child: killed, app: doomed } = await startDoomed();
    const u = await upload(doomed, { name: "big.csv", content: generatedCustomersCsv(TOTAL) });
    const preview = await verdict(doomed, u, 30_000);
    expect((await doomed.driver.clickMessageButton(u.channel, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id })).status).toBe(200);
    await committedBatch(preview.job.id);
    killed.kill(); // in a batch (SQLite rolls it back) or between two
    expect(await killed.exited).toBe("SIGKILL");
    const committed = (await tableCounts(a)).customers;
    expect(committed % 5_000).toBe(0);
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(TOTAL);
    // Its heartbeat is younger than the lease: not recovered yet.
    expect(await a.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).toMatchObject({ status: "running", processedRows: committed });

    const report = await waitFor(
      () => {
        const m = a.slack.message(u.channel, preview.message.ts);
        return messageText(m).includes("Import stopped") ? m : undefined;
      },
      "the stopped report",
      10_000,
    );
    expect(resultCounts(messageText(report))).toEqual({ created: committed, updated: 0, unchanged: 0, failed: 0 });
    expect(await a.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).toMatchObject({ status: "failed", processedRows: committed, owner: null });
    await new Promise((r) => setTimeout(r, 1_500)); // both survivors have swept again since
    const stoppedUpdates = a.slack.callsTo("chat.update").filter((c) => String(c.args.ts) === preview.message.ts && JSON.stringify(c.args).includes("Import stopped"));
    expect(stoppedUpdates).toHaveLength(1);

    const done = await pressImport(b, { ...u, ...preview, message: report }, ADMIN, 30_000);
    expect(resultCounts(done.text)).toEqual({ created: TOTAL - committed, updated: 0, unchanged: committed, failed: 0 });
    expect(await tableCounts(a)).toEqual({ customers: TOTAL, domains: TOTAL, contacts: 0 });
  }, 90_000);
});
