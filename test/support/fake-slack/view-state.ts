/**
 * The input state model: what a person has typed into an open view, and how Slack turns it into
 * `view.state.values`.
 *
 * Slack builds `state.values[block_id][action_id]` from each stateful element: the person's entry
 * if there is one, otherwise the element's initial value, otherwise an empty value
 * (`value: null`, `selected_option: null`, `selected_options: []`, ...).
 */
import { clone, isObject, obj, objects, str, type Json, type JsonObject } from "./json.js";

export interface StateValue extends JsonObject {
  type: string;
}
export type StateValues = Record<string, Record<string, StateValue>>;

/** What a person "enters": a text, an option value, several option values, a date, a user id, ... */
export type PersonInput = string | number | null | readonly string[] | JsonObject | readonly JsonObject[];

/** Typed entries: block_id -> action_id -> state value. */
export type TypedValues = Map<string, Map<string, StateValue>>;

type Kind = "text" | "option" | "options" | "scalar" | "scalars" | "datetime" | "rich" | "files";

interface Shape {
  kind: Kind;
  /** The field in state.values / block_actions. */
  field: string;
  /** The element's field holding the initial value. */
  initial?: string;
}

const SHAPES: Record<string, Shape> = {
  plain_text_input: { kind: "text", field: "value", initial: "initial_value" },
  email_text_input: { kind: "text", field: "value", initial: "initial_value" },
  url_text_input: { kind: "text", field: "value", initial: "initial_value" },
  number_input: { kind: "text", field: "value", initial: "initial_value" },
  rich_text_input: { kind: "rich", field: "rich_text_value", initial: "initial_value" },
  static_select: { kind: "option", field: "selected_option", initial: "initial_option" },
  external_select: { kind: "option", field: "selected_option", initial: "initial_option" },
  radio_buttons: { kind: "option", field: "selected_option", initial: "initial_option" },
  multi_static_select: { kind: "options", field: "selected_options", initial: "initial_options" },
  multi_external_select: { kind: "options", field: "selected_options", initial: "initial_options" },
  checkboxes: { kind: "options", field: "selected_options", initial: "initial_options" },
  users_select: { kind: "scalar", field: "selected_user", initial: "initial_user" },
  multi_users_select: { kind: "scalars", field: "selected_users", initial: "initial_users" },
  conversations_select: { kind: "scalar", field: "selected_conversation", initial: "initial_conversation" },
  multi_conversations_select: { kind: "scalars", field: "selected_conversations", initial: "initial_conversations" },
  channels_select: { kind: "scalar", field: "selected_channel", initial: "initial_channel" },
  multi_channels_select: { kind: "scalars", field: "selected_channels", initial: "initial_channels" },
  datepicker: { kind: "scalar", field: "selected_date", initial: "initial_date" },
  timepicker: { kind: "scalar", field: "selected_time", initial: "initial_time" },
  datetimepicker: { kind: "datetime", field: "selected_date_time", initial: "initial_date_time" },
  file_input: { kind: "files", field: "files" },
};

export function isStatefulType(type: string | undefined): boolean {
  return type !== undefined && type in SHAPES;
}

export interface LocatedElement {
  blockId: string;
  actionId: string;
  element: JsonObject;
  block: JsonObject;
  /** True for the element of an input block (as opposed to an actions block or a section accessory). */
  inInputBlock: boolean;
}

/** Every interactive element with its block, in block order. Blocks must already carry ids. */
export function locateElements(blocks: readonly JsonObject[]): LocatedElement[] {
  const found: LocatedElement[] = [];
  for (const block of blocks) {
    const blockId = str(block, "block_id");
    if (blockId === undefined) continue;
    const single = block.type === "input" ? obj(block, "element") : block.type === "section" ? obj(block, "accessory") : undefined;
    const elements = block.type === "actions" ? objects(block, "elements") : single === undefined ? [] : [single];
    for (const element of elements) {
      const actionId = str(element, "action_id");
      if (actionId !== undefined) found.push({ blockId, actionId, element, block, inInputBlock: block.type === "input" });
    }
  }
  return found;
}

