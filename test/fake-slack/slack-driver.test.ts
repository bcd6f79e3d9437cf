/**
 * The driver against a real Bolt 5 app in HTTP mode (a small app defined here, not the project's),
 * to prove that signatures, content types and payload shapes are what Bolt accepts and that the
 * driver applies the app's answers the way Slack does.
 */
import { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { App, LogLevel, type BlockAction, type StaticSelectAction, type types } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";
import { SlackDriver, type Forgery } from "../support/slack-driver.js";
import { BOT_TOKEN, silentLogger, webClient } from "./helpers.js";

const SIGNING_SECRET = "test-signing-secret";
const USER = "U0PERSON01";
const CSV = "name,domain\nAcme,acme.test\n";

const plain = (text: string): types.PlainTextElement => ({ type: "plain_text", text });
const option = (value: string): types.PlainTextOption => ({ text: plain(value.toUpperCase()), value });

function customerModal(extra: Partial<types.ModalView> = {}): types.ModalView {
  return {
    type: "modal",
    callback_id: "customer_name",
    title: plain("New customer"),
    submit: plain("Save"),
    close: plain("Cancel"),
    notify_on_close: true,
    private_metadata: JSON.stringify({ channelId: "C1" }),
    blocks: [
      { type: "input", block_id: "name", label: plain("Name"), element: { type: "plain_text_input", action_id: "value" } },
      {
        type: "input",
        block_id: "tier",
        optional: true,
        label: plain("Tier"),
        element: { type: "static_select", action_id: "pick", options: [option("gold"), option("silver")] },
      },
      {
        type: "actions",
        block_id: "tools",
        elements: [
          { type: "button", action_id: "refresh", text: plain("Refresh") },
          { type: "static_select", action_id: "region", options: [option("eu"), option("us")] },
        ],
      },
    ],
    ...extra,
  };
}

/** What the test app's listeners saw. */
const seen = {
  submissions: [] as { name: string; tier: string | undefined; metadata: string }[],
  regions: [] as string[],
  closed: [] as boolean[],
  mentions: [] as { eventId: string; retryNum: number | undefined }[],
  downloads: [] as { contentType: string | null; text: string }[],
};

function buildTestApp(apiUrl: string): App {
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    logger: silentLogger,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
  });
  app.command("/customer", async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: customerModal() });
  });
  app.command("/hello", async ({ ack }) => ack({ response_type: "ephemeral", text: "Hi!" }));
  app.command("/too-long", async ({ ack }) => ack({ text: "x", blocks: [{ type: "header", text: plain("x".repeat(151)) }] }));
  app.command("/slow", async ({ ack }) => {
    await sleep(400);
    await ack();
  });
  app.view("customer_name", async ({ ack, view }) => {
    const name = view.state.values.name?.value?.value ?? "";
    switch (name) {
      case "x":
        return ack({ response_action: "errors", errors: { name: "At least 2 characters" } });
      case "bad-errors":
        return ack({ response_action: "errors", errors: { tools: "not an input block" } });
      case "update":
        return ack({ response_action: "update", view: customerModal({ title: plain("Updated") }) });
      case "bad-update":
        return ack({ response_action: "update", view: customerModal({ title: plain("A title far too long for Slack") }) });
      case "push":
        return ack({ response_action: "push", view: customerModal({ title: plain("Pushed") }) });
      case "clear":
        return ack({ response_action: "clear" });
      default:
        seen.submissions.push({
          name,
          tier: view.state.values.tier?.pick?.selected_option?.value,
          metadata: view.private_metadata,
        });
        return ack();
    }
  });
  app.view({ callback_id: "customer_name", type: "view_closed" }, async ({ ack, body }) => {
    await ack();
    if (body.type === "view_closed") seen.closed.push(body.is_cleared);
  });
  app.action("refresh", async ({ ack, body, client }) => {
    await ack();
    if (body.type === "block_actions" && body.view !== undefined) {
      await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: customerModal({ title: plain("Refreshed") }) });
    }
  });
  app.action<BlockAction<StaticSelectAction>>("region", async ({ ack, action }) => {
    await ack();
    seen.regions.push(action.selected_option.value);
  });
  app.action("approve", async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: "Approved" });
  });
  app.event("app_mention", async ({ body, context }) => {
    seen.mentions.push({ eventId: body.event_id, retryNum: context.retryNum });
  });
  app.event("file_shared", async ({ event, client }) => {
    const info = await client.files.info({ file: event.file_id });
    const res = await fetch(info.file?.url_private_download ?? "", { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    seen.downloads.push({ contentType: res.headers.get("content-type"), text: await res.text() });
  });
  app.message("hello", async ({ say }) => {
    await say("hi back");
  });
  return app;
}

let fake: FakeSlack;
let app: App;
let appUrl: string;
let driver: SlackDriver;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
  app = buildTestApp(fake.apiUrl);
  const server = await app.start(0);
  if (!(server instanceof Server)) throw new Error("Bolt's HTTPReceiver should start an http.Server");
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  driver = new SlackDriver({ appUrl, signingSecret: SIGNING_SECRET, slack: fake });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.addUser({ id: USER, name: "ada" });
  for (const list of Object.values(seen)) list.length = 0;
});

