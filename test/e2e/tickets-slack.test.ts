import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { answerTo, blocksOf, visibleText } from "../support/customer-ui.js";
import type { StoredMessage } from "../support/fake-slack/index.js";
import type { JsonObject } from "../support/fake-slack/json.js";
import { slaCreateData } from "../../src/repositories/slas.js";

const TICKETS = "C0TICKETS1";
/** Monday 2 March 2026, 10:00 UTC: inside the default SLA's hours (Mon–Fri 09:00–17:00 UTC). */
const MONDAY_10 = new Date("2026-03-02T10:00:00Z");
const JANE_USER = "U0JANE0001";

let app: TestApp;
let now: Date;
let acme: SeededCustomer;

beforeEach(async () => {
  now = MONDAY_10;
  app = await startTestApp({ env: { TICKETS_CHANNEL_ID: TICKETS }, clock: () => now });
  app.slack.addUser({ id: TECH.replace("TECH", "TEC2"), name: "tina" });
  app.slack.addUser({ id: JANE_USER, name: "jane", email: "Jane@Acme.com" });
  acme = await seedCustomer(app.db, {
    name: "Acme Dental",
    domains: ["acme.com"],
    contacts: [
      { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
      { firstName: "John", lastName: "Doe", email: "john@acme.com" },
    ],
  });
});
afterEach(async () => app.close());

/** until(), typed for checks that answer undefined or null until they hold. */
async function until<T>(check: () => T | null | undefined | Promise<T | null | undefined>, what: string): Promise<T> {
  return (await eventually(check, what)) as T;
}

const iso = (d: Date | null | undefined) => d?.toISOString();
const ticketRow = (number: number) => app.db.ticket.findUniqueOrThrow({ where: { number } });

/** The ticket message in the tickets channel, once it is there. */
async function ticketMessage(number: number): Promise<StoredMessage> {
  return until(
    () => app.slack.messages(TICKETS).find((m) => !m.threadTs && (m.text ?? "").startsWith(`Ticket #${number}:`)),
    `ticket #${number}'s message\n${app.slack.describeCalls()}`,
  );
}

function elementIds(m: { blocks?: unknown }): string[] {
  return blocksOf(m)
    .filter((b) => b.type === "actions")
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ""));
}

/** Opens /ticket new and fills it in; returns the submit result. */
async function openTicket(userId: string, values: Record<string, unknown>, customer?: SeededCustomer) {
  await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId, channelId: CHANNEL }));
  const view = app.driver.currentView(userId)!;
  const filled: Record<string, unknown> = { ...values };
  if (customer) {
    const options = await app.driver.suggest({ viewId: view.id }, "ticket_form_customer", "ticket_form_customer", customer.name.slice(0, 4), { userId });
    filled.ticket_form_customer = options.find((o) => o.value === customer.id)!;
  }
  return app.driver.submitView(view.id, { userId, values: filled as never });
}

/** Opens a ticket for Acme from Slack and returns its number and message. */
async function acmeTicket(subject = "Printer on floor 2 is offline") {
  const r = await openTicket(TECH, { ticket_form_subject: subject, ticket_form_description: "It shows error 50.4" }, acme);
  expect(r.outcome).toBe("closed");
  const row = await until(() => app.db.ticket.findFirst({ where: { subject }, orderBy: { number: "desc" } }), "the ticket row");
  const message = await ticketMessage(row.number);
  await until(async () => (await ticketRow(row.number)).messageTs === message.ts, "the message ts stored on the ticket");
  return { number: row.number, id: row.id, message };
}

type UpdateCall = ReturnType<TestApp["slack"]["callsTo"]>[number];

/**
 * The first chat.update after the first `after` ones that shows what `shows` expects. Not simply the
 * latest: the catch-up after a ticket's post (a click may land between the post and it) can come
 * a moment after the update a test waits for, and re-render the same ticket.
 */
async function updateShowing(after: number, shows: (args: UpdateCall["args"]) => boolean, what: string): Promise<UpdateCall> {
  return until(() => app.slack.callsTo("chat.update").slice(after).find((c) => shows(c.args)), `${what}\n${app.slack.describeCalls()}`);
}

