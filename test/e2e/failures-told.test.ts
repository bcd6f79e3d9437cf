/**
 * The person who acted is always told: on every Slack surface, a failure inside the real app
 * reaches the person who clicked, typed or submitted, where they are looking; an unexpected one
 * carries a ref that is also in the log line with who did what. Failures are injected for real:
 * a table the handler needs is renamed away (every query on it then fails), or Slack refuses the
 * app's message in a channel.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { forgedMessageClick } from "../support/catalog-seed.js";
import { seedCustomer, seedMany } from "../support/customer-seed.js";
import { click, command, visibleText } from "../support/customer-ui.js";
import { csvText, messageText, upload, uploadForPreview } from "../support/csv-fixtures.js";
import type { SlackView } from "../support/fake-slack/index.js";

let app: TestApp;
const broken: string[] = [];
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  for (const table of broken.splice(0)) await app.db.$executeRawUnsafe(`ALTER TABLE "${table}_broken" RENAME TO "${table}"`);
  await app.close();
});

/** From now on every query on `table` fails, as if the database had lost it. */
async function breakTable(table: string): Promise<void> {
  await app.db.$executeRawUnsafe(`ALTER TABLE "${table}" RENAME TO "${table}_broken"`);
  broken.push(table);
}

/** The ref in what the person read, checked against the log line: same ref, with who did what. */
function refOf(text: string, context: string): string {
  const ref = /it was logged \(ref `([0-9a-f]{8})`\)/.exec(text)?.[1];
  expect(ref, `no ref in: ${text}`).toBeDefined();
  const line = app.logs.find((l) => l.includes(`(ref ${ref})`));
  expect(line, app.logs.join("\n")).toMatch(/^error Unexpected failure \(ref [0-9a-f]{8}\) in /);
  expect(line).toContain(context);
  return ref ?? "";
}

const viewText = (view: SlackView | undefined) => (view ? visibleText({ blocks: view.blocks as never }) : "");

describe("a slash command that fails", () => {
  it.each([
    ["/customer", "list", "Customer", "/customer list by U0ADMIN001 in C0GENERAL1"],
    ["/sla", "list", "Sla", "/sla list by U0ADMIN001 in C0GENERAL1"],
    ["/ticket", "list", "Ticket", "/ticket list by U0ADMIN001 in C0GENERAL1"],
  ])("%s %s: an ephemeral reply with the ref of the log line", async (cmd, text, table, context) => {
    await breakTable(table);
    const before = app.slack.ephemerals(ADMIN).length;
    const res = await app.driver.command(cmd, text, { userId: ADMIN, channelId: CHANNEL });
    expect(res.status).toBe(200);
    const reply = await eventually(() => app.slack.ephemerals(ADMIN)[before], "the ephemeral reply");
    expect(messageText(reply)).toMatch(/^Sorry, that did not work: something went wrong on our side/);
    refOf(messageText(reply), context);
  });

  it("a known refusal thrown by the service is answered with its reason, and no ref", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const before = app.slack.ephemerals(TECH).length;
    // An Edit click by someone who is not an admin (a card kept from when they were one).
    await forgedMessageClick(app.slack, app.driver, CHANNEL, TECH, "customer_edit", acme.id);
    const reply = await eventually(() => app.slack.ephemerals(TECH)[before], "the reply");
    expect(messageText(reply)).toMatch(/^Only Customer Book admins can /);
    expect(messageText(reply)).not.toMatch(/ref `/);
    expect(app.logs.some((l) => l.startsWith("info Refused (not_admin): action customer_edit in a message by U0TECH0001"))).toBe(true);
  });
});

describe("a known failure of the database", () => {
  /**
   * Another program holds the write lock past the app's 5 s wait: SQLite's one write lock, or on
   * PostgreSQL an EXCLUSIVE lock on every table (reads go on, writes wait until lock_timeout).
   */
  async function holdWriteLock(): Promise<() => Promise<void>> {
    if (app.testDb.kind === "sqlite") {
      const lock = new Database(app.testDb.file);
      lock.exec("BEGIN IMMEDIATE");
      return async () => {
        lock.exec("ROLLBACK");
        lock.close();
      };
    }
    const client = new pg.Client({ connectionString: app.testDb.url });
    await client.connect();
    const tables = (await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`)).rows;
    await client.query(`BEGIN; LOCK TABLE ${tables.map((t) => `"${t.tablename}"`).join(", ")} IN EXCLUSIVE MODE`);
    return async () => {
      await client.query("ROLLBACK");
      await client.end();
    };
  }

  it("a locked database: the person is told to try again in a moment, in words, with no ref", async () => {
    const release = await holdWriteLock();
    try {
      const before = app.slack.ephemerals(ADMIN).length;
      await app.driver.command("/customer", "new Acme", { userId: ADMIN, channelId: CHANNEL });
      const reply = await eventually(() => app.slack.ephemerals(ADMIN)[before], "the reply", 15_000);
      expect(messageText(reply)).toBe("The customer book is busy with another change right now. Nothing was changed: please try again in a moment.");
      expect(app.logs.some((l) => l.startsWith("info Refused (database_busy): /customer new by U0ADMIN001"))).toBe(true);
    } finally {
      await release();
    }
  }, 30_000);
});

