import { describe, expect, it } from "vitest";
import type { JsonObject } from "../support/fake-slack/json.js";
import { validateMessageBlocks, validateView } from "../support/fake-slack/block-kit-limits.js";

const plain = (text: string): JsonObject => ({ type: "plain_text", text });
const mrkdwn = (text: string): JsonObject => ({ type: "mrkdwn", text });
const option = (value: string, text = value): JsonObject => ({ text: plain(text), value });
const options = (count: number): JsonObject[] => Array.from({ length: count }, (_, i) => option(`v${i}`));
const x = (n: number): string => "x".repeat(n);

function input(element: JsonObject, blockId = "b", extra: JsonObject = {}): JsonObject {
  return { type: "input", block_id: blockId, label: plain("Label"), element: { action_id: "a", ...element }, ...extra };
}

function modal(overrides: JsonObject = {}): JsonObject {
  return {
    type: "modal",
    callback_id: "create_customer",
    title: plain("New customer"),
    submit: plain("Save"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ channelId: "C1" }),
    blocks: [
      { type: "header", text: plain("Customer") },
      { type: "section", block_id: "intro", text: mrkdwn("Fill in *all* fields"), fields: [mrkdwn("a"), mrkdwn("b")] },
      input({ type: "plain_text_input", max_length: 200, initial_value: "Acme", placeholder: plain("Name") }, "name"),
      input({ type: "static_select", options: options(3), initial_option: option("v1") }, "tier"),
      input({ type: "checkboxes", options: options(10) }, "flags", { optional: true }),
      input({ type: "datepicker", initial_date: "2025-01-31" }, "start"),
      input({ type: "number_input", is_decimal_allowed: false }, "seats"),
      {
        type: "actions",
        block_id: "more",
        elements: [
          { type: "button", action_id: "one", text: plain("One"), value: "1", style: "primary" },
          { type: "overflow", action_id: "two", options: options(5) },
        ],
      },
      { type: "context", elements: [mrkdwn("Last changed today")] },
      { type: "divider" },
    ],
    ...overrides,
  };
}

/** The view with one block replaced or added at the end. */
function modalWith(block: JsonObject): JsonObject {
  return modal({ blocks: [block] });
}

function expectProblem(problems: string[], pattern: RegExp): void {
  expect(problems, `expected a problem matching ${pattern}`).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
}

