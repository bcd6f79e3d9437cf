/**
 * Answering customers by email from Slack, end to end: the real app over HTTP, the fake Slack, and
 * a real SMTP server on loopback (test/support/smtp.ts) that receives, parses and keeps each message.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { AUTOMATIC_ALL_PER_HOUR } from "../../src/services/email-out/automatic.js";
import { answerTo, visibleText } from "../support/customer-ui.js";
import type { StoredMessage } from "../support/fake-slack/index.js";
import { INBOUND_SECRET, email, sendEmail } from "../support/email.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { createTestDb, type TestDb } from "../support/db.js";

const TICKETS = "C0TICKETS1";
const MONDAY_10 = new Date("2026-03-02T10:00:00Z");
const FROM = "help@msp.example";

let smtp: TestSmtp;
let testDb: TestDb;
let app: TestApp;
let acme: SeededCustomer;
let now: Date;
/** a fake Slack shared with a restarted app, closed after the test */
let sharedSlack: TestApp["slack"] | undefined;

const env = () => ({
  TICKETS_CHANNEL_ID: TICKETS,
  INBOUND_EMAIL_SECRET: INBOUND_SECRET,
  SMTP_URL: smtp.url,
  EMAIL_FROM: `Acme Support <${FROM}>`,
});

async function start(): Promise<TestApp> {
  return startTestApp({ env: env(), clock: () => now, testDb });
}

beforeEach(async () => {
  now = MONDAY_10;
  smtp = await startSmtp();
  testDb = await createTestDb();
  app = await start();
  acme = await seedCustomer(app.db, {
    name: "Acme Dental",
    domains: ["acme.com"],
    contacts: [
      { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
      { firstName: "Bob", lastName: "Stone", email: "bob@acme.com" },
    ],
  });
});
afterEach(async () => {
  await app.close();
  await sharedSlack?.close();
  sharedSlack = undefined;
  await smtp.close();
});

async function until<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, ms = 8000): Promise<T> {
  return (await eventually(check, what, ms)) as T;
}

/** Jane writes in: ticket #n, posted in the tickets channel. */
async function janeWrites(subject = "Printer down") {
  const mail = email({ from: "jane@acme.com", fromName: "Jane Roe", subject, text: "It jams on page 2." });
  const res = await sendEmail(app.port, "rfc822", mail);
  expect(res.body.outcome).toBe("ticket_opened");
  const number = res.body.ticketNumber as number;
  const message = await until(
    () => app.slack.messages(TICKETS).find((m) => !m.threadTs && (m.text ?? "").startsWith(`Ticket #${number}:`)),
    `ticket #${number}'s message\n${app.slack.describeCalls()}`,
  );
  await until(async () => (await app.db.ticket.findUniqueOrThrow({ where: { number } })).messageTs === message.ts, "the message stored on the ticket");
  return { number, message, mail };
}

/** What reached the SMTP server that is not an automatic message (acknowledgements, resolved notices). */
const replies = () => smtp.received.filter((m) => !m.parsed.headers.has("auto-submitted"));
const automatic = () => smtp.received.filter((m) => m.parsed.headers.has("auto-submitted"));

const thread = (ts: string) => app.slack.messages(TICKETS).filter((m) => m.threadTs === ts && m.ts !== ts);
const current = (m: StoredMessage) => app.slack.message(TICKETS, m.ts)!;

/** Reply to customer on the ticket's message, filled in and sent. */
async function replyFromModal(message: StoredMessage, body: string, extra: Record<string, unknown> = {}, userId = ADMIN) {
  const opened = app.slack.callsTo("views.open").length;
  await app.driver.clickMessageButton(TICKETS, message.ts, "ticket_email_reply", { userId });
  await until(() => app.slack.callsTo("views.open").length > opened, `views.open\n${app.slack.describeCalls()}`);
  const view = app.driver.currentView(userId)!;
  expect(view.callback_id).toBe("ticket_email_reply");
  return app.driver.submitView(view.id, { userId, values: { reply_body: body, ...extra } as never });
}

