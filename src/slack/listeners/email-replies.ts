/**
 * Answering the customer from Slack: the Reply to customer button (on a ticket's message and its
 * /ticket show card) and its modal, and the Send to customer message shortcut on a message in a
 * ticket's thread, with its confirmation. Both write through the email outbox; a replayed or
 * retried submission writes one email (RequestClaim, and the outbox's own key).
 */
import type { AllMiddlewareArgs, App, BlockAction, MessageShortcut, SlackActionMiddlewareArgs, ViewOutput } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { OutTexts } from "../../i18n/catalog.js";
/** the customer-facing email texts, in the customer's language, for the preview of what is sent */
import { customerEmailTexts } from "../../i18n/catalog.js";
import type { Text } from "../../i18n/mrkdwn.js";
import { MAX_REPLY_LENGTH, recipientOf, REPLY_THEN, type ReplyResult, type ReplyThen } from "../../services/email-out/outbox.js";
import type { SlackDeps } from "../context.js";
import { ActionId, CallbackId } from "../ids.js";
import { decodeMetadata, encodeMetadata } from "../metadata.js";
import { submissionKey } from "../request-keys.js";
import { readValues, type ViewState } from "../state.js";
import { SLACK_LIMITS, slackText } from "../views/kit.js";
import { mrkdwnToEmail } from "../../email/outgoing.js";
import { noticeModal, replyModal, sendConfirmModal } from "../views/email-replies.js";

/** The reply modal: the ticket. */
const replyMetadata = z.object({ t: z.string().min(1) });
/** The shortcut's confirmation: the ticket, the message (channel, ts) and its text. */
const sendMetadata = z.object({ t: z.string().min(1), c: z.string().min(1), m: z.string().min(1), x: z.string() });

/** What fits of a message's text in the confirmation's private_metadata (3,000 characters of JSON). */
const METADATA_TEXT = 2_400;
const MAX_MENTIONS = 10;

const ephemeral = (text: Text) => ({ response_type: "ephemeral" as const, replace_original: false, text: slackText(text) });

/** Why a reply was not written, for the person who sent it. */
function refusalText(out: OutTexts, r: Exclude<ReplyResult, { kind: "queued" }>): Text {
  switch (r.kind) {
    case "off":
      return out.off;
    case "not_found":
      return out.refusals.not_found;
    case "closed":
      return out.refusals.closed(r.ticket.number);
    case "no_recipient":
      return out.refusals.no_recipient(r.ticket.number);
    case "empty":
      return out.refusals.empty;
    case "bad_cc":
      return out.refusals.bad_cc(r.email);
    case "duplicate":
      return out.refusals.duplicate;
  }
}

/**
 * Names of the people mentioned (<@U123>), from Slack: an email shows "@Ada Lovelace", never
 * <@U123>. Through the shared people cache (one users.info with include_locale per person per few
 * minutes, src/slack/people.ts), not a users.info of its own.
 */
