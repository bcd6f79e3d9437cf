/**
 * Ticket surfaces in Slack, as pure builders: the ticket message in the tickets channel (facts, SLA
 * timers, buttons for what its state allows, the customer picker while in triage), the /ticket show
 * card, the /ticket list page, refused emails, and the new-ticket modal.
 */
import type { ActionsBlock, Button, KnownBlock, ModalView, PlainTextOption, StaticSelect } from "@slack/types";
import { allowedActions, TICKET_PRIORITIES, type TicketAction, type TicketPriority } from "../../domain/ticket.js";
import { render, type Mrkdwn, type Text } from "../../i18n/mrkdwn.js";
import type { TicketTexts } from "../../i18n/catalog.js";
import { slackDate } from "../../i18n/mrkdwn.js";
import type { TicketEventRecord, TicketRecord } from "../../repositories/tickets.js";
import type { EmailRefusal } from "../../services/tickets/email-intake.js";
import { TicketField } from "../../services/tickets/forms.js";
import type { TicketTimerViews } from "../../services/tickets/service.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { outText } from "../../i18n/email-out.js";
import { recipientOf } from "../../services/email-out/outbox.js";
import { button, clip, context, divider, fields, header, joinMd, md, mention, message, option, plain, section, SLACK_LIMITS, textInput, type Blocks, type SlackMessage } from "./kit.js";

/** Longest description shown in a message (a section holds 3,000 characters; the rest of the message needs room too). */
export const DESCRIPTION_SHOWN = 2_500;

export type TicketMessage = SlackMessage;

const BUTTONS = (tt: TicketTexts): Record<Exclude<TicketAction, "priority">, { actionId: string; text: string; style?: "primary" | "danger" }> => ({
  respond: { actionId: ActionId.ticketRespond, text: tt.buttons.respond, style: "primary" },
  pending: { actionId: ActionId.ticketPending, text: tt.buttons.pending },
  resume: { actionId: ActionId.ticketResume, text: tt.buttons.resume },
  resolve: { actionId: ActionId.ticketResolve, text: tt.buttons.resolve, style: "primary" },
  reopen: { actionId: ActionId.ticketReopen, text: tt.buttons.reopen },
  close: { actionId: ActionId.ticketClose, text: tt.buttons.close },
});

const priorityOption = (tt: TicketTexts, ticketId: string, p: TicketPriority): PlainTextOption => option(`${ticketId}:${p}`, tt.priority(p));

/** "<ticket id>:<priority>" from the priority select. */
export function parsePriorityValue(value: string): { ticketId: string; priority: TicketPriority } | undefined {
  const at = value.lastIndexOf(":");
  const priority = value.slice(at + 1);
  const ticketId = value.slice(0, at);
  return at > 0 && (TICKET_PRIORITIES as readonly string[]).includes(priority) ? { ticketId, priority: priority as TicketPriority } : undefined;
}

function contactText(tt: TicketTexts, t: TicketRecord): Text {
  if (t.contact) return tt.requester(t.contact.name || null, t.contact.email);
  if (t.requesterEmail) return tt.requester(t.requesterName, t.requesterEmail);
  return tt.noContact;
}

function factFields(tt: TicketTexts, t: TicketRecord, timers: TicketTimerViews): Mrkdwn[] {
  const l = tt.labels;
  return [
    md`*${l.customer}*\n${t.customer ? t.customer.name : tt.unassigned}`,
    md`*${l.contact}*\n${contactText(tt, t)}`,
    md`*${l.priority}*\n${tt.priority(t.priority)}`,
    md`*${l.status}*\n${tt.status(t.status)}`,
    md`*${l.source}*\n${tt.source(t.source)}${t.openedBy ? md` · ${tt.openedBy(t.openedBy)}` : ""}`,
    md`*${l.opened}*\n${slackDate(t.createdAt)}${timers.slaName ? ` · ${l.sla} ${timers.slaName}` : ""}`,
  ];
}

function timerLines(tt: TicketTexts, t: TicketRecord, timers: TicketTimerViews): Mrkdwn {
  const lines: Text[] = [
    tt.timer(tt.labels.response, timers.response, t.firstResponseAt),
    tt.timer(tt.labels.resolution, timers.resolution, t.resolvedAt),
  ];
  if (t.status === "pending") lines.push(tt.paused);
  return joinMd(lines, "\n");
}

function descriptionText(tt: TicketTexts, description: string): Text {
  const trimmed = description.trim();
  if (!trimmed) return tt.noDescription;
  if (render(trimmed).length <= DESCRIPTION_SHOWN) return trimmed;
  // Escaping lengthens "<", ">" and "&": cut the typed text until its escaped form fits, so the note stays visible.
  let shown = trimmed.slice(0, DESCRIPTION_SHOWN);
  while (render(shown).length > DESCRIPTION_SHOWN) shown = shown.slice(0, Math.floor(shown.length * 0.9));
  return md`${shown}\n${tt.descriptionCut(shown.length, trimmed.length)}`;
}