function shapeOf(element: JsonObject): Shape | undefined {
  const type = str(element, "type");
  return type === undefined ? undefined : SHAPES[type];
}

function emptyValue(kind: Kind): Json {
  return kind === "options" || kind === "scalars" || kind === "files" ? [] : null;
}

/** The element's state before anyone touched it; undefined for elements without state (buttons). */
export function initialStateValue(element: JsonObject): StateValue | undefined {
  const shape = shapeOf(element);
  if (shape === undefined) return undefined;
  const initial = shape.initial === undefined ? undefined : element[shape.initial];
  const value = initial === undefined ? emptyValue(shape.kind) : clone(initial);
  return { type: String(element.type), [shape.field]: value };
}

function hasInitialValue(element: JsonObject): boolean {
  const shape = shapeOf(element);
  return shape?.initial !== undefined && element[shape.initial] !== undefined;
}

function allOptions(element: JsonObject): JsonObject[] {
  return [...objects(element, "options"), ...objects(element, "option_groups").flatMap((g) => objects(g, "options"))];
}

function describe(element: JsonObject): string {
  return `${String(element.type)} "${String(element.action_id)}"`;
}

function findOption(element: JsonObject, input: string | JsonObject): JsonObject {
  if (isObject(input)) return clone(input);
  const options = allOptions(element);
  const isExternal = String(element.type).includes("external");
  if (isExternal && options.length === 0) {
    // External selects load options from the app at typing time; a test names the option by value.
    return { text: { type: "plain_text", text: input }, value: input };
  }
  const match = options.find((o) => o.value === input);
  if (match === undefined) {
    const known = options.map((o) => JSON.stringify(o.value)).join(", ");
    throw new Error(`${describe(element)} has no option with value ${JSON.stringify(input)} (options: ${known})`);
  }
  return clone(match);
}

function richText(text: string): JsonObject {
  return {
    type: "rich_text",
    elements: [{ type: "rich_text_section", elements: [{ type: "text", text }] }],
  };
}

/**
 * Turn what a person entered into the element's state value, checking it is something a person
 * could enter at all (an option that exists, a string for a text input, ...).
 */
export function toStateValue(element: JsonObject, input: PersonInput): StateValue {
  const shape = shapeOf(element);
  if (shape === undefined) throw new Error(`${describe(element)} holds no value a person can enter`);
  const type = String(element.type);
  const wrong = (): Error => new Error(`${describe(element)} cannot take ${JSON.stringify(input)}`);
  if (input === null) return { type, [shape.field]: emptyValue(shape.kind) };

  switch (shape.kind) {
    case "text":
      if (typeof input === "number" && type === "number_input") return { type, value: String(input) };
      if (typeof input !== "string") throw wrong();
      return { type, value: input };
    case "option":
      if (typeof input !== "string" && !isObject(input)) throw wrong();
      return { type, selected_option: findOption(element, input) };
    case "options": {
      if (!Array.isArray(input)) throw wrong();
      const list: readonly (string | JsonObject)[] = input;
      return { type, selected_options: list.map((item) => findOption(element, item)) };
    }
    case "scalar":
      if (typeof input !== "string") throw wrong();
      return { type, [shape.field]: input };
    case "scalars": {
      if (!Array.isArray(input) || !input.every((item): item is string => typeof item === "string")) throw wrong();
      return { type, [shape.field]: [...input] };
    }
    case "datetime":
      if (typeof input !== "number") throw wrong();
      return { type, selected_date_time: input };
    case "rich":
      if (typeof input === "string") return { type, rich_text_value: richText(input) };
      if (!isObject(input)) throw wrong();
      return { type, rich_text_value: clone(input) };
    case "files": {
      if (!Array.isArray(input)) throw wrong();
      const files: readonly (string | JsonObject)[] = input;
      return { type, files: files.map((f) => (typeof f === "string" ? { id: f } : clone(f))) };
    }
  }
}

