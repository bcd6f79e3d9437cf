/**
 * Replays and retries write nothing twice. The same signed request, sent again byte for byte (an
 * attacker who captured it has 5 minutes; Slack's own retries add X-Slack-Retry-Num), finds its
 * claim taken in the database and changes nothing. Each listener that writes is covered here.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { createDb } from "../../src/db/client.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import type { SentRequest } from "../support/slack-driver.js";
import { retainer } from "../support/customer-seed.js";
import { click, command, menu, saveModal } from "../support/customer-ui.js";
import { csvText, messageText, pressImport, uploadForPreview, waitFor } from "../support/csv-fixtures.js";

const TICKETS = "C0TICKETS1";
const MONDAY_10 = new Date("2026-03-02T10:00:00Z");

let app: TestApp;
let acme: SeededCustomer;
beforeEach(async () => {
  app = await startTestApp({ env: { TICKETS_CHANNEL_ID: TICKETS }, clock: () => MONDAY_10 });
  acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
});
afterEach(async () => app.close());

/** Sends `request` again 5 times as it was, then 3 times as Slack's retries; every answer is 200. */
async function replay(request: SentRequest): Promise<void> {
  for (let i = 0; i < 5; i++) expect((await app.driver.replay(request)).status).toBe(200);
  for (const n of [1, 2, 3]) expect((await app.driver.replay(request, { "x-slack-retry-num": String(n), "x-slack-retry-reason": "http_timeout" })).status).toBe(200);
  await new Promise((r) => setTimeout(r, 200)); // work the app does after its ack
}

