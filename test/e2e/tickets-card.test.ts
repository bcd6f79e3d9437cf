/**
 * The /ticket show card is worked like the ticket's message in the tickets channel: each click
 * changes the ticket, replaces the card in place (through the response_url) and updates the channel
 * message through the notifier. Also without a tickets channel, and from /ticket list's View.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { answerTo, blocksOf, visibleText, type Shown } from "../support/customer-ui.js";
import type { ActionResult } from "../support/slack-driver.js";
import type { StoredMessage } from "../support/fake-slack/index.js";

const TICKETS = "C0TICKETS1";
/** Monday 2 March 2026, 10:00 UTC: inside the default SLA's hours (Mon–Fri 09:00–17:00 UTC). */
const MONDAY_10 = new Date("2026-03-02T10:00:00Z");

let app: TestApp;
let now: Date;
let acme: SeededCustomer;
let channelSet: boolean;
type Ticket = { id: string; number: number };

async function start(channelId: string): Promise<void> {
  channelSet = channelId !== "";
  app = await startTestApp({ env: { TICKETS_CHANNEL_ID: channelId }, clock: () => now });
  acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
}

beforeEach(async () => {
  now = MONDAY_10;
  await start(TICKETS);
});
afterEach(async () => app.close());

async function until<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string): Promise<T> {
  return (await eventually(check, what)) as T;
}

const ticketRow = (number: number) => app.db.ticket.findUniqueOrThrow({ where: { number } });

function elementIds(m: { blocks?: unknown }): string[] {
  return blocksOf(m)
    .filter((b) => b.type === "actions")
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ""));
}

/** Opens a ticket through /ticket new, and waits for its channel message when there is a tickets channel. */
async function openTicket(customer: SeededCustomer | null, subject = "Printer offline"): Promise<{ ticket: Ticket; message: StoredMessage | undefined }> {
  await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
  const view = app.driver.currentView(TECH)!;
  const values = {
    ...(customer ? { ticket_form_customer: { text: { type: "plain_text", text: customer.name }, value: customer.id } } : {}),
    ticket_form_subject: subject,
  };
  const r = await app.driver.submitView(view.id, { userId: TECH, values });
  expect(r.outcome).toBe("closed");
  const ticket = await until(() => app.db.ticket.findFirst({ where: { subject } }), "the ticket row");
  await until(() => app.slack.ephemerals(TECH).some((e) => (e.text ?? "").includes(`Ticket *#${ticket.number}* is open`)), "the confirmation");
  if (!channelSet) return { ticket, message: undefined };
  const posted = await until(async () => (await ticketRow(ticket.number)).messageTs, `ticket #${ticket.number}'s message\n${app.slack.describeCalls()}`);
  return { ticket, message: app.slack.message(TICKETS, posted) };
}

function show(number: number, userId = TECH): Promise<Shown> {
  return answerTo(app, () => app.driver.command("/ticket", `show ${number}`, { userId, channelId: CHANNEL }));
}

/**
 * Acts on a card and returns it as the person now sees it; the card must be replaced in place,
 * and when the ticket has a channel message, that message must be updated too.
 */
async function onCard(card: Shown, act: (card: Shown) => Promise<ActionResult>, opts: { channelUpdate?: boolean } = {}) {
  const updates = app.slack.callsTo("chat.update").length;
  const shown = await answerTo(app, () => act(card));
  expect(shown.outcome).toBe("replaced");
  expect(shown.message.messageTs).toBe(card.message.messageTs);
  if (opts.channelUpdate !== false) {
    await until(() => app.slack.callsTo("chat.update").length > updates, `a chat.update after a card action\n${app.slack.describeCalls()}`);
  }
  return { card: shown, update: app.slack.callsTo("chat.update").at(-1) };
}

const click = (actionId: string, userId = TECH) => (card: Shown) =>
  app.driver.clickMessageButton(card.message.channel, card.message.messageTs, actionId, { userId });

