/**
 * One ticket's life across the whole app, the way a support desk sees it: a customer's email
 * opens it and it appears in the tickets channel; a technician answers in the thread; the
 * customer's email reply lands on it; it is resolved; the customer's next reply reopens it; and
 * the manager's /sla summary counts it. Everything through HTTP: signed Slack requests, the email
 * webhook, and the fake Slack Web API.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { ADMIN, TECH, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { answerTo, visibleText } from "../support/customer-ui.js";
import { INBOUND_SECRET, email, sendEmail } from "../support/email.js";
import type { StoredMessage } from "../support/fake-slack/index.js";

const TICKETS = "C0TICKETS1";
let app: TestApp;
let now: Date;

beforeEach(async () => {
  now = new Date("2026-03-02T10:00:00Z"); // Monday, inside the default SLA's hours (09-17 UTC)
  app = await startTestApp({ env: { TICKETS_CHANNEL_ID: TICKETS, INBOUND_EMAIL_SECRET: INBOUND_SECRET }, clock: () => now });
  await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
});
afterEach(async () => app.close());

const ticketMessage = (number: number) =>
  eventually(() => app.slack.messages(TICKETS).find((m) => !m.threadTs && (m.text ?? "").startsWith(`Ticket #${number}:`)), `ticket #${number}'s message`) as Promise<StoredMessage>;
const threadNotes = (m: StoredMessage) => app.slack.messages(TICKETS).filter((x) => x.threadTs === m.ts).map((x) => x.text ?? "");
const lastUpdate = () => app.slack.callsTo("chat.update").at(-1)!.args;

it("an email becomes a ticket in the channel, is answered in its thread, threads the customer's replies, and shows in the SLA summary", async () => {
  // 1. the customer writes in
  const first = email({ from: "jane@acme.com", fromName: "Jane Roe", subject: "Mail server down", text: "Nobody can send mail since 9:30." });
  const opened = await sendEmail(app.port, "rfc822", first);
  expect(opened.body).toEqual({ outcome: "ticket_opened", ticketNumber: 1 });
  const message = await ticketMessage(1);
  const shown = visibleText(message);
  expect(shown).toContain("Mail server down");
  expect(shown).toContain("Acme Dental");
  expect(shown).toContain("Jane Roe");
  expect(shown).toContain("*First response:* due");

  // 2. a technician answers in the thread, 30 business minutes later: the first response, met
  now = new Date("2026-03-02T10:30:00Z");
  const updates = app.slack.callsTo("chat.update").length;
  await app.driver.userMessage(TICKETS, TECH, "Looking at the mail server now", { threadTs: message.ts });
  await eventually(() => app.slack.callsTo("chat.update").length > updates, "the message update");
  expect(await app.db.ticket.findUniqueOrThrow({ where: { number: 1 } })).toMatchObject({ firstResponseBy: TECH, firstResponseMinutes: 30 });
  expect(visibleText(lastUpdate())).toContain(":white_check_mark: met");

  // 3. the customer's email reply lands on the ticket and is noted in its thread
  now = new Date("2026-03-02T11:00:00Z");
  const reply = email({ from: "jane@acme.com", subject: "Re: Mail server down", inReplyTo: first.messageId!, text: "Thanks, it is urgent!" });
  expect((await sendEmail(app.port, "postmark", reply)).body).toEqual({ outcome: "comment_added", ticketNumber: 1 });
  await eventually(() => threadNotes(message).some((n) => n.includes("Email reply from")), "the email note in the thread");

  // 4. resolved from the channel message, two business hours after opening
  now = new Date("2026-03-02T12:00:00Z");
  const before = app.slack.callsTo("chat.update").length;
  await app.driver.clickMessageButton(TICKETS, message.ts, "ticket_resolve", { userId: TECH });
  await eventually(() => app.slack.callsTo("chat.update").length > before, "the update after Resolve");
  expect(visibleText(lastUpdate())).toContain("*Status*\nResolved");

  // 5. the customer says it broke again: the ticket reopens
  now = new Date("2026-03-02T13:00:00Z");
  const again = email({ from: "jane@acme.com", subject: "Re: [#1] Mail server down", text: "It stopped again." });
  expect((await sendEmail(app.port, "rfc822", again)).body).toEqual({ outcome: "ticket_reopened", ticketNumber: 1 });
  await eventually(() => threadNotes(message).some((n) => n.includes("Reopened by an email reply from")), "the reopen note");
  expect(await app.db.ticket.findUniqueOrThrow({ where: { number: 1 } })).toMatchObject({ status: "open", resolvedAt: null });

  // 6. the manager's summary: one open ticket for Acme, answered on time, with its link
  const summary = await answerTo(app, () => app.driver.command("/sla", "summary today", { userId: ADMIN, channelId: TICKETS }));
  expect(summary.text).toContain("SLA summary");
  expect(summary.text).toMatch(/\*Open\* 1\b/);
  expect(summary.text).toContain("Acme Dental");
  expect(summary.text).toMatch(/Response\* 100% on time \(1 of 1\)/);
});
