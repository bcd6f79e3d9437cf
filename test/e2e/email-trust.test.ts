/**
 * Trusting only mail that proves where it came from (issue 13, §4), through POST /email/inbound:
 * the operator's own mail server's Authentication-Results (EMAIL_TRUSTED_AUTHSERV_ID) and
 * Postmark's SPF/DKIM verdicts decide; anyone else's Authentication-Results are ignored.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { answerTo, visibleText } from "../support/customer-ui.js";
import { FORMATS, INBOUND_SECRET, email, sendEmail, type Format, type TestEmail } from "../support/email.js";

const TRUSTED = "mx.msp.example";
const TICKETS = "C0TICKETS1";
const FAIL = `${TRUSTED}; spf=fail smtp.mailfrom=beta.io; dkim=none; dmarc=fail (p=none) header.from=beta.io`;
const PASS = `${TRUSTED}; spf=pass smtp.mailfrom=beta.io; dkim=pass header.d=beta.io; dmarc=pass header.from=beta.io`;

let app: TestApp;
let beta: SeededCustomer;
let acme: SeededCustomer;

beforeEach(async () => {
  app = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET, TICKETS_CHANNEL_ID: TICKETS, EMAIL_TRUSTED_AUTHSERV_ID: TRUSTED } });
  // Beta takes tickets only from its primary contact, Bob
  beta = await seedCustomer(app.db, {
    name: "Beta Ltd",
    domains: ["beta.io"],
    contacts: [
      { firstName: "Bob", lastName: "Boss", email: "bob@beta.io" },
      { firstName: "Carl", lastName: "Clerk", email: "carl@beta.io" },
    ],
  });
  await app.db.customer.update({ where: { id: beta.id }, data: { ticketsOnlyFromPrimary: true } });
  acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
});
afterEach(async () => app.close());

/** An email with verdict headers: raw MIME carries Authentication-Results; Postmark's JSON its own verdicts. */
function withVerdicts(format: Format, e: TestEmail, o: { ar?: string[]; spf?: string; tests?: string }): TestEmail {
  const headers: Record<string, string> = { ...(e.headers ?? {}) };
  const list = o.ar ?? [];
  // several headers of one name: the helper takes one per key, so join them the way they would stack (top first)
  if (list.length) headers["Authentication-Results"] = list[0]!;
  if (list.length > 1) headers["authentication-results"] = list[1]!;
  if (format === "postmark") {
    // Postmark's JSON is judged by Postmark's own fields only (its Authentication-Results are
    // ignored): the trusted server's verdict in `ar` becomes the same verdict in Postmark's words
    const trusted = list[0]?.startsWith(`${TRUSTED};`) ? list[0] : undefined;
    const spf = o.spf ?? (trusted?.includes("dmarc=fail") ? `Fail (sender not authorized) identity=mailfrom; envelope-from=${e.from}` : trusted?.includes("dmarc=pass") ? `Pass (sender SPF authorized) identity=mailfrom; envelope-from=${e.from}` : undefined);
    const tests = o.tests ?? (trusted?.includes("dmarc=fail") ? "DKIM_SIGNED" : trusted?.includes("dmarc=pass") ? "DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU" : undefined);
    if (spf) headers["Received-SPF"] = spf;
    if (tests) headers["X-Spam-Tests"] = tests;
  }
  return { ...e, headers };
}

const send = async (format: Format, e: TestEmail) => (await sendEmail(app.port, format, e)).body;

