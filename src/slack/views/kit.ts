/**
 * Small typed builders for Block Kit, so view builders read like the screen they describe.
 * Inputs use one id as both block_id and action_id (the wizard's stable field ids).
 *
 * Escaping cannot be forgotten here: every mrkdwn field and every message's fallback text takes a
 * `Text` — a plain string, which is escaped (outside text is shown as written, never as a mention
 * or a link), or `Mrkdwn` made with md/esc/mention/link (i18n/mrkdwn.ts). plain_text fields take
 * plain strings only: Slack does not read `<…>` there, so their text goes as it is (escaping it
 * would show "&lt;"), and markup cannot be handed to them by mistake.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from "@slack/types";
import { clipMarkup, render, type Text } from "../../i18n/mrkdwn.js";

export { esc, joinMd, link, mailto, md, mention, Mrkdwn, slackDate, type Text } from "../../i18n/mrkdwn.js";

/** Slack's limits (docs/slack-limits.md); builders clip display text so a view is never refused. */
export const SLACK_LIMITS = {
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  sectionText: 3000,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  placeholder: 150,
  contextElements: 10,
  messageBlocks: 50,
  modalBlocks: 100,
  privateMetadata: 3000,
  /** a message's fallback text: Slack takes 40,000, notifications show far less */
  fallbackText: 3000,
} as const;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const plain = (text: string): PlainTextElement => ({ type: "plain_text", text, emoji: true });
/** A mrkdwn element; `max` clips the markup without cutting an escape or a link in two. */
export const mrkdwn = (text: Text, max: number = SLACK_LIMITS.sectionText): MrkdwnElement => ({ type: "mrkdwn", text: clipMarkup(render(text), max) });

declare const RENDERED: unique symbol;
/** Text ready for a Slack text field outside blocks (a message's fallback, an ephemeral reply): escaped, clipped. */
export type SlackText = string & { readonly [RENDERED]: true };

export function slackText(text: Text, max: number = SLACK_LIMITS.fallbackText): SlackText {
  return clipMarkup(render(text), max) as SlackText;
}

/** A message: its blocks and the fallback text notifications show (escaped like the blocks). */
export type SlackMessage = { text: SlackText; blocks: KnownBlock[] };

export function message(text: Text, blocks: KnownBlock[]): SlackMessage {
  return { text: slackText(text), blocks };
}

export const option = (value: string, text: string): PlainTextOption => ({
  text: plain(clip(text, SLACK_LIMITS.optionText)),
  value,
});

export const header = (text: string): HeaderBlock => ({ type: "header", text: plain(clip(text, SLACK_LIMITS.headerText)) });
export const section = (text: Text, blockId?: string): SectionBlock => ({
  type: "section",
  text: mrkdwn(text),
  ...(blockId ? { block_id: blockId } : {}),
});
export const fields = (items: Text[]): SectionBlock => ({
  type: "section",
  fields: items.slice(0, 10).map((f) => mrkdwn(f, SLACK_LIMITS.fieldText)),
});
export const context = (...texts: Text[]): ContextBlock => ({
  type: "context",
  elements: texts.slice(0, SLACK_LIMITS.contextElements).map((x) => mrkdwn(x)),
});
export const divider = (): DividerBlock => ({ type: "divider" });

export const button = (actionId: string, text: string, opts: { value?: string; style?: "primary" | "danger" } = {}): Button => ({
  type: "button",
  action_id: actionId,
  text: plain(clip(text, SLACK_LIMITS.buttonText)),
  ...(opts.value !== undefined ? { value: opts.value } : {}),
  ...(opts.style ? { style: opts.style } : {}),
});
export const actions = (blockId: string, elements: Button[]): ActionsBlock => ({ type: "actions", block_id: blockId, elements });

type InputCommon = { label: string; hint?: string; optional?: boolean };

/** The input block around an element: one id as block_id and action_id, label, hint, optional. */
function input(id: string, o: InputCommon, element: InputBlock["element"], extra: { dispatch_action?: boolean } = {}): InputBlock {
  return {
    type: "input",
    block_id: id,
    optional: o.optional ?? true,
    label: plain(o.label),
    ...(o.hint ? { hint: plain(o.hint) } : {}),
    ...extra,
    element,
  };
}

export function textInput(
  id: string,
  o: InputCommon & { initial?: string | null; placeholder?: string; multiline?: boolean; maxLength?: number },
): InputBlock {
  return input(id, o, {
    type: "plain_text_input",
    action_id: id,
    ...(o.multiline ? { multiline: true } : {}),
    ...(o.maxLength ? { max_length: o.maxLength } : {}),
    ...(o.placeholder ? { placeholder: plain(clip(o.placeholder, SLACK_LIMITS.placeholder)) } : {}),
    ...(o.initial ? { initial_value: o.maxLength ? o.initial.slice(0, o.maxLength) : o.initial } : {}),
  });
}

export function selectInput(
  id: string,
  o: InputCommon & { options: PlainTextOption[]; initial?: string | null; dispatch?: boolean; placeholder?: string },
): InputBlock {
  const options = o.options.slice(0, SLACK_LIMITS.selectOptions);
  const initial = options.find((opt) => opt.value === o.initial);
  return input(
    id,
    o,
    {
      type: "static_select",
      action_id: id,
      options,
      ...(o.placeholder ? { placeholder: plain(clip(o.placeholder, SLACK_LIMITS.placeholder)) } : {}),
      ...(initial ? { initial_option: initial } : {}),
    },
    o.dispatch ? { dispatch_action: true } : {},
  );
}

/** A single tick box whose option value is `value`; always optional (unticked is an answer). */
export function checkboxInput(id: string, o: InputCommon & { text: string; value: string; checked: boolean }): InputBlock {
  const opt = option(o.value, o.text);
  return input(id, { ...o, optional: true }, { type: "checkboxes", action_id: id, options: [opt], ...(o.checked ? { initial_options: [opt] } : {}) });
}

export function checkboxesInput(id: string, o: InputCommon & { options: PlainTextOption[]; initial: string[] }): InputBlock {
  const initial = o.options.filter((opt) => o.initial.includes(opt.value ?? ""));
  return input(id, o, { type: "checkboxes", action_id: id, options: o.options.slice(0, 10), ...(initial.length ? { initial_options: initial } : {}) });
}

export function dateInput(id: string, o: InputCommon & { initial?: string | null }): InputBlock {
  return input(id, o, { type: "datepicker", action_id: id, ...(o.initial ? { initial_date: o.initial } : {}) });
}

export function timeInput(id: string, o: InputCommon & { initial?: string | null }): InputBlock {
  return input(id, o, { type: "timepicker", action_id: id, ...(o.initial ? { initial_time: o.initial } : {}) });
}

export type Blocks = KnownBlock[];