/**
 * `state.values` as Slack sends it in view_submission and block_actions: every input block's element
 * (typed value, else initial value, else empty), plus elements of actions blocks and section accessories
 * that hold a value (typed or initial).
 */
export function buildStateValues(blocks: readonly JsonObject[], typed: TypedValues): StateValues {
  const values: StateValues = {};
  for (const located of locateElements(blocks)) {
    const entry = typed.get(located.blockId)?.get(located.actionId);
    const element = located.element;
    let value: StateValue | undefined;
    if (entry !== undefined && entry.type === element.type) value = clone(entry);
    else if (located.inInputBlock || hasInitialValue(element)) value = initialStateValue(element);
    if (value === undefined) continue;
    (values[located.blockId] ??= {})[located.actionId] = value;
  }
  return values;
}

/** Only what the person typed, in Slack's shape (what the Web API returns right after views.open). */
export function typedStateValues(typed: TypedValues): StateValues {
  const values: StateValues = {};
  for (const [blockId, byAction] of typed) {
    for (const [actionId, value] of byAction) (values[blockId] ??= {})[actionId] = clone(value);
  }
  return values;
}

/**
 * Slack's "preserving input entry" on views.update and response_action "update": what a person typed
 * survives when the new view has an element with the same block_id and action_id (and, here, the same
 * element type); everything else is dropped.
 */
export function keepTypedValues(typed: TypedValues, newBlocks: readonly JsonObject[]): TypedValues {
  const kept: TypedValues = new Map();
  for (const located of locateElements(newBlocks)) {
    const entry = typed.get(located.blockId)?.get(located.actionId);
    if (entry === undefined || entry.type !== located.element.type) continue;
    let byAction = kept.get(located.blockId);
    if (byAction === undefined) kept.set(located.blockId, (byAction = new Map()));
    byAction.set(located.actionId, entry);
  }
  return kept;
}

function isEmpty(value: StateValue): boolean {
  const shape = SHAPES[value.type];
  if (shape === undefined) return false;
  const v = value[shape.field];
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

/**
 * Checks the Slack client makes before it sends a view_submission at all: required inputs filled in,
 * plain_text_input min/max length, email/url/number formats. Keyed by block_id, like
 * `response_action: "errors"`.
 */
export function clientSideProblems(blocks: readonly JsonObject[], values: StateValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const located of locateElements(blocks)) {
    if (!located.inInputBlock) continue;
    const value = values[located.blockId]?.[located.actionId];
    if (value === undefined) continue;
    const element = located.element;
    if (isEmpty(value)) {
      if (located.block.optional !== true) problems[located.blockId] = "This field is required (block is not optional)";
      continue;
    }
    const text = typeof value.value === "string" ? value.value : undefined;
    if (text === undefined) continue;
    const length = [...text].length;
    const max = typeof element.max_length === "number" ? element.max_length : undefined;
    const min = typeof element.min_length === "number" ? element.min_length : undefined;
    if (max !== undefined && length > max) problems[located.blockId] = `${length} characters; max_length is ${max}`;
    else if (min !== undefined && length < min) problems[located.blockId] = `${length} characters; min_length is ${min}`;
    else if (value.type === "email_text_input" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
      problems[located.blockId] = `"${text}" is not an email address`;
    } else if (value.type === "url_text_input" && !URL.canParse(text)) {
      problems[located.blockId] = `"${text}" is not a URL`;
    } else if (value.type === "number_input") {
      const problem = numberProblem(element, text);
      if (problem !== undefined) problems[located.blockId] = problem;
    }
  }
  return problems;
}

function numberProblem(element: JsonObject, text: string): string | undefined {
  const decimal = element.is_decimal_allowed === true;
  if (!(decimal ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/).test(text)) {
    return `"${text}" is not ${decimal ? "a number" : "a whole number"}`;
  }
  const n = Number(text);
  const min = str(element, "min_value");
  const max = str(element, "max_value");
  if (min !== undefined && n < Number(min)) return `${text} is below min_value ${min}`;
  if (max !== undefined && n > Number(max)) return `${text} is above max_value ${max}`;
  return undefined;
}