describe.each(FORMATS)("as %s", (format) => {
  it("refuses a forged From of the primary contact that failed DMARC at the trusted server, and lists the refusal with the verdict", async () => {
    const forged = withVerdicts(format, email({ from: "bob@beta.io", subject: "Wire the money", text: "Urgent" }), { ar: [FAIL] });
    expect(await send(format, forged)).toEqual({ outcome: "refused_unverified" });
    expect(await app.db.ticket.count()).toBe(0);
    const row = await app.db.inboundEmail.findUniqueOrThrow({ where: { messageId: forged.messageId! } });
    expect(row).toMatchObject({ outcome: "refused_unverified", authResult: "fail", customerId: beta.id });
    // Postmark says SPF and DKIM only (no DMARC)
    const verdict = format === "postmark" ? "spf=fail" : "dmarc=fail";
    expect(row.authDetail).toContain(verdict);
    const shown = await answerTo(app, () => app.driver.command("/ticket", "refused", { userId: ADMIN, channelId: CHANNEL }));
    expect(shown.text).toContain("Wire the money");
    expect(shown.text).toContain(verdict);
  });

  it("opens the primary contact's ticket when the trusted server saw DMARC pass", async () => {
    const real = withVerdicts(format, email({ from: "bob@beta.io", subject: "Printer", text: "x" }), { ar: [PASS] });
    expect((await send(format, real)).outcome).toBe("ticket_opened");
    expect((await app.db.ticket.findFirstOrThrow()).unverifiedSender).toBe(false);
  });

  it("ignores Authentication-Results from another authserv-id, and a dmarc=pass a forger wrote below the trusted server's fail does not undo it; a stranger's dmarc=fail does not hurt", async () => {
    const forgedPass = withVerdicts(format, email({ from: "bob@beta.io", subject: "Forged pass below the real fail", text: "x" }), {
      ar: [FAIL, `${TRUSTED}; spf=pass; dkim=pass; dmarc=pass`],
    });
    expect((await send(format, forgedPass)).outcome).toBe("refused_unverified");
    const otherServer = withVerdicts(format, email({ from: "jane@acme.com", subject: "Only someone else's verdict", text: "x" }), { ar: ["relay.isp.example; spf=fail; dmarc=fail"] });
    expect((await send(format, otherServer)).outcome).toBe("ticket_opened");
    // no verdict of the trusted side: unverified (not failed), whatever the stranger's header said
    const row = await app.db.inboundEmail.findUniqueOrThrow({ where: { messageId: otherServer.messageId! } });
    expect(row.authResult).toBe("none");
  });

  it("takes an email with no verdict from the trusted side as unverified: refused for a primary-only customer, no contact made, marked, and recorded as no verdict", async () => {
    const bare = email({ from: "bob@beta.io", subject: "No verdict at all", text: "x" });
    expect(await send(format, bare)).toEqual({ outcome: "refused_unverified" });
    const row = await app.db.inboundEmail.findUniqueOrThrow({ where: { messageId: bare.messageId! } });
    expect(row.authDetail).toBe(`no verdict from ${format === "postmark" ? "Postmark" : TRUSTED}`);
    // /ticket refused words the stored code for its reader: Italian for an admin whose Slack is Italian
    app.slack.addUser({ id: "U0GIULIA01", name: "giulia", isAdmin: true, locale: "it-IT" });
    const italian = await answerTo(app, () => app.driver.command("/ticket", "refused", { userId: "U0GIULIA01", channelId: CHANNEL }));
    expect(italian.text).toContain(`nessun esito da ${format === "postmark" ? "Postmark" : TRUSTED}`);
    expect(italian.text).not.toContain("no verdict from");
    const before = await app.db.contact.count();
    expect((await send(format, email({ from: "newbie@acme.com", subject: "Hello", text: "x" }))).outcome).toBe("ticket_opened");
    expect(await app.db.contact.count()).toBe(before);
    expect(await app.db.ticket.findFirstOrThrow()).toMatchObject({ customerId: null, unverifiedSender: true });
  });

  it("never makes an unverified stranger on a customer's domain a contact: the ticket goes to triage, marked unverified in Slack", async () => {
    const before = await app.db.contact.count();
    const e = withVerdicts(format, email({ from: "mallory@acme.com", subject: "Reset my password", text: "x" }), { ar: [FAIL.replace(/beta\.io/g, "acme.com")] });
    expect((await send(format, e)).outcome).toBe("ticket_opened");
    expect(await app.db.contact.count()).toBe(before);
    const t = await app.db.ticket.findFirstOrThrow();
    expect(t).toMatchObject({ customerId: null, contactId: null, unverifiedSender: true, requesterEmail: "mallory@acme.com" });
    const posted = await eventually(() => app.slack.messages(TICKETS).find((m) => !m.threadTs), "the ticket's message");
    expect(visibleText(posted!)).toContain("Unverified sender");
  });

  it("takes an unverified reply from the customer's address as a comment only: it does not reopen the resolved ticket", async () => {
    const first = withVerdicts(format, email({ from: "jane@acme.com", subject: "Printer", text: "x" }), { ar: [PASS.replace(/beta\.io/g, "acme.com")] });
    const opened = await send(format, first);
    await app.db.ticket.update({ where: { number: opened.ticketNumber as number }, data: { status: "resolved", resolvedAt: new Date() } });
    const forged = withVerdicts(format, email({ from: "jane@acme.com", subject: "Re: Printer", inReplyTo: first.messageId!, text: "Reopen it" }), { ar: [FAIL.replace(/beta\.io/g, "acme.com")] });
    expect(await send(format, forged)).toMatchObject({ outcome: "comment_added" });
    expect((await app.db.ticket.findFirstOrThrow()).status).toBe("resolved");
  });

  it("opens a known contact's ticket marked unverified when its customer takes tickets from anyone", async () => {
    const e = withVerdicts(format, email({ from: "jane@acme.com", subject: "Printer", text: "x" }), { ar: [FAIL.replace(/beta\.io/g, "acme.com")] });
    expect((await send(format, e)).outcome).toBe("ticket_opened");
    expect(await app.db.ticket.findFirstOrThrow()).toMatchObject({ customerId: acme.id, unverifiedSender: true });
  });
});

