/**
 * The email rules of issue 5 through POST /email/inbound, each once as a raw MIME message and once
 * as Postmark's inbound JSON. Assertions are on the database (Ticket, Contact, InboundEmail,
 * TicketEvent rows): the ticket's Slack message belongs to the ticket channel module.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { FORMATS, INBOUND_SECRET, email, sendEmail, type Format, type TestEmail } from "../support/email.js";
import { TicketService } from "../../src/services/tickets/service.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { EmailIntakeService } from "../../src/services/tickets/email-intake.js";
import { InboundEmailRepository } from "../../src/repositories/inbound-emails.js";
import { MAX_SUBJECT_LENGTH } from "../../src/domain/ticket.js";
import { en } from "../../src/i18n/en.js";
import { it as italian } from "../../src/i18n/it.js";

let app: TestApp;
let acme: SeededCustomer;
let beta: SeededCustomer;
let quiet: SeededCustomer;

beforeEach(async () => {
  app = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET, TICKETS_CHANNEL_ID: "C0TICKETS1" } });
  acme = await seedCustomer(app.db, {
    name: "Acme Dental",
    domains: ["acme.com", "acme.co.uk"],
    contacts: [
      { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
      { firstName: "John", lastName: "Doe", email: "John.Doe@Acme.com" },
      { firstName: "Gina", lastName: "Home", email: "gina.home@gmail.com" },
    ],
  });
  beta = await seedCustomer(app.db, {
    name: "Beta Ltd",
    domains: ["beta.io"],
    contacts: [
      { firstName: "Bob", lastName: "Boss", email: "bob@beta.io" },
      { firstName: "Carl", lastName: "Clerk", email: "carl@beta.io" },
    ],
  });
  await app.db.customer.update({ where: { id: beta.id }, data: { ticketsOnlyFromPrimary: true } });
  quiet = await seedCustomer(app.db, {
    name: "Quiet Co",
    domains: ["quiet.example"],
    contacts: [
      { firstName: "Quinn", lastName: "Mute", email: "quinn@quiet.example" },
      { firstName: "Rita", lastName: "Loud", email: "rita@quiet.example" },
    ],
  });
  await app.db.contact.update({ where: { id: quiet.contactIds[0]! }, data: { noEmailTickets: true } });
  const gone = await seedCustomer(app.db, { name: "Gone Inc", domains: ["gone.example"], contacts: [{ firstName: "Old", lastName: "Timer", email: "old@gone.example" }] });
  await app.db.customer.update({ where: { id: gone.id }, data: { archivedAt: new Date() } });
});
afterEach(async () => app.close());

const tickets = () => app.db.ticket.findMany({ orderBy: { number: "asc" } });
const ticketNo = (number: number) => app.db.ticket.findUniqueOrThrow({ where: { number } });
const inbound = (messageId: string) => app.db.inboundEmail.findUniqueOrThrow({ where: { messageId } });
const events = (ticketId: string, kind?: string) => app.db.ticketEvent.findMany({ where: { ticketId, ...(kind ? { kind } : {}) }, orderBy: { createdAt: "asc" } });
const ticketService = () => new TicketService({ tickets: new TicketRepository(app.db), transaction: (w) => TicketRepository.transaction(app.db, w), clock: () => new Date() });
const intake = () =>
  new EmailIntakeService({
    reads: new InboundEmailRepository(app.db),
    transaction: (w) => InboundEmailRepository.transaction(app.db, w),
    notifier: { opened: async () => undefined, changed: async () => undefined },
    clock: () => new Date(),
    logger: console as never,
  });

async function send(format: Format, e: TestEmail) {
  const res = await sendEmail(app.port, format, e);
  expect(res.status, res.text).toBe(200);
  return res.body as { outcome: string; ticketNumber?: number };
}

/** Opens a ticket by email and returns its number and the opening email. */
async function opened(format: Format, e: TestEmail = email({ from: "jane@acme.com", subject: "Printer down", text: "It jams on page 2." })) {
  const res = await send(format, e);
  expect(res.outcome).toBe("ticket_opened");
  return { number: res.ticketNumber!, first: e };
}

