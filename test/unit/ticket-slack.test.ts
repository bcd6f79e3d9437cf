import { describe, expect, it } from "vitest";
import type { TicketRecord } from "../../src/repositories/tickets.js";
import type { TicketTimerViews } from "../../src/services/tickets/service.js";
import { parseNewTicket, TicketField } from "../../src/services/tickets/forms.js";
import { formatMinutes } from "../../src/i18n/helpers.js";
import { Coalescer } from "../../src/slack/ticket-messages.js";
import { parseListArgs } from "../../src/slack/listeners/tickets.js";
import { newTicketModal, parsePriorityValue, refusalsMessage, ticketCard, ticketListMessage, ticketMessage } from "../../src/slack/views/tickets.js";
import { validateMessageBlocks, validateView } from "../support/fake-slack/index.js";
import { en } from "../../src/i18n/en.js";
import { it as italian } from "../../src/i18n/it.js";
import type { Catalog } from "../../src/i18n/catalog.js";

/** Each view is checked against Slack's limits in both languages: Italian is longer. */
const BOTH: [string, Catalog][] = [
  ["en", en],
  ["it", italian],
];

const at = new Date("2026-03-02T10:00:00Z");
function ticket(over: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id: "3f1c2a9e-0000-4000-8000-000000000001",
    number: 42,
    customer: { id: "c1", name: "Acme <Dental> & Co" },
    contact: null,
    subject: "Printer offline",
    description: "It beeps.",
    priority: "medium",
    status: "open",
    source: "email",
    openedBy: null,
    requesterEmail: "ann@acme.com",
    requesterName: "Ann",
    slaId: "s1",
    responseTargetMinutes: 240,
    resolutionTargetMinutes: 1440,
    responseDueAt: new Date("2026-03-02T14:00:00Z"),
    responseAtRiskAt: new Date("2026-03-02T13:12:00Z"),
    resolutionDueAt: new Date("2026-03-05T10:00:00Z"),
    resolutionAtRiskAt: new Date("2026-03-04T13:12:00Z"),
    pausedAt: null,
    firstResponseAt: null,
    firstResponseBy: null,
    firstResponseMinutes: null,
    resolvedAt: null,
    resolutionMinutes: null,
    closedAt: null,
    channelId: "C1",
    messageTs: "1.2",
    createdAt: at,
    updatedAt: at,
    unverifiedSender: false,
    emailFailure: null,
    ...over,
  };
}
const timers: TicketTimerViews = {
  response: { state: "at_risk", dueAt: new Date("2026-03-02T14:00:00Z"), minutesLeft: 35 },
  resolution: { state: "breached", dueAt: new Date("2026-03-05T10:00:00Z"), minutesLeft: -130 },
  slaName: "Standard",
};
const actionIds = (blocks: { type: string }[]) =>
  blocks.flatMap((b) => (b.type === "actions" ? ((b as unknown as { elements: { action_id?: string }[] }).elements ?? []).map((e) => e.action_id) : []));

