/**
 * Tickets in Slack: `/ticket new|list|show|refused|help`, the new-ticket modal and its pickers,
 * the ticket's buttons, priority select and triage customer picker (on its message in the tickets
 * channel and on its /ticket show card alike), and replies in a ticket message's thread (first
 * response, or a customer comment). Everyone in the workspace may open and work tickets; only
 * /ticket refused is for admins.
 */
import type { AllMiddlewareArgs, App, BlockAction, RespondFn, SlackActionMiddlewareArgs, SlashCommand } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { emailKey } from "../../domain/text.js";
import { isTicketStatus, parseTicketNumber, TICKET_STATUSES, type TicketStatus } from "../../domain/ticket.js";
import type { TicketTexts } from "../../i18n/catalog.js";
import type { TicketFilter, TicketRecord } from "../../repositories/tickets.js";
import { TicketField, validateNewTicket } from "../../services/tickets/forms.js";
import type { TicketOutcome } from "../../services/tickets/service.js";
import { boundedQuery, commandTextProblem, queryProblem } from "../command-text.js";
import type { SlackDeps } from "../context.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { decodeMetadata, encodeMetadata } from "../metadata.js";
import { actionKey, submissionKey } from "../request-keys.js";
import { postToResponseUrl } from "../respond.js";
import { readValues, type ViewState } from "../state.js";
import { md, option, slackText, type Text } from "../views/kit.js";
import { newTicketModal, parsePriorityValue, refusalsMessage, ticketCard, ticketListMessage } from "../views/tickets.js";

export const LIST_PAGE_SIZE = 15;
const REFUSALS_SHOWN = 20;
const HISTORY_SHOWN = 10;
const CONTACT_OPTIONS = 100;

const ephemeral = (text: Text) => ({ response_type: "ephemeral" as const, replace_original: false, text: slackText(text) });

// ---- private_metadata and pager values --------------------------------------------------------

/** The new-ticket modal: where to confirm (the command's response_url). */
const newTicketMetadata = z.object({ r: z.url().optional() });

/** The /ticket list pager's state: customer id or triage, statuses, offset, heading. */
const listState = z.object({
  c: z.string().min(1).optional(),
  u: z.literal(1).optional(),
  s: z.union([z.literal("all"), z.array(z.enum(TICKET_STATUSES)).min(1)]),
  o: z.number().int().min(0),
  w: z.string().max(300),
});
type ListState = z.infer<typeof listState>;

// ---- /ticket ----------------------------------------------------------------------------------

/** `tt`: the ticket texts in the language of the person who typed the command. */
type Ctx = { command: SlashCommand; args: string; respond: RespondFn; client: WebClient; deps: SlackDeps; tt: TicketTexts };

const subcommands: Record<string, (ctx: Ctx) => Promise<void>> = {
  help: async ({ respond, tt }) => void (await respond(ephemeral(tt.help))),
  new: async ({ command, client, tt }) => {
    const metadata = encodeMetadata(command.response_url ? { r: command.response_url } : {});
    await client.views.open({ trigger_id: command.trigger_id, view: newTicketModal(tt, metadata) });
  },
  list: (ctx) => listSubcommand(ctx),
  show: (ctx) => showSubcommand(ctx),
  refused: async ({ command, respond, deps, tt }) => {
    if (!(await deps.admins.isAdmin(command.user_id))) return void (await respond(ephemeral(tt.refused.onlyAdmins)));
    const message = refusalsMessage(tt, await deps.emailIntake.recentRefusals(REFUSALS_SHOWN));
    await respond({ response_type: "ephemeral", ...message });
  },
};

function parseSub(text: string): { sub: string; args: string } {
  const trimmed = text.trim();
  const sub = trimmed.split(/\s+/)[0] ?? "";
  return { sub: sub.toLowerCase(), args: trimmed.slice(sub.length).trim() };
}