/** Clicks a button on the ticket's message; answers the update that shows the buttons the click leads to. */
async function clickTicket(message: StoredMessage, actionId: string, buttons: string[], userId = TECH) {
  const updates = app.slack.callsTo("chat.update").length;
  await app.driver.clickMessageButton(TICKETS, message.ts, actionId, { userId });
  return updateShowing(updates, (args) => JSON.stringify(elementIds(args)) === JSON.stringify(buttons), `a chat.update after ${actionId} showing ${buttons.join(", ")}`);
}

describe("/ticket new", () => {
  it("opens a ticket for the chosen customer and contact, posts it with its facts and buttons, and confirms with a link", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
    const view = app.driver.currentView(TECH)!;
    expect(view.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual([
      "ticket_form_customer",
      "ticket_form_contact",
      "ticket_form_subject",
      "ticket_form_description",
      "ticket_form_priority",
    ]);
    const customers = await app.driver.suggest({ viewId: view.id }, "ticket_form_customer", "ticket_form_customer", "acm", { userId: TECH });
    expect(customers.map((o) => o.value)).toEqual([acme.id]);
    expect(await app.driver.suggest({ viewId: view.id }, "ticket_form_contact", "ticket_form_contact", "", { userId: TECH })).toEqual([]);
    app.slack.setValue(view.id, "ticket_form_customer", "ticket_form_customer", customers[0]!);
    const contacts = await app.driver.suggest({ viewId: view.id }, "ticket_form_contact", "ticket_form_contact", "joh", { userId: TECH });
    expect(contacts).toEqual([{ text: { type: "plain_text", text: "John Doe <john@acme.com>", emoji: true }, value: acme.contactIds[1] }]);

    const r = await app.driver.submitView(view.id, {
      userId: TECH,
      values: { ticket_form_contact: contacts[0]!, ticket_form_subject: "  Printer offline  ", ticket_form_description: "Error <50.4> & beeps", ticket_form_priority: "high" },
    });
    expect(r.outcome).toBe("closed");

    const row = await until(() => app.db.ticket.findFirst({ where: { subject: "Printer offline" } }), "the ticket");
    expect(row).toMatchObject({
      customerId: acme.id,
      contactId: acme.contactIds[1],
      priority: "high",
      status: "open",
      source: "slack",
      openedBy: TECH,
      description: "Error <50.4> & beeps",
      createdAt: MONDAY_10,
      responseDueAt: new Date("2026-03-02T12:00:00Z"), // high: 2 business hours
    });
    const message = await ticketMessage(row.number);
    await until(async () => (await ticketRow(row.number)).channelId === TICKETS, "the message stored on the ticket");
    const text = visibleText(message);
    expect(text).toContain(`#${row.number} Printer offline`);
    expect(text).toContain("*Customer*\nAcme Dental");
    expect(text).toContain("John Doe <mailto:john@acme.com|john@acme.com>");
    expect(text).toContain("*Priority*\nHigh");
    expect(text).toContain("*Status*\nOpen");
    expect(text).toContain(`*Source*\nSlack · <@${TECH}>`);
    expect(text).toContain("Error &lt;50.4&gt; &amp; beeps");
    expect(text).toContain(`*First response:* due <!date^${Date.parse("2026-03-02T12:00:00Z") / 1000}^`);
    expect(text).toContain(":large_green_circle: on track — 2h left");
    // Reply to customer: the ticket has a contact with an address (email is off in this file: its click says so)
    expect(elementIds(message)).toEqual(["ticket_email_reply", "ticket_respond", "ticket_priority", "ticket_pending", "ticket_resolve"]);

    const confirmation = await until(() => app.slack.ephemerals(TECH).find((e) => (e.text ?? "").includes(`Ticket *#${row.number}* is open`)), "the confirmation");
    expect(confirmation.channel).toBe(CHANNEL);
    expect(confirmation.text).toContain(`https://fake-workspace.slack.com/archives/${TICKETS}/p${message.ts.replace(".", "")}`);
  });

  it("shows what is wrong under each field and opens nothing", async () => {
    let r = await openTicket(TECH, { ticket_form_subject: "   ", ticket_form_contact: acme.contactIds[0]! });
    // Slack itself refuses an empty required field before sending; spaces only reach the app.
    expect(r.outcome).toBe("errors");
    expect(r.errors).toEqual({ ticket_form_subject: expect.stringMatching(/Write a subject/) });

    const view = app.driver.currentView(TECH)!;
    r = await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_subject: "Mail down" } });
    expect(r.errors).toEqual({ ticket_form_contact: expect.stringMatching(/Choose the customer first/) });

    const other = await seedCustomer(app.db, { name: "Beta Ltd", domains: ["beta.io"] });
    r = await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_customer: { text: { type: "plain_text", text: "Beta Ltd" }, value: other.id } } });
    expect(r.errors).toEqual({ ticket_form_contact: "That contact is not one of Beta Ltd's contacts. Choose again after choosing the customer." });

    await app.db.customer.update({ where: { id: other.id }, data: { archivedAt: new Date() } });
    r = await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_contact: null } });
    expect(r.errors).toEqual({ ticket_form_customer: expect.stringMatching(/Beta Ltd is archived/) });
    expect(await app.db.ticket.count()).toBe(0);
  });

  it("opens a ticket without a customer for triage, with the customer picker on its message", async () => {
    const r = await openTicket(TECH, { ticket_form_subject: "Someone called about VPN" });
    expect(r.outcome).toBe("closed");
    const message = await ticketMessage(1);
    expect(visibleText(message)).toContain("*Customer*\n:warning: Unassigned — choose the customer");
    expect(elementIds(message)).toContain("ticket_customer");
    expect(await ticketRow(1)).toMatchObject({ customerId: null, priority: "medium" });
  });
});

