import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";
import { BOT_TOKEN, slackError, webClient } from "./helpers.js";

let fake: FakeSlack;
let client: webApi.WebClient;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN, teamId: "T123", botUserId: "UBOT", logRejections: false });
  client = webClient(fake);
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

describe("an outage (failSlack)", () => {
  it("fails a method as a Slack that is down does, for a number of calls or until restored, and records the calls", async () => {
    const strict = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    fake.failSlack(["chat.postMessage"], { kind: "unreachable", times: 2 });
    for (let i = 0; i < 2; i++) await expect(strict.chat.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({ code: "slack_webapi_request_error" });
    expect(await strict.chat.postMessage({ channel: "C1", text: "back" })).toMatchObject({ ok: true });
    expect(fake.callsTo("chat.postMessage").map((c) => c.ok)).toEqual([false, false, true]);

    fake.failSlack("*", { kind: "ratelimited", retryAfterSeconds: 7 });
    await expect(strict.auth.test()).rejects.toMatchObject({ code: "slack_webapi_rate_limited_error", retryAfter: 7 });
    fake.failSlack("*", { kind: "http", status: 503 });
    await expect(strict.chat.update({ channel: "C1", ts: "1.1", text: "x" })).rejects.toMatchObject({ code: "slack_webapi_http_error", statusCode: 503 });
    fake.failSlack("*", { kind: "error", error: "fatal_error" });
    await expect(strict.auth.test()).rejects.toMatchObject({ data: { error: "fatal_error" } });
    fake.restoreSlack();
    expect(await strict.auth.test()).toMatchObject({ ok: true });
  });

  it("can take down file downloads and response_urls, which the Web API's outage leaves up", async () => {
    const url = fake.createResponseUrl({ userId: "U1", channelId: "C1" });
    fake.failSlack("*");
    expect((await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "hi" }) })).status).toBe(200);
    fake.failSlack(["response_url"], { kind: "http", status: 502 });
    expect((await fetch(fake.createResponseUrl({ userId: "U1", channelId: "C1" }), { method: "POST", body: "{}" })).status).toBe(502);
    fake.restoreSlack();
  });
});

describe("authentication and routing", () => {
  it("answers auth.test like Slack", async () => {
    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: "T123", user_id: "UBOT", bot_id: fake.botId });
  });

  it("answers invalid_auth for a wrong token and not_authed for none, with HTTP 200", async () => {
    expect((await slackError(webClient(fake, "xoxb-wrong").auth.test())).error).toBe("invalid_auth");
    const res = await fetch(`${fake.apiUrl}auth.test`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, error: "not_authed" });
  });

  it("accepts the token as a form field and JSON bodies", async () => {
    const form = await fetch(`${fake.apiUrl}auth.test`, { method: "POST", body: new URLSearchParams({ token: BOT_TOKEN }) });
    expect(await form.json()).toMatchObject({ ok: true });
    const json = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${BOT_TOKEN}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ channel: "C1", blocks: [section("from JSON")] }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: "C1" });
    expect(fake.lastMessage("C1")?.blocks?.[0]).toMatchObject(section("from JSON"));
  });

  it("answers unknown_method for methods it does not know", async () => {
    expect((await slackError(client.apiCall("reactions.explode"))).error).toBe("unknown_method");
  });

  it("records every call with JSON-string arguments decoded", async () => {
    await client.chat.postMessage({ channel: "C1", text: "hi", blocks: [section("hi")] });
    const [call] = fake.callsTo("chat.postMessage");
    expect(call?.args.blocks).toEqual([section("hi")]);
    expect(call).toMatchObject({ ok: true, status: 200 });
    expect(call?.args.token).toBeUndefined();
  });
});

