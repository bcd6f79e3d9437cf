import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { answerTo, blocksOf, type Shown } from "../support/customer-ui.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { TicketService } from "../../src/services/tickets/service.js";
import type { TicketPriority } from "../../src/domain/ticket.js";

const TICKETS = "C0TICKETS1";
let app: TestApp;
let now: Date;
let service: TicketService;
let acme: SeededCustomer;
let beta: SeededCustomer;

beforeEach(async () => {
  now = new Date("2026-03-02T10:00:00Z");
  app = await startTestApp({ env: { TICKETS_CHANNEL_ID: TICKETS }, clock: () => now });
  service = new TicketService({ tickets: new TicketRepository(app.db), transaction: (work) => TicketRepository.transaction(app.db, work), clock: () => now });
  acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
  beta = await seedCustomer(app.db, { name: "Beta Ltd", domains: ["beta.io"] });
});
afterEach(async () => app.close());

function ticketCommand(userId: string, text: string): Promise<Shown> {
  return answerTo(app, () => app.driver.command("/ticket", text, { userId, channelId: CHANNEL }));
}

async function open(customer: SeededCustomer | null, subject: string, priority: TicketPriority = "medium") {
  return service.open({ customerId: customer?.id ?? null, contactId: null, subject, description: "", priority, source: "slack", openedBy: TECH });
}

/** "#3", "#2", ... as listed. */
const numbersShown = (s: Shown) => [...s.text.matchAll(/^\*#(\d+)\*/gm)].map((m) => Number(m[1]));

describe("/ticket list", () => {
  it("lists open and pending tickets newest first by default, in pages with Previous and Next", async () => {
    for (let i = 1; i <= 20; i++) await open(i % 2 ? acme : beta, `Issue ${i}`);
    const t3 = await app.db.ticket.findUniqueOrThrow({ where: { number: 3 } });
    const t4 = await app.db.ticket.findUniqueOrThrow({ where: { number: 4 } });
    await service.resolve(t3.id, TECH);
    await service.setPending(t4.id, TECH);

    const first = await ticketCommand(TECH, "list");
    expect(first.text).toContain("*Tickets — open and pending* (19)");
    expect(numbersShown(first)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(first.text).toContain("Showing 1–15 of 19.");
    expect(blocksOf(first.message).filter((b) => b.accessory?.action_id === "ticket_list_view")).toHaveLength(15);
    expect(blocksOf(first.message).length).toBeLessThanOrEqual(50);

    const second = await answerTo(app, () => app.driver.clickMessageButton(first.message.channel, first.message.messageTs, "ticket_list_next", { userId: TECH }));
    expect(second.outcome).toBe("replaced");
    expect(numbersShown(second)).toEqual([5, 4, 2, 1]);
    expect(second.text).toContain("#4* Issue 4\nBeta Ltd · Medium · Pending");
    expect(blocksOf(second.message).filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []).map((e) => e.action_id)).toEqual(["ticket_list_prev"]);

    const back = await answerTo(app, () => app.driver.clickMessageButton(second.message.channel, second.message.messageTs, "ticket_list_prev", { userId: TECH }));
    expect(numbersShown(back)[0]).toBe(20);
  });

  it("filters by customer name or its start and by status, in either order", async () => {
    await open(acme, "Acme one");
    await open(beta, "Beta one");
    const closedOne = await open(acme, "Acme closed");
    await service.resolve(closedOne.id, TECH);
    await service.close(closedOne.id, TECH);
    await open(null, "Who is this?");

    expect(numbersShown(await ticketCommand(TECH, "list acme"))).toEqual([1]);
    const closed = await ticketCommand(TECH, "list closed Acme Dental");
    expect(closed.text).toContain("*Tickets — closed, Acme Dental* (1)");
    expect(numbersShown(closed)).toEqual([3]);
    expect(numbersShown(await ticketCommand(TECH, "list acm all"))).toEqual([3, 1]);
    expect(numbersShown(await ticketCommand(TECH, "list all"))).toEqual([4, 3, 2, 1]);
    const triage = await ticketCommand(TECH, "list triage");
    expect(numbersShown(triage)).toEqual([4]);
    expect(triage.text).toContain("Unassigned — choose the customer");
    expect((await ticketCommand(TECH, "list beta resolved")).text).toContain("No tickets match");
  });

  it("says when the customer is unknown or ambiguous, with suggestions", async () => {
    await seedCustomer(app.db, { name: "Acme Labs", domains: ["acmelabs.com"] });
    expect((await ticketCommand(TECH, "list acmy")).text).toMatch(/No customer matches "acmy"\. Did you mean \*Acme (Dental|Labs)\*/);
    expect((await ticketCommand(TECH, "list acme open")).text).toContain('"acme" matches 2 customers: *Acme Dental*, *Acme Labs*. Type more of the name.');
    expect((await ticketCommand(TECH, "list open closed")).text).toContain("Give one status at most");
  });
});

describe("/ticket show", () => {
  it("shows the facts, the timers, the recent history and a link to the channel message", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
    const view = app.driver.currentView(TECH)!;
    await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_customer: { text: { type: "plain_text", text: "Acme" }, value: acme.id }, ticket_form_subject: "Mail down", ticket_form_priority: "high" } });
    const ticket = await app.db.ticket.findUniqueOrThrow({ where: { number: 1 } });
    // the "Ticket #1 is open" confirmation goes out after the modal closes: let it arrive first
    for (let i = 0; i < 100 && !app.slack.responseUrlPosts().length; i++) await new Promise((res) => setTimeout(res, 20));
    expect(app.slack.responseUrlPosts()).toHaveLength(1);
    await service.setPriority(ticket.id, "critical", ADMIN);
    await service.comment(ticket.id, { actorEmail: "jane@acme.com", body: "Still <down>", fromCustomer: true });
    for (let i = 0; i < 50 && !(await app.db.ticket.findUniqueOrThrow({ where: { number: 1 } })).messageTs; i++) await new Promise((res) => setTimeout(res, 20));
    const posted = await app.db.ticket.findUniqueOrThrow({ where: { number: 1 } });

    const card = await ticketCommand(TECH, "show #1");
    expect(card.text).toContain("#1 Mail down");
    expect(card.text).toContain("*Customer*\nAcme Dental");
    expect(card.text).toContain("*Priority*\nCritical");
    expect(card.text).toContain("*First response:* due");
    expect(card.text).toContain(`opened by <@${TECH}>`);
    expect(card.text).toContain(`priority high → critical by <@${ADMIN}>`);
    expect(card.text).toContain("jane@acme.com: Still &lt;down&gt;");
    expect(card.text).toContain(`https://fake-workspace.slack.com/archives/${TICKETS}/p${posted.messageTs!.replace(".", "")}`);
    // the same buttons as the channel message (critical priority, no first response yet)
    expect(blocksOf(card.message).filter((b) => b.type === "actions").flatMap((b) => (b.elements ?? []).map((e) => e.action_id))).toEqual([
      "ticket_respond",
      "ticket_priority",
      "ticket_pending",
      "ticket_resolve",
    ]);
  });

  it("answers an unknown number or a missing one with what to do", async () => {
    expect((await ticketCommand(TECH, "show 7")).text).toContain("There is no ticket #7: no tickets have been opened yet.");
    await open(acme, "One");
    expect((await ticketCommand(TECH, "show 7")).text).toContain("There is no ticket #7. Ticket numbers go up to #1");
    expect((await ticketCommand(TECH, "show printer")).text).toContain("needs a ticket number, like `/ticket show 42`");
  });
});

