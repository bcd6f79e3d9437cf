/**
 * SIGTERM drains: the real entry point in a child process gets SIGTERM while a request is being
 * received (an email to the webhook, its body half sent). GET /health turns 503 "draining", a new
 * request is answered 503, the request in flight is answered in full (its ticket opened), and the
 * process exits 0 within DRAIN_TIMEOUT. Not database-specific: SQLite only.
 */
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { BOT_TOKEN, SIGNING_SECRET, startTestApp } from "../support/app-harness.js";
import { startChildApp, type ChildApp } from "../support/child-app.js";
import { clockEnv } from "../support/child-env.js";
import { createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { email, INBOUND_SECRET, rawMime } from "../support/email.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";

const DRAIN_TIMEOUT_S = 8;
let slack: FakeSlack | undefined;
let testDb: TestDb | undefined;
let app: ChildApp | undefined;
afterEach(async () => {
  if (app?.alive()) app.kill();
  await slack?.close();
  await testDb?.close();
  slack = testDb = app = undefined;
});

describe.skipIf(onPostgres)("SIGTERM", () => {
  it("answers the request in flight, refuses new ones with 503 while /health says draining, and exits 0 within DRAIN_TIMEOUT", async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
    testDb = await createTestDb();
    app = await startChildApp({
      ...clockEnv(),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: testDb.url,
      INBOUND_EMAIL_SECRET: INBOUND_SECRET,
      DRAIN_TIMEOUT: String(DRAIN_TIMEOUT_S),
    });
    const port = app.port;
    const body = Buffer.from(rawMime(email({ from: "sam@stranger.example", subject: "Sent during a deploy", text: "Still here?" })));
    // The email's headers and first half now; the rest after SIGTERM.
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: "/email/inbound", method: "POST", headers: { "content-type": "message/rfc822", authorization: `Bearer ${INBOUND_SECRET}`, "content-length": body.length } }, (res) => {
        let text = "";
        res.on("data", (d) => (text += String(d)));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.write(body.subarray(0, body.length / 2));
      setTimeout(() => {
        // while the rest is held back: SIGTERM, then what a load balancer and a new request see
        void (async () => {
          const signalled = Date.now();
          app?.child.kill("SIGTERM");
          await new Promise((r) => setTimeout(r, 300));
          const health = await fetch(`http://127.0.0.1:${port}/health`);
          expect(health.status).toBe(503);
          expect(await health.json()).toMatchObject({ status: "draining" });
          const late = await fetch(`http://127.0.0.1:${port}/email/inbound`, { method: "POST", headers: { "content-type": "message/rfc822", authorization: `Bearer ${INBOUND_SECRET}` }, body });
          expect(late.status).toBe(503);
          expect(app?.alive()).toBe(true); // still waiting for the email in flight
          req.end(body.subarray(body.length / 2));
          exitedWithin = app?.exited.then((code) => ({ code, ms: Date.now() - signalled }));
        })().catch(reject);
      }, 200);
    });
    let exitedWithin: Promise<{ code: unknown; ms: number }> | undefined;
    const res = await answer;
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ outcome: "ticket_opened" });
    const exit = await exitedWithin;
    expect(exit?.code, app.output()).toBe(0);
    expect(exit?.ms).toBeLessThan(DRAIN_TIMEOUT_S * 1000);
    expect(await testDb.db.ticket.count()).toBe(1); // the one in flight; the late one was not taken
    expect(app.output()).toContain("SIGTERM received, stopping");
  }, 60_000);

  it("runs the stop steps a component adds: at the signal before the wait for requests in flight, the others after it, once", async () => {
    const test = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET } });
    const order: string[] = [];
    // A request in flight: an email whose body is half sent.
    const body = Buffer.from(rawMime(email({ from: "sam@stranger.example", subject: "In flight", text: "x" })));
    const req = http.request({ host: "127.0.0.1", port: test.port, path: "/email/inbound", method: "POST", headers: { "content-type": "message/rfc822", authorization: `Bearer ${INBOUND_SECRET}`, "content-length": body.length } });
    const answered = new Promise<number>((resolve, reject) => {
      req.on("response", (res) => {
        res.resume();
        order.push(`answered ${res.statusCode}`);
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
    });
    req.write(body.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 100));
    test.application.onStop("after", async () => void order.push(`after in flight: ${await test.db.ticket.count()} ticket(s)`));
    test.application.onStop("signal", () => {
      order.push("at signal");
      setTimeout(() => req.end(body.subarray(10)), 100); // the work in flight gives up: its request ends
    }, "at_signal");
    await Promise.all([test.close(), test.application.stop()]);
    expect(await answered).toBe(200);
    // the email in flight had opened its ticket before the steps after in flight ran
    expect(order.filter((o) => !o.startsWith("answered"))).toEqual(["at signal", "after in flight: 1 ticket(s)"]);
  });
});