describe("validateView", () => {
  it("accepts a valid modal and a valid home view", () => {
    expect(validateView(modal())).toEqual([]);
    expect(validateView({ type: "home", blocks: [{ type: "section", text: mrkdwn("Hi") }] })).toEqual([]);
  });

  it.each([
    ["title", { title: plain(x(25)) }, /^\/title\/text: modal title is 25 characters; the limit is 24/],
    ["submit", { submit: plain(x(25)) }, /^\/submit\/text: .* limit is 24/],
    ["close", { close: plain(x(25)) }, /^\/close\/text: .* limit is 24/],
    ["private_metadata", { private_metadata: x(3001) }, /^\/private_metadata: .*3001 characters; the limit is 3000/],
    ["callback_id", { callback_id: x(256) }, /^\/callback_id: .*limit is 255/],
    ["missing title", { title: undefined }, /^\/title: modal title is required/],
    ["mrkdwn title", { title: mrkdwn("Hi") }, /^\/title\/type: modal title must be plain_text/],
    ["empty plain_text", { title: plain("") }, /^\/title\/text: modal title text must be a non-empty string/],
    ["input without submit", { submit: undefined }, /^\/submit: a modal that contains an input block must have a submit/],
  ])("rejects %s", (_name, overrides, pattern) => {
    expectProblem(validateView(modal(overrides)), pattern);
  });

  it("counts emoji as one character, like Slack", () => {
    expect(validateView(modal({ title: plain("🎉".repeat(24)) }))).toEqual([]);
  });

  it("rejects more than 100 blocks", () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: "divider" }));
    expectProblem(validateView(modal({ blocks })), /^\/blocks: a modal has 101 blocks; the limit is 100/);
    expect(validateView(modal({ blocks: blocks.slice(1) }))).toEqual([]);
  });

  it("rejects duplicate block_ids and long block_id / action_id", () => {
    const twice = modal({ blocks: [{ type: "divider", block_id: "same" }, { type: "divider", block_id: "same" }] });
    expectProblem(validateView(twice), /^\/blocks\/1\/block_id: block_id "same" is also used by block 0/);
    expectProblem(validateView(modalWith({ type: "divider", block_id: x(256) })), /block_id is 256 characters/);
    expectProblem(validateView(modalWith(input({ type: "plain_text_input", action_id: x(256) }))), /action_id is 256 characters/);
  });

  it("rejects duplicate action_ids within one block but not across blocks", () => {
    const button = (actionId: string): JsonObject => ({ type: "button", action_id: actionId, text: plain("Go") });
    const dup = { type: "actions", block_id: "a", elements: [button("go"), button("go")] };
    expectProblem(validateView(modalWith(dup)), /^\/blocks\/0\/elements\/1\/action_id: action_id "go" is also used/);
    const acrossBlocks = modal({
      blocks: [
        { type: "actions", block_id: "a", elements: [button("go")] },
        { type: "actions", block_id: "b", elements: [button("go")] },
      ],
    });
    expect(validateView(acrossBlocks)).toEqual([]);
  });

  it("rejects long input labels, hints and placeholders", () => {
    const long = input({ type: "plain_text_input", placeholder: plain(x(151)) }, "b", { label: plain(x(2001)), hint: plain(x(2001)) });
    const problems = validateView(modalWith(long));
    expectProblem(problems, /\/label\/text: input label is 2001 characters; the limit is 2000/);
    expectProblem(problems, /\/hint\/text: input hint is 2001 characters; the limit is 2000/);
    expectProblem(problems, /\/placeholder\/text: .*placeholder is 151 characters; the limit is 150/);
  });

  it("rejects plain_text_input max_length over 3000 and an initial_value longer than max_length", () => {
    expectProblem(validateView(modalWith(input({ type: "plain_text_input", max_length: 3001 }))), /max_length is 3001/);
    expectProblem(
      validateView(modalWith(input({ type: "plain_text_input", max_length: 5, initial_value: "too long" }))),
      /initial_value is 8 characters; the limit is 5/,
    );
  });

  it("rejects selects with too many options, long option text/value, and unknown initial options", () => {
    expectProblem(validateView(modalWith(input({ type: "static_select", options: options(101) }))), /has 101 options; the limit is 100/);
    const groups = Array.from({ length: 101 }, () => ({ label: plain("G"), options: options(1) }));
    expectProblem(validateView(modalWith(input({ type: "static_select", option_groups: groups }))), /101 option groups/);
    expectProblem(validateView(modalWith(input({ type: "static_select", options: [option("v", x(76))] }))), /option text is 76 characters; the limit is 75/);
    expectProblem(validateView(modalWith(input({ type: "multi_static_select", options: [option(x(151))] }))), /option value is 151 characters; the limit is 150/);
    expectProblem(
      validateView(modalWith(input({ type: "static_select", options: options(2), initial_option: option("nope") }))),
      /initial option "nope" does not match any of its options/,
    );
  });

  it("rejects checkboxes and radio buttons with more than 10 options", () => {
    expectProblem(validateView(modalWith(input({ type: "checkboxes", options: options(11) }))), /checkboxes has 11 options; the limit is 10/);
    expectProblem(validateView(modalWith(input({ type: "radio_buttons", options: options(11) }))), /radio_buttons has 11 options; the limit is 10/);
  });

  it("rejects overflow menus with more than 5 options", () => {
    const block = { type: "section", text: mrkdwn("Row"), accessory: { type: "overflow", action_id: "o", options: options(6) } };
    expectProblem(validateView(modalWith(block)), /overflow has 6 options; the limit is 5/);
  });

  it("rejects long button text and value, and buttons inside input blocks", () => {
    const button = { type: "button", action_id: "b", text: plain(x(76)), value: x(2001) };
    const problems = validateView(modalWith({ type: "actions", elements: [button] }));
    expectProblem(problems, /button text is 76 characters; the limit is 75/);
    expectProblem(problems, /button value is 2001 characters; the limit is 2000/);
    expectProblem(validateView(modalWith(input({ type: "button", text: plain("Go") }))), /"button" is not allowed in an input block/);
  });

  it("rejects a number_input without is_decimal_allowed and a malformed initial_date", () => {
    expectProblem(validateView(modalWith(input({ type: "number_input" }))), /needs is_decimal_allowed/);
    expectProblem(validateView(modalWith(input({ type: "datepicker", initial_date: "31/01/2025" }))), /initial_date must be YYYY-MM-DD/);
  });

  it("rejects unknown block and element types", () => {
    expectProblem(validateView(modalWith({ type: "sektion" })), /unknown block type "sektion"/);
    expectProblem(validateView(modalWith({ type: "actions", elements: [{ type: "buton", action_id: "x" }] })), /unknown element type "buton"/);
  });
});

describe("validateMessageBlocks", () => {
  const section = (text: string): JsonObject => ({ type: "section", text: mrkdwn(text) });

  it("accepts valid blocks", () => {
    expect(validateMessageBlocks([section("Hello"), { type: "divider" }, { type: "header", text: plain("Title") }])).toEqual([]);
  });

  it.each([
    ["more than 50 blocks", Array.from({ length: 51 }, () => ({ type: "divider" })), /^\/blocks: a message has 51 blocks; the limit is 50/],
    ["section text over 3000", [section(x(3001))], /^\/blocks\/0\/text\/text: section text is 3001 characters; the limit is 3000/],
    ["empty section text", [section("")], /section text text must be a non-empty string/],
    ["header over 150", [{ type: "header", text: plain(x(151)) }], /header text is 151 characters; the limit is 150/],
    ["mrkdwn header", [{ type: "header", text: mrkdwn("x") }], /header text must be plain_text/],
    ["context over 10 elements", [{ type: "context", elements: Array.from({ length: 11 }, () => mrkdwn("x")) }], /context has 11 elements; the limit is 10/],
    [
      "actions over 25 elements",
      [{ type: "actions", elements: Array.from({ length: 26 }, (_, i) => ({ type: "button", action_id: `b${i}`, text: plain("B") })) }],
      /actions block has 26 elements; the limit is 25/,
    ],
    ["more than 10 fields", [{ type: "section", fields: Array.from({ length: 11 }, () => mrkdwn("f")) }], /section has 11 fields; the limit is 10/],
    ["field over 2000", [{ type: "section", fields: [mrkdwn(x(2001))] }], /section field is 2001 characters; the limit is 2000/],
    ["not an array", "[]", /^\/blocks: blocks must be an array/],
  ])("rejects %s", (_name, blocks, pattern) => {
    expectProblem(validateMessageBlocks(blocks), pattern);
  });

  it("accepts exactly 50 blocks", () => {
    expect(validateMessageBlocks(Array.from({ length: 50 }, () => ({ type: "divider" })))).toEqual([]);
  });
});