describe("Reply to customer", () => {
  it("emails the customer with threading headers and [#n] in the subject, notes it in the thread, and the customer's answer lands on the same ticket", async () => {
    const { number, message, mail } = await janeWrites();
    // the internal-notes rule, said once in the thread
    await until(() => thread(message.ts).some((m) => /internal notes/.test(m.text ?? "")), "the internal-notes line");
    // a thread reply is an internal note: not emailed, and not the first response of an email ticket
    await app.driver.userMessage(TICKETS, TECH, "Probably the fuser again", { threadTs: message.ts });
    await until(async () => (await app.db.ticketEvent.count({ where: { kind: "comment", body: "Probably the fuser again" } })) === 1, "the note");
    expect((await app.db.ticket.findUniqueOrThrow({ where: { number } })).firstResponseAt).toBeNull();

    const r = await replyFromModal(message, "Hi Jane,\n\n*Please* try:\n• open tray 2\n• remove the paper\n\nSee <https://kb.example/jam|our guide> & tell us.");
    expect(r.outcome).toBe("closed");
    const got = await until(() => replies()[0], "the reply at the SMTP server");
    expect(got.envelopeTo).toEqual(["jane@acme.com"]);
    expect(got.parsed.subject).toBe(`Re: [#${number}] Printer down`);
    expect(got.parsed.from?.value[0]).toMatchObject({ address: FROM, name: "Acme Support" });
    expect(got.parsed.inReplyTo).toBe(`<${mail.messageId}>`);
    expect([got.parsed.references].flat()).toContain(`<${mail.messageId}>`);
    expect(got.parsed.text).toContain("*Please* try:\n• open tray 2");
    expect(got.parsed.text).toContain("See our guide (https://kb.example/jam) & tell us.");
    expect(got.parsed.text).not.toMatch(/[<>]|&amp;/);
    expect(got.parsed.html).toContain("<strong>Please</strong>");
    expect(got.parsed.html).toContain('<a href="https://kb.example/jam">our guide</a>');
    expect(got.parsed.html).toContain("<li>open tray 2</li>");
    expect(got.raw).not.toMatch(/^Auto-Submitted:/m);

    // the note in the thread, updated once the server accepted it
    const note = await until(() => thread(message.ts).find((m) => (m.text ?? "").includes("Emailed to")), "the email note");
    expect(note.text).toContain("jane@acme.com");
    await until(() => /Accepted by the mail server/.test(current(note).text ?? ""), `the note updated\n${app.slack.describeCalls()}`);
    // SLA: the first response is the reply that reached the customer, not the internal note
    const ticket = await until(async () => {
      const t = await app.db.ticket.findUniqueOrThrow({ where: { number } });
      return t.firstResponseAt ? t : undefined;
    }, "the first response");
    expect(ticket.firstResponseBy).toBe(ADMIN);

    // Jane answers the reply: it comes back to this ticket by In-Reply-To
    now = new Date(MONDAY_10.getTime() + 3600_000);
    const answer = email({ from: "jane@acme.com", subject: `Re: ${got.parsed.subject}`, inReplyTo: got.messageId, references: [mail.messageId!, got.messageId], text: "Worked, thanks!" });
    const res = await sendEmail(app.port, "rfc822", answer);
    expect(res.body).toMatchObject({ outcome: "comment_added", ticketNumber: number });
    expect(replies()).toHaveLength(1);
  });

  it("sends one email for 5 replays and 3 retries of the same modal submission", async () => {
    const { message } = await janeWrites();
    await replyFromModal(message, "Only once, please.");
    const submission = app.driver.lastRequest();
    for (let i = 0; i < 5; i++) expect((await app.driver.replay(submission)).status).toBe(200);
    for (const n of [1, 2, 3]) expect((await app.driver.replay(submission, { "x-slack-retry-num": String(n), "x-slack-retry-reason": "http_timeout" })).status).toBe(200);
    await until(() => replies().length === 1, "the email");
    await new Promise((r) => setTimeout(r, 400));
    expect(replies()).toHaveLength(1);
    expect(await app.db.outboundEmail.count({ where: { kind: "reply" } })).toBe(1);
  });

  it("is on the /ticket show card too, and opens the same modal from there", async () => {
    const { number } = await janeWrites();
    const shown = await answerTo(app, () => app.driver.command("/ticket", `show ${number}`, { userId: TECH, channelId: CHANNEL }));
    expect(JSON.stringify(shown.message.blocks)).toContain("ticket_email_reply");
    const opened = app.slack.callsTo("views.open").length;
    await app.driver.clickMessageButton(shown.message.channel, (shown.message as { messageTs: string }).messageTs, "ticket_email_reply", { userId: TECH });
    await until(() => app.slack.callsTo("views.open").length > opened, "the modal");
    const view = app.driver.currentView(TECH)!;
    expect(view.callback_id).toBe("ticket_email_reply");
    expect(visibleText({ blocks: view.blocks })).toContain("It jams on page 2.");
    await app.driver.submitView(view.id, { userId: TECH, values: { reply_body: "From the card." } as never });
    await until(() => replies().length === 1, "the email");
  });

  it("shows the email and its refusal in the thread once Slack is back, when Slack was down meanwhile", async () => {
    const { message } = await janeWrites();
    smtp.refuse("jane@acme.com", 550, "5.1.1 Mailbox unavailable");
    const opened = app.slack.callsTo("views.open").length;
    await app.driver.clickMessageButton(TICKETS, message.ts, "ticket_email_reply", { userId: ADMIN });
    await until(() => app.slack.callsTo("views.open").length > opened, "the modal");
    const view = app.driver.currentView(ADMIN)!;
    app.slack.failSlack(["chat.postMessage", "chat.update"]);
    await app.driver.submitView(view.id, { userId: ADMIN, values: { reply_body: "Are you there?" } as never });
    await until(async () => (await app.db.outboundEmail.findFirst({ where: { kind: "reply" } }))?.status === "failed", "the refusal");
    await new Promise((r) => setTimeout(r, 300));
    app.slack.restoreSlack();
    const note = await until(() => thread(message.ts).find((m) => (m.text ?? "").includes("Emailed to")), `the note\n${app.slack.describeCalls()}`);
    await until(() => /Mailbox unavailable/.test(current(note).text ?? ""), `the refusal in the note\n${app.slack.describeCalls()}`);
  });

  it("sets the ticket pending when asked, in the same step as the email", async () => {
    const { number, message } = await janeWrites();
    await replyFromModal(message, "Can you send a photo?", { reply_then: "pending" });
    await until(() => replies().length === 1, "the email");
    expect((await app.db.ticket.findUniqueOrThrow({ where: { number } })).status).toBe("pending");
  });

  it("shows a 550 for one recipient in the thread while the others get the email", async () => {
    const { message } = await janeWrites();
    smtp.refuse("bob@acme.com", 550, "5.1.1 <bob@acme.com>: Recipient address rejected: User unknown");
    await replyFromModal(message, "Copying Bob.", { reply_cc: ["bob@acme.com"] });
    const got = await until(() => replies()[0], "the email");
    expect(got.envelopeTo).toEqual(["jane@acme.com"]);
    const note = await until(() => thread(message.ts).find((m) => (m.text ?? "").includes("Emailed to")), "the note");
    const text = await until(() => (/refused for bob@acme\.com/.test(current(note).text ?? "") ? current(note).text : undefined), `the refusal in the note\n${app.slack.describeCalls()}`);
    expect(text).toContain("550");
    expect(text).toContain("User unknown");
  });

  it("shows a permanent refusal of the only recipient on the ticket's message and in the thread, with the server's reason", async () => {
    const { message } = await janeWrites();
    smtp.refuse("jane@acme.com", 550, "5.7.1 Relaying denied by policy");
    await replyFromModal(message, "Hello?");
    const row = await until(async () => {
      const e = await app.db.outboundEmail.findFirst({ where: { kind: "reply" } });
      return e?.status === "failed" ? e : undefined;
    }, "the email failed");
    expect(row.smtpResponse).toContain("Relaying denied");
    expect(replies()).toHaveLength(0);
    await until(() => visibleText(current(message)).includes("Relaying denied"), `the refusal on the ticket's message\n${app.slack.describeCalls()}`);
    // The thread note is posted through the delivery queue: it may not be there yet.
    await until(() => {
      const note = thread(message.ts).find((m) => (m.text ?? "").includes("Emailed to"));
      return note !== undefined && /Refused by the mail server/.test(current(note).text ?? "");
    }, "the refusal in the thread");
  });

  it("keeps the email while the SMTP server is down and delivers it once when it is back", async () => {
    const { message } = await janeWrites();
    await smtp.down();
    await replyFromModal(message, "We are on it.");
    await until(async () => ((await app.db.outboundEmail.findFirst({ where: { kind: "reply" } }))?.attempts ?? 0) >= 2, "a few failed attempts");
    const pending = await app.db.outboundEmail.findFirstOrThrow({ where: { kind: "reply" } });
    expect(pending.status).toBe("pending");
    expect(pending.lastError).toBeTruthy();
    await smtp.up();
    await until(async () => (await app.db.outboundEmail.findFirst({ where: { kind: "reply" } }))?.status === "sent", "sent after the server came back");
    await new Promise((r) => setTimeout(r, 500)); // time for a second delivery, if there were one
    expect(smtp.received.filter((m) => m.messageId === pending.messageId)).toHaveLength(1);
  });

  it("sends after a restart what the outbox still held", async () => {
    const { message } = await janeWrites();
    await smtp.down();
    await replyFromModal(message, "Sent before the restart.");
    await until(async () => ((await app.db.outboundEmail.findFirst({ where: { kind: "reply" } }))?.attempts ?? 0) >= 1, "an attempt");
    await app.application.stop();
    await smtp.up();
    const before = await app.db.outboundEmail.findFirstOrThrow({ where: { kind: "reply" } });
    expect(before.status).toBe("pending");
    const slack = app.slack;
    sharedSlack = slack;
    app = await startTestApp({ env: env(), clock: () => now, testDb, slack });
    await until(() => replies().length === 1, "delivered by the restarted app");
    expect(replies()[0]!.messageId).toBe(before.messageId);
    expect(replies()[0]!.parsed.text).toBe("Sent before the restart.");
  });

  it("brings a note left at Sending… up to date at start-up, when the app stopped after the server took the email, and records the first response", async () => {
    const { number, message } = await janeWrites();
    await smtp.down();
    await replyFromModal(message, "Taken just before the stop.");
    const note = await until(() => thread(message.ts).find((m) => (m.text ?? "").includes("Emailed to")), "the note in the thread");
    await app.application.stop();
    // the server took it and the sender recorded so; the app stopped before it told the thread
    const row = await app.db.outboundEmail.findFirstOrThrow({ where: { kind: "reply" } });
    await app.db.outboundEmail.update({ where: { id: row.id }, data: { status: "sent", sentAt: now, smtpResponse: "250 2.0.0 Ok", leaseOwner: null, leaseUntil: null } });
    expect(current(note).text).not.toContain("Accepted by the mail server");
    await smtp.up();
    const slack = app.slack;
    sharedSlack = slack;
    app = await startTestApp({ env: env(), clock: () => now, testDb, slack });
    await until(() => (current(note).text ?? "").includes("Accepted by the mail server"), `the note brought up to date\n${app.slack.describeCalls()}`);
    await until(async () => (await app.db.ticket.findUniqueOrThrow({ where: { number } })).firstResponseAt, "the first response");
    expect(replies()).toHaveLength(0); // sent once, by the server before the stop: not again
  });

  it("with SMTP_URL empty shows Reply to customer, whose click says email is off and how to turn it on; the shortcut says so too", async () => {
    await app.close();
    app = await startTestApp({ env: { TICKETS_CHANNEL_ID: TICKETS, INBOUND_EMAIL_SECRET: INBOUND_SECRET }, clock: () => now, testDb: await createTestDb() });
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
    const { message } = await janeWrites();
    // the button is where a person expects to answer; its click explains, opening no modal
    expect(JSON.stringify(message.blocks)).toContain("ticket_email_reply");
    const opened = app.slack.callsTo("views.open").length;
    const said = await answerTo(app, () => app.driver.clickMessageButton(TICKETS, message.ts, "ticket_email_reply", { userId: TECH }));
    expect(said.outcome).not.toBe("replaced");
    expect(said.text).toMatch(/Email to customers is off.*SMTP_URL.*EMAIL_FROM/);
    expect(app.slack.callsTo("views.open").length).toBe(opened);
    const reply = await app.driver.userMessage(TICKETS, TECH, "Try again", { threadTs: message.ts });
    await app.driver.messageShortcut(TICKETS, reply.message.ts, "ticket_email_send", { userId: TECH });
    const view = await until(() => app.driver.currentView(TECH), "the notice");
    expect(visibleText({ blocks: view.blocks })).toMatch(/Email to customers is off.*SMTP_URL/);
  });
});

