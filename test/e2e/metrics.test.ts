/**
 * GET /metrics through the real app: Prometheus' text format, counting what the app handled (a
 * slash command, an email that opens a ticket), the Slack Web API calls it made with Slack's
 * errors and 429s, the tickets opened by source, and the process metrics with the event loop's
 * lag; METRICS_TOKEN guards it; each app instance counts only its own. On both databases (the
 * build info names the one the app runs on).
 */
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { email, sendEmail } from "../support/email.js";
import { INBOUND_SECRET } from "../support/email.js";

const TOKEN = "metrics-token-0123456789abcdef";
const TICKETS = "C0TICKETS1";
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0).reverse()) await app.close();
});

async function scrape(app: TestApp, token = TOKEN): Promise<Response> {
  return fetch(`http://127.0.0.1:${app.port}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

/** The value of one series in a Prometheus text exposition (0 when absent). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

describe("GET /metrics", () => {
  it("counts requests by kind and outcome, Slack calls with their errors and 429s, and tickets by source", async () => {
    const app = await startTestApp({ env: { METRICS_TOKEN: TOKEN, INBOUND_EMAIL_SECRET: INBOUND_SECRET, TICKETS_CHANNEL_ID: TICKETS } });
    apps.push(app);
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });

    expect((await scrape(app, "")).status).toBe(401);
    expect((await scrape(app, "not-the-token-0123456789")).status).toBe(401);

    await app.driver.command("/customer", "help", { userId: ADMIN });
    // The ticket's message to the tickets channel: rate limited once (HTTP 429, waited out), then posted.
    app.slack.failSlack(["chat.postMessage"], { kind: "ratelimited", retryAfterSeconds: 1, times: 1 });
    expect((await sendEmail(app.port, "rfc822", email({ from: "jane@acme.com", subject: "Printer down", text: "It jams." }))).status).toBe(200);
    await eventually(() => app.slack.callsTo("chat.postMessage").some((c) => c.ok), "the ticket's message", 10_000);
    // A second ticket whose message Slack refuses with an error code.
    app.slack.failSlack(["chat.postMessage"], { kind: "error", error: "channel_not_found", times: 1 });
    expect((await sendEmail(app.port, "rfc822", email({ from: "jane@acme.com", subject: "Scanner down", text: "No light." }))).status).toBe(200);
    await eventually(() => app.slack.callsTo("chat.postMessage").some((c) => c.response?.error === "channel_not_found"), "the refused message", 10_000);
    await fetch(`http://127.0.0.1:${app.port}/email/inbound`, { method: "POST", headers: { "content-type": "message/rfc822" }, body: "x" }); // no secret: refused

    const res = await scrape(app);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(value(text, "customerbook_requests_total", { kind: "command", outcome: "ok" })).toBe(1);
    expect(value(text, "customerbook_requests_total", { kind: "email_inbound", outcome: "ok" })).toBe(2);
    expect(value(text, "customerbook_requests_total", { kind: "email_inbound", outcome: "refused" })).toBe(1);
    expect(value(text, "customerbook_request_duration_seconds_count", { kind: "command" })).toBe(1);
    expect(value(text, "customerbook_tickets_opened_total", { source: "email" })).toBe(2);
    expect(value(text, "customerbook_slack_api_calls_total", { method: "chat.postMessage", outcome: "rate_limited" })).toBe(1);
    expect(value(text, "customerbook_slack_api_calls_total", { method: "chat.postMessage", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(value(text, "customerbook_slack_api_errors_total", { method: "chat.postMessage", error: "channel_not_found" })).toBe(1);
    expect(value(text, "customerbook_slack_api_calls_total", { method: "auth.test", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^customerbook_nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^customerbook_process_resident_memory_bytes \d/m);
    expect(value(text, "customerbook_build_info", { database: app.testDb.kind })).toBe(1);
    expect(text).not.toContain(INBOUND_SECRET);

    // A second instance in the same process has its own registry: none of the first one's requests.
    const second = await startTestApp({ slack: app.slack, env: { METRICS_TOKEN: TOKEN } });
    apps.push(second);
    const other = await (await scrape(second)).text();
    expect(value(other, "customerbook_requests_total", { kind: "command", outcome: "ok" })).toBe(0);
    expect(value(other, "customerbook_tickets_opened_total", { source: "email" })).toBe(0);
  }, 60_000);
});
