/**
 * Block Kit limits that Slack enforces server-side, as a pure module.
 *
 * Slack publishes no offline schema for Block Kit; these numbers come from Slack's reference pages
 * and the JSDoc in @slack/types (docs/slack-limits.md). Each problem names a JSON pointer into
 * the checked object and says which limit was broken, so a failing test shows the reason at once.
 *
 * The checks are deliberately about limits and structure that Slack rejects, not about style:
 * anything Slack accepts should pass here, or the fake would fail tests the real platform passes.
 */
import { isObject, num, obj, objects, str, type Json, type JsonObject } from "./json.js";

export const LIMITS = {
  modalTitle: 24,
  modalButton: 24,
  viewBlocks: 100,
  messageBlocks: 50,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputLength: 3000,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  optionText: 75,
  // @slack/types' JSDoc still says 75; Slack's reference page (docs/slack-limits.md) says 150.
  optionValue: 150,
  optionDescription: 75,
  choiceOptions: 10,
  overflowOptions: 5,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  markdownText: 12000,
} as const;

export interface LimitProblem {
  /** JSON pointer into the checked view (`/title/text`) or message (`/blocks/0/text/text`). */
  pointer: string;
  message: string;
}

/** Problems with a modal or App Home view, as `pointer: message` lines. Empty when Slack would accept it. */
export function validateView(view: unknown): string[] {
  return checkView(view).map(formatProblem);
}

/** Problems with a message's `blocks`, as `pointer: message` lines. Empty when Slack would accept them. */
export function validateMessageBlocks(blocks: unknown): string[] {
  return checkMessageBlocks(blocks).map(formatProblem);
}

export function formatProblem(problem: LimitProblem): string {
  return `${problem.pointer || "/"}: ${problem.message}`;
}

/** Slack's own wording in `response_metadata.messages`: `[ERROR] reason [json-pointer:/view/title/text]`. */
export function toSlackMessages(problems: readonly LimitProblem[], root: "/view" | ""): string[] {
  return problems.map((p) => `[ERROR] ${p.message} [json-pointer:${root}${p.pointer}]`);
}

export function checkView(view: unknown): LimitProblem[] {
  const c = new Checker();
  if (!isObject(view)) {
    c.add("", "a view must be a JSON object");
    return c.problems;
  }
  const type = str(view, "type");
  if (type !== "modal" && type !== "home") {
    c.add("/type", `view type must be "modal" or "home", got ${JSON.stringify(view.type ?? null)}`);
  }
  const surface = type === "home" ? "home" : "modal";
  c.blocks(view.blocks, "/blocks", surface, LIMITS.viewBlocks);

  if (surface === "modal") {
    c.text(view.title, "/title", "modal title", { max: LIMITS.modalTitle, plainOnly: true, required: true });
    c.text(view.submit, "/submit", "modal submit button", { max: LIMITS.modalButton, plainOnly: true });
    c.text(view.close, "/close", "modal close button", { max: LIMITS.modalButton, plainOnly: true });
    const hasInput = objects(view, "blocks").some((b) => b.type === "input");
    if (hasInput && view.submit === undefined) {
      c.add("/submit", "a modal that contains an input block must have a submit button");
    }
  }
  c.optionalString(view, "private_metadata", "", LIMITS.privateMetadata);
  c.optionalString(view, "callback_id", "", LIMITS.callbackId);
  c.optionalString(view, "external_id", "", LIMITS.externalId);
  return c.problems;
}

export function checkMessageBlocks(blocks: unknown): LimitProblem[] {
  const c = new Checker();
  c.blocks(blocks, "/blocks", "message", LIMITS.messageBlocks);
  return c.problems;
}

/** Element types that may sit in an input block (buttons, overflow menus and images may not). */
export const INPUT_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  "plain_text_input",
  "email_text_input",
  "url_text_input",
  "number_input",
  "rich_text_input",
  "file_input",
  "static_select",
  "external_select",
  "users_select",
  "conversations_select",
  "channels_select",
  "multi_static_select",
  "multi_external_select",
  "multi_users_select",
  "multi_conversations_select",
  "multi_channels_select",
  "checkboxes",
  "radio_buttons",
  "datepicker",
  "timepicker",
  "datetimepicker",
]);

const SELECT_TYPES = new Set([
  "static_select",
  "external_select",
  "users_select",
  "conversations_select",
  "channels_select",
  "multi_static_select",
  "multi_external_select",
  "multi_users_select",
  "multi_conversations_select",
  "multi_channels_select",
]);