/** "acme open", "open acme", "closed", "acme", "all", "triage pending": a status first or last, the rest is the customer. */
export function parseListArgs(tt: TicketTexts, args: string): { ok: true; status: TicketStatus | "all" | undefined; customer: string } | { ok: false; error: string } {
  const words = args.split(/\s+/).filter(Boolean);
  const isStatusWord = (w: string | undefined) => w !== undefined && (w.toLowerCase() === "all" || isTicketStatus(w.toLowerCase()));
  let status: string | undefined;
  if (isStatusWord(words[0])) status = words.shift();
  else if (isStatusWord(words.at(-1))) status = words.pop();
  if (status && words.length === 1 && isStatusWord(words[0])) return { ok: false, error: tt.list.twoStatuses };
  return { ok: true, status: status?.toLowerCase() as TicketStatus | "all" | undefined, customer: words.join(" ") };
}

async function listSubcommand({ command, args, respond, deps, tt }: Ctx): Promise<void> {
  const { t } = await deps.people.reader(command.user_id);
  const parsed = parseListArgs(tt, args);
  if (!parsed.ok) return void (await respond(ephemeral(parsed.error)));
  const statuses: ListState["s"] = parsed.status === "all" ? "all" : parsed.status ? [parsed.status] : ["open", "pending"];
  const state: ListState = { s: statuses, o: 0, w: tt.list.statuses(statuses) };
  const query = parsed.customer;
  const tooLong = queryProblem(t, query);
  if (tooLong) return void (await respond(ephemeral(tooLong)));
  if (/^(triage|unassigned)$/i.test(query)) {
    state.u = 1;
    state.w = tt.list.what(state.w, tt.list.triage);
  } else if (query) {
    const found = await deps.management.resolve(query);
    if (found.kind === "many") return void (await respond(ephemeral(tt.customerQuery.many(query, found.matches.map((m) => m.name), found.total))));
    if (found.kind !== "one") {
      const suggestions = found.kind === "none" ? found.suggestions.map((s) => s.name) : [];
      return void (await respond(ephemeral(tt.customerQuery.none(query, suggestions))));
    }
    const customer = await deps.tickets.customerRef(found.customerId);
    state.c = found.customerId;
    state.w = tt.list.what(state.w, customer?.name ?? query);
  }
  await respond({ response_type: "ephemeral", replace_original: false, ...(await listPage(tt, deps, state)) });
}

async function listPage(tt: TicketTexts, deps: SlackDeps, state: ListState) {
  const filter: TicketFilter = {
    ...(state.c ? { customerId: state.c } : {}),
    ...(state.u ? { unassigned: true } : {}),
    ...(state.s === "all" ? {} : { statuses: state.s }),
  };
  let page = await deps.tickets.list(filter, state.o, LIST_PAGE_SIZE);
  let offset = state.o;
  if (page.items.length === 0 && page.total > 0) {
    offset = Math.floor((page.total - 1) / LIST_PAGE_SIZE) * LIST_PAGE_SIZE; // the list shrank since: show its last page
    page = await deps.tickets.list(filter, offset, LIST_PAGE_SIZE);
  }
  const states = new Map(await Promise.all(page.items.map(async (t) => [t.id, await deps.tickets.timers(t)] as const)));
  const at = (o: number) => JSON.stringify({ ...state, o });
  return ticketListMessage(tt, {
    items: page.items,
    total: page.total,
    offset,
    limit: LIST_PAGE_SIZE,
    what: state.w,
    ...(offset > 0 ? { prevValue: at(Math.max(0, offset - LIST_PAGE_SIZE)) } : {}),
    ...(offset + LIST_PAGE_SIZE < page.total ? { nextValue: at(offset + LIST_PAGE_SIZE) } : {}),
    states,
  });
}

async function showSubcommand({ args, respond, client, deps, tt }: Ctx): Promise<void> {
  const number = parseTicketNumber(args);
  if (number === undefined) return void (await respond(ephemeral(tt.show.usage)));
  const ticket = await deps.tickets.byNumber(number);
  if (!ticket) return void (await respond(ephemeral(tt.show.notFound(number, await deps.tickets.lastNumber()))));
  await respond({ response_type: "ephemeral", ...(await cardMessage(tt, deps, client, ticket)) });
}