/**
 * How a ticket's message looks beyond the ticket: `emailOn` while outbound email is on (SMTP_URL
 * and EMAIL_FROM); then a ticket that came by email has no Respond button, as its first response
 * is the first reply that reaches the customer (src/slack/email-notes.ts records it).
 */
export type TicketMessageOptions = { emailOn?: boolean };

/**
 * The buttons and priority select for what the ticket's state allows, and Reply to customer on an
 * open ticket with a customer address. The button shows with outbound email off too: that is where
 * a person expects to answer, and its click says that email is off and how to turn it on.
 */
export function ticketActions(tt: TicketTexts, t: TicketRecord, o: TicketMessageOptions = {}): ActionsBlock | undefined {
  const allowed = allowedActions(t).filter((a) => !(a === "respond" && o.emailOn && t.source === "email"));
  const elements: (Button | StaticSelect)[] = [];
  if (t.status !== "closed" && recipientOf(t)) elements.push(button(ActionId.ticketEmailReply, tt.emailOut.button, { value: t.id }));
  for (const a of allowed) {
    if (a === "priority") {
      const current = priorityOption(tt, t.id, t.priority);
      elements.push({
        type: "static_select",
        action_id: ActionId.ticketPriority,
        placeholder: plain(tt.buttons.priorityPlaceholder),
        options: TICKET_PRIORITIES.map((p) => priorityOption(tt, t.id, p)),
        initial_option: current,
      });
    } else {
      const b = BUTTONS(tt)[a];
      elements.push(button(b.actionId, b.text, { value: t.id, ...(b.style ? { style: b.style } : {}) }));
    }
  }
  return elements.length ? { type: "actions", block_id: `${BlockId.ticketActionsPrefix}${t.id}`, elements } : undefined;
}

/** The customer picker of a ticket in triage (options come from the app: block_suggestion). */
export function triagePicker(tt: TicketTexts, t: TicketRecord): ActionsBlock {
  return {
    type: "actions",
    block_id: `${BlockId.ticketTriagePrefix}${t.id}`,
    elements: [
      {
        type: "external_select",
        action_id: ActionId.ticketCustomer,
        placeholder: plain(tt.buttons.customerPlaceholder),
        min_query_length: 0,
      },
    ],
  };
}

/** The last permanent refusal of an email on the ticket (Ticket.emailFailure), if it reads. */
function emailFailureOf(t: TicketRecord): { to: string; reason: string } | undefined {
  if (!t.emailFailure) return undefined;
  try {
    const v = JSON.parse(t.emailFailure) as { to?: unknown; reason?: unknown };
    return typeof v.to === "string" && typeof v.reason === "string" ? { to: v.to, reason: v.reason } : undefined;
  } catch {
    return undefined;
  }
}

/** The ticket's message in the tickets channel. */
export function ticketMessage(tt: TicketTexts, t: TicketRecord, timers: TicketTimerViews, o: TicketMessageOptions = {}): TicketMessage {
  const blocks: KnownBlock[] = [
    header(tt.title(t.number, t.subject)),
    fields(factFields(tt, t, timers)),
    section(timerLines(tt, t, timers)),
    section(descriptionText(tt, t.description)),
  ];
  if (t.unverifiedSender) blocks.push(context(tt.emailOut.unverified));
  const failure = emailFailureOf(t);
  if (failure) blocks.push(context(tt.emailOut.ticketFailure(failure.to, failure.reason)));
  if (!t.customer && t.status !== "closed") blocks.push(triagePicker(tt, t));
  const buttons = ticketActions(tt, t, o);
  if (buttons) blocks.push(buttons);
  return message(tt.fallback(t.number, t.subject, t.status), blocks);
}

/**
 * /ticket show: the message's content with the same buttons (so a ticket can be worked from the
 * card without the tickets channel), the recent history and a link to the channel message. A
 * `notice` (why a click changed nothing) shows under the title.
 */
export function ticketCard(tt: TicketTexts, 
  t: TicketRecord,
  timers: TicketTimerViews,
  events: TicketEventRecord[],
  permalink: string | undefined,
  notice?: Text,
  o: TicketMessageOptions = {},
): TicketMessage {
  const { text, blocks } = ticketMessage(tt, t, timers, o);
  const history = events.map((e) => md`${slackDate(e.at)} · ${tt.show.event(e.kind, who(tt, e), e.body)}`);
  const [title, ...rest] = blocks;
  const card: KnownBlock[] = [
    ...(title ? [title] : []),
    ...(notice ? [context(notice)] : []),
    ...rest,
    divider(),
    section(md`${tt.show.history}\n${history.length ? fitLines(history, SLACK_LIMITS.sectionText - 40) : tt.show.noHistory}`),
    context(permalink ? tt.show.link(permalink) : tt.show.notPosted),
  ];
  return { text, blocks: card };
}