const OTHER_ELEMENT_TYPES = new Set(["button", "overflow", "image", "workflow_button", "feedback_buttons", "icon_button"]);

/** Block types Slack documents. Newer AI/agent blocks are accepted without further checks. */
const KNOWN_BLOCK_TYPES = new Set([
  "section",
  "divider",
  "image",
  "actions",
  "context",
  "context_actions",
  "input",
  "file",
  "header",
  "video",
  "rich_text",
  "markdown",
  "table",
  "card",
  "carousel",
  "alert",
  "plan",
  "task_card",
  "data_table",
]);

interface TextRules {
  max?: number;
  plainOnly?: boolean;
  required?: boolean;
}

type Surface = "modal" | "home" | "message";

class Checker {
  readonly problems: LimitProblem[] = [];

  add(pointer: string, message: string): void {
    this.problems.push({ pointer, message });
  }

  /** Characters as Slack counts them (code points, so an emoji is one). */
  private length(value: string): number {
    return [...value].length;
  }

  maxChars(value: string, max: number, pointer: string, what: string): void {
    const length = this.length(value);
    if (length > max) this.add(pointer, `${what} is ${length} characters; the limit is ${max}`);
  }

  optionalString(holder: JsonObject, key: string, base: string, max: number): void {
    const value = holder[key];
    if (value === undefined) return;
    if (typeof value !== "string") {
      this.add(`${base}/${key}`, `${key} must be a string`);
      return;
    }
    this.maxChars(value, max, `${base}/${key}`, key);
  }

  /** A composition text object: `{ type: "plain_text" | "mrkdwn", text: non-empty }`. */
  text(value: Json | undefined, pointer: string, what: string, rules: TextRules = {}): void {
    if (value === undefined) {
      if (rules.required) this.add(pointer, `${what} is required`);
      return;
    }
    if (!isObject(value)) {
      this.add(pointer, `${what} must be a text object ({ type, text })`);
      return;
    }
    const type = str(value, "type");
    if (type !== "plain_text" && type !== "mrkdwn") {
      this.add(`${pointer}/type`, `${what} must have type "plain_text" or "mrkdwn"`);
    } else if (rules.plainOnly && type !== "plain_text") {
      this.add(`${pointer}/type`, `${what} must be plain_text, not ${type}`);
    }
    const text = value.text;
    if (typeof text !== "string" || text.length === 0) {
      this.add(`${pointer}/text`, `${what} text must be a non-empty string`);
      return;
    }
    if (rules.max !== undefined) this.maxChars(text, rules.max, `${pointer}/text`, what);
  }

  blocks(value: unknown, pointer: string, surface: Surface, maxBlocks: number): void {
    if (!Array.isArray(value)) {
      this.add(pointer, "blocks must be an array");
      return;
    }
    const blocks: unknown[] = value;
    if (blocks.length > maxBlocks) {
      this.add(pointer, `a ${surface} has ${blocks.length} blocks; the limit is ${maxBlocks}`);
    }
    const firstIndexOfBlockId = new Map<string, number>();
    blocks.forEach((block, index) => {
      const at = `${pointer}/${index}`;
      this.block(block, at);
      const blockId = isObject(block) ? str(block, "block_id") : undefined;
      if (blockId === undefined) return;
      const first = firstIndexOfBlockId.get(blockId);
      if (first === undefined) {
        firstIndexOfBlockId.set(blockId, index);
      } else {
        this.add(`${at}/block_id`, `block_id "${blockId}" is also used by block ${first}; block_ids must be unique`);
      }
    });
  }

  block(block: unknown, at: string): void {
    if (!isObject(block)) {
      this.add(at, "a block must be a JSON object");
      return;
    }
    const type = str(block, "type");
    if (type === undefined || !KNOWN_BLOCK_TYPES.has(type)) {
      this.add(`${at}/type`, `unknown block type ${JSON.stringify(block.type ?? null)}`);
      return;
    }
    this.optionalString(block, "block_id", at, LIMITS.blockId);
    if (block.block_id === "") this.add(`${at}/block_id`, "block_id must not be empty");

    switch (type) {
      case "section":
        return this.section(block, at);
      case "header":
        return this.text(block.text, `${at}/text`, "header text", {
          max: LIMITS.headerText,
          plainOnly: true,
          required: true,
        });
      case "context":
        return this.context(block, at);
      case "actions":
        return this.actions(block, at);
      case "input":
        return this.input(block, at);
      case "image":
        return this.image(block, at, "image block");
      case "markdown": {
        const text = block.text;
        if (typeof text !== "string" || text.length === 0) this.add(`${at}/text`, "markdown text must be a non-empty string");
        else this.maxChars(text, LIMITS.markdownText, `${at}/text`, "markdown block text");
        return;
      }
      case "rich_text":
        if (!Array.isArray(block.elements)) this.add(`${at}/elements`, "rich_text block needs an elements array");
        return;
      default:
        return;
    }
  }