describe("a click that fails", () => {
  it("in a message: an ephemeral reply under it, with the ref", async () => {
    await seedMany(app.db, 25, "Client");
    const list = await command(app, ADMIN, "list");
    await breakTable("Customer");
    const shown = await click(app, ADMIN, list, "customer_list_next");
    expect(shown.outcome).not.toBe("replaced"); // the list stays as it was
    refOf(shown.text, "action customer_list_next in a message by U0ADMIN001");
  });

  it("in a modal: a small window on top, and the modal with what was typed stays under it", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new Acme", { userId: ADMIN, channelId: CHANNEL }));
    const wizard = app.driver.currentView(ADMIN)!;
    await breakTable("WizardDraft");
    await andWaitFor(app, "views.push", () => app.driver.clickButton(wizard.id, "wizard_toggle", { userId: ADMIN }));
    const stack = app.driver.viewStack(ADMIN);
    expect(stack.map((v) => v.callback_id)).toEqual(["customer_wizard", "notice"]);
    refOf(viewText(stack[1]), "action wizard_toggle in the view customer_wizard by U0ADMIN001");
  });

  it("in App Home: a small window over it", async () => {
    await andWaitFor(app, "views.publish", () => app.driver.appHomeOpened(ADMIN));
    const home = app.slack.homeView(ADMIN)!;
    await breakTable("WizardDraft");
    await andWaitFor(app, "views.open", () => app.driver.clickButton(home.id, "home_new_customer", { userId: ADMIN }));
    refOf(viewText(app.driver.currentView(ADMIN)), "action home_new_customer in the App Home by U0ADMIN001");
  });

  it("on an import preview's Cancel, and on a template button: an ephemeral reply with the ref", async () => {
    const preview = await uploadForPreview(app, { name: "acme.csv", content: csvText(["Customer Name", "Domains"], [["Acme", "acme.com"]]) });
    const offer = await command(app, ADMIN, "import");
    await breakTable("ImportJob");
    const before = app.slack.ephemerals(ADMIN).length;
    await app.driver.clickMessageButton(preview.channel, preview.message.ts, "import_cancel", { userId: ADMIN });
    const cancelled = await eventually(() => app.slack.ephemerals(ADMIN)[before], "the answer to Cancel");
    refOf(messageText(cancelled), "action import_cancel in a message by U0ADMIN001");

    await breakTable("Sla");
    const template = await click(app, ADMIN, offer, "import_template_customers", { value: "customers" });
    refOf(template.text, "action import_template_customers in a message by U0ADMIN001");
  });
});

