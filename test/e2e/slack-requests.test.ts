/**
 * No single request to /slack/events can take the app down or hold it up: signed bodies of every
 * wrong shape, the wrong content type, a huge body, a body that never finishes, and replays
 * (timestamps more than 5 minutes off, in the past or the future). After each, the app still
 * answers a person's command.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startTestApp, type TestApp } from "../support/app-harness.js";
import { messageText } from "../support/csv-fixtures.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const JSON_BODY = { "content-type": "application/json" };

/** The app still takes a person's command, and answers it. */
async function stillAnswers(): Promise<void> {
  const res = await app.driver.command("/customer", "help", { userId: ADMIN });
  expect(res.status).toBe(200);
  expect(res.timedOut).toBe(false);
}

describe("signed requests that are not one of Slack's payloads", () => {
  const cases: [string, string, Record<string, string>, RegExp][] = [
    ["payload=null", form({ payload: "null" }), FORM, /the payload is null, not an object/],
    ["a JSON body null", "null", JSON_BODY, /the payload is null, not an object/],
    ["payload=123", form({ payload: "123" }), FORM, /the payload is a number/],
    ['payload="text"', form({ payload: '"text"' }), FORM, /the payload is a string/],
    ["payload=[]", form({ payload: "[]" }), FORM, /the payload is an array/],
    ["payload that is not JSON", form({ payload: "{not json" }), FORM, /not valid form data with a JSON payload/],
    ["a JSON body that is not JSON", "{not json", JSON_BODY, /not valid JSON/],
    ["an empty JSON object", "{}", JSON_BODY, /neither a type nor a command/],
    ["an event_callback without its event", JSON.stringify({ type: "event_callback" }), JSON_BODY, /event_callback payload lacks event/],
    ["an event without a type", JSON.stringify({ type: "event_callback", event: {} }), JSON_BODY, /event_callback payload lacks event\.type/],
    ["block_actions without actions", form({ payload: JSON.stringify({ type: "block_actions", user: { id: ADMIN } }) }), FORM, /block_actions payload lacks actions/],
    ["block_actions without a user", form({ payload: JSON.stringify({ type: "block_actions", actions: [{ action_id: "x", type: "button" }] }) }), FORM, /lacks user/],
    ["a view_submission without its view", form({ payload: JSON.stringify({ type: "view_submission", user: { id: ADMIN } }) }), FORM, /view_submission payload lacks view/],
    ["a view_submission without state", form({ payload: JSON.stringify({ type: "view_submission", user: { id: ADMIN }, view: { id: "V1", callback_id: "customer_wizard" } }) }), FORM, /lacks view\.state/],
    ["a block_suggestion without value", form({ payload: JSON.stringify({ type: "block_suggestion", user: { id: ADMIN }, action_id: "a" }) }), FORM, /block_suggestion payload lacks value/],
    ["a slash command without a user", form({ command: "/customer", text: "list", channel_id: "C1", trigger_id: "t", response_url: "http://127.0.0.1:9/r" }), FORM, /slash command lacks user_id/],
  ];

  it.each(cases)("answers %s with 400 and a log line, and keeps running", async (_what, body, headers, reason) => {
    const res = await app.driver.rawPost(body, headers);
    expect(res.status).toBe(400);
    expect(res.timedOut).toBe(false);
    expect(res.text).toMatch(reason);
    expect(app.logs.some((l) => l.startsWith("warn Refused a request to /slack/events (HTTP 400)") && reason.test(l))).toBe(true);
    await stillAnswers();
  });

  it("answers a content type Slack never sends with 415", async () => {
    const res = await app.driver.rawPost("<xml/>", { "content-type": "text/xml" });
    expect(res.status).toBe(415);
    const multipart = await app.driver.rawPost("--x\r\n\r\n--x--", { "content-type": "multipart/form-data; boundary=x" });
    expect(multipart.status).toBe(415);
    await stillAnswers();
  });

  it("answers a body over 4 MB with 413 without reading it into memory", async () => {
    const huge = form({ payload: JSON.stringify({ type: "block_actions", filler: "x".repeat(5 * 1024 * 1024) }) });
    const res = await app.driver.rawPost(huge, FORM);
    expect(res.status).toBe(413);
    await stillAnswers();
  });
});

describe("requests that are not Slack's", () => {
  it("refuses a timestamp more than 5 minutes in the future like a stale one, and does not run the command", async () => {
    await new Promise((r) => setTimeout(r, 200)); // earlier answers through response_url have landed
    const before = app.slack.responseUrlPosts().length;
    const ephemeralsBefore = app.slack.ephemerals(ADMIN).length;
    for (const forge of ["future-timestamp", "stale-timestamp"] as const) {
      const res = await app.driver.command("/customer", "help", { userId: ADMIN, forge });
      expect(res.status).toBe(401);
      expect(res.text).toMatch(/minutes from now \(more than 5\)/);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(app.slack.responseUrlPosts().length).toBe(before);
    expect(app.slack.ephemerals(ADMIN).slice(ephemeralsBefore).map((e) => messageText(e))).toEqual([]);
  });

  it("refuses a wrong signature and says once to check SLACK_SIGNING_SECRET", async () => {
    for (let i = 0; i < 3; i++) expect((await app.driver.command("/customer", "help", { userId: ADMIN, forge: "wrong-secret" })).status).toBe(401);
    expect(app.logs.filter((l) => l.includes("its signature does not match SLACK_SIGNING_SECRET"))).toHaveLength(1);
    await stillAnswers();
  });
});

describe("a request that never finishes", () => {
  it("does not hold up the next one", async () => {
    const socket = net.connect(app.port, "127.0.0.1");
    await new Promise<void>((r) => socket.once("connect", () => r()));
    socket.write(`POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"type":`);
    try {
      const started = Date.now();
      await stillAnswers();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      socket.destroy();
    }
  });
});