function who(tt: TicketTexts, e: TicketEventRecord): Text {
  if (e.actorId) return mention(e.actorId);
  if (e.actorEmail) return e.actorEmail;
  return tt.show.someone;
}

/** Joins lines, keeping the newest (last) ones whose markup fits in `max` characters. */
function fitLines(lines: Mrkdwn[], max: number): Mrkdwn {
  const kept: Mrkdwn[] = [];
  let length = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line) continue;
    const size = render(line).length;
    if (length + size + 1 > max) break;
    kept.unshift(line);
    length += size + 1;
  }
  return joinMd(kept, "\n");
}

// ---- /ticket list ----------------------------------------------------------------------------

export type TicketListPage = {
  items: TicketRecord[];
  total: number;
  offset: number;
  limit: number;
  /** heading, e.g. "open and pending, Acme Dental" */
  what: string;
  /** the pager buttons' value (the list's state) for the previous and next pages */
  prevValue?: string;
  nextValue?: string;
  states: Map<string, TicketTimerViews>;
};

export function ticketListMessage(tt: TicketTexts, page: TicketListPage): TicketMessage {
  const blocks: Blocks = [section(tt.list.heading(page.what, page.total))];
  if (page.items.length === 0) {
    blocks.push(section(tt.list.none));
    return message(tt.list.heading(page.what, page.total), blocks);
  }
  for (const t of page.items) {
    const timers = page.states.get(t.id);
    const whoText = t.customer ? t.customer.name : tt.unassigned;
    const extra = timers && (t.status === "open" || t.status === "pending") ? ` · ${tt.labels.resolution.toLowerCase()} ${tt.timerState(timers.resolution.state)}` : "";
    const row = section(tt.list.row(t.number, clip(t.subject, 200), whoText, t.priority, t.status, extra), `${BlockId.ticketListRowPrefix}${t.id}`);
    blocks.push({ ...row, accessory: button(ActionId.ticketListView, tt.list.view, { value: t.id }) });
  }
  blocks.push(context(`${tt.list.page(page.offset + 1, page.offset + page.items.length, page.total)} ${tt.list.show}`));
  const pager: Button[] = [];
  if (page.prevValue) pager.push(button(ActionId.ticketListPrev, tt.list.prev, { value: page.prevValue }));
  if (page.nextValue) pager.push(button(ActionId.ticketListNext, tt.list.next, { value: page.nextValue }));
  if (pager.length) blocks.push({ type: "actions", block_id: BlockId.ticketListNav, elements: pager });
  return message(tt.list.heading(page.what, page.total), blocks);
}

// ---- /ticket refused -------------------------------------------------------------------------

export function refusalsMessage(tt: TicketTexts, items: EmailRefusal[]): TicketMessage {
  if (items.length === 0) return message(tt.refused.none, [section(tt.refused.none)]);
  const blocks: Blocks = [section(tt.refused.heading(items.length))];
  for (const r of items.slice(0, SLACK_LIMITS.messageBlocks - 1)) {
    blocks.push(section(tt.refused.row(slackDate(r.at), tt.refused.sender(r.fromEmail, r.fromName), clip(r.subject, 250), r.customerName, clip(r.outcome ? tt.refused.reason(r.outcome) : r.reason, 500))));
  }
  return message(tt.refused.heading(items.length), blocks);
}

// ---- /ticket new -----------------------------------------------------------------------------

export function newTicketModal(tt: TicketTexts, privateMetadata: string): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.ticketNew,
    private_metadata: privateMetadata,
    title: plain(tt.form.title),
    submit: plain(tt.form.submit),
    close: plain(tt.form.cancel),
    blocks: [
      {
        type: "input",
        block_id: TicketField.customer,
        optional: true,
        label: plain(tt.form.customer),
        hint: plain(tt.form.customerHint),
        element: { type: "external_select", action_id: TicketField.customer, min_query_length: 0, placeholder: plain(tt.form.customerPlaceholder) },
      },
      {
        type: "input",
        block_id: TicketField.contact,
        optional: true,
        label: plain(tt.form.contact),
        hint: plain(tt.form.contactHint),
        element: { type: "external_select", action_id: TicketField.contact, min_query_length: 0, placeholder: plain(tt.form.contactPlaceholder) },
      },
      textInput(TicketField.subject, { label: tt.form.subject, optional: false, maxLength: 250 }),
      textInput(TicketField.description, { label: tt.form.description, multiline: true, maxLength: 3000 }),
      {
        type: "input",
        block_id: TicketField.priority,
        optional: false,
        label: plain(tt.form.priority),
        element: {
          type: "static_select",
          action_id: TicketField.priority,
          options: TICKET_PRIORITIES.map((p) => option(p, tt.priority(p))),
          initial_option: option("medium", tt.priority("medium")),
        },
      },
    ],
  };
}