/** A ticket's card as it is now: what /ticket show answers, and what a click on the card replaces it with. */
async function cardMessage(tt: TicketTexts, deps: SlackDeps, client: WebClient, ticket: TicketRecord, notice?: Text) {
  const [timers, events, permalink] = await Promise.all([
    deps.tickets.timers(ticket),
    deps.tickets.events(ticket.id, HISTORY_SHOWN),
    permalinkOf(client, ticket, deps),
  ]);
  return ticketCard(tt, ticket, timers, events, permalink, notice, { emailOn: deps.outbox.enabled });
}

async function permalinkOf(client: WebClient, t: TicketRecord, deps: SlackDeps): Promise<string | undefined> {
  if (!t.channelId || !t.messageTs) return undefined;
  try {
    return (await client.chat.getPermalink({ channel: t.channelId, message_ts: t.messageTs })).permalink;
  } catch (error) {
    deps.logger.warn(`No permalink for ticket #${t.number}'s message`, error);
    return undefined;
  }
}

// ---- the ticket's buttons: on its message in the tickets channel and on /ticket show cards ------

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type Unchanged = Extract<TicketOutcome, { kind: "unchanged" }>;
/** What a click did: the service's outcome (with the thread note, and the answer when nothing changed), or a refusal before any change. */
type ChangeResult = { outcome: TicketOutcome; note?: (t: TicketRecord) => Text; stale?: (o: Unchanged) => string } | { refused: string };
/** `tt`: the clicker's texts (what they are told); notes go to the tickets channel, in DEFAULT_LOCALE. */
type Change = (tt: TicketTexts, ticketId: string, userId: string, value: string) => Promise<ChangeResult | undefined>;

/**
 * The ticket and the value an element carries: a button's value is the ticket id, the priority
 * select's "<ticket id>:<priority>", and the triage picker's block id ends with the ticket id.
 */
function targetOf(action: BlockAction["actions"][number]): { ticketId: string; value: string } {
  if (action.type === "button") return { ticketId: action.value ?? "", value: action.value ?? "" };
  if (action.type === "static_select") {
    const value = action.selected_option?.value ?? "";
    return { ticketId: parsePriorityValue(value)?.ticketId ?? "", value };
  }
  if (action.type === "external_select") {
    const prefix = BlockId.ticketTriagePrefix;
    return { ticketId: action.block_id.startsWith(prefix) ? action.block_id.slice(prefix.length) : "", value: action.selected_option?.value ?? "" };
  }
  return { ticketId: "", value: "" };
}

/**
 * A click on a /ticket show card rather than on the ticket's message in the tickets channel: the
 * card is always ephemeral (answered through the command's response_url), the channel message never.
 */
function onCard(body: BlockAction): boolean {
  const container = body.container as { type?: unknown; is_ephemeral?: unknown } | undefined;
  return container?.type === "message" && container.is_ephemeral === true;
}

/**
 * Runs a change from a button or select, on the channel message or a card alike: the channel
 * message is updated through the notifier (with a note in its thread), and a card that was clicked
 * is replaced by the ticket as it is now. A click that changes nothing is told why: privately
 * under the channel message, or as a notice on the refreshed card.
 */