  section(block: JsonObject, at: string): void {
    const fields = block.fields;
    if (block.text === undefined && !Array.isArray(fields)) {
      this.add(at, "a section block needs text or fields");
    }
    this.text(block.text, `${at}/text`, "section text", { max: LIMITS.sectionText });
    if (Array.isArray(fields)) {
      if (fields.length > LIMITS.sectionFields) {
        this.add(`${at}/fields`, `section has ${fields.length} fields; the limit is ${LIMITS.sectionFields}`);
      }
      fields.forEach((field, i) =>
        this.text(field, `${at}/fields/${i}`, "section field", { max: LIMITS.sectionFieldText, required: true }),
      );
    }
    if (block.accessory !== undefined) this.element(block.accessory, `${at}/accessory`, "section");
  }

  context(block: JsonObject, at: string): void {
    const elements = block.elements;
    if (!Array.isArray(elements) || elements.length === 0) {
      this.add(`${at}/elements`, "a context block needs at least one element");
      return;
    }
    if (elements.length > LIMITS.contextElements) {
      this.add(`${at}/elements`, `context has ${elements.length} elements; the limit is ${LIMITS.contextElements}`);
    }
    elements.forEach((element, i) => {
      const p = `${at}/elements/${i}`;
      if (isObject(element) && element.type === "image") this.image(element, p, "context image");
      else this.text(element, p, "context element", { required: true });
    });
  }

  actions(block: JsonObject, at: string): void {
    const elements = block.elements;
    if (!Array.isArray(elements) || elements.length === 0) {
      this.add(`${at}/elements`, "an actions block needs at least one element");
      return;
    }
    if (elements.length > LIMITS.actionsElements) {
      this.add(`${at}/elements`, `actions block has ${elements.length} elements; the limit is ${LIMITS.actionsElements}`);
    }
    // Slack: an action_id "should be unique among all other action_ids in the containing block".
    const seen = new Map<string, number>();
    elements.forEach((element, i) => {
      const p = `${at}/elements/${i}`;
      this.element(element, p, "actions");
      const actionId = isObject(element) ? str(element, "action_id") : undefined;
      if (actionId === undefined) return;
      const first = seen.get(actionId);
      if (first === undefined) seen.set(actionId, i);
      else this.add(`${p}/action_id`, `action_id "${actionId}" is also used by element ${first} of this block`);
    });
  }

  input(block: JsonObject, at: string): void {
    this.text(block.label, `${at}/label`, "input label", {
      max: LIMITS.inputLabel,
      plainOnly: true,
      required: true,
    });
    this.text(block.hint, `${at}/hint`, "input hint", { max: LIMITS.inputHint, plainOnly: true });
    const element = block.element;
    if (element === undefined) {
      this.add(`${at}/element`, "an input block needs an element");
      return;
    }
    const type = isObject(element) ? str(element, "type") : undefined;
    if (type !== undefined && !INPUT_ELEMENT_TYPES.has(type)) {
      this.add(`${at}/element/type`, `element type "${type}" is not allowed in an input block`);
      return;
    }
    this.element(element, `${at}/element`, "input");
  }

  image(image: JsonObject, at: string, what: string): void {
    if (str(image, "image_url") === undefined && obj(image, "slack_file") === undefined) {
      this.add(at, `${what} needs image_url or slack_file`);
    }
    const image_url = str(image, "image_url");
    if (image_url !== undefined) this.maxChars(image_url, LIMITS.url, `${at}/image_url`, `${what} image_url`);
    const alt = image.alt_text;
    if (typeof alt !== "string" || alt.length === 0) this.add(`${at}/alt_text`, `${what} needs a non-empty alt_text`);
    else this.maxChars(alt, LIMITS.imageAltText, `${at}/alt_text`, `${what} alt_text`);
    if (image.title !== undefined) {
      this.text(image.title, `${at}/title`, `${what} title`, { max: LIMITS.imageTitle, plainOnly: true });
    }
  }