describe("/ticket refused", () => {
  it("shows admins the recent emails the rules refused, and technicians that it is for admins", async () => {
    await app.db.inboundEmail.create({
      data: { messageId: "m1@beta.io", format: "rfc822", fromEmail: "bob@beta.io", fromName: "Bob", subject: "Laptop <broken>", outcome: "refused_primary_only", reason: "Beta Ltd takes tickets only from its primary contact", customerId: beta.id, receivedAt: new Date("2026-03-01T09:00:00Z") },
    });
    await app.db.inboundEmail.create({
      data: { messageId: "m2@acme.com", format: "rfc822", fromEmail: "x@acme.com", subject: "Opened fine", outcome: "ticket_opened", customerId: acme.id },
    });

    const tech = await ticketCommand(TECH, "refused");
    expect(tech.text).toContain("Only Customer Book admins can see refused emails");
    expect(tech.text).not.toContain("bob@beta.io");

    const admin = await ticketCommand(ADMIN, "refused");
    expect(admin.text).toContain("*Emails that opened no ticket* (latest 1)");
    expect(admin.text).toContain("Bob <mailto:bob@beta.io|bob@beta.io> · Beta Ltd");
    expect(admin.text).toContain("*Laptop &lt;broken&gt;*");
    expect(admin.text).toContain("_Beta Ltd takes tickets only from its primary contact_");
    expect(admin.text).not.toContain("Opened fine");
  });

  it("says so when nothing was refused", async () => {
    expect((await ticketCommand(ADMIN, "refused")).text).toContain("No email has been refused recently");
  });
});

describe("/ticket help", () => {
  it("lists the subcommands for /ticket, /ticket help and an unknown subcommand", async () => {
    expect((await ticketCommand(TECH, "")).text).toContain("`/ticket list [customer] [status]`");
    expect((await ticketCommand(TECH, "help")).text).toContain("`/ticket show &lt;number&gt;`"); // escaped: Slack shows <number>
    const unknown = await ticketCommand(TECH, "frobnicate");
    expect(unknown.text).toContain("I don't know `/ticket frobnicate`.");
    expect(unknown.text).toContain("`/ticket new`");
  });
});