describe("the same signed request sent again writes nothing twice", () => {
  it("/ticket new: 5 replays and 3 retries of one submission open one ticket and post it once", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
    const view = app.driver.currentView(TECH)!;
    const r = await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_subject: "Printer offline", ticket_form_description: "Error 50.4" } });
    expect(r.outcome).toBe("closed");
    const submission = app.driver.lastRequest();
    await eventually(() => app.slack.messages(TICKETS).length === 1, "the ticket's post");
    await replay(submission);
    expect(await app.db.ticket.count()).toBe(1);
    expect(app.slack.messages(TICKETS).filter((m) => !m.threadTs)).toHaveLength(1);
  });

  it("ticket buttons: a replayed Pending, after Resume, does not pause the ticket again", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
    await app.driver.submitView(app.driver.currentView(TECH)!.id, { userId: TECH, values: { ticket_form_subject: "VPN down", ticket_form_description: "x" } });
    const post = (await eventually(() => app.db.ticket.findFirst({ where: { messageTs: { not: null } } }), "the posted ticket"))!;
    const ts = post.messageTs!;
    const status = async () => (await app.db.ticket.findUniqueOrThrow({ where: { id: post.id } })).status;
    await app.driver.clickMessageButton(TICKETS, ts, "ticket_pending", { userId: TECH });
    const pending = app.driver.lastRequest();
    await eventually(async () => (await status()) === "pending", "pending");
    await eventually(() => JSON.stringify(app.slack.message(TICKETS, ts)?.blocks ?? []).includes("ticket_resume"), "the Resume button");
    await app.driver.clickMessageButton(TICKETS, ts, "ticket_resume", { userId: TECH });
    await eventually(async () => (await status()) === "open", "resumed");
    const events = await app.db.ticketEvent.count({ where: { ticketId: post.id } });
    await replay(pending);
    expect(await status()).toBe("open");
    expect(await app.db.ticketEvent.count({ where: { ticketId: post.id } })).toBe(events);
  });

  it("customer forms: a replayed Add contract submission adds one contract and one history entry", async () => {
    const card = await click(app, ADMIN, await command(app, ADMIN, "show Acme Dental"), "customer_tab_contracts");
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(card.message.channel, card.message.messageTs, "customer_add_contract", { userId: ADMIN }));
    const view = app.driver.currentView(ADMIN)!;
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "customer_contract_type", "retainer", { userId: ADMIN }));
    await saveModal(app, ADMIN, view.id, { contract_name: "Care 2028", contract_quantity: "1", contract_rate: "100" });
    const submission = app.driver.lastRequest();
    await replay(submission);
    expect(await app.db.contract.count({ where: { customerId: acme.id } })).toBe(1);
    expect(await app.db.changeLog.count({ where: { entityType: "contract" } })).toBe(1);
  });

  it("customer card: a replayed Archive, after Restore, does not archive the customer again", async () => {
    await click(app, ADMIN, await command(app, ADMIN, "show Acme Dental"), "customer_archive");
    const archive = app.driver.lastRequest();
    await click(app, ADMIN, await command(app, ADMIN, "show Acme Dental"), "customer_restore");
    await replay(archive);
    expect((await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).archivedAt).toBeNull();
    expect((await app.db.changeLog.findMany({ where: { customerId: acme.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action)).toEqual(["created", "archived", "restored"]);
  });

  it("contract menu: a replayed Deactivate, after Reactivate, leaves the contract active", async () => {
    await app.db.contract.deleteMany({});
    const beta = await seedCustomer(app.db, { name: "Beta Ltd", domains: ["beta.io"], contract: retainer("Beta Care") });
    const contract = await app.db.contract.findFirstOrThrow({ where: { customerId: beta.id } });
    const menuOf = async () => click(app, ADMIN, await command(app, ADMIN, "show Beta Ltd"), "customer_tab_contracts");
    await menu(app, ADMIN, await menuOf(), `contract_${contract.id}`, "customer_contract_menu", `deactivate:${contract.id}`);
    const deactivate = app.driver.lastRequest();
    expect((await app.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).active).toBe(false);
    await menu(app, ADMIN, await menuOf(), `contract_${contract.id}`, "customer_contract_menu", `reactivate:${contract.id}`);
    await eventually(async () => (await app.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).active, "reactivated");
    await replay(deactivate);
    expect((await app.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).active).toBe(true);
  });

  it("SLA list: a replayed editor submission creates one SLA; a replayed Make default does not take the default back", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/sla", "new", { userId: ADMIN, channelId: CHANNEL }));
    const editor = app.driver.currentView(ADMIN)!;
    const saved = await app.driver.submitView(editor.id, { userId: ADMIN, values: { sla_name: "Gold", sla_response_high: "1h" } });
    expect(saved.outcome).toBe("closed");
    await replay(app.driver.lastRequest());
    expect(await app.db.sla.count()).toBe(2);
    expect(await app.db.changeLog.count({ where: { entityType: "sla", action: "created" } })).toBe(1);

    await app.driver.command("/sla", "list", { userId: ADMIN, channelId: CHANNEL });
    const list = (await eventually(() => app.slack.ephemerals(ADMIN).find((e) => JSON.stringify(e.blocks ?? []).includes("sla_make_default")), "the SLA list"))!;
    const [standard, gold] = [await app.db.sla.findFirstOrThrow({ where: { isDefault: true } }), await app.db.sla.findFirstOrThrow({ where: { name: "Gold" } })];
    const isDefault = async (id: string) => (await app.db.sla.findUniqueOrThrow({ where: { id } })).isDefault;
    await app.driver.clickMessageButton(list.channel, list.messageTs, "sla_make_default", { userId: ADMIN, blockId: `sla_${gold.id}` });
    const makeGold = app.driver.lastRequest();
    await eventually(() => isDefault(gold.id), "Gold is the default");
    await eventually(() => app.slack.findEphemeral(list.messageTs)?.text?.includes("now the default"), "the list refreshed");
    await app.driver.clickMessageButton(list.channel, list.messageTs, "sla_make_default", { userId: ADMIN, blockId: `sla_${standard.id}` });
    await eventually(() => isDefault(standard.id), "Standard is the default again");
    await replay(makeGold);
    expect(await isDefault(standard.id)).toBe(true);
  });

  it("wizard: a replayed Show more does not fold the fields back", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new", { userId: ADMIN, channelId: CHANNEL }));
    const view = app.driver.currentView(ADMIN)!;
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", { userId: ADMIN }));
    const toggle = app.driver.lastRequest();
    const draft = async () => JSON.parse((await app.db.wizardDraft.findFirstOrThrow()).data) as { expanded: Record<string, boolean> };
    expect((await draft()).expanded.customer).toBe(true);
    await replay(toggle);
    await app.driver.replay(toggle); // an odd number of replays: each one that toggled would leave it folded
    await new Promise((r) => setTimeout(r, 100));
    expect((await draft()).expanded.customer).toBe(true);
  });

  it("import: a replayed template click sends one template; a replayed Import click after the import does not run it again", async () => {
    await app.driver.command("/customer", "import", { userId: ADMIN, channelId: CHANNEL });
    const offer = (await eventually(() => app.slack.ephemerals(ADMIN).at(-1), "the template offer"))!;
    await app.driver.clickMessageButton(offer.channel, offer.messageTs, "import_template_customers", { userId: ADMIN });
    const template = app.driver.lastRequest();
    await eventually(() => app.slack.uploads().length === 1, "the template upload");
    await replay(template);
    expect(app.slack.uploads()).toHaveLength(1);

    const preview = await uploadForPreview(app, { name: "customers.csv", content: csvText(["Customer Name"], [["Zeta"]]) });
    // The file cannot be found at Import (as if deleted from Slack): the import stops, and offers Import again.
    await app.db.importJob.update({ where: { id: preview.job.id }, data: { fileId: "F0DELETED01" } });
    await app.driver.clickMessageButton(CHANNEL, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id });
    const click = app.driver.lastRequest();
    await waitFor(() => messageText(app.slack.message(CHANNEL, preview.message.ts)).includes("Import stopped"), "the stopped import");
    await app.db.importJob.update({ where: { id: preview.job.id }, data: { fileId: preview.file.id } });
    await replay(click);
    expect(await app.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).toMatchObject({ status: "failed", processedRows: 0 });
    expect(await app.db.customer.count({ where: { name: "Zeta" } })).toBe(0);
    // A new click on Import again does run it.
    expect((await pressImport(app, preview)).text).toContain("Import finished");
  });
});

describe("claims live in the database, not in one process", () => {
  it("a submission replayed to a second instance of the app on the same database opens no second ticket", async () => {
    // The second instance has its own Prisma client and its own fake Slack, like another server.
    const other = await startTestApp({ env: { TICKETS_CHANNEL_ID: TICKETS }, clock: () => MONDAY_10, testDb: { ...app.testDb, db: createDb(app.testDb.url), close: async () => undefined } });
    try {
      await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
      await app.driver.submitView(app.driver.currentView(TECH)!.id, { userId: TECH, values: { ticket_form_subject: "Mail down", ticket_form_description: "x" } });
      const submission = app.driver.lastRequest();
      for (const n of [1, 2]) expect((await other.driver.replay(submission, { "x-slack-retry-num": String(n) })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(await app.db.ticket.count()).toBe(1);
    } finally {
      await other.close();
      await other.db.$disconnect();
    }
  });
});