function ticketAction(deps: SlackDeps, change: Change) {
  return async ({ ack, body, action, respond, client }: ActionArgs) => {
    await ack();
    const tt = (await deps.people.reader(body.user.id)).t.tickets;
    const { ticketId, value } = targetOf(action);
    const card = onCard(body);
    const refreshCard = async (ticket: TicketRecord, notice?: Text) =>
      void (await respond({ replace_original: true, ...(await cardMessage(tt, deps, client, ticket, notice)) }));
    const tell = async (text: Text, ticket: TicketRecord | undefined) =>
      card && ticket ? refreshCard(ticket, tt.show.notice(text)) : void (await respond(ephemeral(text)));
    // A replayed click changes nothing: the first one did what it did, even "nothing to change".
    const once = await deps.claims.once(actionKey(body, action), () => change(tt, ticketId, body.user.id, value));
    if (once.kind === "repeat") return;
    const result = once.value;
    if (result && "refused" in result) return void (await tell(result.refused, await deps.tickets.byId(ticketId)));
    const outcome = result?.outcome ?? { kind: "not_found" };
    if (!result || outcome.kind === "not_found") {
      // A card of a ticket that is gone keeps no dead buttons.
      return void (await respond(card ? { replace_original: true, text: slackText(tt.stale.notFound) } : ephemeral(tt.stale.notFound)));
    }
    if (outcome.kind === "changed") {
      if (card) await refreshCard(outcome.ticket);
      return void (await deps.ticketNotifier.changed(outcome.ticket, result.note?.(outcome.ticket)));
    }
    await tell(result.stale?.(outcome) ?? staleText(tt, outcome, action.action_id), outcome.ticket);
    await deps.ticketNotifier.changed(outcome.ticket); // the clicked message was out of date: refresh it
  };
}

function staleText(tt: TicketTexts, { ticket: t, reason }: Unchanged, actionId: string): string {
  if (reason === "not_allowed") return tt.stale.notAllowed(t.number, t.status);
  if (actionId === ActionId.ticketRespond) return tt.stale.alreadyResponded(t.number);
  if (actionId === ActionId.ticketPriority) return tt.stale.alreadyPriority(t.number, t.priority);
  return tt.stale.already(t.number, t.status);
}

function registerButtons(app: App, deps: SlackDeps): void {
  const { tickets } = deps;
  // The ticket's message and its thread are in the tickets channel, read by many: DEFAULT_LOCALE.
  const channel = deps.people.defaultReader.t.tickets;
  const simple = (actionId: string, run: (id: string, user: string) => Promise<TicketOutcome>, note: (user: string) => Text) =>
    app.action<BlockAction>(actionId, ticketAction(deps, async (_tt, id, user) => ({ outcome: await run(id, user), note: () => note(user) })));
  // On a ticket that came by email, while email is on, the first response is the first reply that
  // reaches the customer (email-notes.ts): Respond (from a message shown before) says so and changes nothing.
  app.action<BlockAction>(
    ActionId.ticketRespond,
    ticketAction(deps, async (tt, id, user) => {
      const t = await tickets.byId(id);
      if (t && t.source === "email" && deps.outbox.enabled && !t.firstResponseAt && t.status !== "closed") return { refused: tt.stale.respondByEmail(t.number) };
      return { outcome: await tickets.respond(id, user), note: () => channel.notes.responded(user) };
    }),
  );
  simple(ActionId.ticketPending, (id, u) => tickets.setPending(id, u), channel.notes.pending);
  simple(ActionId.ticketResume, (id, u) => tickets.resume(id, { actorId: u }), channel.notes.resumed);
  simple(ActionId.ticketResolve, (id, u) => tickets.resolve(id, u), channel.notes.resolved);
  simple(ActionId.ticketReopen, (id, u) => tickets.reopen(id, { actorId: u }), channel.notes.reopened);
  simple(ActionId.ticketClose, (id, u) => tickets.close(id, u), channel.notes.closed);
  app.action<BlockAction>(
    ActionId.ticketPriority,
    ticketAction(deps, async (_tt, _id, user, value) => {
      const parsed = parsePriorityValue(value);
      if (!parsed) return undefined;
      const before = await tickets.byId(parsed.ticketId);
      const outcome = await tickets.setPriority(parsed.ticketId, parsed.priority, user);
      return { outcome, note: (t) => channel.notes.priority(user, before?.priority ?? t.priority, t.priority) };
    }),
  );

  // The triage picker: choosing the customer of a ticket that has none.
  app.action<BlockAction>(
    ActionId.ticketCustomer,
    ticketAction(deps, async (tt, ticketId, user, customerId) => {
      const customer = customerId ? await tickets.customerRef(customerId) : undefined;
      if (!customer || customer.archived) return { refused: tt.stale.customerGone };
      return {
        outcome: await tickets.assignCustomer(ticketId, customerId, null, user),
        note: () => channel.notes.customer(user, customer.name),
        stale: (o) => (o.reason === "already" ? tt.stale.sameCustomer(o.ticket.number, customer.name) : tt.stale.customerGone),
      };
    }),
  );

  // /ticket list: a row's View button opens that ticket's card (below the list, which stays).
  app.action<BlockAction>(ActionId.ticketListView, async ({ ack, body, action, respond, client }) => {
    await ack();
    const tt = (await deps.people.reader(body.user.id)).t.tickets;
    const ticketId = action.type === "button" ? (action.value ?? "") : "";
    const ticket = ticketId ? await deps.tickets.byId(ticketId) : undefined;
    if (!ticket) return void (await respond(ephemeral(tt.stale.notFound)));
    await respond({ response_type: "ephemeral", replace_original: false, ...(await cardMessage(tt, deps, client, ticket)) });
  });

  // /ticket list pager
  for (const id of [ActionId.ticketListPrev, ActionId.ticketListNext]) {
    app.action<BlockAction>(id, async ({ ack, body, action, respond }) => {
      await ack();
      const tt = (await deps.people.reader(body.user.id)).t.tickets;
      const state = action.type === "button" ? decodeMetadata(listState, action.value) : undefined;
      if (!state) return void (await respond(ephemeral(tt.list.expired)));
      await respond({ replace_original: true, ...(await listPage(tt, deps, state)) });
    });
  }
}