describe("the /ticket show card", () => {
  it("offers the channel message's buttons, and each one changes the ticket, replaces the card and updates the channel message", async () => {
    const { ticket, message } = await openTicket(acme);
    expect(message).toBeDefined();
    let card = await show(ticket.number);
    expect(card.outcome).toBe("ephemeral");
    expect(elementIds(card.message)).toEqual(["ticket_respond", "ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(card.text).toContain("Open the ticket's message in the tickets channel");

    now = new Date("2026-03-02T11:00:00Z");
    let r = await onCard(card, click("ticket_respond"));
    card = r.card;
    expect(await ticketRow(ticket.number)).toMatchObject({ firstResponseAt: now, firstResponseBy: TECH, firstResponseMinutes: 60 });
    expect(elementIds(card.message)).toEqual(["ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(card.text).toContain(`first response by <@${TECH}>`);
    expect(r.update?.args).toMatchObject({ channel: TICKETS, ts: message!.ts });
    expect(elementIds(r.update!.args)).toEqual(["ticket_priority", "ticket_pending", "ticket_resolve"]);
    await until(() => app.slack.messages(TICKETS).some((m) => m.threadTs === message!.ts && (m.text ?? "").includes(`First response recorded by <@${TECH}>`)), "the thread note");

    r = await onCard(card, (c) =>
      app.driver.selectMessageOption(c.message.channel, c.message.messageTs, `ticket_actions_${ticket.id}`, "ticket_priority", `${ticket.id}:critical`, { userId: TECH }),
    );
    card = r.card;
    expect((await ticketRow(ticket.number)).priority).toBe("critical");
    expect(card.text).toContain("*Priority*\nCritical");
    expect(visibleText(r.update!.args)).toContain("*Priority*\nCritical");

    r = await onCard(card, click("ticket_pending"));
    card = r.card;
    expect((await ticketRow(ticket.number)).status).toBe("pending");
    expect(elementIds(card.message)).toEqual(["ticket_priority", "ticket_resume", "ticket_resolve"]);
    expect(card.text).toContain("Clocks paused while pending");
    expect(visibleText(r.update!.args)).toContain("*Status*\nPending");

    r = await onCard(card, click("ticket_resume"));
    card = r.card;
    expect((await ticketRow(ticket.number)).status).toBe("open");
    expect(visibleText(r.update!.args)).toContain("*Status*\nOpen");

    r = await onCard(card, click("ticket_resolve"));
    card = r.card;
    expect(await ticketRow(ticket.number)).toMatchObject({ status: "resolved", resolvedAt: now });
    expect(elementIds(card.message)).toEqual(["ticket_reopen", "ticket_close"]);
    expect(visibleText(r.update!.args)).toContain("*Status*\nResolved");

    r = await onCard(card, click("ticket_close"));
    card = r.card;
    expect((await ticketRow(ticket.number)).status).toBe("closed");
    expect(elementIds(card.message)).toEqual(["ticket_reopen"]);
    expect(elementIds(r.update!.args)).toEqual(["ticket_reopen"]);

    r = await onCard(card, click("ticket_reopen"));
    expect(await ticketRow(ticket.number)).toMatchObject({ status: "open", closedAt: null, resolvedAt: null });
    expect(elementIds(r.card.message)).toEqual(["ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(elementIds(r.update!.args)).toEqual(["ticket_priority", "ticket_pending", "ticket_resolve"]);
    // still one card: every click replaced it
    expect(app.slack.ephemerals(TECH).filter((e) => (e.text ?? "").startsWith(`Ticket #${ticket.number}:`))).toHaveLength(1);
    expect(app.slack.callsTo("chat.update").every((c) => c.ok)).toBe(true);
  });

  it("chooses the customer of a triage ticket from the card's picker", async () => {
    const { ticket, message } = await openTicket(null, "Unknown caller");
    let card = await show(ticket.number);
    expect(card.text).toContain("Unassigned — choose the customer");
    expect(elementIds(card.message)).toContain("ticket_customer");

    const options = await app.driver.suggest(
      { channel: card.message.channel, ts: card.message.messageTs },
      `ticket_triage_${ticket.id}`,
      "ticket_customer",
      "acm",
      { userId: TECH },
    );
    expect(options.map((o) => o.value)).toEqual([acme.id]);
    const r = await onCard(card, (c) =>
      app.driver.selectMessageOption(c.message.channel, c.message.messageTs, `ticket_triage_${ticket.id}`, "ticket_customer", options[0]!, { userId: TECH }),
    );
    card = r.card;
    expect((await ticketRow(ticket.number)).customerId).toBe(acme.id);
    expect(card.text).toContain("*Customer*\nAcme Dental");
    expect(elementIds(card.message)).not.toContain("ticket_customer");
    expect(r.update?.args).toMatchObject({ channel: TICKETS, ts: message!.ts });
    expect(elementIds(r.update!.args)).not.toContain("ticket_customer");
    await until(() => app.slack.messages(TICKETS).some((m) => m.threadTs === message!.ts && (m.text ?? "").includes("assigned the ticket to *Acme Dental*")), "the thread note");
  });

  it("works without TICKETS_CHANNEL_ID: the card is the only place the ticket is worked", async () => {
    await app.close();
    await start("");
    const { ticket, message } = await openTicket(acme);
    expect(message).toBeUndefined();
    let card = await show(ticket.number);
    expect(card.text).toContain("Not posted in a tickets channel");

    let r = await onCard(card, click("ticket_respond"), { channelUpdate: false });
    card = r.card;
    expect((await ticketRow(ticket.number)).firstResponseBy).toBe(TECH);
    r = await onCard(card, click("ticket_resolve"), { channelUpdate: false });
    expect((await ticketRow(ticket.number)).status).toBe("resolved");
    expect(r.card.text).toContain("*Status*\nResolved");
    expect(elementIds(r.card.message)).toEqual(["ticket_reopen", "ticket_close"]);
    expect(app.slack.callsTo("chat.update")).toHaveLength(0);
    expect(app.slack.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("a stale click on the card says why nothing changed and shows the ticket as it is now", async () => {
    const { ticket, message } = await openTicket(acme);
    const card = await show(ticket.number);
    // Someone else resolves the ticket from the channel message; the card still shows Pending.
    await app.driver.clickMessageButton(TICKETS, message!.ts, "ticket_resolve", { userId: ADMIN });
    await until(async () => (await ticketRow(ticket.number)).status === "resolved", "the resolved ticket");

    const { card: refreshed } = await onCard(card, click("ticket_pending"));
    expect(refreshed.text).toContain(`:information_source: That does not apply to ticket #${ticket.number} while it is resolved; nothing changed.`);
    expect(refreshed.text).toContain("*Status*\nResolved");
    expect(elementIds(refreshed.message)).toEqual(["ticket_reopen", "ticket_close"]);
    expect((await ticketRow(ticket.number)).status).toBe("resolved");
    expect(await app.db.ticketEvent.count({ where: { ticketId: ticket.id, kind: "status" } })).toBe(1);
  });

  it("a click on the card of a ticket that no longer exists says so and leaves no buttons", async () => {
    const { ticket } = await openTicket(acme);
    const card = await show(ticket.number);
    await app.db.ticket.delete({ where: { id: ticket.id } });
    const { card: gone } = await onCard(card, click("ticket_resolve"), { channelUpdate: false });
    expect(gone.text).toContain("This ticket no longer exists.");
    expect(elementIds(gone.message)).toEqual([]);
  });
});

describe("/ticket list's View", () => {
  it("opens the row's ticket card under the list, and the card can be worked", async () => {
    const { ticket: first } = await openTicket(acme, "First");
    const { ticket: second, message } = await openTicket(acme, "Second");
    const list = await answerTo(app, () => app.driver.command("/ticket", "list", { userId: TECH, channelId: CHANNEL }));
    const views = blocksOf(list.message).filter((b) => b.accessory?.action_id === "ticket_list_view");
    expect(views.map((b) => b.accessory?.value)).toEqual([second.id, first.id]);

    const card = await answerTo(app, () =>
      app.driver.clickMessageButton(list.message.channel, list.message.messageTs, "ticket_list_view", { userId: TECH, blockId: `ticket_row_${second.id}` }),
    );
    expect(card.outcome).toBe("ephemeral");
    expect(card.text).toContain(`#${second.number} Second`);
    expect(elementIds(card.message)).toEqual(["ticket_respond", "ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(app.slack.findEphemeral(list.message.messageTs)?.text).toBe(list.message.text); // the list stays

    const { update } = await onCard(card, click("ticket_resolve"));
    expect((await ticketRow(second.number)).status).toBe("resolved");
    expect(update?.args).toMatchObject({ channel: TICKETS, ts: message!.ts });
  });

  it("View on a ticket that no longer exists says so", async () => {
    const { ticket } = await openTicket(acme);
    const list = await answerTo(app, () => app.driver.command("/ticket", "list", { userId: TECH, channelId: CHANNEL }));
    await app.db.ticket.delete({ where: { id: ticket.id } });
    const answer = await answerTo(app, () => app.driver.clickMessageButton(list.message.channel, list.message.messageTs, "ticket_list_view", { userId: TECH }));
    expect(answer.text).toContain("This ticket no longer exists.");
  });
});
