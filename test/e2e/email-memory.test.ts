/**
 * Large emails against the real process: the entry point in a child process with `npm start`'s
 * node flags (--max-old-space-size=384), its memory read from /proc while emails near
 * INBOUND_EMAIL_MAX_BYTES arrive alone and thirty at once. Before the fix a 9.5 MB HTML-only email
 * ended the process with a V8 out-of-memory error, and thirty 9.5 MB text emails took it past 1 GB.
 */
import http from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BOT_TOKEN, SIGNING_SECRET } from "../support/app-harness.js";
import { startChildApp, sampleRss, startNodeFlags, type ChildApp } from "../support/child-app.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { INBOUND_SECRET } from "../support/email.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";

const MB = 1024 * 1024;
/** Just under INBOUND_EMAIL_MAX_BYTES' default of 10 MB. */
const EMAIL_BYTES = 9.5 * MB;
/**
 * How far the process may grow above its size at rest while the emails are read. Before the fix:
 * out of memory (HTML), 1.1-1.4 GB (thirty text emails). After: 50-150 MB on the measuring machine.
 */
const GROWTH_ALLOWED = 200 * MB;

type Body = { parts: Buffer[]; contentType: string; messageId: string };

/** A raw email whose body part (base64) is shared between emails: only the headers differ. */
function rawEmail(contentType: "text/plain" | "text/html", sharedBase64: Buffer): Body {
  const messageId = `${randomUUID()}@big.test`;
  const head = [
    "From: Jane Roe <jane@acme.com>",
    "To: help@msp.example",
    `Subject: Big ${contentType}`,
    "Date: Tue, 03 Mar 2026 10:00:00 +0000",
    `Message-ID: <${messageId}>`,
    "MIME-Version: 1.0",
    `Content-Type: ${contentType}; charset=utf-8`,
    "Content-Transfer-Encoding: base64",
    "",
    "",
  ].join("\r\n");
  return { parts: [Buffer.from(head), sharedBase64], contentType: "message/rfc822", messageId };
}

/** Postmark JSON whose TextBody or HtmlBody (already a JSON string literal) is shared. */
function postmarkEmail(field: "TextBody" | "HtmlBody", sharedJsonString: Buffer): Body {
  const messageId = `${randomUUID()}@big.test`;
  const head = JSON.stringify({
    From: "jane@acme.com",
    FromFull: { Email: "jane@acme.com", Name: "Jane Roe" },
    Subject: `Big ${field}`,
    MessageID: `pm-${messageId}`,
    Date: "Tue, 03 Mar 2026 10:00:00 +0000",
    Headers: [{ Name: "Message-ID", Value: `<${messageId}>` }],
    [field === "TextBody" ? "HtmlBody" : "TextBody"]: "",
  }).slice(0, -1);
  return { parts: [Buffer.from(`${head},"${field}":`), sharedJsonString, Buffer.from("}")], contentType: "application/json", messageId };
}

const base64Lines = (text: string) => Buffer.from(Buffer.from(text, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n"));
/** Repeats `unit` until the email (base64 adds a third, line ends a little more) is about EMAIL_BYTES. */
const fillRaw = (unit: string) => unit.repeat(Math.floor((EMAIL_BYTES * 0.72) / Buffer.byteLength(unit)));
const fillJson = (unit: string) => unit.repeat(Math.floor((EMAIL_BYTES * 0.98) / (Buffer.byteLength(JSON.stringify(unit)) - 2)));

type Answer = { status: number; retryAfter: string | undefined; body: Record<string, unknown> };

/** POSTs the parts as one body with its Content-Length, without copying them together. */
function post(port: number, body: Body): Promise<Answer> {
  const length = body.parts.reduce((n, p) => n + p.length, 0);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/email/inbound",
        method: "POST",
        headers: { "content-type": body.contentType, "content-length": length, authorization: `Bearer ${INBOUND_SECRET}` },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => {
          const retry = res.headers["retry-after"];
          resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retry) ? retry[0] : retry, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        });
      },
    );
    // The app answers 503 without reading the body: the rest of the body then meets a closed socket.
    req.on("error", reject);
    for (const p of body.parts) req.write(p);
    req.end();
  });
}