describe("at start-up", () => {
  it("says once that sender trust is off, and how to turn it on, when email intake is on without EMAIL_TRUSTED_AUTHSERV_ID; not when it is set", async () => {
    expect(app.logs.filter((l) => l.includes("EMAIL_TRUSTED_AUTHSERV_ID"))).toHaveLength(0);
    const off = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET, TICKETS_CHANNEL_ID: TICKETS } });
    try {
      const lines = off.logs.filter((l) => l.includes("EMAIL_TRUSTED_AUTHSERV_ID"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/sender trust is off/i);
      expect(lines[0]).toContain("Authentication-Results");
    } finally {
      await off.close();
    }
  });
});

describe("Postmark's own verdicts", () => {
  it("refuses the primary contact's address when Postmark saw SPF fail and no valid DKIM", async () => {
    const e = withVerdicts("postmark", email({ from: "bob@beta.io", subject: "Invoice", text: "x" }), { spf: "Fail (sender not authorized) identity=mailfrom", tests: "DKIM_SIGNED,SPF_FAIL" });
    expect((await send("postmark", e)).outcome).toBe("refused_unverified");
  });

  it("takes it when Postmark saw SPF pass for the From's domain", async () => {
    const e = withVerdicts("postmark", email({ from: "bob@beta.io", subject: "Invoice", text: "x" }), { spf: "Pass (sender SPF authorized) identity=mailfrom; envelope-from=bob@beta.io" });
    expect((await send("postmark", e)).outcome).toBe("ticket_opened");
  });

  it("believes no Authentication-Results inside Postmark's JSON, not even one with the trusted id: Postmark's own SPF fail decides", async () => {
    const e = withVerdicts("postmark", email({ from: "bob@beta.io", subject: "Invoice", text: "x" }), {
      spf: "Fail (sender not authorized) identity=mailfrom; envelope-from=bob@beta.io",
      tests: "DKIM_SIGNED,SPF_FAIL",
    });
    e.headers = { ...e.headers, "Authentication-Results": PASS };
    expect((await send("postmark", e)).outcome).toBe("refused_unverified");
  });

  it("takes an email that carries its own X-Spam-Tests or Received-SPF beside Postmark's as unverified: it cannot tell whose is whose", async () => {
    const tests = email({ from: "bob@beta.io", subject: "Two spam tests", text: "x" });
    tests.headers = { "X-Spam-Tests": "DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU", "x-spam-tests": "DKIM_SIGNED,SPF_FAIL", "Received-SPF": "Fail (sender not authorized) identity=mailfrom; envelope-from=bob@beta.io" };
    expect((await send("postmark", tests)).outcome).toBe("refused_unverified");
    const spf = email({ from: "bob@beta.io", subject: "Two SPF verdicts", text: "x" });
    spf.headers = { "Received-SPF": "Pass (sender SPF authorized) identity=mailfrom; envelope-from=bob@beta.io", "received-spf": "Fail (sender not authorized) identity=mailfrom; envelope-from=bob@beta.io" };
    expect((await send("postmark", spf)).outcome).toBe("refused_unverified");
    const row = await app.db.inboundEmail.findUniqueOrThrow({ where: { messageId: spf.messageId! } });
    expect(row.authDetail).toContain("Received-SPF");
  });
});
