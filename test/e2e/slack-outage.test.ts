/**
 * Slack down while the app works: the messages that matter (an import's report and error file,
 * the report of an import that could not start, a ticket's post) are kept in the database and
 * posted once Slack is back, also by the app started again after a restart; and whoever pressed
 * Import while Slack was down is told so, not "unexpected error".
 */
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, startTestApp, type TestApp } from "../support/app-harness.js";
import { buttonsOf, csvText, messageText, pressImport, resultCounts, uploadForPreview, waitFor } from "../support/csv-fixtures.js";
import { createTestDb } from "../support/db.js";

let apps: TestApp[] = [];
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const a of apps.reverse()) await a.close();
  for (const c of cleanups.reverse()) await c();
  apps = [];
  cleanups = [];
});
const start = async (opts: Parameters<typeof startTestApp>[0] = {}) => {
  const app = await startTestApp(opts);
  apps.push(app);
  return app;
};

/** Ten good rows and two that fail, so the import has an error file to post. */
const csv = csvText(["Customer Name", "Domains"], [...Array.from({ length: 10 }, (_, i) => [`Client ${i + 1}`, `client${i + 1}.example`]), ["", "nameless.example"], ["Bad Domain", "bad_domain!"]]);
/** What the app posts at the end of an import: the report (chat.update) and the error file. */
const END_OF_IMPORT = ["chat.update", "chat.postMessage", "files.getUploadURLExternal", "files.completeUploadExternal", "upload"];
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe("Slack down when an import ends", () => {
  it("the import completes in the database, and its report and error file are posted once Slack is back", async () => {
    const app = await start();
    const preview = await uploadForPreview(app, { name: "clients.csv", content: csv });
    app.slack.failSlack(END_OF_IMPORT);
    await app.driver.clickMessageButton(preview.channel, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id });
    await waitFor(async () => (await app.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).status === "completed", "the import to complete");
    await settle(); // several attempts, each refused
    expect(messageText(app.slack.message(preview.channel, preview.message.ts))).toContain("Import preview"); // still the preview: nothing got through
    expect(app.slack.uploads()).toEqual([]);
    const attempts = app.slack.callsTo("chat.update").filter((c) => !c.ok).length;
    expect(attempts).toBeGreaterThan(2);

    app.slack.restoreSlack();
    const report = await waitFor(() => {
      const m = app.slack.message(preview.channel, preview.message.ts);
      return messageText(m).includes("Import finished") ? m : undefined;
    }, "the report, once Slack is back");
    expect(resultCounts(messageText(report))).toEqual({ created: 10, updated: 0, unchanged: 0, failed: 2 });
    const errors = await waitFor(() => app.slack.uploads().find((f) => f.filename === "clients-errors.csv"), "the error file");
    expect(errors.threadTs).toBe(preview.threadTs);
    expect(errors.content.toString("utf8")).toContain("bad_domain!");
    await settle();
    expect(app.slack.uploads()).toHaveLength(1);
    expect(app.slack.callsTo("chat.update").filter((c) => c.ok && JSON.stringify(c.args).includes("Import finished"))).toHaveLength(1);
  });

  it("the report goes out from the app started again, when the app was stopped before Slack came back", async () => {
    const testDb = await createTestDb();
    // The database and the fake Slack outlive the first app; the second app closes the database.
    const first = await startTestApp({ testDb: { ...testDb, close: async () => undefined } });
    let firstRunning = true;
    cleanups.push(async () => {
      if (firstRunning) await first.application.stop();
      await first.slack.close();
    });
    const preview = await uploadForPreview(first, { name: "clients.csv", content: csv });
    first.slack.failSlack(END_OF_IMPORT);
    await first.driver.clickMessageButton(preview.channel, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id });
    await waitFor(async () => (await first.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).status === "completed", "the import to complete");
    await settle(200);
    await first.application.stop(); // the app stops with the report still queued
    firstRunning = false;

    first.slack.restoreSlack();
    const second = await start({ slack: first.slack, testDb });
    await waitFor(() => messageText(second.slack.message(preview.channel, preview.message.ts)).includes("Import finished"), "the report from the restarted app");
    await waitFor(() => second.slack.uploads().find((f) => f.filename === "clients-errors.csv"), "the error file from the restarted app");
  });
});

describe("Import pressed while Slack is down", () => {
  it("tells the person that Slack did not answer, imports nothing, and the thread offers Import again once Slack is back", async () => {
    const app = await start();
    const preview = await uploadForPreview(app, { name: "clients.csv", content: csv });
    app.slack.failSlack(["files.info", "chat.update", "chat.postMessage", "download"], { kind: "http", status: 503 });
    await app.driver.clickMessageButton(preview.channel, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id });
    // The click's response_url (Slack's hooks) still reaches the person.
    const told = await waitFor(() => app.slack.responseUrlPosts().find((p) => JSON.stringify(p.body).includes("Slack did not answer")), "the person told");
    expect(JSON.stringify(told.body)).not.toMatch(/unexpected/i);
    const job = await waitFor(async () => {
      const j = await app.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } });
      return j.status === "failed" ? j : undefined;
    }, "the job to stop");
    expect(job.errorOutcome).toBe('{"code":"slack_unavailable"}');
    expect(job.processedRows).toBe(0);
    expect(await app.db.customer.count()).toBe(0);
    expect(app.logs.filter((l) => l.startsWith("error"))).toEqual([]);

    app.slack.restoreSlack();
    const stopped = await waitFor(() => {
      const m = app.slack.message(preview.channel, preview.message.ts);
      return messageText(m).includes("Import stopped") ? m : undefined;
    }, "the stopped report, once Slack is back");
    expect(messageText(stopped)).toContain("Slack did not answer");
    expect(buttonsOf(stopped)).toEqual(["import_confirm"]);
    const done = await pressImport(app, { ...preview, message: stopped });
    expect(done.text).toContain("Import finished");
  });
});

describe("Slack down when a ticket is opened", () => {
  it("the ticket is saved at once and posted to the tickets channel once Slack is back", async () => {
    const TICKETS = "C0TICKETS1";
    const app = await start({ env: { TICKETS_CHANNEL_ID: TICKETS } });
    await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
    const view = app.driver.currentView(TECH)!;
    app.slack.failSlack(["chat.postMessage"], { kind: "error", error: "internal_error" });
    const r = await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_subject: "Server room hot", ticket_form_description: "28 degrees" } });
    expect(r.outcome).toBe("closed");
    const ticket = await waitFor(() => app.db.ticket.findFirst({ where: { subject: "Server room hot" } }), "the ticket");
    await settle();
    expect(app.slack.messages(TICKETS)).toEqual([]);

    app.slack.restoreSlack();
    const post = await waitFor(() => app.slack.messages(TICKETS).find((m) => (m.text ?? "").includes("Server room hot")), "the ticket's post");
    await waitFor(async () => (await app.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).messageTs === post.ts, "the post remembered on the ticket");
    await settle();
    expect(app.slack.messages(TICKETS).filter((m) => !m.threadTs)).toHaveLength(1);
  });
});