describe.skipIf(process.platform !== "linux")("large emails, in the app's own process with npm start's heap cap", () => {
  let slack: FakeSlack;
  let testDb: TestDb;
  let app: ChildApp;
  let rest = 0;

  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, enforceRateLimits: false, logRejections: false });
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await slack?.close();
    await testDb?.close();
  });

  // A process of its own for each test, so that one that dies does not take the next test with it.
  beforeEach(async () => {
    const flags = startNodeFlags();
    expect(flags).toContain("--max-old-space-size=384");
    app = await startChildApp(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_API_RETRIES: "0",
        DATABASE_URL: testDb.url,
        LOG_LEVEL: "error",
        INBOUND_EMAIL_SECRET: INBOUND_SECRET,
      },
      { nodeFlags: flags },
    );
    await new Promise((r) => setTimeout(r, 300));
    rest = app.rss();
  });
  afterEach(async () => {
    app?.kill();
    await app?.exited;
  });

  const ticketOf = (messageId: string) =>
    testDb.db.inboundEmail.findUnique({ where: { messageId }, select: { outcome: true, ticket: { select: { description: true } } } });

  it.each([
    ["raw MIME, text/html", () => rawEmail("text/html", base64Lines(fillRaw("<b>a</b>")))],
    ["Postmark HtmlBody", () => postmarkEmail("HtmlBody", Buffer.from(JSON.stringify(fillJson("<td>cell</td>"))))],
  ])("a 9.5 MB HTML-only email (%s) opens a ticket with its text, and the process stays up within its memory", async (_what, build) => {
    const body = build();
    expect(body.parts.reduce((n, p) => n + p.length, 0)).toBeGreaterThan(9 * MB);
    const rss = sampleRss(app);
    const answer = await post(app.port, body);
    const peak = rss.stop();
    if (process.env.SHOW_MEMORY) console.info(`${_what}: peak ${Math.round(peak / MB)} MB, at rest ${Math.round(rest / MB)} MB`);
    expect(app.alive(), app.output()).toBe(true);
    expect(answer).toMatchObject({ status: 200, body: { outcome: "ticket_opened" } });
    const stored = await ticketOf(body.messageId);
    expect(stored?.ticket?.description).toMatch(/^(aaaa|cell\tcell)/);
    expect(stored?.ticket?.description).toMatch(/cut: the email was longer than a ticket holds/);
    expect(peak - rest, `peak ${Math.round(peak / MB)} MB, at rest ${Math.round(rest / MB)} MB`).toBeLessThan(GROWTH_ALLOWED);
  }, 60_000);

  it("thirty 9.5 MB text emails at once: each is taken (200) or deferred (503 with Retry-After), none is lost, and memory stays bounded", async () => {
    const rawText = base64Lines(fillRaw("All work and no play makes Jack a dull boy.\n"));
    const jsonText = Buffer.from(JSON.stringify(fillJson("Tutto lavoro e niente svago: è così.\n")));
    const bodies = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? rawEmail("text/plain", rawText) : postmarkEmail("TextBody", jsonText)));
    const rss = sampleRss(app);
    const first = await Promise.all(bodies.map((b) => post(app.port, b).catch((e: unknown) => ({ status: 0, retryAfter: undefined, body: { error: String(e) } }))));
    const taken = bodies.filter((_, i) => first[i]!.status === 200);
    const deferred = bodies.filter((_, i) => first[i]!.status === 503);
    expect(taken.length + deferred.length, JSON.stringify(first.map((a) => a.status))).toBe(30);
    for (const a of first.filter((x) => x.status === 503)) {
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
      expect(String(a.body.error)).toMatch(/Send it again/);
    }
    // What was answered 200 is stored; a deferred email is taken when it is sent again.
    for (const b of taken) expect((await ticketOf(b.messageId))?.outcome).toBe("ticket_opened");
    for (const b of deferred) expect(await ticketOf(b.messageId)).toBeNull();
    for (const b of deferred) expect((await post(app.port, b)).status).toBe(200);
    const peak = rss.stop();
    if (process.env.SHOW_MEMORY) console.info(`thirty at once: ${taken.length} taken, ${deferred.length} deferred; peak ${Math.round(peak / MB)} MB, at rest ${Math.round(rest / MB)} MB`);
    expect(app.alive(), app.output()).toBe(true);
    expect(await testDb.db.inboundEmail.count({ where: { messageId: { in: bodies.map((b) => b.messageId) } } })).toBe(30);
    expect(peak - rest, `peak ${Math.round(peak / MB)} MB, at rest ${Math.round(rest / MB)} MB`).toBeLessThan(GROWTH_ALLOWED);
  }, 120_000);
});