// ---- pickers (block_suggestion; the customer pickers: customer-pickers.ts) ---------------------

function registerPickers(app: App, deps: SlackDeps): void {
  // The modal's contact picker: the contacts of the customer chosen in the same modal.
  app.options(TicketField.contact, async ({ ack, body }) => {
    const view = (body as { view?: { state?: ViewState } }).view;
    const customerId = readValues(view?.state)[TicketField.customer];
    if (typeof customerId !== "string" || !customerId) return void (await ack({ options: [] }));
    const q = boundedQuery(body.value).toLowerCase();
    const contacts = (await deps.tickets.contactsOf(customerId, CONTACT_OPTIONS)).filter(
      (c) => !q || c.name.toLowerCase().includes(q) || c.email.toLowerCase().includes(q),
    );
    await ack({ options: contacts.map((c) => option(c.id, c.name ? `${c.name} <${c.email}>` : c.email)) });
  });
}

// ---- the new-ticket modal ---------------------------------------------------------------------

function registerNewTicket(app: App, deps: SlackDeps): void {
  app.view(CallbackId.ticketNew, async ({ ack, body, view, client, logger }) => {
    const userId = body.user.id;
    const { t } = await deps.people.reader(userId);
    const tt = t.tickets;
    const checked = await validateNewTicket(t, readValues(view.state as ViewState), deps.tickets);
    if (!checked.ok) return void (await ack({ response_action: "errors", errors: checked.errors as Record<string, string> }));
    // Slack-opened tickets are never held back by the primary-contact rule (it governs email only).
    // One ticket per modal: the same submission sent again (a replay, a retry) opens none.
    const once = await deps.claims.once(submissionKey(view), () => deps.tickets.open({ ...checked.form, source: "slack", openedBy: userId }));
    if (once.kind === "repeat") return void (await ack());
    const ticket = once.value;
    await ack();
    await deps.ticketNotifier.opened(ticket);
    const posted = await deps.tickets.byId(ticket.id);
    const link = posted ? await permalinkOf(client, posted, deps) : undefined;
    const text = slackText(md`${tt.opened(ticket.number, ticket.subject, link)}${deps.ticketsChannelId ? "" : `\n${tt.openedNoChannel}`}`);
    const meta = decodeMetadata(newTicketMetadata, view.private_metadata);
    try {
      if (!meta?.r) throw new Error("no response_url");
      await postToResponseUrl(meta.r, { response_type: "ephemeral", text });
    } catch {
      await client.chat.postMessage({ channel: userId, text }).catch((error: unknown) => logger.warn(`Could not confirm ticket #${ticket.number} to ${userId}`, error));
    }
  });
}

