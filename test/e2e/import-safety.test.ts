/**
 * What keeps an import from writing twice, writing what nobody confirmed, or answering files it
 * should leave alone: Slack's event retries, double clicks, Cancel, people who are not admins,
 * other files, the app's own uploads, and files imported a second time.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, startTestApp, type TestApp } from "../support/app-harness.js";
import {
  buttonsOf,
  csvText,
  generatedCustomersCsv,
  importFile,
  messageText,
  pressImport,
  previewCounts,
  resultCounts,
  tableCounts,
  threadReplies,
  upload,
  uploadForPreview,
  verdict,
  waitFor,
} from "../support/csv-fixtures.js";
import { messageBlockActionsPayload } from "../support/slack-payloads.js";
import { readSpoolLines, spoolName, writeSpoolLines } from "../support/spool-files.js";
import { storedReason } from "../../src/slack/views/imports.js";
import { en } from "../../src/i18n/en.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

const customersCsv = csvText(["Customer Name", "Domains", "City"], [["Acme", "acme.com", "Rome"], ["Beta", "beta.io", "Milan"], ["Gamma", "", ""]]);

/** An Import click on a message that no longer shows the button (sent before the message changed). */
async function staleImportClick(messageTs: string, jobId: string) {
  const ctx = { teamId: app.slack.teamId, teamDomain: app.slack.teamDomain, apiAppId: app.slack.appId, botUserId: app.slack.botUserId, verificationToken: "fake-verification-token" };
  const res = await app.driver.blockActions(
    messageBlockActionsPayload(ctx, { id: ADMIN, name: "ada" }, {
      channelId: CHANNEL,
      channelName: "general",
      messageTs,
      isEphemeral: false,
      actions: [{ type: "button", action_id: "import_confirm", block_id: `import_${jobId}`, value: jobId, action_ts: "1795000000.000100" }],
      responseUrl: app.slack.createResponseUrl({ userId: ADMIN, channelId: CHANNEL, messageTs }),
      triggerId: app.slack.issueTriggerId(ADMIN),
    }),
  );
  expect(res.status).toBe(200);
}

/** Time for work the app would wrongly do after acknowledging (a second preview, a reply) to show up. */
const settle = () => new Promise((r) => setTimeout(r, 300));

/** The texts of the ephemeral messages a person got. */
const ephemeralTexts = (userId: string) => app.slack.ephemerals(userId).map((e) => messageText(e));

