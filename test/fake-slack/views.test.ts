import type { types, webApi } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JsonObject } from "../support/fake-slack/json.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";
import { BOT_TOKEN, slackError, webClient } from "./helpers.js";

let fake: FakeSlack;
let client: webApi.WebClient;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
  client = webClient(fake);
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const plain = (text: string): types.PlainTextElement => ({ type: "plain_text", text });
const option = (value: string): types.PlainTextOption => ({ text: plain(value.toUpperCase()), value });

function modal(title = "Customer", blocks: types.KnownBlock[] = [], extra: Partial<types.ModalView> = {}): types.ModalView {
  return { type: "modal", callback_id: "customer", title: plain(title), submit: plain("Save"), blocks, ...extra };
}

function textInput(blockId: string, actionId = "value", extra: Partial<types.PlainTextInput> = {}): types.InputBlock {
  return { type: "input", block_id: blockId, label: plain(blockId), element: { type: "plain_text_input", action_id: actionId, ...extra } };
}

/** views.open through the real WebClient; answers the view id. */
async function open(userId: string, view: types.ModalView): Promise<string> {
  const res = await client.views.open({ trigger_id: fake.issueTriggerId(userId), view });
  return res.view?.id ?? "";
}

describe("views.open", () => {
  it("opens a stack and answers the view like Slack", async () => {
    const res = await client.views.open({ trigger_id: fake.issueTriggerId("U1"), view: modal("Hello") });
    const view = res.view;
    expect(view?.id).toMatch(/^V[A-Z0-9]{10}$/);
    expect(view).toMatchObject({
      type: "modal",
      callback_id: "customer",
      root_view_id: view?.id,
      previous_view_id: null,
      state: { values: {} },
      private_metadata: "",
      app_id: fake.appId,
      team_id: fake.teamId,
    });
    expect(view?.hash).toMatch(/^\d+\.[0-9a-f]{8}$/);
    expect(fake.currentView("U1")?.id).toBe(view?.id);
  });

  it("fails a title over 24 characters with invalid_arguments and says why", async () => {
    const failure = await slackError(client.views.open({ trigger_id: fake.issueTriggerId("U1"), view: modal("x".repeat(25)) }));
    expect(failure.error).toBe("invalid_arguments");
    expect(failure.messages).toEqual(["[ERROR] modal title is 25 characters; the limit is 24 [json-pointer:/view/title/text]"]);
    expect(fake.currentView("U1")).toBeUndefined();
  });
});

describe("trigger ids", () => {
  it("are single-use", async () => {
    const trigger = fake.issueTriggerId("U1");
    await client.views.open({ trigger_id: trigger, view: modal() });
    expect((await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).error).toBe("exchanged_trigger_id");
  });

  it("expire after 3 seconds on the fake clock, or at once with expireTrigger", async () => {
    const old = fake.issueTriggerId("U1");
    fake.advanceClock(3001);
    expect((await slackError(client.views.open({ trigger_id: old, view: modal() }))).error).toBe("expired_trigger_id");

    const fresh = fake.issueTriggerId("U1");
    fake.expireTrigger(fresh);
    expect((await slackError(client.views.open({ trigger_id: fresh, view: modal() }))).error).toBe("expired_trigger_id");
  });

  it("are valid for exactly 3 seconds on an injected clock", async () => {
    let now = Date.UTC(2025, 0, 1);
    const frozen = await startFakeSlack({ botToken: BOT_TOKEN, now: () => now, logRejections: false });
    try {
      const c = webClient(frozen);
      const first = frozen.issueTriggerId("U1");
      now += 3000;
      await expect(c.views.open({ trigger_id: first, view: modal() })).resolves.toMatchObject({ ok: true });
      const second = frozen.issueTriggerId("U1");
      now += 3001;
      expect((await slackError(c.views.open({ trigger_id: second, view: modal() }))).error).toBe("expired_trigger_id");
    } finally {
      await frozen.close();
    }
  });

  it("must be known", async () => {
    expect((await slackError(client.views.open({ trigger_id: "1.2.3", view: modal() }))).error).toBe("invalid_trigger_id");
  });
});

describe("views.push", () => {
  it("pushes up to 3 views and then fails with push_limit_reached", async () => {
    const root = await open("U1", modal("Root"));
    const second = await client.views.push({ trigger_id: fake.issueTriggerId("U1"), view: modal("Second") });
    const third = await client.views.push({ trigger_id: fake.issueTriggerId("U1"), view: modal("Third") });
    expect(second.view).toMatchObject({ root_view_id: root, previous_view_id: root });
    expect(third.view).toMatchObject({ root_view_id: root, previous_view_id: second.view?.id });

    const failure = await slackError(client.views.push({ trigger_id: fake.issueTriggerId("U1"), view: modal("Fourth") }));
    expect(failure.error).toBe("push_limit_reached");
    expect(fake.viewStack("U1").map((v) => (v.title as JsonObject).text)).toEqual(["Root", "Second", "Third"]);
  });

  it("needs an open modal for the trigger's person", async () => {
    await open("U1", modal());
    const failure = await slackError(client.views.push({ trigger_id: fake.issueTriggerId("U2"), view: modal() }));
    expect(failure.error).toBe("invalid_arguments");
  });
});