// ---- thread replies ---------------------------------------------------------------------------

type MessageEventLike = { subtype?: string; channel?: string; ts?: string; thread_ts?: string; user?: string; bot_id?: string; text?: string };
/** Subtypes that are a person writing in the thread (a plain reply has none). */
const PERSON_SUBTYPES = new Set([undefined, "thread_broadcast", "file_share"]);

function registerThreadReplies(app: App, deps: SlackDeps): void {
  app.event("message", async ({ event }) => {
    const e = event as MessageEventLike;
    if (!PERSON_SUBTYPES.has(e.subtype) || e.bot_id || !e.user || !e.channel || !e.ts || !e.thread_ts || e.thread_ts === e.ts) return;
    const ticket = await deps.tickets.byMessage(e.channel, e.thread_ts);
    if (!ticket) return;
    const { user, channel, ts } = e;
    const email = await userEmail(user, deps);
    if (email === null) return; // a bot or app user
    // Slack could not tell who this is (users.info failed): keep the comment, but do not guess
    // whether it was the customer or a technician, so it neither answers nor reopens the ticket.
    const unknown = email === undefined;
    const fromCustomer = Boolean(ticket.customer && email && (await deps.tickets.isContactEmail(ticket.customer.id, emailKey(email))));
    const outcome = await deps.tickets.threadReply(ticket.id, {
      key: `slack:${channel}:${ts}`,
      actorId: user,
      actorEmail: email || null,
      body: e.text ?? "",
      fromCustomer,
      // An internal note: for a ticket that came by email, only a reply that reaches the customer answers it.
      countsAsResponse: !unknown && !(ticket.source === "email" && deps.outbox.enabled),
    });
    if (outcome.kind !== "added") return;
    const channelTexts = deps.people.defaultReader.t.tickets; // the thread is in the tickets channel
    if (outcome.reopened) await deps.ticketNotifier.changed(outcome.ticket, channelTexts.notes.reopenedByContact(user));
    else if (outcome.resumed) await deps.ticketNotifier.changed(outcome.ticket, channelTexts.notes.resumedByContact(user));
    else if (outcome.responded) await deps.ticketNotifier.changed(outcome.ticket);
  });
}

/**
 * The person's Slack email ("" when Slack gives none: then they are not taken for a contact); null
 * for bots; undefined when Slack could not be asked (not kept, so the next reply asks again).
 * Through the shared people cache (src/slack/people.ts): the same users.info, with include_locale,
 * that gives their role and language, once per person per few minutes (users.info's limit is ~100 a minute).
 */
async function userEmail(userId: string, deps: SlackDeps): Promise<string | null | undefined> {
  try {
    const person = await deps.people.person(userId);
    return person.isBot ? null : (person.email ?? "");
  } catch (error) {
    deps.logger.warn(`users.info for ${userId} failed; their thread reply is kept as a comment but neither answers nor reopens the ticket`, error);
    return undefined;
  }
}

// ---- registration -----------------------------------------------------------------------------

export function registerTickets(app: App, deps: SlackDeps): void {
  app.command("/ticket", async ({ command, ack, respond, client }) => {
    await ack();
    const { t } = await deps.people.reader(command.user_id);
    const tt = t.tickets;
    const tooLong = commandTextProblem(t, "/ticket", command.text);
    if (tooLong) return void (await respond(ephemeral(tooLong)));
    const { sub, args } = parseSub(command.text);
    const handler = subcommands[sub || "help"];
    if (handler) await handler({ command, args, respond, client, deps, tt });
    else await respond(ephemeral(`${tt.unknownSubcommand(sub)}\n\n${tt.help}`));
  });
  registerButtons(app, deps);
  registerPickers(app, deps);
  registerNewTicket(app, deps);
  registerThreadReplies(app, deps);
}