describe("Slack retrying the file_shared event", () => {
  it("retries with the same event id (retry 1 and 2) give one preview message and one job", async () => {
    const u = await upload(app, { name: "customers.csv", content: customersCsv }, { eventId: "Ev0RETRY01" });
    await verdict(app, u);
    for (const retryNum of [1, 2]) {
      const retry = await app.driver.event(u.event, { eventId: "Ev0RETRY01", retryNum, retryReason: "http_timeout" });
      expect(retry.status).toBe(200);
    }
    await settle();
    expect(threadReplies(app, u)).toHaveLength(1);
    expect(app.slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(await app.db.importJob.count()).toBe(1);
  });

  it("a retry that arrives while the first delivery is still being handled gives one preview", async () => {
    const file = app.slack.addFile({ name: "customers.csv", content: customersCsv, user: ADMIN, channels: [CHANNEL] });
    const event = { type: "file_shared", channel_id: CHANNEL, file_id: file.id, user_id: ADMIN, file: { id: file.id }, event_ts: "1795000000.000200" };
    await Promise.all([
      app.driver.event(event, { eventId: "Ev0RETRY02" }),
      app.driver.event(event, { eventId: "Ev0RETRY02", retryNum: 1 }),
      app.driver.event(event, { eventId: "Ev0RETRY02", retryNum: 2 }),
    ]);
    const share = app.slack.messages(CHANNEL).find((m) => m.postedBy === "person");
    const u = { file, channel: CHANNEL, threadTs: share?.ts ?? "", event };
    const v = await verdict(app, u);
    await settle();
    expect(buttonsOf(v.message)).toContain("import_confirm");
    expect(threadReplies(app, u)).toHaveLength(1);
    expect(await app.db.importJob.count()).toBe(1);
  });
});

describe("Import and Cancel", () => {
  it("two clicks on Import at the same time import the file once, and the second click is told it is already running or finished", async () => {
    const preview = await uploadForPreview(app, { name: "customers.csv", content: generatedCustomersCsv(12_000) });
    const click = () => app.driver.clickMessageButton(CHANNEL, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id });
    const [first, second] = await Promise.all([click(), click()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await waitFor(() => /Import finished/.test(messageText(app.slack.message(CHANNEL, preview.message.ts))), "the final report", 20_000);
    const report = messageText(app.slack.message(CHANNEL, preview.message.ts));
    expect(resultCounts(report)).toEqual({ created: 12_000, updated: 0, unchanged: 0, failed: 0 });
    expect(await tableCounts(app)).toEqual({ customers: 12_000, domains: 12_000, contacts: 0 });
    expect(await app.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).toMatchObject({ status: "completed", processedRows: 12_000, created: 12_000 });
    expect(ephemeralTexts(ADMIN)).toEqual(["This import is already running or finished; nothing more to do."]);
    expect(app.slack.callsTo("files.info").length).toBe(2); // the preview's and one import's
  });

  it("Import pressed again on a finished import writes nothing and says it is already finished", async () => {
    const done = await importFile(app, "customers.csv", customersCsv);
    // The buttons are gone from the message; a click already on its way still arrives.
    await staleImportClick(done.message.ts, done.job.id);
    await waitFor(() => ephemeralTexts(ADMIN).length > 0, "the answer to the click");
    expect(ephemeralTexts(ADMIN)).toEqual(["This import is already running or finished; nothing more to do."]);
    expect(await app.db.importJob.findUniqueOrThrow({ where: { id: done.job.id } })).toMatchObject({ status: "completed", created: 3 });
    expect(await tableCounts(app)).toEqual({ customers: 3, domains: 2, contacts: 0 });
  });

  it("Cancel writes nothing, says who cancelled, removes the buttons, and a later Import click is refused", async () => {
    const preview = await uploadForPreview(app, { name: "customers.csv", content: customersCsv });
    await app.driver.clickMessageButton(CHANNEL, preview.message.ts, "import_cancel", { userId: ADMIN, value: preview.job.id });
    const cancelled = await waitFor(() => {
      const m = app.slack.message(CHANNEL, preview.message.ts);
      return messageText(m).includes("cancelled") ? m : undefined;
    }, "the cancelled message");
    expect(messageText(cancelled)).toBe(`Import cancelled by <@${ADMIN}>. Nothing was imported.`);
    expect(buttonsOf(cancelled)).toEqual([]);
    expect((await app.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).status).toBe("cancelled");

    // A click that was on its way before the message changed.
    await staleImportClick(preview.message.ts, preview.job.id);
    await waitFor(() => ephemeralTexts(ADMIN).length > 0, "the answer to the click");
    expect(ephemeralTexts(ADMIN)).toEqual(["This import is already running or finished; nothing more to do."]);
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
  });

  it("someone who is not an admin cannot press Import or Cancel on an admin's preview", async () => {
    const preview = await uploadForPreview(app, { name: "customers.csv", content: customersCsv });
    await app.driver.clickMessageButton(CHANNEL, preview.message.ts, "import_confirm", { userId: TECH, value: preview.job.id });
    await app.driver.clickMessageButton(CHANNEL, preview.message.ts, "import_cancel", { userId: TECH, value: preview.job.id });
    await waitFor(() => ephemeralTexts(TECH).length === 2, "the two refusals");
    for (const text of ephemeralTexts(TECH)) expect(text).toMatch(/admins/i);
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
    expect((await app.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).status).toBe("awaiting_confirmation");
    expect(messageText(app.slack.message(CHANNEL, preview.message.ts))).toContain("Import preview");
  });

  it("a file deleted from Slack between the preview and Import stops the import with a message, and does not leave it running", async () => {
    const preview = await uploadForPreview(app, { name: "customers.csv", content: customersCsv });
    // The fake cannot delete a file; pointing the job at an id Slack does not know has the same effect: files.info says file_not_found.
    await app.db.importJob.update({ where: { id: preview.job.id }, data: { fileId: "F0DELETED01" } });
    await app.driver.clickMessageButton(CHANNEL, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id });
    const stopped = await waitFor(() => {
      const m = app.slack.message(CHANNEL, preview.message.ts);
      return messageText(m).includes("Import stopped") ? m : undefined;
    }, "the stopped message");
    const job = await app.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } });
    expect(job.status).toBe("failed");
    expect(job.errorOutcome).toBeTruthy();
    expect(messageText(stopped)).toContain(storedReason(en, job));
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
  });

  it("a working copy damaged after the preview stops the import where the damage is, says so, and Import again reads the file from Slack and finishes", async () => {
    const preview = await uploadForPreview(app, { name: "customers.csv", content: generatedCustomersCsv(12_000) });
    const spool = path.join(os.tmpdir(), spoolName(preview.job.id));
    const lines = readSpoolLines(spool);
    lines[5] = '{"rejected": [[7, ["Cust'; // the first line of the second of three batches (header, then four lines a batch)
    writeSpoolLines(spool, lines);

    const stopped = await pressImport(app, preview);
    expect(stopped.text).toContain("Import stopped");
    expect(stopped.text).toContain("working copy of this file was damaged");
    expect(stopped.job).toMatchObject({ status: "failed", processedRows: 5_000, created: 5_000 });
    expect(buttonsOf(stopped.message)).toContain("import_confirm"); // Import again
    expect(fs.existsSync(spool)).toBe(false);

    expect(app.slack.downloadsOf(preview.file.id)).toBe(1); // the preview's; the import read the working copy
    const done = await pressImport(app, preview);
    expect(done.text).toContain("Import finished");
    expect(resultCounts(done.text)).toEqual({ created: 7_000, updated: 0, unchanged: 5_000, failed: 0 });
    expect(app.slack.downloadsOf(preview.file.id)).toBe(2); // the file, from Slack again
    expect(await tableCounts(app)).toEqual({ customers: 12_000, domains: 12_000, contacts: 0 });
  });
});

