/**
 * The Slack surfaces of outbound email, as pure builders: the Reply to customer modal, the Send to
 * customer confirmation, and the thread note that shows an email and its delivery state.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import type { OutTexts } from "../../i18n/catalog.js";
import type { Text } from "../../i18n/mrkdwn.js";
import type { OutboundRecord } from "../../repositories/outbound-emails.js";
import { MAX_REPLY_LENGTH, REPLY_THEN, type ReplyContext } from "../../services/email-out/outbox.js";
import { ActionId, CallbackId } from "../ids.js";
import { clip, context, message, option, plain, section, SLACK_LIMITS, textInput, type SlackMessage } from "./kit.js";

/** The Reply to customer modal of a ticket that has an address to write to. */
export function replyModal(out: OutTexts, c: ReplyContext & { to: NonNullable<ReplyContext["to"]> }, privateMetadata: string): ModalView {
  const blocks: KnownBlock[] = [section(out.modal.to(c.to.email, c.to.name))];
  if (c.ccOptions.length) {
    blocks.push({
      type: "input",
      block_id: ActionId.replyCc,
      optional: true,
      label: plain(out.modal.cc),
      hint: plain(out.modal.ccHint),
      element: {
        type: "multi_static_select",
        action_id: ActionId.replyCc,
        options: c.ccOptions.slice(0, SLACK_LIMITS.selectOptions).map((o) => option(o.email.slice(0, 150), o.name ? `${o.name} <${o.email}>` : o.email)),
      },
    });
  }
  const last = c.last;
  blocks.push(
    last?.text.trim()
      ? section(out.modal.lastEmail(last.fromName ? `${last.fromName} <${last.fromEmail}>` : last.fromEmail, clip(last.text, 1_500)))
      : context(out.modal.noEmail),
  );
  blocks.push(textInput(ActionId.replyBody, { label: out.modal.body, hint: out.modal.bodyHint, optional: false, multiline: true, maxLength: MAX_REPLY_LENGTH }));
  const thenOptions = REPLY_THEN.map((v) => option(v, out.modal.thenOptions[v]));
  blocks.push({
    type: "input",
    block_id: ActionId.replyThen,
    optional: true,
    label: plain(out.modal.then),
    element: { type: "radio_buttons", action_id: ActionId.replyThen, options: thenOptions, initial_option: thenOptions[0]! },
  });
  return {
    type: "modal",
    callback_id: CallbackId.ticketEmailReply,
    private_metadata: privateMetadata,
    title: plain(out.modal.title),
    submit: plain(out.modal.submit),
    close: plain(out.modal.close),
    blocks,
  };
}

/** Send to customer: the recipient and the message, to confirm. */
export function sendConfirmModal(out: OutTexts, to: string, text: string, cut: string | undefined, privateMetadata: string): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.ticketEmailSend,
    private_metadata: privateMetadata,
    title: plain(out.shortcut.title),
    submit: plain(out.shortcut.submit),
    close: plain(out.shortcut.close),
    blocks: [section(out.shortcut.confirm(to)), section(clip(text, 2_900)), ...(cut ? [context(cut)] : [])],
  };
}

/** A short answer in a modal (off, not a ticket's thread, already sent): no submit. */
export function noticeModal(out: OutTexts, title: string, text: Text): ModalView {
  return { type: "modal", callback_id: CallbackId.notice, title: plain(clip(title, 24)), close: plain(out.modal.close), blocks: [section(text)] };
}

/** The state line of an email's note. */
export function emailState(out: OutTexts, e: OutboundRecord): Text {
  if (e.status === "failed") return out.state.failed(e.smtpResponse ?? e.lastError ?? "");
  if (e.status === "sent") return e.refused.length ? out.state.partly(e.refused) : out.state.sent;
  return e.lastError ? out.state.retrying(e.lastError) : out.state.sending;
}

/** The note in the ticket's thread about an email. */
export function emailNote(out: OutTexts, e: OutboundRecord): SlackMessage {
  const state = emailState(out, e);
  // A sign-in link (kind sign_in) is about no ticket and gets no note (email-notes.ts stops first).
  const text = e.kind === "reply" ? out.note(e.toEmail, e.cc, e.sentBy, e.text, state) : out.automaticNote(e.kind === "resolved" ? "resolved" : "acknowledgement", e.toEmail, state);
  return message(text, [section(text)]);
}