/** Run /customer and answer the modal it opened. */
async function openCustomerModal(): Promise<string> {
  await driver.command("/customer", "", { userId: USER });
  await fake.waitForCall("views.open");
  const view = driver.currentView(USER);
  if (view === undefined) throw new Error(`no modal opened:\n${fake.describeCalls()}`);
  return view.id;
}

describe("signing", () => {
  it("signs like Slack, so Bolt accepts the command and its ack body becomes an ephemeral reply", async () => {
    const res = await driver.command("/hello", "", { userId: USER, channelId: "C1" });
    expect(res.status).toBe(200);
    expect(res.delivery).toEqual({ outcome: "ephemeral" });
    expect(fake.ephemerals(USER)).toMatchObject([{ channel: "C1", text: "Hi!", source: "command_ack" }]);
  });

  it.each<Forgery>(["wrong-secret", "stale-timestamp", "missing-headers", "missing-signature"])("is refused by Bolt when forged: %s", async (forge) => {
    const res = await driver.command("/hello", "", { userId: USER, forge });
    expect(res.status).toBe(401);
  });

  it("answers url_verification and sends raw bodies", async () => {
    const res = await driver.urlVerification("abc123");
    expect(res.body).toEqual({ challenge: "abc123" });
    const raw = await driver.rawPost("not json", { "content-type": "application/json" });
    expect(raw.status).toBeGreaterThanOrEqual(400);
  });

  it("reports an app slower than Slack's 3 s as timed out", async () => {
    const impatient = new SlackDriver({ appUrl, signingSecret: SIGNING_SECRET, slack: fake, ackTimeoutMs: 100 });
    const res = await impatient.command("/slow", "", { userId: USER });
    expect(res).toMatchObject({ timedOut: true, status: 0 });
  });

  it("throws when a command answers with blocks Slack would refuse", async () => {
    await expect(driver.command("/too-long", "", { userId: USER })).rejects.toThrow(/header text is 151 characters; the limit is 150/);
  });
});

describe("view submissions", () => {
  it("submits typed values; an empty ack closes the modal", async () => {
    const viewId = await openCustomerModal();
    const res = await driver.submitView(viewId, { userId: USER, values: { name: "Acme", tier: "gold" } });
    expect(res).toMatchObject({ status: 200, outcome: "closed", responseAction: undefined, view: undefined });
    expect(seen.submissions).toEqual([{ name: "Acme", tier: "gold", metadata: JSON.stringify({ channelId: "C1" }) }]);
  });

  it("refuses to submit with an empty required input, like the Slack client", async () => {
    const viewId = await openCustomerModal();
    await expect(driver.submitView(viewId, { userId: USER })).rejects.toThrow(/would not submit .*\n {2}name: This field is required/);
    expect(seen.submissions).toEqual([]);
  });

  it("keeps the modal open with response_action errors", async () => {
    const viewId = await openCustomerModal();
    const res = await driver.submitView(viewId, { userId: USER, values: { name: "x" } });
    expect(res).toMatchObject({ outcome: "errors", errors: { name: "At least 2 characters" } });
    expect(res.view?.id).toBe(viewId);
  });

  it("replaces the view with response_action update, keeping what was typed", async () => {
    const viewId = await openCustomerModal();
    const res = await driver.submitView(viewId, { userId: USER, values: { name: "update", tier: "silver" } });
    expect(res.outcome).toBe("updated");
    expect(res.view).toMatchObject({ id: viewId, title: plain("Updated") });
    expect(res.view?.state.values.tier?.pick?.selected_option).toEqual(option("silver"));
  });

  it("pushes with response_action push, up to Slack's 3 views", async () => {
    const root = await openCustomerModal();
    const second = await driver.submitView(root, { userId: USER, values: { name: "push" } });
    expect(second).toMatchObject({ outcome: "pushed", view: { previous_view_id: root, root_view_id: root } });
    const third = await driver.submitView(second.view?.id ?? "", { userId: USER, values: { name: "push" } });
    expect(driver.viewStack(USER)).toHaveLength(3);
    await expect(driver.submitView(third.view?.id ?? "", { userId: USER, values: { name: "push" } })).rejects.toThrow(
      /Slack would refuse response_action "push" .*: push_limit_reached/,
    );
  });

  it("closes the whole stack with response_action clear, and only the top view on an empty ack", async () => {
    const root = await openCustomerModal();
    const pushed = await driver.submitView(root, { userId: USER, values: { name: "push" } });
    const closedTop = await driver.submitView(pushed.view?.id ?? "", { userId: USER, values: { name: "Acme" } });
    expect(closedTop).toMatchObject({ outcome: "closed", view: { id: root } });
    const again = await driver.submitView(root, { userId: USER, values: { name: "push" } });
    const cleared = await driver.submitView(again.view?.id ?? "", { userId: USER, values: { name: "clear" } });
    expect(cleared).toMatchObject({ outcome: "cleared", view: undefined });
    expect(driver.viewStack(USER)).toEqual([]);
  });

  it("throws when the app answers something Slack would refuse", async () => {
    const viewId = await openCustomerModal();
    await expect(driver.submitView(viewId, { userId: USER, values: { name: "bad-errors" } })).rejects.toThrow(
      /"tools" is not the block_id of an input block \(input blocks: name, tier\)/,
    );
    await expect(driver.submitView(viewId, { userId: USER, values: { name: "bad-update" } })).rejects.toThrow(
      /modal title is 30 characters; the limit is 24 \[json-pointer:\/view\/title\/text\]/,
    );
  });
});