describe("files the import leaves alone", () => {
  it("a CSV uploaded by someone who is not an admin gets a polite refusal in its thread, and nothing is written", async () => {
    const u = await upload(app, { name: "customers.csv", content: customersCsv, user: TECH });
    const v = await verdict(app, u);
    expect(v.text).toBe(`Thanks <@${TECH}>! Only Customer Book admins can import files, so I have left this one alone. An admin can upload it here for you.`);
    expect(buttonsOf(v.message)).toEqual([]);
    expect(v.job).toMatchObject({ status: "refused", uploadedBy: TECH, messageTs: null });
    expect(app.slack.callsTo("chat.update")).toEqual([]);
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
  });

  it.each([
    { name: "photo.png", content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
    { name: "notes.txt", content: "Customer Name\nAcme\n" },
    { name: "book.xlsx", content: Buffer.from("PK\x03\x04") },
  ])("$name is ignored: no message and no job", async ({ name, content }) => {
    await upload(app, { name, content });
    await settle();
    expect(app.slack.callsTo("files.info")).toHaveLength(1);
    expect(app.slack.messages(CHANNEL).filter((m) => m.postedBy === "app")).toEqual([]);
    expect(await app.db.importJob.count()).toBe(0);
  });

  it("the app's own uploads (the error report in the thread, a template in a DM) are not taken for imports", async () => {
    const done = await importFile(app, "customers.csv", csvText(["Customer Name", "City"], [["Acme", ""], ["", "Rome"]]));
    const errorFile = done.errorCsv;
    if (!errorFile) throw new Error("no error report was uploaded");
    const repliesBefore = app.slack.messages(CHANNEL).length;
    // Slack sends file_shared for files the app shares, too: the user is the app's bot user.
    await app.driver.event({ type: "file_shared", channel_id: CHANNEL, file_id: errorFile.id, user_id: app.slack.botUserId, file: { id: errorFile.id } });

    await app.driver.command("/customer", "import", { userId: ADMIN, channelId: CHANNEL });
    const offer = await waitFor(() => app.slack.ephemerals(ADMIN).find((e) => e.source === "response_url"), "the template offer");
    await app.driver.clickMessageButton(CHANNEL, offer.messageTs, "import_template_customers", { userId: ADMIN });
    const template = await waitFor(() => app.slack.uploads().find((f) => f.filename === "customers-template.csv"), "the template");
    const dm = app.slack.dmChannel(ADMIN);
    const dmBefore = app.slack.messages(dm).length;
    await app.driver.event({ type: "file_shared", channel_id: dm, file_id: template.id, user_id: app.slack.botUserId, file: { id: template.id } });

    await settle();
    expect(app.slack.messages(CHANNEL)).toHaveLength(repliesBefore);
    expect(app.slack.messages(dm)).toHaveLength(dmBefore);
    expect(await app.db.importJob.count()).toBe(1);
  });

  it("a CSV uploaded as a reply in a thread gets its preview in that thread", async () => {
    const parent = app.slack.addMessage({ channel: CHANNEL, user: ADMIN, text: "Here is the customer list" });
    const u = await upload(app, { name: "customers.csv", content: customersCsv, threadTs: parent.ts });
    const replies = await waitFor(() => {
      const found = app.slack.messages(CHANNEL).filter((m) => m.postedBy === "app");
      return found.length > 0 && !messageText(found[0]).includes("Checking") ? found : undefined;
    }, "the preview");
    expect(u.threadTs).not.toBe(parent.ts);
    expect(replies.map((m) => m.threadTs)).toEqual([parent.ts]);
    expect(messageText(replies[0])).toContain("Import preview");
  });
});

describe("importing the same file again", () => {
  it("customers uploaded again as a new file: 0 created, 0 updated, all unchanged", async () => {
    const csv = csvText(["Customer Name", "Domains", "City", "Notes", "SLA", "Alert Profile"], [
      ["Acme", "acme.com, acme.co.uk", "Rome", "Line 1\nLine 2", "Standard", "standard"],
      ["Beta", "", "Milan", "", "", ""],
      ["Società Müller", "mueller.it", "Zürich", "", "", ""],
    ]);
    await importFile(app, "customers.csv", csv);
    const before = await app.db.customer.findMany({ orderBy: { name: "asc" } });
    const again = await importFile(app, "customers.csv", csv);
    expect(again.preview.file.id).not.toBe((await app.db.importJob.findFirstOrThrow({ where: { id: { not: again.job.id } } })).fileId);
    expect(previewCounts(again.preview.text)).toEqual({ rows: 3, create: 0, update: 0, unchanged: 3, errors: 0 });
    expect(resultCounts(again.text)).toEqual({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    expect(await app.db.customer.findMany({ orderBy: { name: "asc" } })).toEqual(before);
  });

  it("contacts uploaded again as a new file: 0 created, 0 updated, all unchanged, the primary contact kept", async () => {
    await importFile(app, "customers.csv", customersCsv);
    const csv = csvText(["Customer Name", "First Name", "Last Name", "Email", "Phone", "Primary Contact"], [
      ["Acme", "Anna", "Rossi", "anna@acme.com", "(555) 1", "yes"],
      ["Acme", "Ben", "Smith", "Ben@Acme.com", "", ""],
      ["Beta", "Chloé", "Dubois", "chloe@beta.io", "", "no"],
    ]);
    await importFile(app, "contacts.csv", csv);
    const again = await importFile(app, "contacts.csv", csv);
    expect(resultCounts(again.text)).toEqual({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    const acme = await app.db.customer.findFirstOrThrow({ where: { name: "Acme" }, include: { primaryContact: true } });
    expect(acme.primaryContact?.email).toBe("anna@acme.com");
    expect(await app.db.contact.count()).toBe(3);
  });
});