  element(element: Json, at: string, container: "section" | "actions" | "input"): void {
    if (!isObject(element)) {
      this.add(at, "an element must be a JSON object");
      return;
    }
    const type = str(element, "type");
    if (type === undefined || (!INPUT_ELEMENT_TYPES.has(type) && !OTHER_ELEMENT_TYPES.has(type))) {
      this.add(`${at}/type`, `unknown element type ${JSON.stringify(element.type ?? null)} in a ${container} block`);
      return;
    }
    this.optionalString(element, "action_id", at, LIMITS.actionId);
    if (element.action_id === "") this.add(`${at}/action_id`, "action_id must not be empty");
    if (element.placeholder !== undefined) {
      this.text(element.placeholder, `${at}/placeholder`, `${type} placeholder`, {
        max: LIMITS.placeholder,
        plainOnly: true,
      });
    }
    if (element.confirm !== undefined) this.confirm(element.confirm, `${at}/confirm`);

    if (SELECT_TYPES.has(type)) return this.select(element, at, type);
    switch (type) {
      case "button":
      case "workflow_button":
        return this.button(element, at);
      case "overflow":
        return this.options(element.options, `${at}/options`, "overflow", {
          max: LIMITS.overflowOptions,
          plainOnly: true,
          allowUrl: true,
        });
      case "checkboxes":
      case "radio_buttons":
        this.options(element.options, `${at}/options`, type, { max: LIMITS.choiceOptions, plainOnly: false });
        return this.initialOptionsMatch(element, at, type);
      case "plain_text_input":
        return this.plainTextInput(element, at);
      case "number_input":
        if (typeof element.is_decimal_allowed !== "boolean") {
          this.add(`${at}/is_decimal_allowed`, "number_input needs is_decimal_allowed (true or false)");
        }
        return;
      case "datepicker": {
        const initial = str(element, "initial_date");
        if (initial !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(initial)) {
          this.add(`${at}/initial_date`, `initial_date must be YYYY-MM-DD, got "${initial}"`);
        }
        return;
      }
      case "timepicker": {
        const initial = str(element, "initial_time");
        if (initial !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(initial)) {
          this.add(`${at}/initial_time`, `initial_time must be HH:mm (24-hour), got "${initial}"`);
        }
        return;
      }
      case "image":
        return this.image(element, at, "image element");
      default:
        return;
    }
  }

  button(element: JsonObject, at: string): void {
    this.text(element.text, `${at}/text`, "button text", { max: LIMITS.buttonText, plainOnly: true, required: true });
    const value = element.value;
    if (value !== undefined) {
      if (typeof value !== "string") this.add(`${at}/value`, "button value must be a string");
      else this.maxChars(value, LIMITS.buttonValue, `${at}/value`, "button value");
    }
    const url = str(element, "url");
    if (url !== undefined) this.maxChars(url, LIMITS.url, `${at}/url`, "button url");
    const style = element.style;
    if (style !== undefined && style !== "primary" && style !== "danger") {
      this.add(`${at}/style`, `button style must be "primary" or "danger", got ${JSON.stringify(style)}`);
    }
  }

  select(element: JsonObject, at: string, type: string): void {
    const max = num(element, "max_selected_items");
    if (max !== undefined && max < 1) this.add(`${at}/max_selected_items`, "max_selected_items must be at least 1");
    if (type !== "static_select" && type !== "multi_static_select") {
      if (element.initial_option !== undefined) this.option(element.initial_option, `${at}/initial_option`, true);
      return;
    }
    const hasOptions = element.options !== undefined;
    const hasGroups = element.option_groups !== undefined;
    if (hasOptions === hasGroups) {
      this.add(at, `${type} needs exactly one of options or option_groups`);
    }
    if (hasOptions) {
      this.options(element.options, `${at}/options`, type, { max: LIMITS.selectOptions, plainOnly: true });
    }
    if (hasGroups) {
      const groups = element.option_groups;
      if (!Array.isArray(groups) || groups.length === 0) {
        this.add(`${at}/option_groups`, "option_groups must be a non-empty array");
      } else {
        if (groups.length > LIMITS.optionGroups) {
          this.add(`${at}/option_groups`, `${type} has ${groups.length} option groups; the limit is ${LIMITS.optionGroups}`);
        }
        groups.forEach((group, i) => {
          const p = `${at}/option_groups/${i}`;
          if (!isObject(group)) {
            this.add(p, "an option group must be a JSON object");
            return;
          }
          this.text(group.label, `${p}/label`, "option group label", {
            max: LIMITS.optionGroupLabel,
            plainOnly: true,
            required: true,
          });
          this.options(group.options, `${p}/options`, "option group", { max: LIMITS.selectOptions, plainOnly: true });
        });
      }
    }
    this.initialOptionsMatch(element, at, type);
  }