describe("block actions and closing", () => {
  it("sends a button click with the view and its state; the app's views.update keeps typed values", async () => {
    const viewId = await openCustomerModal();
    fake.setValue(viewId, "name", "value", "Typed before refresh");
    const res = await driver.clickButton(viewId, "refresh", { userId: USER });
    expect(res).toMatchObject({ status: 200, dispatched: true });
    await fake.waitForCall("views.update");
    const view = fake.view(viewId);
    expect(view?.title).toEqual(plain("Refreshed"));
    expect(view?.state.values.name?.value?.value).toBe("Typed before refresh");
  });

  it("sends block_actions for a select outside input blocks, but nothing for one inside", async () => {
    const viewId = await openCustomerModal();
    const inInput = await driver.selectOption(viewId, "tier", "pick", "gold", { userId: USER });
    expect(inInput.dispatched).toBe(false);
    expect(fake.view(viewId)?.state.values.tier?.pick?.selected_option).toEqual(option("gold"));

    const inActions = await driver.selectOption(viewId, "tools", "region", "eu", { userId: USER });
    expect(inActions).toMatchObject({ dispatched: true, status: 200 });
    await vi.waitFor(() => expect(seen.regions).toEqual(["eu"]));
  });

  it("sends view_closed (notify_on_close) when the person closes the modal", async () => {
    const viewId = await openCustomerModal();
    const res = await driver.closeView(viewId, { userId: USER });
    expect(res).toMatchObject({ dispatched: true, status: 200 });
    expect(seen.closed).toEqual([false]);
    expect(driver.currentView(USER)).toBeUndefined();
  });

  it("clicks a message button with a response_url the app can use to replace the message", async () => {
    const posted = await webClient(fake).chat.postMessage({
      channel: "C1",
      text: "Approve?",
      blocks: [{ type: "actions", elements: [{ type: "button", action_id: "approve", text: plain("Approve"), value: "42" }] }],
    });
    const res = await driver.clickMessageButton("C1", posted.ts ?? "", "approve", { userId: USER });
    expect(res).toMatchObject({ status: 200, dispatched: true });
    await vi.waitFor(() => expect(fake.lastMessage("C1")).toMatchObject({ text: "Approved", updateCount: 1 }));
    expect(fake.responseUrlPosts()).toMatchObject([{ outcome: "replaced", body: { replace_original: true, text: "Approved" } }]);
  });
});

describe("events", () => {
  it("sends event_callback envelopes, and retries with X-Slack-Retry-Num", async () => {
    const mention = { type: "app_mention", user: USER, text: `<@${fake.botUserId}> hi`, ts: "1700000000.000100", channel: "C1" };
    const first = await driver.event(mention);
    expect(first.status).toBe(200);
    const retry = await driver.event(mention, { eventId: first.eventId, retryNum: 1, retryReason: "http_timeout" });
    expect(retry.status).toBe(200);
    await vi.waitFor(() =>
      expect(seen.mentions).toEqual([
        { eventId: first.eventId, retryNum: undefined },
        { eventId: first.eventId, retryNum: 1 },
      ]),
    );
  });

  it("delivers a person's message as a message event", async () => {
    await driver.userMessage("C1", USER, "hello there");
    await vi.waitFor(() => expect(fake.lastMessage("C1")).toMatchObject({ text: "hi back", postedBy: "app" }));
  });

  it("shares a file (file_shared carries ids only); the app downloads it with its token", async () => {
    const { file } = await driver.shareFile({ name: "customers.csv", content: CSV, user: USER, channel: "C1" });
    expect(file.id).toMatch(/^F/);
    await vi.waitFor(() => expect(seen.downloads).toEqual([{ contentType: "text/csv", text: CSV }]));
  });
});