describe("threading", () => {
  it("answers In-Reply-To the customer's last email, never one a third party wrote onto the ticket", async () => {
    const { number, message, mail } = await janeWrites();
    now = new Date(MONDAY_10.getTime() + 60_000); // the vendor's email comes after Jane's
    const vendor = email({ from: "support@printco.example", subject: `Re: [#${number}] Printer down`, text: "We will ship a fuser." });
    expect((await sendEmail(app.port, "rfc822", vendor)).body.outcome).toBe("comment_added");
    await replyFromModal(message, "A new fuser is on its way.");
    const got = await until(() => replies()[0], "the reply");
    expect(got.parsed.inReplyTo).toBe(`<${mail.messageId}>`);
    expect([got.parsed.references].flat()).toEqual(expect.arrayContaining([`<${mail.messageId}>`, `<${vendor.messageId}>`]));
  });
});

describe("the first response of an email ticket", () => {
  it("has no Respond button while email is on, and an old Respond click says to reply to the customer and stops no clock", async () => {
    const { number, message } = await janeWrites();
    const ids = (m: { blocks?: unknown }) => JSON.stringify(m.blocks);
    expect(ids(message)).toContain("ticket_email_reply");
    expect(ids(message)).not.toContain("ticket_respond");
    // a message shown with Respond (before this rule, or with email off then)
    const shown = [{ type: "actions", block_id: "ticket_actions_x", elements: [{ type: "button", action_id: "ticket_respond", text: { type: "plain_text", text: "Respond" }, value: (await app.db.ticket.findUniqueOrThrow({ where: { number } })).id }] }];
    const said = await answerTo(app, () => app.driver.clickMessageButton(TICKETS, message.ts, "ticket_respond", { userId: TECH, shown: shown as never }));
    expect(said.text).toContain(`Ticket #${number} came by email: its first response is the first reply that reaches the customer`);
    expect((await app.db.ticket.findUniqueOrThrow({ where: { number } })).firstResponseAt).toBeNull();
    // the reply that reaches the customer is the first response
    await replyFromModal(message, "On it.");
    await until(async () => (await app.db.ticket.findUniqueOrThrow({ where: { number } })).firstResponseAt, "the first response recorded when the server accepted the reply");
  });

  it("keeps Respond on a ticket opened in Slack", async () => {
    await app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL });
    const view = await until(() => app.driver.currentView(TECH), "the new-ticket modal");
    await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_subject: "Laptop slow" } });
    const posted = await until(() => app.slack.messages(TICKETS).find((m) => !m.threadTs && (m.text ?? "").includes("Laptop slow")), "the ticket's message");
    expect(JSON.stringify(posted.blocks)).toContain("ticket_respond");
  });
});