describe("the ticket message", () => {
  it("shows the facts, escaped, and both timers with their state and margin", () => {
    const m = ticketMessage(en.tickets, ticket(), timers);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain("Acme &lt;Dental&gt; &amp; Co");
    expect(text).toContain("Ann <mailto:ann@acme.com|ann@acme.com>");
    expect(text).toContain(":large_orange_circle: at risk — 35m left");
    expect(text).toContain(":red_circle: breached — overdue by 2h 10m");
    expect(m.text).toBe("Ticket #42: Printer offline (Open)");
  });

  it("offers only the actions the state allows, Reply to customer while open with an address, and the customer picker only in triage", () => {
    expect(actionIds(ticketMessage(en.tickets, ticket(), timers).blocks)).toEqual(["ticket_email_reply", "ticket_respond", "ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(actionIds(ticketMessage(en.tickets, ticket({ status: "pending", firstResponseAt: at }), timers).blocks)).toEqual(["ticket_email_reply", "ticket_priority", "ticket_resume", "ticket_resolve"]);
    expect(actionIds(ticketMessage(en.tickets, ticket({ status: "resolved", firstResponseAt: at, resolvedAt: at }), timers).blocks)).toEqual(["ticket_email_reply", "ticket_reopen", "ticket_close"]);
    expect(actionIds(ticketMessage(en.tickets, ticket({ status: "closed", firstResponseAt: at, resolvedAt: at }), timers).blocks)).toEqual(["ticket_reopen"]);
    // no address to write to: no Reply to customer
    expect(actionIds(ticketMessage(en.tickets, ticket({ requesterEmail: null }), timers).blocks)).toEqual(["ticket_respond", "ticket_priority", "ticket_pending", "ticket_resolve"]);
    expect(actionIds(ticketMessage(en.tickets, ticket({ customer: null, requesterEmail: null }), timers).blocks)).toEqual([
      "ticket_customer",
      "ticket_respond",
      "ticket_priority",
      "ticket_pending",
      "ticket_resolve",
    ]);
  });

  it.each(BOTH)("stays within Slack's limits with the longest subject and a huge description full of characters that need escaping (%s)", (_language, en) => {
    const huge = ticket({ subject: "S".repeat(250), description: "<&>".repeat(6000), customer: null, requesterName: "N".repeat(500) });
    const m = ticketMessage(en.tickets, huge, timers);
    expect(validateMessageBlocks(m.blocks)).toEqual([]);
    expect(JSON.stringify(m.blocks)).toMatch(_language === "en" ? /description cut: [\d,]+ of 18,000 characters shown/ : /descrizione tagliata: mostrati [\d.]+ di 18\.000 caratteri/);
    expect(validateMessageBlocks(ticketCard(en.tickets, huge, timers, [], undefined).blocks)).toEqual([]);
  });

  it("keeps the newest history lines that fit on the card", () => {
    const events = Array.from({ length: 40 }, (_, i) => ({ id: `e${i}`, kind: "comment", actorId: "U1", actorEmail: null, body: `c${i} ${"x".repeat(200)}`, at }));
    const card = ticketCard(en.tickets, ticket(), timers, events, "https://x.slack.com/archives/C1/p12");
    expect(validateMessageBlocks(card.blocks)).toEqual([]);
    const text = JSON.stringify(card.blocks);
    expect(text).toContain("c39 ");
    expect(text).not.toContain("c0 ");
  });

  it("the card carries the message's buttons and picker, and a notice under the title when given", () => {
    const triage = ticket({ customer: null });
    const card = ticketCard(en.tickets, triage, timers, [], undefined, ":information_source: Nothing changed.");
    expect(actionIds(card.blocks)).toEqual(actionIds(ticketMessage(en.tickets, triage, timers).blocks));
    expect(card.blocks.slice(0, 2).map((b) => b.type)).toEqual(["header", "context"]);
    expect(JSON.stringify(card.blocks[1])).toContain("Nothing changed.");
    expect(ticketCard(en.tickets, triage, timers, [], undefined).blocks[1]?.type).toBe("section");
    expect(validateMessageBlocks(card.blocks)).toEqual([]);
  });

  it("reads the priority select's value back", () => {
    expect(parsePriorityValue("abc-1:critical")).toEqual({ ticketId: "abc-1", priority: "critical" });
    expect(parsePriorityValue("abc-1:urgent")).toBeUndefined();
    expect(parsePriorityValue(":low")).toBeUndefined();
  });
});

describe("lists and the modal", () => {
  it.each(BOTH)("a full list page and twenty refusals fit in one message (%s)", (_language, en) => {
    const items = Array.from({ length: 15 }, (_, i) => ticket({ id: `t${i}`, number: i + 1, subject: "<b>".repeat(100) }));
    const page = ticketListMessage(en.tickets, { items, total: 40, offset: 15, limit: 15, what: "open and pending", prevValue: "{}", nextValue: "{}", states: new Map() });
    expect(validateMessageBlocks(page.blocks)).toEqual([]);
    const views = page.blocks.flatMap((b) => (b.type === "section" && b.accessory?.type === "button" ? [b.accessory] : []));
    expect(views.map((v) => [v.action_id, v.value])).toEqual(items.map((t) => ["ticket_list_view", t.id]));
    const refusals = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, at, fromEmail: "a@b.c", fromName: null, subject: "s".repeat(900), customerName: "Acme", reason: "r".repeat(900) }));
    expect(validateMessageBlocks(refusalsMessage(en.tickets, refusals).blocks)).toEqual([]);
  });

  it.each(BOTH)("the new-ticket modal is a valid view (%s)", (_language, en) => {
    expect(validateView(newTicketModal(en.tickets, "{}"))).toEqual([]);
  });
});

describe("parsing", () => {
  it("/ticket list takes a status first or last and the rest as the customer", () => {
    expect(parseListArgs(en.tickets, "")).toEqual({ ok: true, status: undefined, customer: "" });
    expect(parseListArgs(en.tickets, "Acme Dental CLOSED")).toEqual({ ok: true, status: "closed", customer: "Acme Dental" });
    expect(parseListArgs(en.tickets, "all acme")).toEqual({ ok: true, status: "all", customer: "acme" });
    expect(parseListArgs(en.tickets, "open closed")).toMatchObject({ ok: false });
  });

  it("the new-ticket form: trims, defaults the priority, and keys errors by field", () => {
    expect(parseNewTicket(en, { [TicketField.subject]: "  Mail down ", [TicketField.customer]: "c1" })).toEqual({
      ok: true,
      form: { customerId: "c1", contactId: null, subject: "Mail down", description: "", priority: "medium" },
    });
    const bad = parseNewTicket(en, { [TicketField.subject]: "x".repeat(251), [TicketField.priority]: "urgent" });
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.ok ? {} : bad.errors).sort()).toEqual([TicketField.priority, TicketField.subject]);
  });

  it("durations read as hours and minutes", () => {
    expect([formatMinutes(0), formatMinutes(45), formatMinutes(120), formatMinutes(-130), formatMinutes(1500)]).toEqual(["0m", "45m", "2h", "2h 10m", "25h"]);
  });
});

describe("pacing chat.update", () => {
  it("changes that arrive while an update waits share it; one arriving during an update gets one more", async () => {
    const runs: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const c = new Coalescer(async (key) => {
      runs.push(key);
      if (runs.length === 1) await gate;
    });
    const first = c.request("t1");
    await Promise.resolve();
    await Promise.resolve();
    // the first update is running; three more changes arrive: one follow-up update covers them
    const a = c.request("t1");
    const b = c.request("t1");
    const other = c.request("t2");
    expect(a).toBe(b);
    release();
    await Promise.all([first, a, b, other]);
    expect(runs).toEqual(["t1", "t2", "t1"]);
  });
});