describe("the ticket message's buttons", () => {
  it("records the first response, pends, resumes, resolves, closes and reopens, updating the row and the message each time", async () => {
    const { number, message } = await acmeTicket();

    now = new Date("2026-03-02T11:30:00Z");
    let update = await clickTicket(message, "ticket_respond", ["ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(await ticketRow(number)).toMatchObject({ firstResponseAt: now, firstResponseBy: TECH, firstResponseMinutes: 90 });
    expect(update.args).toMatchObject({ channel: TICKETS, ts: message.ts });
    expect(elementIds(update.args)).toEqual(["ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(visibleText(update.args)).toContain(":white_check_mark: met");
    await until(() => app.slack.messages(TICKETS).some((m) => m.threadTs === message.ts && (m.text ?? "").includes(`First response recorded by <@${TECH}>`)), "the thread note");

    update = await clickTicket(message, "ticket_pending", ["ticket_priority", "ticket_resume", "ticket_resolve"]);
    expect((await ticketRow(number)).status).toBe("pending");
    expect(elementIds(update.args)).toEqual(["ticket_priority", "ticket_resume", "ticket_resolve"]);
    expect(visibleText(update.args)).toContain("Clocks paused while pending");

    now = new Date("2026-03-02T13:30:00Z");
    update = await clickTicket(message, "ticket_resume", ["ticket_priority", "ticket_pending", "ticket_resolve"]);
    const resumed = await ticketRow(number);
    expect(resumed.status).toBe("open");
    // two business hours pending move the resolution due time by two hours
    expect(iso(resumed.resolutionDueAt)).toBe("2026-03-05T12:00:00.000Z");

    update = await clickTicket(message, "ticket_resolve", ["ticket_reopen", "ticket_close"]);
    expect(await ticketRow(number)).toMatchObject({ status: "resolved", resolvedAt: now });
    expect(elementIds(update.args)).toEqual(["ticket_reopen", "ticket_close"]);
    expect(visibleText(update.args)).toContain("*Status*\nResolved");

    update = await clickTicket(message, "ticket_close", ["ticket_reopen"]);
    expect((await ticketRow(number)).status).toBe("closed");
    expect(elementIds(update.args)).toEqual(["ticket_reopen"]);

    update = await clickTicket(message, "ticket_reopen", ["ticket_priority", "ticket_pending", "ticket_resolve"], ADMIN);
    expect(await ticketRow(number)).toMatchObject({ status: "open", closedAt: null, resolvedAt: null });
    expect(elementIds(update.args)).toEqual(["ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(app.slack.callsTo("chat.update").every((c) => c.ok)).toBe(true);
  });

  it("changes the priority from the select and recomputes the due times", async () => {
    const { number, id, message } = await acmeTicket();
    expect(iso((await ticketRow(number)).responseDueAt)).toBe("2026-03-02T14:00:00.000Z"); // medium: 4h
    const updates = app.slack.callsTo("chat.update").length;
    await app.driver.selectMessageOption(TICKETS, message.ts, `ticket_actions_${id}`, "ticket_priority", `${id}:critical`, { userId: TECH });
    const shown = (await updateShowing(updates, (args) => visibleText(args).includes("*Priority*\nCritical"), "the update showing Critical")).args;
    const row = await ticketRow(number);
    expect(row.priority).toBe("critical");
    expect(iso(row.responseDueAt)).toBe("2026-03-02T10:30:00.000Z"); // critical: 30m
    expect(iso(row.resolutionDueAt)).toBe("2026-03-02T14:00:00.000Z"); // critical: 4h
    expect(visibleText(shown)).toContain("*Priority*\nCritical");
    const select = blocksOf(shown).flatMap((b) => b.elements ?? []).find((e) => e.action_id === "ticket_priority") as JsonObject | undefined;
    expect((select?.initial_option as JsonObject | undefined)?.value).toBe(`${id}:critical`);
    await until(() => app.slack.messages(TICKETS).some((m) => m.threadTs === message.ts && (m.text ?? "").includes("from Medium to Critical")), "the note");
  });

  it("answers a stale click privately, changes nothing and refreshes the message", async () => {
    const { number, message } = await acmeTicket();
    const shownBefore = message.blocks ?? [];
    await clickTicket(message, "ticket_resolve", ["ticket_reopen", "ticket_close"]);
    // Someone whose Slack still showed the Pending button clicks it after the ticket was resolved.
    const updates = app.slack.callsTo("chat.update").length;
    const stale = await answerTo(app, () => app.driver.clickMessageButton(TICKETS, message.ts, "ticket_pending", { userId: ADMIN, shown: shownBefore }));
    expect(stale.outcome).toBe("ephemeral");
    expect(stale.text).toContain(`does not apply to ticket #${number} while it is resolved; nothing changed`);
    expect((await ticketRow(number)).status).toBe("resolved");
    await until(() => app.slack.callsTo("chat.update").length > updates, "the refreshed message");
    expect(elementIds(app.slack.message(TICKETS, message.ts)!)).toEqual(["ticket_reopen", "ticket_close"]);
  });
});

describe("triage", () => {
  it("choosing the customer on the message gives the ticket that customer's SLA and recomputes its due times", async () => {
    const gold = await app.db.sla.create({
      data: slaCreateData({
        name: "Gold 24/7",
        responseMinutes: { low: 120, medium: 60, high: 30, critical: 15 },
        resolutionMinutes: { low: 1440, medium: 480, high: 240, critical: 120 },
        timeZone: "UTC",
        workingHours: [],
      }),
    });
    const vip = await seedCustomer(app.db, { name: "Vip Clinic", domains: ["vip.example"] });
    await app.db.customer.update({ where: { id: vip.id }, data: { slaId: gold.id } });

    await openTicket(TECH, { ticket_form_subject: "Unknown caller" });
    const message = await ticketMessage(1);
    const ticket = await ticketRow(1);
    expect(iso(ticket.responseDueAt)).toBe("2026-03-02T14:00:00.000Z"); // default SLA, medium
    await until(async () => (await ticketRow(1)).messageTs === message.ts, "the message ts");

    const options = await app.driver.suggest({ channel: TICKETS, ts: message.ts }, `ticket_triage_${ticket.id}`, "ticket_customer", "vip", { userId: TECH });
    expect(options.map((o) => o.value)).toEqual([vip.id]);
    const updates = app.slack.callsTo("chat.update").length;
    await app.driver.selectMessageOption(TICKETS, message.ts, `ticket_triage_${ticket.id}`, "ticket_customer", options[0]!, { userId: TECH });
    const shown = (await updateShowing(updates, (args) => visibleText(args).includes("*Customer*\nVip Clinic"), "the update showing Vip Clinic")).args;

    const row = await ticketRow(1);
    expect(row).toMatchObject({ customerId: vip.id, slaId: gold.id });
    expect(iso(row.responseDueAt)).toBe("2026-03-02T11:00:00.000Z"); // Gold, 24/7: 1h
    expect(iso(row.resolutionDueAt)).toBe("2026-03-02T18:00:00.000Z"); // 8h
    expect(visibleText(shown)).toContain("*Customer*\nVip Clinic");
    expect(visibleText(shown)).toContain("SLA Gold 24/7");
    expect(elementIds(shown)).not.toContain("ticket_customer");
    await until(() => app.slack.messages(TICKETS).some((m) => m.threadTs === message.ts && (m.text ?? "").includes("assigned the ticket to *Vip Clinic*")), "the note");
  });
});

describe("replies in a ticket's thread", () => {
  it("a technician's reply records the first response and is kept as a comment", async () => {
    const { number, id, message } = await acmeTicket();
    now = new Date("2026-03-02T10:45:00Z");
    const updates = app.slack.callsTo("chat.update").length;
    await app.driver.userMessage(TICKETS, TECH, "Looking at it now", { threadTs: message.ts });
    await updateShowing(updates, (args) => !elementIds(args).includes("ticket_respond"), "the message update without Respond");
    expect(await ticketRow(number)).toMatchObject({ firstResponseAt: now, firstResponseBy: TECH, firstResponseMinutes: 45 });
    const events = await app.db.ticketEvent.findMany({ where: { ticketId: id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.kind, e.body])).toEqual([
      ["opened", null],
      ["comment", "Looking at it now"],
      ["responded", null],
    ]);
    expect(elementIds(app.slack.message(TICKETS, message.ts)!)).not.toContain("ticket_respond");
  });

  it("a retried event adds the comment and the first response once", async () => {
    const { number, id, message } = await acmeTicket();
    const first = await app.driver.userMessage(TICKETS, TECH, "On my way", { threadTs: message.ts });
    await until(async () => (await ticketRow(number)).firstResponseAt !== null, "the first response");
    await app.driver.event(first.envelope.event as JsonObject, { retryNum: 1, eventId: first.eventId });
    await app.driver.event(first.envelope.event as JsonObject, { retryNum: 2, retryReason: "http_error", eventId: first.eventId });
    await new Promise((r) => setTimeout(r, 200));
    expect(await app.db.ticketEvent.count({ where: { ticketId: id, kind: "comment" } })).toBe(1);
    expect(await app.db.ticketEvent.count({ where: { ticketId: id, kind: "responded" } })).toBe(1);
  });

  it("a reply by one of the customer's contacts is a customer comment, not the first response, and reopens a resolved ticket", async () => {
    const { number, id, message } = await acmeTicket();
    await app.driver.userMessage(TICKETS, JANE_USER, "Any news?", { threadTs: message.ts });
    await until(() => app.db.ticketEvent.count({ where: { ticketId: id, kind: "comment" } }), "the comment");
    expect((await ticketRow(number)).firstResponseAt).toBeNull();
    expect(await app.db.ticketEvent.findFirst({ where: { ticketId: id, kind: "comment" } })).toMatchObject({ actorId: JANE_USER, actorEmail: "Jane@Acme.com" });

    await clickTicket(message, "ticket_resolve", ["ticket_reopen", "ticket_close"]);
    now = new Date("2026-03-02T15:00:00Z");
    const updates = app.slack.callsTo("chat.update").length;
    await app.driver.userMessage(TICKETS, JANE_USER, "It broke again", { threadTs: message.ts });
    await updateShowing(updates, (args) => visibleText(args).includes("*Status*\nOpen"), "the update showing the ticket open");
    expect(await ticketRow(number)).toMatchObject({ status: "open", resolvedAt: null });
    expect(visibleText(app.slack.message(TICKETS, message.ts)!)).toContain("*Status*\nOpen");
    await until(() => app.slack.messages(TICKETS).some((m) => m.threadTs === message.ts && (m.text ?? "").includes("a contact of the customer, replied")), "the note");
  });

  it("a reply by someone Slack cannot tell us about (users.info fails) is kept as a comment but neither answers nor reopens", async () => {
    const { number, id, message } = await acmeTicket();
    await app.driver.userMessage(TICKETS, "U0NOBODY01", "Hello?", { threadTs: message.ts });
    await until(() => app.db.ticketEvent.count({ where: { ticketId: id, kind: "comment" } }), "the comment");
    expect((await ticketRow(number)).firstResponseAt).toBeNull();
    expect(await app.db.ticketEvent.count({ where: { ticketId: id, kind: "responded" } })).toBe(0);
    expect(app.logs.some((l) => l.startsWith("warn") && l.includes("users.info for U0NOBODY01 failed"))).toBe(true);
  });

  it("ignores messages that are not replies in a ticket's thread, and bots", async () => {
    const { number, id, message } = await acmeTicket();
    await app.driver.userMessage(TICKETS, TECH, "Top-level chatter");
    await app.driver.userMessage(CHANNEL, TECH, "A thread elsewhere", { threadTs: message.ts });
    await app.driver.event({ type: "message", subtype: "bot_message", bot_id: "B0OTHER", channel: TICKETS, text: "beep", ts: "1772445600.000900", thread_ts: message.ts });
    await app.driver.event({ type: "message", subtype: "message_changed", channel: TICKETS, ts: "1772445600.000901", thread_ts: message.ts, user: TECH });
    await new Promise((r) => setTimeout(r, 200));
    expect(await app.db.ticketEvent.count({ where: { ticketId: id, kind: "comment" } })).toBe(0);
    expect((await ticketRow(number)).firstResponseAt).toBeNull();
  });
});

describe("the tickets channel", () => {
  it("a Slack error when posting is logged with advice, and the ticket is still opened and confirmed", async () => {
    app.slack.refuseChannel(TICKETS, "not_in_channel");
    const r = await openTicket(TECH, { ticket_form_subject: "Channel trouble" });
    expect(r.outcome).toBe("closed");
    await until(() => app.slack.ephemerals(TECH).find((e) => (e.text ?? "").includes("Ticket *#1* is open")), "the confirmation");
    expect(await ticketRow(1)).toMatchObject({ subject: "Channel trouble", status: "open", messageTs: null });
    expect(app.logs.join("\n")).toContain(`Ticket #1 could not be posted to the tickets channel ${TICKETS} (not_in_channel). Invite the app to the channel`);

    // Buttons on a ticket whose message update fails still change the ticket.
    app.slack.refuseChannel(TICKETS, undefined);
    const { number, message } = await acmeTicket();
    app.slack.refuseChannel(TICKETS, "channel_not_found");
    await app.driver.clickMessageButton(TICKETS, message.ts, "ticket_resolve", { userId: TECH });
    await until(async () => (await ticketRow(number)).status === "resolved", "the resolved ticket");
    await until(() => app.logs.join("\n").includes(`Ticket #${number}: its message in ${TICKETS} could not be updated (channel_not_found). Check TICKETS_CHANNEL_ID`), "the log line");
  });

  it("without TICKETS_CHANNEL_ID tickets open and are confirmed, and nothing is posted", async () => {
    await app.close();
    app = await startTestApp({ env: { TICKETS_CHANNEL_ID: "" }, clock: () => now });
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const r = await openTicket(TECH, { ticket_form_subject: "No channel" });
    expect(r.outcome).toBe("closed");
    const confirmation = await until(() => app.slack.ephemerals(TECH).find((e) => (e.text ?? "").includes("Ticket *#1* is open")), "the confirmation");
    expect(confirmation.text).toContain("tickets channel is not set");
    expect(app.slack.callsTo("chat.postMessage")).toHaveLength(0);
  });
});