describe("views.update", () => {
  it("replaces the view in place with a new hash, and refuses a stale hash", async () => {
    const id = await open("U1", modal("One"));
    const before = fake.view(id)?.hash ?? "";
    const res = await client.views.update({ view_id: id, hash: before, view: modal("Two") });
    expect(res.view).toMatchObject({ id, title: plain("Two") });
    expect(res.view?.hash).not.toBe(before);

    const stale = await slackError(client.views.update({ view_id: id, hash: before, view: modal("Three") }));
    expect(stale.error).toBe("hash_conflict");
    expect(fake.view(id)?.title).toEqual(plain("Two"));
  });

  it("finds views by external_id and answers not_found for unknown or closed views", async () => {
    const id = await open("U1", modal("One", [], { external_id: "customer-42" }));
    await client.views.update({ external_id: "customer-42", view: modal("Two", [], { external_id: "customer-42" }) });
    expect(fake.view(id)?.title).toEqual(plain("Two"));
    expect((await slackError(client.views.update({ view_id: "VNOPE", view: modal() }))).error).toBe("not_found");
    fake.closeTopView("U1");
    expect((await slackError(client.views.update({ view_id: id, view: modal() }))).error).toBe("not_found");
  });

  it("checks the new view against the limits", async () => {
    const id = await open("U1", modal());
    const failure = await slackError(client.views.update({ view_id: id, view: modal("ok", [textInput("a")], { submit: undefined }) }));
    expect(failure).toEqual({
      error: "invalid_arguments",
      messages: ["[ERROR] a modal that contains an input block must have a submit button [json-pointer:/view/submit]"],
    });
  });
});

describe("views.publish", () => {
  it("stores the App Home view per user", async () => {
    const home: types.HomeView = { type: "home", blocks: [{ type: "section", text: plain("Welcome") }] };
    const res = await client.views.publish({ user_id: "U1", view: home });
    expect(res.view).toMatchObject({ type: "home" });
    expect(fake.homeView("U1")?.blocks[0]).toMatchObject({ text: plain("Welcome") });
    expect(fake.homeView("U2")).toBeUndefined();
    expect((await slackError(client.views.publish({ user_id: "U1", view: modal() }))).error).toBe("invalid_arguments");
  });
});

describe("input state", () => {
  const form = (): types.KnownBlock[] => [
    textInput("name", "value", { initial_value: "Acme" }),
    textInput("notes"),
    { type: "input", block_id: "tier", label: plain("Tier"), element: { type: "static_select", action_id: "pick", options: [option("gold"), option("silver")] } },
    {
      type: "input",
      block_id: "flags",
      label: plain("Flags"),
      element: { type: "checkboxes", action_id: "pick", options: [option("vip"), option("sla")], initial_options: [option("sla")] },
    },
    { type: "input", block_id: "start", label: plain("Start"), element: { type: "datepicker", action_id: "date" } },
    { type: "input", block_id: "owner", label: plain("Owner"), element: { type: "users_select", action_id: "user" } },
    { type: "input", block_id: "seats", label: plain("Seats"), element: { type: "number_input", action_id: "n", is_decimal_allowed: false } },
  ];

  it("builds state.values from typed values over initial values, in Slack's shape per element", async () => {
    const id = await open("U1", modal("Form", form()));
    expect(fake.view(id)?.state.values).toEqual({
      name: { value: { type: "plain_text_input", value: "Acme" } },
      notes: { value: { type: "plain_text_input", value: null } },
      tier: { pick: { type: "static_select", selected_option: null } },
      flags: { pick: { type: "checkboxes", selected_options: [option("sla")] } },
      start: { date: { type: "datepicker", selected_date: null } },
      owner: { user: { type: "users_select", selected_user: null } },
      seats: { n: { type: "number_input", value: null } },
    });

    fake.setValues(id, { name: "Globex", tier: "gold", flags: ["vip", "sla"], start: "2025-03-01", owner: "U7", seats: 12 });
    expect(fake.view(id)?.state.values).toMatchObject({
      name: { value: { value: "Globex" } },
      tier: { pick: { selected_option: option("gold") } },
      flags: { pick: { selected_options: [option("vip"), option("sla")] } },
      start: { date: { selected_date: "2025-03-01" } },
      owner: { user: { selected_user: "U7" } },
      seats: { n: { value: "12" } },
    });
  });

  it("refuses values a person could not enter, saying what exists", async () => {
    const id = await open("U1", modal("Form", form()));
    expect(() => fake.setValue(id, "tier", "pick", "bronze")).toThrow(/has no option with value "bronze" \(options: "gold", "silver"\)/);
    expect(() => fake.setValue(id, "nope", undefined, "x")).toThrow(/nope matches no element in view V\w+\. Elements: name\/value/);
  });

  it("keeps typed values across views.update when block_id and action_id are unchanged, like Slack", async () => {
    const id = await open("U1", modal("Form", [textInput("name"), textInput("notes"), textInput("city")]));
    fake.setValues(id, { name: "Globex", notes: "VIP", city: "Berlin" });
    await client.views.update({
      view_id: id,
      view: modal("Form", [textInput("name"), textInput("notes", "renamed"), textInput("extra"), { ...textInput("x"), block_id: undefined }]),
    });
    const values = fake.view(id)?.state.values ?? {};
    expect(values.name).toEqual({ value: { type: "plain_text_input", value: "Globex" } });
    expect(values.notes).toEqual({ renamed: { type: "plain_text_input", value: null } });
    expect(values.city).toBeUndefined();
    expect(values.extra).toEqual({ value: { type: "plain_text_input", value: null } });
  });

  it("gives blocks without ids Slack-style generated ids, which change on every update", async () => {
    const id = await open("U1", modal("Form", [{ ...textInput("ignored"), block_id: undefined }]));
    const firstId = Object.keys(fake.view(id)?.state.values ?? {})[0] ?? "";
    fake.setValue(id, firstId, undefined, "typed");
    await client.views.update({ view_id: id, view: modal("Form", [{ ...textInput("ignored"), block_id: undefined }]) });
    const values = fake.view(id)?.state.values ?? {};
    expect(Object.keys(values)).not.toContain(firstId);
    expect(Object.values(values)[0]).toEqual({ value: { type: "plain_text_input", value: null } });
  });
});