describe("messages", () => {
  it("stores messages per channel with ts and thread_ts", async () => {
    const parent = await client.chat.postMessage({ channel: "C1", text: "parent" });
    await client.chat.postMessage({ channel: "C1", text: "reply", thread_ts: parent.ts ?? "" });
    expect(fake.messages("C1").map((m) => [m.text, m.threadTs])).toEqual([
      ["parent", undefined],
      ["reply", parent.ts],
    ]);
    expect(fake.postMessageCounts()).toEqual({ C1: 2 });
  });

  it("opens the DM when a user id is the channel, with the same D id as conversations.open", async () => {
    const res = await client.chat.postMessage({ channel: "U42", text: "psst" });
    expect(res.channel).toMatch(/^D/);
    const opened = await client.conversations.open({ users: "U42" });
    expect(opened.channel?.id).toBe(res.channel);
    expect(fake.lastMessage("U42")?.text).toBe("psst");
  });

  it("rejects a message without text or blocks (no_text) and invalid blocks (invalid_blocks)", async () => {
    expect((await slackError(client.chat.postMessage({ channel: "C1", text: "" }))).error).toBe("no_text");
    const tooLong = await slackError(client.chat.postMessage({ channel: "C1", text: "x", blocks: [section("x".repeat(3001))] }));
    expect(tooLong.error).toBe("invalid_blocks");
    expect(tooLong.messages[0]).toMatch(/section text is 3001 characters; the limit is 3000 \[json-pointer:\/blocks\/0\/text\/text\]/);
    expect(fake.messages("C1")).toEqual([]);
  });

  it("updates only existing messages and keeps blocks that the update leaves out", async () => {
    const posted = await client.chat.postMessage({ channel: "C1", text: "v1", blocks: [section("v1")] });
    await client.chat.update({ channel: "C1", ts: posted.ts ?? "", text: "v2" });
    expect(fake.lastMessage("C1")).toMatchObject({ text: "v2", updateCount: 1, blocks: [section("v1")] });
    expect((await slackError(client.chat.update({ channel: "C1", ts: "1.000001", text: "x" }))).error).toBe("message_not_found");
    expect((await slackError(client.chat.update({ channel: "C2", ts: posted.ts ?? "", text: "x" }))).error).toBe("message_not_found");
  });

  it("keeps ephemeral messages per user and answers permalinks", async () => {
    const eph = await client.chat.postEphemeral({ channel: "C1", user: "U1", text: "only you" });
    expect(fake.ephemerals("U1")).toMatchObject([{ channel: "C1", text: "only you", messageTs: eph.message_ts, source: "chat.postEphemeral" }]);
    expect(fake.ephemerals("U2")).toEqual([]);
    const posted = await client.chat.postMessage({ channel: "C1", text: "x" });
    const link = await client.chat.getPermalink({ channel: "C1", message_ts: posted.ts ?? "" });
    expect(link.permalink).toBe(`https://${fake.teamDomain}.slack.com/archives/C1/p${(posted.ts ?? "").replace(".", "")}`);
  });
});

describe("users", () => {
  it("answers users.info from the registry and user_not_found otherwise", async () => {
    fake.addUser({ id: "U1", name: "ada", realName: "Ada Lovelace", isAdmin: true, tz: "Europe/London" });
    const res = await client.users.info({ user: "U1" });
    expect(res.user).toMatchObject({
      id: "U1",
      name: "ada",
      real_name: "Ada Lovelace",
      is_admin: true,
      is_owner: false,
      is_primary_owner: false,
      is_bot: false,
      tz: "Europe/London",
      profile: { real_name: "Ada Lovelace" },
    });
    expect(typeof res.user?.tz_offset).toBe("number");
    expect((await slackError(client.users.info({ user: "U404" }))).error).toBe("user_not_found");
  });
});

describe("rate limits", () => {
  it("answers HTTP 429 with Retry-After after 50 chat.update calls in 60 s, and allows again later", async () => {
    const posted = await client.chat.postMessage({ channel: "C1", text: "progress" });
    const ts = posted.ts ?? "";
    for (let i = 0; i < 50; i++) await client.chat.update({ channel: "C1", ts, text: `${i}` });
    expect(fake.rateLimitCounts()["chat.update"]).toBe(50);

    const strict = webClient(fake, BOT_TOKEN, { rejectRateLimitedCalls: true });
    const error: unknown = await strict.chat.update({ channel: "C1", ts, text: "51" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: webApi.ErrorCode.RateLimitedError });
    expect((error as webApi.WebAPIRateLimitedError).retryAfter).toBeGreaterThan(0);
    const limited = fake.callsTo("chat.update").at(-1);
    expect(limited).toMatchObject({ status: 429, ok: false, error: "ratelimited" });

    const raw = await fetch(`${fake.apiUrl}chat.update`, {
      method: "POST",
      headers: { authorization: `Bearer ${BOT_TOKEN}` },
      body: new URLSearchParams({ channel: "C1", ts, text: "52" }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await raw.json()).toEqual({ ok: false, error: "ratelimited" });

    fake.advanceClock(60_001);
    await expect(client.chat.update({ channel: "C1", ts, text: "later" })).resolves.toMatchObject({ ok: true });
  });

  it("counts but does not limit when enforceRateLimits is false", async () => {
    const lenient = await startFakeSlack({ botToken: BOT_TOKEN, enforceRateLimits: false });
    try {
      const c = webClient(lenient);
      lenient.addUser({ id: "U1" });
      for (let i = 0; i < 101; i++) await c.users.info({ user: "U1" });
      expect(lenient.rateLimitCounts()["users.info"]).toBe(101);
    } finally {
      await lenient.close();
    }
  });
});

describe("waitForCall", () => {
  it("resolves with a call made later, and with one already made", async () => {
    const waiting = fake.waitForCall("chat.postMessage", (c) => c.args.channel === "C9");
    await client.chat.postMessage({ channel: "C8", text: "not this" });
    await client.chat.postMessage({ channel: "C9", text: "this" });
    expect((await waiting).args.text).toBe("this");
    expect((await fake.waitForCall("chat.postMessage")).args.channel).toBe("C8");
  });

  it("rejects with the calls seen and their errors", async () => {
    await slackError(client.chat.postMessage({ channel: "C1", text: "" }));
    await expect(fake.waitForCall("views.open", undefined, 50)).rejects.toThrow(
      /Timed out after 50 ms waiting for a views.open call.\nCalls seen:\n  chat.postMessage -> no_text/,
    );
  });
});
