/**
 * POST /email/inbound while other emails use the memory set aside for parsing: the route on a real
 * HTTP server on loopback, with the real intake service on a real SQLite file, and a small
 * IntakeGate so that "busy" is reached with small emails. A deferred email is answered 503 with
 * Retry-After, without its body being read or anything being written; sent again, it is taken.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { emailInboundRoute, RETRY_AFTER_SECONDS } from "../../src/http/email-inbound.js";
import { IntakeGate } from "../../src/http/intake-gate.js";
import { InboundEmailRepository } from "../../src/repositories/inbound-emails.js";
import { EmailIntakeService } from "../../src/services/tickets/email-intake.js";
import type { TicketNotifier } from "../../src/services/tickets/notifier.js";
import { BOT_TOKEN, SIGNING_SECRET, memoryLogger } from "../support/app-harness.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { INBOUND_SECRET, email, postInbound, rawMime } from "../support/email.js";

let testDb: TestDb;
let server: http.Server;
let port: number;
const logs: string[] = [];
const BUDGET = 4_000;

beforeAll(async () => {
  testDb = await createTestDb();
  await ensureDefaults(testDb.db, "UTC");
  const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, DATABASE_URL: testDb.url, INBOUND_EMAIL_SECRET: INBOUND_SECRET });
  const logger = memoryLogger(logs);
  // No tickets channel in this test: nothing is posted, as with TICKETS_CHANNEL_ID unset.
  const notifier: TicketNotifier = { opened: async () => undefined, changed: async () => undefined };
  const intake = new EmailIntakeService({
    reads: new InboundEmailRepository(testDb.db),
    transaction: (work) => InboundEmailRepository.transaction(testDb.db, work),
    notifier,
    clock: () => new Date("2026-03-03T10:00:00Z"),
    logger,
  });
  const route = emailInboundRoute({ config, logger }, intake, new IntakeGate({ budgetBytes: BUDGET, waitMs: 150, maxWaiting: 5 }));
  server = http.createServer((req, res) => void route.handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await testDb.close();
});

/** Starts an email whose body arrives only when `finish` is called: it holds its room in the gate meanwhile. */
function slowEmail(body: string): { finish(): void; answer: Promise<number> } {
  let req: http.ClientRequest | undefined;
  const answer = new Promise<number>((resolve, reject) => {
    req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/email/inbound",
        method: "POST",
        headers: { "content-type": "message/rfc822", "content-length": Buffer.byteLength(body), authorization: `Bearer ${INBOUND_SECRET}` },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.write(body.slice(0, 10));
  });
  return { finish: () => void req?.end(body.slice(10)), answer };
}

describe("an email that arrives while the parsing budget is taken", () => {
  it("is answered 503 with Retry-After and writes nothing; sent again once there is room, it opens its ticket", async () => {
    const held = rawMime(email({ from: "ann@acme.com", subject: "Holds the room", text: "x".repeat(BUDGET) }));
    const slow = slowEmail(held);
    await new Promise((r) => setTimeout(r, 50));

    const deferred = email({ from: "bob@beta.io", subject: "Arrives while busy", text: "Printer down." });
    const busy = await postInbound(port, rawMime(deferred), { contentType: "message/rfc822" });
    expect(busy.status).toBe(503);
    expect(busy.body.error).toMatch(/Send it again in 30 seconds/);
    expect(await testDb.db.inboundEmail.count({ where: { messageId: deferred.messageId! } })).toBe(0);
    expect(logs.some((l) => l.startsWith("warn") && l.includes("answered 503"))).toBe(true);

    slow.finish();
    expect(await slow.answer).toBe(200);
    const again = await postInbound(port, rawMime(deferred), { contentType: "message/rfc822" });
    expect(again).toMatchObject({ status: 200, body: { outcome: "ticket_opened" } });
    expect(await testDb.db.inboundEmail.count()).toBe(2);
  });

  it("says how long to wait in the Retry-After header", async () => {
    const slow = slowEmail(rawMime(email({ from: "ann@acme.com", subject: "Holds the room", text: "y".repeat(BUDGET) })));
    await new Promise((r) => setTimeout(r, 50));
    const res = await fetch(`http://127.0.0.1:${port}/email/inbound`, {
      method: "POST",
      headers: { "content-type": "message/rfc822", authorization: `Bearer ${INBOUND_SECRET}` },
      body: rawMime(email({ from: "bob@beta.io", subject: "Busy", text: "z" })),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
    slow.finish();
    expect(await slow.answer).toBe(200);
  });
});
