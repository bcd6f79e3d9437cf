/**
 * POST /email/inbound as an HTTP endpoint: the secret, content types, size limit and bodies that
 * are not emails. A refusal writes no ticket or contact; one from the secret's holder (400, 413,
 * 415) is recorded as a refused email with its reason code, so /ticket refused lists it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { INBOUND_SECRET, email, postChunked, postInbound, postmarkJson, rawMime, sendEmail } from "../support/email.js";

const MAX_BYTES = 64 * 1024;

async function counts(app: TestApp) {
  const [emails, tickets, contacts] = await Promise.all([app.db.inboundEmail.count(), app.db.ticket.count(), app.db.contact.count()]);
  return { emails, tickets, contacts };
}

/** The counts after one refusal: one more email row (the refusal), nothing else. */
const plusRefusal = (c: Awaited<ReturnType<typeof counts>>, n = 1) => ({ ...c, emails: c.emails + n });

/** The newest email row: the refusal just recorded. */
const lastRefusal = (app: TestApp) =>
  app.db.inboundEmail.findFirstOrThrow({ orderBy: [{ receivedAt: "desc" }, { id: "desc" }], select: { outcome: true, reason: true, fromEmail: true, subject: true, ticketId: true } });

describe("with email intake on", () => {
  let app: TestApp;
  let before: Awaited<ReturnType<typeof counts>>;
  beforeAll(async () => {
    app = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET, INBOUND_EMAIL_MAX_BYTES: String(MAX_BYTES), TICKETS_CHANNEL_ID: "C0TICKETS1" } });
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
    before = await counts(app);
  });
  afterAll(async () => app.close());

  const jane = () => email({ from: "jane@acme.com", subject: "Printer down", text: "It jams." });

  describe("the secret", () => {
    it("answers 401 with a JSON error naming the ways to send it, and writes nothing, when the secret is missing", async () => {
      const res = await postInbound(app.port, rawMime(jane()), { contentType: "message/rfc822", auth: "none" });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(/Authorization: Bearer/);
      expect(await counts(app)).toEqual(before);
    });

    it.each(["bearer", "basic", "header"] as const)("answers 401 for a wrong secret sent as %s, and writes nothing", async (auth) => {
      const res = await postInbound(app.port, rawMime(jane()), { contentType: "message/rfc822", auth, secret: `${INBOUND_SECRET}x` });
      expect(res.status).toBe(401);
      expect(await counts(app)).toEqual(before);
    });

    it("refuses the secret given as the Basic user name instead of the password", async () => {
      const res = await fetch(`http://127.0.0.1:${app.port}/email/inbound`, {
        method: "POST",
        headers: { "content-type": "message/rfc822", authorization: `Basic ${Buffer.from(`${INBOUND_SECRET}:`).toString("base64")}` },
        body: rawMime(jane()),
      });
      expect(res.status).toBe(401);
    });

    it.each(["bearer", "basic", "header"] as const)("takes the right secret sent as %s", async (auth) => {
      const res = await sendEmail(app.port, "rfc822", jane(), { auth });
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe("ticket_opened");
    });
  });

  describe("content types and sizes", () => {
    it("answers 415 naming the accepted types for another content type, and records the refusal only", async () => {
      const now = await counts(app);
      const res = await postInbound(app.port, "from=jane@acme.com", { contentType: "application/x-www-form-urlencoded" });
      expect(res.status).toBe(415);
      expect(res.body.error).toMatch(/message\/rfc822/);
      expect(res.body.error).toMatch(/application\/json/);
      expect(await counts(app)).toEqual(plusRefusal(now));
      expect(await lastRefusal(app)).toMatchObject({ outcome: "refused_content_type", reason: res.body.error, fromEmail: "", ticketId: null });
    });

    it("answers 415 when there is no content type", async () => {
      const res = await postInbound(app.port, Buffer.from(rawMime(jane())));
      expect(res.status).toBe(415);
    });

    it("takes content types with parameters and any case", async () => {
      const res = await postInbound(app.port, JSON.stringify(postmarkJson(jane())), { contentType: "Application/JSON; charset=utf-8" });
      expect(res.status).toBe(200);
    });

    it("answers 413 for a body over INBOUND_EMAIL_MAX_BYTES, and records the refusal only", async () => {
      const now = await counts(app);
      const big = email({ from: "jane@acme.com", subject: "Logs", text: "x".repeat(MAX_BYTES) });
      const res = await sendEmail(app.port, "rfc822", big);
      expect(res.status).toBe(413);
      expect(res.body.error).toMatch(/INBOUND_EMAIL_MAX_BYTES/);
      expect(await lastRefusal(app)).toMatchObject({ outcome: "refused_too_large", reason: res.body.error, ticketId: null });
      const json = await sendEmail(app.port, "postmark", big);
      expect(json.status).toBe(413);
      expect(await counts(app)).toEqual(plusRefusal(now, 2));
    });

    it("stops reading a streamed body (no Content-Length) once it passes the limit and answers 413", async () => {
      const now = await counts(app);
      const status = await postChunked(app.port, MAX_BYTES * 20, "message/rfc822");
      expect(status).toBe(413);
      expect(await counts(app)).toEqual(plusRefusal(now));
      expect((await lastRefusal(app)).outcome).toBe("refused_too_large");
      // the app is still fine afterwards
      expect((await sendEmail(app.port, "rfc822", jane())).status).toBe(200);
    });
  });

  describe("bodies that are not emails", () => {
    const bad: [string, string, string, RegExp, string, string][] = [
      ["malformed JSON", "application/json", "{\"From\": ", /not valid JSON/, "refused_unreadable", ""],
      ["a JSON array", "application/json", "[1,2]", /not a Postmark inbound message/, "refused_unreadable", ""],
      ["JSON that is not Postmark's", "application/json", JSON.stringify({ hello: "world" }), /not a Postmark inbound message/, "refused_unreadable", ""],
      ["Postmark JSON with a wrong field type", "application/json", JSON.stringify({ From: "jane@acme.com", Headers: "nope" }), /Headers/, "refused_unreadable", ""],
      ["Postmark JSON without a sender", "application/json", JSON.stringify({ ...postmarkJson(jane()), From: "", FromFull: { Email: "", Name: "" } }), /no sender/, "refused_sender", ""],
      ["Postmark JSON with an invalid sender", "application/json", JSON.stringify({ ...postmarkJson(jane()), From: "jane", FromFull: null }), /"jane" is not a valid email address/, "refused_sender", "jane"],
      ["an empty body", "message/rfc822", "", /body is empty/, "refused_unreadable", ""],
      ["text that is not MIME", "message/rfc822", "hello, this is not an email", /no header lines/, "refused_unreadable", ""],
      ["MIME without a From", "message/rfc822", "Subject: hi\r\nMessage-ID: <a@b>\r\n\r\nbody\r\n", /no sender/, "refused_sender", ""],
      ["MIME with a From that is no address", "message/rfc822", "From: Jane Roe\r\nSubject: hi\r\n\r\nbody\r\n", /no sender/, "refused_sender", ""],
      ["MIME with an invalid From address", "message/rfc822", "From: jane@acme\r\nSubject: hi\r\n\r\nbody\r\n", /"jane@acme" is not a valid email address/, "refused_sender", "jane@acme"],
    ];
    it.each(bad)("answers 400 with the reason for %s, writes no ticket or contact, and records the refusal with its code", async (_what, contentType, body, reason, outcome, fromEmail) => {
      const now = await counts(app);
      const res = await postInbound(app.port, body, { contentType });
      expect(res.status).toBe(400);
      expect(String(res.body.error)).toMatch(reason);
      expect(await counts(app)).toEqual(plusRefusal(now));
      expect(await lastRefusal(app)).toMatchObject({ outcome, reason: res.body.error, fromEmail, ticketId: null });
      // The provider's retry of the same body is not listed twice.
      expect((await postInbound(app.port, body, { contentType })).status).toBe(400);
      expect(await counts(app)).toEqual(plusRefusal(now));
    });
  });
});

describe("with INBOUND_EMAIL_SECRET unset", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app.close());

  it("answers 404 saying the feature is off, whatever is sent, and writes nothing", async () => {
    const e = email({ from: "jane@acme.com", subject: "Printer down", text: "It jams." });
    const res = await sendEmail(app.port, "rfc822", e);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/INBOUND_EMAIL_SECRET/);
    expect((await postInbound(app.port, "x", { contentType: "text/plain", auth: "none" })).status).toBe(404);
    expect(await app.db.inboundEmail.count()).toBe(0);
    expect(await app.db.ticket.count()).toBe(0);
  });
});