describe("a modal submission that fails", () => {
  it("before it is answered: the message under its first field, and the modal stays open to try again", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new", { userId: ADMIN, channelId: CHANNEL }));
    const wizard = app.driver.currentView(ADMIN)!;
    await breakTable("WizardDraft");
    const r = await app.driver.submitView(wizard.id, { userId: ADMIN, values: { customer_name: "Acme Dental", customer_domains: "acme.com" } });
    expect(r.outcome).toBe("errors");
    expect(Object.keys(r.errors ?? {})).toEqual(["customer_name"]);
    refOf(r.errors?.customer_name ?? "", "view customer_wizard submitted by U0ADMIN001");
    expect(app.driver.currentView(ADMIN)?.id).toBe(wizard.id);
  });

  it("with a known refusal: the modal says why instead (a customer archived meanwhile)", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const card = await command(app, ADMIN, "show Acme Dental");
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(card.message.channel, card.message.messageTs, "customer_edit", { userId: ADMIN }));
    const modal = app.driver.currentView(ADMIN)!;
    await app.db.customer.updateMany({ data: { archivedAt: new Date() } });
    const r = await app.driver.submitView(modal.id, { userId: ADMIN, values: { customer_city: "Rome" } });
    expect(r.outcome).toBe("updated");
    expect(viewText(r.view)).toContain("*Acme Dental* is archived, so it cannot be changed");
    expect(viewText(r.view)).not.toMatch(/ref `/);
  });

  it("after it was answered (saved, then the card could not be shown): a direct message with the ref", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const card = await command(app, ADMIN, "show Acme Dental");
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(card.message.channel, card.message.messageTs, "customer_edit", { userId: ADMIN }));
    const modal = app.driver.currentView(ADMIN)!;
    await breakTable("Ticket"); // the card counts the customer's tickets; the save does not touch them
    const r = await app.driver.submitView(modal.id, { userId: ADMIN, values: { customer_city: "Rome" } });
    expect(r.outcome).toBe("closed");
    expect((await app.db.customer.findFirstOrThrow()).city).toBe("Rome");
    const dm = await eventually(() => app.slack.messages(app.slack.dmChannel(ADMIN)).at(-1), "the direct message");
    refOf(messageText(dm), "view customer_edit submitted by U0ADMIN001");
  });
});

describe("an event a person caused that fails", () => {
  it("a file shared: an ephemeral message to the person in that channel, with the ref", async () => {
    await breakTable("ImportJob");
    const before = app.slack.ephemerals(ADMIN).length;
    await upload(app, { name: "acme.csv", content: csvText(["Customer Name"], [["Acme"]]) });
    const told = await eventually(() => app.slack.ephemerals(ADMIN)[before], "the ephemeral message");
    expect(told?.channel).toBe(CHANNEL);
    refOf(messageText(told), "event file_shared by U0ADMIN001 in C0GENERAL1");
  });

  it("a file shared where Slack refuses the app's messages: told why, in words", async () => {
    app.slack.refuseChannel(CHANNEL, "not_in_channel");
    const before = app.slack.ephemerals(ADMIN).length;
    await upload(app, { name: "acme.csv", content: csvText(["Customer Name"], [["Acme"]]) });
    const told = await eventually(() => app.slack.ephemerals(ADMIN)[before] ?? app.slack.messages(app.slack.dmChannel(ADMIN)).at(-1), "the answer");
    expect(messageText(told ?? undefined)).toBe("I am not a member of that channel. Invite me there (`/invite @customerbook`) and try again.");
  });
});

describe("a picker that fails", () => {
  it("offers no options instead of leaving Slack waiting, and logs the ref", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: ADMIN, channelId: CHANNEL }));
    const modal = app.driver.currentView(ADMIN)!;
    await breakTable("Customer");
    const options = await app.driver.suggest({ viewId: modal.id }, "ticket_form_customer", "ticket_form_customer", "acme", { userId: ADMIN });
    expect(options).toEqual([]);
    expect(app.logs.some((l) => /^error Unexpected failure \(ref [0-9a-f]{8}\) in options for ticket_form_customer asked by U0ADMIN001/.test(l))).toBe(true);
  });
});