async function mentionNames(client: WebClient, text: string, deps: SlackDeps): Promise<Map<string, string>> {
  const ids = [...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!))].slice(0, MAX_MENTIONS);
  const names = new Map<string, string>();
  // a channel written as <#C123> without its name: its name from Slack (an email shows "#support", never <#C123>)
  const channels = [...new Set([...text.matchAll(/<#([CG][A-Z0-9]+)>/g)].map((m) => m[1]!))].slice(0, MAX_MENTIONS);
  await Promise.all(
    channels.map(async (id) => {
      try {
        const name = (await client.conversations.info({ channel: id })).channel?.name;
        if (name) names.set(id, name);
      } catch (error) {
        deps.logger.warn(`conversations.info for ${id} failed; the email shows the channel's id`, error);
      }
    }),
  );
  await Promise.all(
    ids.map(async (id) => {
      try {
        const name = (await deps.people.person(id)).name;
        if (name) names.set(id, name);
      } catch (error) {
        deps.logger.warn(`users.info for ${id} failed; the email names them as someone`, error);
      }
    }),
  );
  return names;
}

/** After a reply was written: its note in the thread, and the ticket's message when the reply changed the ticket. */
async function afterQueued(deps: SlackDeps, r: Extract<ReplyResult, { kind: "queued" }>, userId: string): Promise<void> {
  await deps.emailNotes.queued(r.email, r.ticket);
  if (r.change?.kind === "changed") {
    const tt = deps.people.defaultReader.t.tickets; // the tickets channel: DEFAULT_LOCALE
    const note = r.ticket.status === "resolved" ? tt.notes.resolved(userId) : r.ticket.status === "pending" ? tt.notes.pending(userId) : undefined;
    await deps.ticketNotifier.changed(r.ticket, note);
  }
}

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

function registerReplyModal(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(ActionId.ticketEmailReply, async ({ ack, body, action, respond, client }: ActionArgs) => {
    await ack();
    const out = (await deps.people.reader(body.user.id)).t.tickets.emailOut;
    if (!deps.outbox.enabled) return void (await respond(ephemeral(out.off)));
    const ticketId = action.type === "button" ? (action.value ?? "") : "";
    const c = ticketId ? await deps.outbox.replyContext(ticketId) : undefined;
    if (!c) return void (await respond(ephemeral(out.refusals.not_found)));
    if (c.ticket.status === "closed") return void (await respond(ephemeral(out.refusals.closed(c.ticket.number))));
    if (!c.to) return void (await respond(ephemeral(out.refusals.no_recipient(c.ticket.number))));
    await client.views.open({ trigger_id: body.trigger_id, view: replyModal(out, { ...c, to: c.to }, encodeMetadata({ t: ticketId })) });
  });

  app.view(CallbackId.ticketEmailReply, async ({ ack, body, view, client }) => {
    const out = (await deps.people.reader(body.user.id)).t.tickets.emailOut;
    const meta = decodeMetadata(replyMetadata, view.private_metadata);
    const values = readValues(view.state as ViewState);
    const text = typeof values[ActionId.replyBody] === "string" ? (values[ActionId.replyBody] as string) : "";
    const errors = (message: Text) => ack({ response_action: "errors", errors: { [ActionId.replyBody]: slackText(message) } });
    if (!meta) return void (await errors(out.refusals.not_found));
    if (!text.trim()) return void (await errors(out.refusals.empty));
    const ccRaw = values[ActionId.replyCc];
    const cc = Array.isArray(ccRaw) ? ccRaw.filter((v): v is string => typeof v === "string" && v !== "") : [];
    const thenRaw = values[ActionId.replyThen];
    const then: ReplyThen = (REPLY_THEN as readonly string[]).includes(String(thenRaw)) ? (thenRaw as ReplyThen) : "keep";
    const names = await mentionNames(client, text, deps);
    const key = submissionKey(view as ViewOutput);
    const once = await deps.claims.once(
      key,
      () => deps.outbox.queueReply({ ticketId: meta.t, key, body: text, nameOf: (id) => names.get(id), byUserId: body.user.id, cc, then }),
      (r) => r.kind === "queued",
    );
    if (once.kind === "repeat") return void (await ack());
    const r = once.value;
    if (r.kind !== "queued") return void (await errors(refusalText(out, r)));
    await ack();
    await afterQueued(deps, r, body.user.id);
  });
}

function registerSendShortcut(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(CallbackId.ticketEmailSend, async ({ ack, shortcut, client }) => {
    await ack();
    const out = (await deps.people.reader(shortcut.user.id)).t.tickets.emailOut;
    const notice = (text: Text) => client.views.open({ trigger_id: shortcut.trigger_id, view: noticeModal(out, out.shortcut.title, text) });
    if (!deps.outbox.enabled) return void (await notice(out.off));
    const m = shortcut.message as { ts: string; thread_ts?: string; text?: string };
    const channel = shortcut.channel.id;
    const ticket = m.thread_ts && m.thread_ts !== m.ts ? await deps.tickets.byMessage(channel, m.thread_ts) : undefined;
    if (!ticket) return void (await notice(out.shortcut.notInTicket));
    const to = recipientOf(ticket);
    if (ticket.status === "closed") return void (await notice(out.refusals.closed(ticket.number)));
    if (!to) return void (await notice(out.refusals.no_recipient(ticket.number)));
    const already = await deps.outbox.byKey(messageKey(channel, m.ts));
    if (already) return void (await notice(out.shortcut.already(already.toEmail)));
    const whole = m.text ?? "";
    if (!whole.trim()) return void (await notice(out.shortcut.empty));
    // The confirmation carries the text to send; what does not fit its private_metadata is cut, and the preview says so.
    let text = whole.slice(0, Math.min(MAX_REPLY_LENGTH, METADATA_TEXT));
    const metadata = () => JSON.stringify({ t: ticket.id, c: channel, m: m.ts, x: text });
    while (metadata().length > SLACK_LIMITS.privateMetadata) text = text.slice(0, Math.floor(text.length * 0.9));
    // The preview is the email's text: mentions as names, links as words.
    const names = await mentionNames(client, text, deps);
    const preview = mrkdwnToEmail(text, (id) => names.get(id), customerEmailTexts(ticket.customer?.language, deps.people.defaultReader.locale).someone).text;
    const view = sendConfirmModal(out, to.email, preview, text.length < whole.length ? out.shortcut.cut(text.length, whole.length) : undefined, encodeMetadata(JSON.parse(metadata()) as object));
    await client.views.open({ trigger_id: shortcut.trigger_id, view });
  });

  app.view(CallbackId.ticketEmailSend, async ({ ack, body, view, client }) => {
    const out = (await deps.people.reader(body.user.id)).t.tickets.emailOut;
    const meta = decodeMetadata(sendMetadata, view.private_metadata);
    if (!meta) return void (await ack({ response_action: "update", view: noticeModal(out, out.shortcut.title, out.refusals.not_found) }));
    const names = await mentionNames(client, meta.x, deps);
    // The message is what is sent once: the same message confirmed again (another modal) writes nothing.
    const key = messageKey(meta.c, meta.m);
    const once = await deps.claims.once(
      submissionKey(view as ViewOutput),
      () => deps.outbox.queueReply({ ticketId: meta.t, key, body: meta.x, nameOf: (id) => names.get(id), byUserId: body.user.id, cc: [], then: "keep" }),
      (r) => r.kind === "queued",
    );
    if (once.kind === "repeat") return void (await ack());
    const r = once.value;
    if (r.kind !== "queued") {
      const text = r.kind === "duplicate" ? out.shortcut.already(r.email.toEmail) : refusalText(out, r);
      return void (await ack({ response_action: "update", view: noticeModal(out, out.shortcut.title, text) }));
    }
    await ack();
    await afterQueued(deps, r, body.user.id);
  });
}

/** The outbox key of a thread message sent with the shortcut. */
export function messageKey(channel: string, ts: string): string {
  return `message:${channel}:${ts}`;
}

export function registerEmailReplies(app: App, deps: SlackDeps): void {
  registerReplyModal(app, deps);
  registerSendShortcut(app, deps);
}