describe("Send to customer (message shortcut)", () => {
  it("emails a thread message after a confirmation, with mentions as names and Slack markup as words, once", async () => {
    const { number, message, mail } = await janeWrites();
    const written = await app.driver.userMessage(TICKETS, TECH, "Try *restarting* it; <@U0ADMIN001> will call you. Steps: <https://kb.example/r|the guide> &amp; <mailto:help@msp.example|us>", {
      threadTs: message.ts,
    });
    await app.driver.messageShortcut(TICKETS, written.message.ts, "ticket_email_send", { userId: TECH });
    const confirm = await until(() => app.driver.currentView(TECH), "the confirmation");
    expect(confirm.callback_id).toBe("ticket_email_send");
    expect(visibleText({ blocks: confirm.blocks })).toContain("jane@acme.com");
    // the confirmation shows what the customer will read
    expect(visibleText({ blocks: confirm.blocks })).toContain("@ada will call you. Steps: the guide (https://kb.example/r)");
    const r = await app.driver.submitView(confirm.id, { userId: TECH });
    expect(r.outcome).toBe("closed");
    const got = await until(() => replies()[0], "the email");
    expect(got.parsed.subject).toBe(`Re: [#${number}] Printer down`);
    expect(got.parsed.inReplyTo).toBe(`<${mail.messageId}>`);
    expect(got.parsed.text).toBe("Try *restarting* it; @ada will call you. Steps: the guide (https://kb.example/r) & us (help@msp.example)");
    expect(got.parsed.text).not.toContain("<@");
    // the mention was named through the people cache: every users.info asked for the locale, and ADMIN's once
    const lookups = app.slack.callsTo("users.info");
    expect(lookups.every((c) => String(c.args.include_locale) === "true")).toBe(true);
    expect(lookups.filter((c) => c.args.user === "U0ADMIN001")).toHaveLength(1);

    // the same message again: not sent twice
    await app.driver.messageShortcut(TICKETS, written.message.ts, "ticket_email_send", { userId: TECH });
    const again = await until(() => app.driver.currentView(TECH), "the answer");
    expect(visibleText({ blocks: again.blocks })).toMatch(/already/);
    await new Promise((r2) => setTimeout(r2, 300));
    expect(replies()).toHaveLength(1);
  });

  it("names channels in the email: <#C123> by its name from Slack, <#C123|name> by its own, never the raw markup", async () => {
    const { message } = await janeWrites();
    app.slack.addChannel("C0SUPPORT1", "support");
    const written = await app.driver.userMessage(TICKETS, TECH, "Ask in <#C0SUPPORT1> or <#C0OTHER01|it-desk>; <#C0GONE0001> is closed.", { threadTs: message.ts });
    await app.driver.messageShortcut(TICKETS, written.message.ts, "ticket_email_send", { userId: TECH });
    const confirm = await until(() => app.driver.currentView(TECH), "the confirmation");
    expect(visibleText({ blocks: confirm.blocks })).toContain("Ask in #support or #it-desk");
    await app.driver.submitView(confirm.id, { userId: TECH });
    const got = await until(() => replies()[0], "the email");
    expect(got.parsed.text).toBe("Ask in #support or #it-desk; #C0GONE0001 is closed.");
    expect(got.raw).not.toContain("<#");
  });

  it("refuses a message outside a ticket's thread", async () => {
    const m = await app.driver.userMessage(TICKETS, TECH, "hello all");
    await app.driver.messageShortcut(TICKETS, m.message.ts, "ticket_email_send", { userId: TECH });
    const view = await until(() => app.driver.currentView(TECH), "the notice");
    expect(visibleText({ blocks: view.blocks })).toMatch(/ticket's thread/);
    expect(await app.db.outboundEmail.count()).toBe(0);
  });
});

describe("automatic messages", () => {
  it("acknowledges an email that opens a ticket: number, subject, first response due in the SLA's time zone, marked Auto-Submitted", async () => {
    const { number, mail } = await janeWrites();
    const ack = await until(() => automatic()[0], "the acknowledgement");
    expect(ack.envelopeTo).toEqual(["jane@acme.com"]);
    expect(ack.parsed.subject).toBe(`Re: [#${number}] Printer down`);
    expect(ack.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(ack.parsed.headers.get("x-auto-response-suppress")).toBe("All");
    expect(ack.parsed.inReplyTo).toBe(`<${mail.messageId}>`);
    expect(ack.parsed.text).toContain(`opened ticket #${number}: "Printer down"`);
    const row = await app.db.ticket.findUniqueOrThrow({ where: { number } });
    const due = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit" }).format(row.responseDueAt);
    expect(ack.parsed.text).toMatch(new RegExp(`first response by Monday, 2 March 2026 at ${due} \\(UTC\\)`));
  });

  it("writes to a customer in its language: an Italian customer's acknowledgement and reply in Italian, another customer's in English", async () => {
    await app.db.customer.update({ where: { id: acme.id }, data: { language: "it" } });
    const { number, message } = await janeWrites();
    const ack = await until(() => automatic()[0], "the acknowledgement");
    expect(ack.parsed.subject).toBe(`R: [#${number}] Printer down`);
    expect(ack.parsed.text).toContain("Gentile Jane Roe,");
    expect(ack.parsed.text).toContain(`abbiamo ricevuto la sua email e aperto il ticket #${number}: "Printer down"`);
    expect(ack.parsed.text).toMatch(/prima risposta entro lunedì 2 marzo 2026 alle ore \d\d:\d\d \(UTC\)/);
    expect(ack.parsed.text).not.toMatch(/we received|Hello/);
    await replyFromModal(message, "Risolto, grazie.", { reply_then: "resolved" });
    const reply = await until(() => replies()[0], "the reply");
    expect(reply.parsed.subject).toBe(`R: [#${number}] Printer down`);

    // another customer, no language set: DEFAULT_LOCALE (en here)
    await seedCustomer(app.db, { name: "Beta Ltd", domains: ["beta.io"], contacts: [{ firstName: "Bea", lastName: "Lee", email: "bea@beta.io" }] });
    const res = await sendEmail(app.port, "rfc822", email({ from: "bea@beta.io", subject: "VPN", text: "Down" }));
    const english = await until(() => automatic().find((m) => m.envelopeTo.includes("bea@beta.io")), "Beta's acknowledgement");
    expect(english.parsed.subject).toBe(`Re: [#${res.body.ticketNumber}] VPN`);
    expect(english.parsed.text).toContain("Hello Bea Lee,");
  });

  it("writes to a customer without a language in DEFAULT_LOCALE: Italian with DEFAULT_LOCALE=it", async () => {
    await app.close();
    app = await startTestApp({ env: { ...env(), DEFAULT_LOCALE: "it" }, clock: () => now, testDb: await createTestDb() });
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
    const { number } = await janeWrites();
    const ack = await until(() => automatic()[0], "the acknowledgement");
    expect(ack.parsed.subject).toBe(`R: [#${number}] Printer down`);
    expect(ack.parsed.text).toContain("Questo è un messaggio automatico.");
  });

  it("sends no acknowledgement to machine mail, to a no-reply address or to the app's own address", async () => {
    const sent = async (e: Parameters<typeof email>[0]) => (await sendEmail(app.port, "rfc822", email(e))).body.outcome;
    expect(await sent({ from: "jane@acme.com", subject: "Out of office", text: "Away", headers: { "Auto-Submitted": "auto-replied" } })).toBe("ignored_automatic");
    expect(await sent({ from: "mailer-daemon@acme.com", subject: "Undelivered", text: "x" })).toBe("ignored_automatic");
    expect(await sent({ from: "noreply@acme.com", subject: "Your invoice", text: "x" })).toBe("ticket_opened");
    expect(await sent({ from: FROM, subject: "Loop?", text: "x" })).toBe("ticket_opened");
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received).toHaveLength(0);
    expect(await app.db.outboundEmail.count()).toBe(0);
  });

  it("opens a ticket from list or bulk mail but sends it no acknowledgement: List-Id, List-Unsubscribe, Precedence list, an empty Return-Path, X-Auto-Response-Suppress", async () => {
    const signs: Record<string, string>[] = [
      { "List-Id": "Acme staff <staff.acme.com>" },
      { "List-Unsubscribe": "<mailto:leave@acme.com>" },
      { Precedence: "list" },
      { "Return-Path": "<>" },
      { "X-Auto-Response-Suppress": "OOF, AutoReply" },
    ];
    for (const [i, headers] of signs.entries()) {
      expect((await sendEmail(app.port, "rfc822", email({ from: "jane@acme.com", subject: `List ${i}`, text: "x", headers }))).body.outcome).toBe("ticket_opened");
    }
    await sendEmail(app.port, "rfc822", email({ from: "bob@acme.com", subject: "A person's", text: "x" }));
    const ack = await until(() => automatic()[0], "the person's acknowledgement");
    await new Promise((r) => setTimeout(r, 400));
    expect(automatic()).toHaveLength(1);
    expect(ack.envelopeTo).toEqual(["bob@acme.com"]);
  });

  it("acknowledges one sender at most 3 times an hour", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await sendEmail(app.port, "rfc822", email({ from: "jane@acme.com", subject: `Problem ${i}`, text: "x" }))).body.outcome).toBe("ticket_opened");
    }
    await until(() => automatic().length === 3, "three acknowledgements");
    await new Promise((r) => setTimeout(r, 400));
    expect(automatic()).toHaveLength(3);
    now = new Date(MONDAY_10.getTime() + 61 * 60_000);
    await sendEmail(app.port, "rfc822", email({ from: "jane@acme.com", subject: "An hour later", text: "x" }));
    await until(() => automatic().length === 4, "the next hour's acknowledgement");
  });

  it("acknowledges only a known contact of a customer: a stranger, or a new address on a customer's domain, gets nothing back (no echo of their name or subject)", async () => {
    const sent = async (e: Parameters<typeof email>[0]) => (await sendEmail(app.port, "rfc822", email(e))).body.outcome;
    expect(await sent({ from: "victim@elsewhere.example", fromName: "Buy cheap pills", subject: "Visit spam.example now", text: "x" })).toBe("ticket_opened");
    expect(await sent({ from: "newbie@acme.com", fromName: "Spam name", subject: "Spam subject", text: "x" })).toBe("ticket_opened");
    await sent({ from: "jane@acme.com", fromName: "Someone Else", subject: "Real one", text: "x" });
    const ack = await until(() => automatic()[0], "the contact's acknowledgement");
    await new Promise((r) => setTimeout(r, 400));
    expect(automatic()).toHaveLength(1);
    expect(ack.envelopeTo).toEqual(["jane@acme.com"]);
    // addressed by the name the customer book has, not the display name the email brought
    expect(ack.parsed.text).toContain("Jane");
    expect(ack.parsed.text).not.toContain("Someone Else");
    expect(await app.db.outboundEmail.count({ where: { toEmail: { in: ["victim@elsewhere.example", "newbie@acme.com"] } } })).toBe(0);
  });

  it("counts one address's acknowledgements whatever the case it is written in", async () => {
    for (const [i, from] of ["jane@acme.com", "JANE@acme.com", "Jane@ACME.com", "jAnE@Acme.Com", "JANE@ACME.COM"].entries()) {
      expect((await sendEmail(app.port, "rfc822", email({ from, subject: `Problem ${i}`, text: "x" }))).body.outcome).toBe("ticket_opened");
    }
    await until(() => automatic().length === 3, "three acknowledgements");
    await new Promise((r) => setTimeout(r, 400));
    expect(automatic()).toHaveLength(3);
  });

  it(`sends no more than AUTOMATIC_ALL_PER_HOUR (${AUTOMATIC_ALL_PER_HOUR}) automatic emails in an hour altogether`, async () => {
    const { number } = await janeWrites();
    await until(() => automatic().length === 1, "the acknowledgement");
    const ticket = await app.db.ticket.findUniqueOrThrow({ where: { number } });
    // the rest of the hour's allowance went to other addresses
    await app.db.outboundEmail.createMany({
      data: Array.from({ length: AUTOMATIC_ALL_PER_HOUR - 1 }, (_, i) => ({
        id: `0000-cap-${i}`, key: `cap:${i}`, ticketId: ticket.id, kind: "acknowledgement", messageId: `cap-${i}@msp.example`,
        toEmail: `person${i}@elsewhere.example`, subject: "s", text: "t", html: "h", automatic: true, status: "sent", nextAttemptAt: now, createdAt: now,
      })),
    });
    expect((await sendEmail(app.port, "rfc822", email({ from: "bob@acme.com", subject: "Over the cap", text: "x" }))).body.outcome).toBe("ticket_opened");
    await new Promise((r) => setTimeout(r, 400));
    expect(automatic()).toHaveLength(1);
    expect(await app.db.outboundEmail.count({ where: { toEmail: "bob@acme.com" } })).toBe(0);
  });

  it("tells the contact when the ticket is resolved, and their answer reopens it", async () => {
    const { number, message } = await janeWrites();
    await until(() => automatic().length === 1, "the acknowledgement");
    await app.driver.clickMessageButton(TICKETS, message.ts, "ticket_resolve", { userId: TECH });
    const notice = await until(() => automatic()[1], "the resolved notice");
    expect(notice.parsed.text).toContain(`ticket #${number} "Printer down" is resolved`);
    expect(notice.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    const answer = email({ from: "jane@acme.com", subject: notice.parsed.subject!, inReplyTo: notice.messageId, text: "Still broken" });
    expect((await sendEmail(app.port, "rfc822", answer)).body).toMatchObject({ outcome: "ticket_reopened", ticketNumber: number });
  });

  it("sends no resolved notice on a ticket whose sender is unverified", async () => {
    // Postmark saw SPF fail and no valid DKIM: a known contact's ticket, marked unverified, no acknowledgement
    const mail = email({ from: "jane@acme.com", subject: "Forged?", text: "x", headers: { "Received-SPF": "Fail (sender not authorized) identity=mailfrom; envelope-from=jane@acme.com", "X-Spam-Tests": "DKIM_SIGNED" } });
    const res = await sendEmail(app.port, "postmark", mail);
    expect(res.body.outcome).toBe("ticket_opened");
    const number = res.body.ticketNumber as number;
    expect((await app.db.ticket.findUniqueOrThrow({ where: { number } })).unverifiedSender).toBe(true);
    const message = await until(() => app.slack.messages(TICKETS).find((m) => !m.threadTs && (m.text ?? "").startsWith(`Ticket #${number}:`)), "the ticket's message");
    await until(async () => (await app.db.ticket.findUniqueOrThrow({ where: { number } })).messageTs === message.ts, "the message stored on the ticket");
    await app.driver.clickMessageButton(TICKETS, message.ts, "ticket_resolve", { userId: TECH });
    await until(async () => (await app.db.ticket.findUniqueOrThrow({ where: { number } })).status === "resolved", "the resolution");
    await new Promise((r) => setTimeout(r, 400));
    expect(automatic()).toHaveLength(0);
    expect(await app.db.outboundEmail.count()).toBe(0);
  });

  it("sends neither with EMAIL_ACKNOWLEDGE and EMAIL_NOTIFY_RESOLVED off", async () => {
    await app.close();
    testDb = await createTestDb();
    app = await startTestApp({ env: { ...env(), EMAIL_ACKNOWLEDGE: "false", EMAIL_NOTIFY_RESOLVED: "no" }, clock: () => now, testDb });
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
    const { message } = await janeWrites();
    await app.driver.clickMessageButton(TICKETS, message.ts, "ticket_resolve", { userId: TECH });
    await until(async () => (await app.db.ticket.findFirstOrThrow()).status === "resolved", "resolved");
    await new Promise((r) => setTimeout(r, 400));
    expect(smtp.received).toHaveLength(0);
  });
});