describe.each(FORMATS)("as %s", (format) => {
  describe("rule 3: the sender's domain picks the customer", () => {
    it("a known contact opens a ticket for its customer, with the email's subject and text, medium priority, source email", async () => {
      const e = email({ from: "john.doe@acme.com", fromName: "John Doe", subject: "Printer down", text: "It jams on page 2.\nPlease help." });
      const res = await send(format, e);
      expect(res).toEqual({ outcome: "ticket_opened", ticketNumber: 1 });
      const [t] = await tickets();
      expect(t).toMatchObject({
        number: 1,
        customerId: acme.id,
        contactId: acme.contactIds[1],
        subject: "Printer down",
        description: "It jams on page 2.\nPlease help.",
        priority: "medium",
        status: "open",
        source: "email",
        requesterEmail: "john.doe@acme.com",
        requesterName: "John Doe",
      });
      expect((await events(t!.id)).map((ev) => ev.kind)).toEqual(["opened"]);
      expect(await inbound(e.messageId!)).toMatchObject({ format, outcome: "ticket_opened", ticketId: t!.id, customerId: acme.id, fromEmail: "john.doe@acme.com" });
    });

    it("an unknown sender on a customer's domain becomes its contact (named from the display name, created by email), then the ticket opens", async () => {
      const res = await send(format, email({ from: "ann.smith@acme.co.uk", fromName: "Ann Smith", subject: "VPN", text: "No VPN." }));
      expect(res.outcome).toBe("ticket_opened");
      const contact = await app.db.contact.findFirstOrThrow({ where: { emailKey: "ann.smith@acme.co.uk" } });
      expect(contact).toMatchObject({ customerId: acme.id, firstName: "Ann", lastName: "Smith", email: "ann.smith@acme.co.uk", createdBy: "email" });
      expect(await ticketNo(res.ticketNumber!)).toMatchObject({ customerId: acme.id, contactId: contact.id });
    });

    it("a new contact without a display name is named from the address", async () => {
      await send(format, email({ from: "mary.major@acme.com", subject: "Hi", text: "x" }));
      expect(await app.db.contact.findFirstOrThrow({ where: { emailKey: "mary.major@acme.com" } })).toMatchObject({ firstName: "Mary", lastName: "Major" });
    });

    it("a contact on a domain no customer lists (gmail.com) still opens the ticket for its customer", async () => {
      const res = await send(format, email({ from: "Gina.Home@gmail.com", subject: "Laptop", text: "Broken." }));
      expect(await ticketNo(res.ticketNumber!)).toMatchObject({ customerId: acme.id, contactId: acme.contactIds[2] });
      expect(await app.db.contact.count({ where: { emailKey: "gina.home@gmail.com" } })).toBe(1);
    });

    it("a sender's urgent flag (X-Priority: 1, Importance: high) opens the ticket at high priority", async () => {
      const a = await send(format, email({ from: "jane@acme.com", subject: "Server down", text: "!", headers: { "X-Priority": "1 (Highest)" } }));
      const b = await send(format, email({ from: "jane@acme.com", subject: "Server down", text: "!", headers: { Importance: "High" } }));
      expect((await ticketNo(a.ticketNumber!)).priority).toBe("high");
      expect((await ticketNo(b.ticketNumber!)).priority).toBe("high");
    });
  });

  describe("rule 4: tickets only from the primary contact", () => {
    it("refuses a non-primary contact: 200 refused_primary_only, no ticket, the refusal recorded with who, subject and why", async () => {
      const e = email({ from: "carl@beta.io", fromName: "Carl Clerk", subject: "Need a new mouse", text: "Please." });
      expect(await send(format, e)).toEqual({ outcome: "refused_primary_only" });
      expect(await app.db.ticket.count()).toBe(0);
      const row = await inbound(e.messageId!);
      expect(row).toMatchObject({ outcome: "refused_primary_only", ticketId: null, customerId: beta.id, fromEmail: "carl@beta.io", fromName: "Carl Clerk", subject: "Need a new mouse" });
      // Stored as a code with its parameters, worded when read: in English for one admin, in Italian for another.
      expect(JSON.parse(row.reasonOutcome ?? "null")).toEqual({ code: "primary_only", customer: "Beta Ltd", primary: "Bob Boss <bob@beta.io>", sender: "carl@beta.io" });
      const [refusal] = await intake().recentRefusals(10);
      expect(refusal).toMatchObject({ fromEmail: "carl@beta.io", subject: "Need a new mouse", customerName: "Beta Ltd" });
      expect(en.tickets.refused.reason(refusal!.outcome!)).toBe("Beta Ltd accepts tickets by email only from its primary contact (Bob Boss <bob@beta.io>); carl@beta.io is not the primary contact.");
      expect(italian.tickets.refused.reason(refusal!.outcome!)).toBe("Beta Ltd accetta ticket via email solo dal suo contatto principale (Bob Boss <bob@beta.io>); carl@beta.io non è il contatto principale.");
    });

    it("refuses an unknown sender on the customer's domain without adding them as a contact", async () => {
      const contactsBefore = await app.db.contact.count({ where: { customerId: beta.id } });
      expect((await send(format, email({ from: "dave@beta.io", subject: "Hello", text: "x" }))).outcome).toBe("refused_primary_only");
      expect(await app.db.contact.count({ where: { customerId: beta.id } })).toBe(contactsBefore);
      expect(await app.db.ticket.count()).toBe(0);
    });

    it("accepts the primary contact", async () => {
      const res = await send(format, email({ from: "bob@beta.io", subject: "Server room", text: "Hot." }));
      expect(res.outcome).toBe("ticket_opened");
      expect(await ticketNo(res.ticketNumber!)).toMatchObject({ customerId: beta.id, contactId: beta.contactIds[0] });
    });

    it("lists refusals newest first", async () => {
      await send(format, email({ from: "carl@beta.io", subject: "First", text: "x" }));
      await send(format, email({ from: "quinn@quiet.example", subject: "Second", text: "x" }));
      expect((await intake().recentRefusals(10)).map((r) => r.subject)).toEqual(["Second", "First"]);
      expect(await intake().recentRefusals(1)).toHaveLength(1);
    });
  });

  describe("rule 5: no automatic tickets from email", () => {
    it("a contact marked so opens no ticket; the refusal is recorded", async () => {
      const e = email({ from: "quinn@quiet.example", subject: "Hi", text: "x" });
      expect(await send(format, e)).toEqual({ outcome: "refused_no_email_tickets" });
      expect(await app.db.ticket.count()).toBe(0);
      const stored = JSON.parse((await inbound(e.messageId!)).reasonOutcome ?? "null");
      expect(en.tickets.refused.reason(stored)).toBe('Quinn Mute <quinn@quiet.example> of Quiet Co is marked "no automatic tickets from email".');
    });

    it("other contacts of that customer still open tickets", async () => {
      expect((await send(format, email({ from: "rita@quiet.example", subject: "Hi", text: "x" }))).outcome).toBe("ticket_opened");
    });
  });

  describe("rule 6: unmatched senders", () => {
    it("a sender on an unknown domain opens an unassigned ticket for triage, and no contact", async () => {
      const contacts = await app.db.contact.count();
      const res = await send(format, email({ from: "someone@unknown.example", fromName: "Some One", subject: "Quote?", text: "How much?" }));
      expect(res.outcome).toBe("ticket_opened");
      expect(await ticketNo(res.ticketNumber!)).toMatchObject({ customerId: null, contactId: null, requesterEmail: "someone@unknown.example", requesterName: "Some One" });
      expect(await app.db.contact.count()).toBe(contacts);
    });

    it("an archived customer's domain does not match: unassigned ticket, no contact added to it", async () => {
      const contacts = await app.db.contact.count();
      const res = await send(format, email({ from: "new@gone.example", subject: "Still there?", text: "x" }));
      expect(await ticketNo(res.ticketNumber!)).toMatchObject({ customerId: null, contactId: null });
      expect(await app.db.contact.count()).toBe(contacts);
    });
  });

  describe("rule 2: replies", () => {
    it("a reply naming the ticket's email in In-Reply-To is a comment on that ticket, with only the new text", async () => {
      const { number, first } = await opened(format);
      const reply = email({
        from: "jane@acme.com",
        subject: "Re: Printer down",
        inReplyTo: first.messageId!,
        text: "It works now, thanks!\n\nOn Tue, 3 Mar 2026 at 10:00, Help <help@msp.example> wrote:\n> It jams on page 2.",
        strippedReply: "It works now, thanks!",
      });
      expect(await send(format, reply)).toEqual({ outcome: "comment_added", ticketNumber: number });
      expect(await app.db.ticket.count()).toBe(1);
      const t = await ticketNo(number);
      const [comment] = await events(t.id, "comment");
      expect(comment).toMatchObject({ actorEmail: "jane@acme.com", body: "It works now, thanks!" });
      expect(await inbound(reply.messageId!)).toMatchObject({ outcome: "comment_added", ticketId: t.id, customerId: acme.id });
    });

    it("a reply naming the ticket's email only in References is a comment too, and a reply to that reply threads as well", async () => {
      const { number, first } = await opened(format);
      const r1 = email({ from: "john.doe@acme.com", subject: "Re: Printer down", references: ["other@x.example", first.messageId!], text: "Same here." });
      expect(await send(format, r1)).toEqual({ outcome: "comment_added", ticketNumber: number });
      const r2 = email({ from: "jane@acme.com", subject: "Re: Re: Printer down", inReplyTo: r1.messageId!, text: "Still broken." });
      expect(await send(format, r2)).toEqual({ outcome: "comment_added", ticketNumber: number });
      expect((await events((await ticketNo(number)).id, "comment")).map((c) => c.body)).toEqual(["Same here.", "Still broken."]);
    });

    it('a subject naming the ticket ("Re: [#N] ...") is a comment on ticket N, whoever sends it', async () => {
      const { number } = await opened(format);
      const res = await send(format, email({ from: "tech@msp.example", subject: `Re: [#${number}] Printer down`, text: "Parts ordered." }));
      expect(res).toEqual({ outcome: "comment_added", ticketNumber: number });
      expect(await app.db.ticket.count()).toBe(1);
    });

    it('an order or invoice number in a subject ("Order #1") is not taken as a ticket number: a new ticket opens', async () => {
      const { number } = await opened(format);
      const res = await send(format, email({ from: "jane@acme.com", subject: `Order #${number} not delivered`, text: "Where is it?" }));
      expect(res.outcome).toBe("ticket_opened");
      expect(res.ticketNumber).not.toBe(number);
    });

    it('a subject naming a ticket that does not exist opens a new ticket', async () => {
      const res = await send(format, email({ from: "jane@acme.com", subject: "Invoice [#999]", text: "x" }));
      expect(res.outcome).toBe("ticket_opened");
    });

    it("the customer's reply reopens a resolved ticket; someone else's reply does not", async () => {
      const { number, first } = await opened(format);
      const t = await ticketNo(number);
      await ticketService().resolve(t.id, "U0TECH0001");
      const outsider = await send(format, email({ from: "vendor@parts.example", subject: `Re: [#${number}]`, text: "Invoice attached." }));
      expect(outsider).toEqual({ outcome: "comment_added", ticketNumber: number });
      expect((await ticketNo(number)).status).toBe("resolved");

      const reply = email({ from: "john.doe@acme.com", subject: "Re: Printer down", inReplyTo: first.messageId!, text: "It jams again." });
      expect(await send(format, reply)).toEqual({ outcome: "ticket_reopened", ticketNumber: number });
      const after = await ticketNo(number);
      expect(after).toMatchObject({ status: "open", resolvedAt: null });
      const statuses = (await events(t.id, "status")).map((e) => JSON.parse(e.body!));
      expect(statuses.at(-1)).toEqual({ from: "resolved", to: "open" });
      expect(await inbound(reply.messageId!)).toMatchObject({ outcome: "ticket_reopened" });
    });

    it("the requester of an unassigned ticket counts as the customer: their reply reopens it", async () => {
      const { number, first } = await opened(format, email({ from: "someone@unknown.example", subject: "Quote?", text: "x" }));
      await ticketService().resolve((await ticketNo(number)).id, "U0TECH0001");
      const res = await send(format, email({ from: "Someone@Unknown.example", subject: "Re: Quote?", inReplyTo: first.messageId!, text: "And?" }));
      expect(res.outcome).toBe("ticket_reopened");
    });

    it("a reply is taken even from a sender the primary-only rule would refuse (replies come first)", async () => {
      const { number, first } = await opened(format, email({ from: "bob@beta.io", subject: "Server", text: "x" }));
      const res = await send(format, email({ from: "carl@beta.io", subject: "Re: Server", inReplyTo: first.messageId!, text: "Me too" }));
      expect(res).toEqual({ outcome: "comment_added", ticketNumber: number });
    });
  });

  describe("machine mail", () => {
    it.each([
      ["an out-of-office reply (Auto-Submitted: auto-replied)", { from: "jane@acme.com", subject: "Out of office", headers: { "Auto-Submitted": "auto-replied" } }],
      ["an auto-reply header (X-Autoreply)", { from: "someone@unknown.example", subject: "Automatic reply", headers: { "X-Autoreply": "yes" } }],
      ["bulk mail (Precedence: bulk)", { from: "news@unknown.example", subject: "Newsletter", headers: { Precedence: "bulk" } }],
      ["a bounce from mailer-daemon", { from: "MAILER-DAEMON@mx.acme.com", subject: "Undelivered Mail Returned to Sender" }],
    ])("%s opens no ticket and adds no comment, and is listed with the refusals", async (_label, e) => {
      const { number, first } = await opened(format);
      const auto = email({ ...e, text: "I am away until Monday.", inReplyTo: first.messageId! });
      expect(await send(format, auto)).toEqual({ outcome: "ignored_automatic" });
      expect(await app.db.ticket.count()).toBe(1);
      expect(await events((await ticketNo(number)).id, "comment")).toHaveLength(0);
      expect(await app.db.contact.count({ where: { emailKey: e.from.toLowerCase() } })).toBe(e.from === "jane@acme.com" ? 1 : 0);
      const row = await inbound(auto.messageId!);
      expect(row).toMatchObject({ outcome: "ignored_automatic", ticketId: null });
      expect(en.tickets.refused.reason(JSON.parse(row.reasonOutcome ?? "null"))).toMatch(/^Sent by a machine \(/);
      expect((await intake().recentRefusals(5))[0]).toMatchObject({ fromEmail: e.from, subject: e.subject });
    });

    it("Auto-Submitted: no is a person's email and opens a ticket", async () => {
      const res = await send(format, email({ from: "jane@acme.com", subject: "Help", text: "x", headers: { "Auto-Submitted": "no" } }));
      expect(res.outcome).toBe("ticket_opened");
    });
  });

  describe("rule 1: duplicates", () => {
    it("the same Message-ID twice: the second answers duplicate and writes nothing", async () => {
      const e = email({ from: "john.doe@acme.com", subject: "Printer down", text: "x" });
      await send(format, e);
      const counts = async () => [await app.db.ticket.count(), await app.db.inboundEmail.count(), await app.db.ticketEvent.count(), await app.db.contact.count()];
      const before = await counts();
      expect(await send(format, e)).toEqual({ outcome: "duplicate" });
      expect(await counts()).toEqual(before);
    });

    it("a duplicate refused email is not recorded twice, and a duplicate reply adds no second comment", async () => {
      const refused = email({ from: "carl@beta.io", subject: "x", text: "x" });
      await send(format, refused);
      expect(await send(format, refused)).toEqual({ outcome: "duplicate" });
      expect(await app.db.inboundEmail.count({ where: { outcome: "refused_primary_only" } })).toBe(1);
      const { first } = await opened(format);
      const reply = email({ from: "jane@acme.com", subject: "Re", inReplyTo: first.messageId!, text: "ok" });
      await send(format, reply);
      expect(await send(format, reply)).toEqual({ outcome: "duplicate" });
      expect(await app.db.ticketEvent.count({ where: { kind: "comment" } })).toBe(1);
    });

    it("an email without a Message-ID gets one from its content, so sending it again is still a duplicate", async () => {
      const e = email({ from: "jane@acme.com", subject: "No id", text: "Body", messageId: null });
      const first = await send(format, e);
      expect(first.outcome).toBe("ticket_opened");
      expect(await send(format, e)).toEqual({ outcome: "duplicate" });
      expect(await app.db.ticket.count()).toBe(1);
      const row = await app.db.inboundEmail.findFirstOrThrow();
      expect(row.messageId).toMatch(format === "rfc822" ? /^generated-/ : /./);
      // the same sender, another text: not a duplicate
      expect((await send(format, { ...e, text: "Another body" })).outcome).toBe("ticket_opened");
    });
  });

  describe("bodies", () => {
    it("attachments are not stored; the description names them", async () => {
      const res = await send(
        format,
        email({
          from: "jane@acme.com",
          subject: "Error screenshots",
          text: "See attached.",
          attachments: [
            { name: "error.png", contentType: "image/png", content: "PNGDATA" },
            { name: "log.txt", contentType: "text/plain", content: "line 1\nline 2" },
          ],
        }),
      );
      expect((await ticketNo(res.ticketNumber!)).description).toBe("See attached.\n\n2 attachments not stored: error.png, log.txt");
    });

    it("an HTML-only email becomes text", async () => {
      const res = await send(format, email({ from: "jane@acme.com", subject: "Formatted", html: "<html><body><p>Hello <b>team</b>,</p><p>the <i>printer</i> is down.</p></body></html>" }));
      const { description } = await ticketNo(res.ticketNumber!);
      expect(description).not.toMatch(/<[a-z]/i);
      expect(description).toMatch(/Hello team,\s+the printer is down\./);
    });

    it("an empty subject becomes (no subject); a very long one is cut to the ticket limit; a non-ASCII one is kept", async () => {
      const a = await send(format, email({ from: "jane@acme.com", subject: "", text: "x" }));
      const b = await send(format, email({ from: "jane@acme.com", subject: "S".repeat(400), text: "x" }));
      const c = await send(format, email({ from: "jane@acme.com", subject: "Stampante è rotta 🖨️", text: "x" }));
      expect((await ticketNo(a.ticketNumber!)).subject).toBe("(no subject)");
      expect((await ticketNo(b.ticketNumber!)).subject).toHaveLength(MAX_SUBJECT_LENGTH);
      expect((await ticketNo(c.ticketNumber!)).subject).toBe("Stampante è rotta 🖨️");
    });

    it("an email without any text still opens a ticket, saying it had none", async () => {
      const res = await send(format, email({ from: "jane@acme.com", subject: "See subject", text: "" }));
      expect((await ticketNo(res.ticketNumber!)).description).toBe("(the email had no text)");
    });
  });
});