  options(
    options: Json | undefined,
    at: string,
    what: string,
    rules: { max: number; plainOnly: boolean; allowUrl?: boolean },
  ): void {
    if (!Array.isArray(options) || options.length === 0) {
      this.add(at, `${what} needs a non-empty options array`);
      return;
    }
    if (options.length > rules.max) {
      this.add(at, `${what} has ${options.length} options; the limit is ${rules.max}`);
    }
    options.forEach((option, i) => this.option(option, `${at}/${i}`, rules.plainOnly, rules.allowUrl));
  }

  option(option: Json, at: string, plainOnly: boolean, allowUrl = false): void {
    if (!isObject(option)) {
      this.add(at, "an option must be a JSON object");
      return;
    }
    this.text(option.text, `${at}/text`, "option text", { max: LIMITS.optionText, plainOnly, required: true });
    const value = option.value;
    if (typeof value === "string") this.maxChars(value, LIMITS.optionValue, `${at}/value`, "option value");
    else if (value !== undefined) this.add(`${at}/value`, "option value must be a string");
    else if (!allowUrl || option.url === undefined) this.add(`${at}/value`, "option value is required");
    if (option.description !== undefined) {
      this.text(option.description, `${at}/description`, "option description", {
        max: LIMITS.optionDescription,
        plainOnly: true,
      });
    }
    const url = str(option, "url");
    if (url !== undefined) {
      if (!allowUrl) this.add(`${at}/url`, "option url is only allowed in overflow menus");
      this.maxChars(url, LIMITS.url, `${at}/url`, "option url");
    }
  }

  /** Slack rejects an initial_option(s) that is not exactly one of the element's options. */
  initialOptionsMatch(element: JsonObject, at: string, type: string): void {
    const all = [...objects(element, "options"), ...objects(element, "option_groups").flatMap((g) => objects(g, "options"))];
    const key = (o: JsonObject): string => JSON.stringify([str(o, "value"), str(obj(o, "text"), "text")]);
    const known = new Set(all.map(key));
    const check = (candidate: JsonObject, p: string): void => {
      if (!known.has(key(candidate))) {
        this.add(p, `${type} initial option ${JSON.stringify(candidate.value ?? null)} does not match any of its options`);
      }
    };
    if (isObject(element.initial_option)) check(element.initial_option, `${at}/initial_option`);
    objects(element, "initial_options").forEach((o, i) => check(o, `${at}/initial_options/${i}`));
  }

  plainTextInput(element: JsonObject, at: string): void {
    const maxLength = num(element, "max_length");
    const minLength = num(element, "min_length");
    if (maxLength !== undefined && (maxLength < 1 || maxLength > LIMITS.plainTextInputLength)) {
      this.add(`${at}/max_length`, `plain_text_input max_length is ${maxLength}; it must be 1..${LIMITS.plainTextInputLength}`);
    }
    if (minLength !== undefined && (minLength < 0 || minLength > LIMITS.plainTextInputLength)) {
      this.add(`${at}/min_length`, `plain_text_input min_length is ${minLength}; it must be 0..${LIMITS.plainTextInputLength}`);
    }
    if (maxLength !== undefined && minLength !== undefined && minLength > maxLength) {
      this.add(`${at}/min_length`, `plain_text_input min_length ${minLength} is greater than max_length ${maxLength}`);
    }
    const initial = element.initial_value;
    if (initial !== undefined) {
      if (typeof initial !== "string") {
        this.add(`${at}/initial_value`, "plain_text_input initial_value must be a string");
      } else {
        const limit = Math.min(maxLength ?? LIMITS.plainTextInputLength, LIMITS.plainTextInputLength);
        this.maxChars(initial, limit, `${at}/initial_value`, "plain_text_input initial_value");
      }
    }
  }

  confirm(confirm: Json, at: string): void {
    if (!isObject(confirm)) {
      this.add(at, "confirm must be a JSON object");
      return;
    }
    const rules = { plainOnly: true, required: true };
    this.text(confirm.title, `${at}/title`, "confirm title", { ...rules, max: LIMITS.confirmTitle });
    this.text(confirm.text, `${at}/text`, "confirm text", { required: true, max: LIMITS.confirmText });
    this.text(confirm.confirm, `${at}/confirm`, "confirm button", { ...rules, max: LIMITS.confirmButton });
    this.text(confirm.deny, `${at}/deny`, "confirm deny button", { ...rules, max: LIMITS.confirmButton });
  }
}
