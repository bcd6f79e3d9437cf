/**
 * The Slack side of TicketNotifier: posts each new ticket to the tickets channel (TICKETS_CHANNEL_ID)
 * and keeps that message up to date with chat.update; notes about changes go in its thread.
 *
 * Slack errors never fail a ticket (it is saved before anyone is told): they are logged with what
 * to do about them. The post of a new ticket goes through the delivery queue (delivery-queue.ts),
 * so a ticket opened while Slack is down is posted once Slack is back, also after a restart; its
 * message is remembered on the ticket when Slack took it. Updates are coalesced per ticket (changes that arrive while an update is
 * waiting or running share one follow-up update, which reads the ticket fresh) and paced under
 * chat.update's limit of about 50 per minute for all instances together (src/slack/rate-pacer.ts);
 * an update Slack answers with HTTP 429 is sent again after its Retry-After, never dropped.
 */
import type { Logger } from "@slack/bolt";
import type { FeatureContext } from "../features.js";
import type { TicketRecord } from "../repositories/tickets.js";
import type { TicketNotifier } from "../services/tickets/notifier.js";
import type { TicketService } from "../services/tickets/service.js";
import type { DeliveryOutcome, SlackDeliveryQueue } from "./delivery-queue.js";
import type { Text } from "../i18n/mrkdwn.js";
import type { TicketTexts } from "../i18n/catalog.js";
import { slackText } from "./views/kit.js";
import { ticketMessage, type TicketMessageOptions } from "./views/tickets.js";
import { slackFailure } from "./slack-errors.js";

/** How often an update Slack keeps answering with HTTP 429 is tried again (each after its Retry-After) before it is logged as not sent. */
const RATE_LIMITED_TRIES = 20;
/** The wait after a 429 without a Retry-After header. */
const RATE_LIMITED_WAIT_MS = 1_000;

/** The Slack error code of a failed Web API call ("not_in_channel"), or the error's message. */
export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  if (data && typeof data.error === "string") return data.error;
  return error instanceof Error ? error.message : String(error);
}

function advice(code: string): string {
  switch (code) {
    case "not_in_channel":
      return "Invite the app to the channel (/invite @customerbook in that channel).";
    case "channel_not_found":
      return "Check TICKETS_CHANNEL_ID: it must be a channel id such as C0123456789, of a channel the app was invited to.";
    case "is_archived":
      return "The channel is archived: unarchive it or set TICKETS_CHANNEL_ID to another channel.";
    case "message_not_found":
      return "The ticket's message was deleted; /ticket show still shows the ticket.";
    default:
      return "The ticket itself is saved.";
  }
}

/** Runs `work(key)` at most once at a time per key; requests while one waits share it. */
export class Coalescer {
  private readonly slots = new Map<string, { tail: Promise<void>; queued: Promise<void> | undefined }>();
  constructor(private readonly work: (key: string) => Promise<void>) {}

  request(key: string): Promise<void> {
    const slot = this.slots.get(key) ?? { tail: Promise.resolve(), queued: undefined };
    if (slot.queued) return slot.queued;
    const run: Promise<void> = slot.tail.then(() => {
      slot.queued = undefined;
      return this.work(key);
    });
    slot.queued = run;
    slot.tail = run;
    this.slots.set(key, slot);
    void run.finally(() => {
      if (slot.tail === run) this.slots.delete(key);
    });
    return run;
  }
}

type Ctx = Omit<FeatureContext, "notifier"> & { deliveries: SlackDeliveryQueue };

/** How long a new ticket's confirmation waits for its post (to link to it) before it goes without the link. */
const POST_WAIT_MS = 2_500;

class SlackTicketNotifier implements TicketNotifier {
  private readonly updates: Coalescer;
  private readonly logger: Logger;
  private readonly tickets: TicketService;

  constructor(private readonly ctx: Ctx) {
    this.logger = ctx.logger;
    this.tickets = ctx.tickets;
    this.updates = new Coalescer((id) => this.update(id));
    ctx.deliveries.on("ticket_posted", (ref, outcome) => this.posted(ref, outcome));
  }

  /** Outbound email is on: the thread says that its replies are internal notes, and how to answer the customer. */
  private get emailOn(): boolean {
    return Boolean(this.ctx.config.email.smtpUrl && this.ctx.config.email.from);
  }

  /** Respond shows on an email ticket only while outbound email is off. */
  private get view(): TicketMessageOptions {
    return { emailOn: this.emailOn };
  }

  /** The tickets channel is read by many: its messages are in DEFAULT_LOCALE. */
  private get texts(): TicketTexts {
    return this.ctx.people.defaultReader.t.tickets;
  }

  private get channelId(): string | undefined {
    return this.ctx.config.tickets.channelId;
  }

  async opened(ticket: TicketRecord): Promise<void> {
    const channel = this.channelId;
    if (!channel) {
      this.logger.debug(`Ticket #${ticket.number} opened; TICKETS_CHANNEL_ID is not set, so it is not posted.`);
      return;
    }
    try {
      // As it is now, not as it was handed over: a button or email may have changed it meanwhile.
      const current = (await this.tickets.byId(ticket.id)) ?? ticket;
      const message = ticketMessage(this.texts, current, await this.tickets.timers(current), this.view);
      const key = `ticket:${ticket.id}:post`;
      await this.ctx.deliveries.enqueue({
        key,
        orderKey: `ticket:${ticket.id}`,
        method: "chat.postMessage",
        args: { channel, ...message, unfurl_links: false, unfurl_media: false },
        purpose: `ticket_posted:${ticket.id}`,
      });
      // With Slack there the post is done in a moment (and the caller can link to it); without, it waits in the queue.
      await this.ctx.deliveries.settled(key, POST_WAIT_MS);
    } catch (error) {
      this.logger.error(`Ticket #${ticket.number} could not be queued for the tickets channel ${channel}`, error);
    }
  }

  /** The queue delivered a ticket's post (or Slack refused it for good): remember where it is, and catch up on changes since. */
  private async posted(ticketId: string, outcome: DeliveryOutcome): Promise<void> {
    const ticket = await this.tickets.byId(ticketId);
    if (!ticket) return;
    const channel = this.channelId ?? "";
    if (outcome.kind === "failed") {
      this.logger.warn(`Ticket #${ticket.number} could not be posted to the tickets channel ${channel} (${outcome.error}). ${advice(outcome.error)}`);
      return;
    }
    const ts = outcome.response.ts;
    if (typeof ts !== "string") return;
    const postedIn = typeof outcome.response.channel === "string" ? outcome.response.channel : channel;
    await this.tickets.setMessage(ticket.id, postedIn, ts);
    // Said once, where the team writes: thread replies are notes; only an explicit send reaches the customer.
    if (this.emailOn) {
      await this.ctx.deliveries.enqueue({
        key: `ticket:${ticket.id}:internal-notes`,
        orderKey: `ticket:${ticket.id}`,
        method: "chat.postMessage",
        args: { channel: postedIn, thread_ts: ts, text: slackText(this.texts.emailOut.internalNotes), unfurl_links: false },
      });
    }
    // A change after the post was queued (a button, an email, a while in the queue) is not in it: update it now.
    const after = await this.tickets.byId(ticket.id);
    if (after && JSON.stringify(ticketMessage(this.texts, after, await this.tickets.timers(after), this.view).blocks) !== JSON.stringify(outcome.args.blocks)) {
      await this.updates.request(ticket.id);
    }
  }

  async changed(ticket: TicketRecord, note?: Text): Promise<void> {
    if (!ticket.channelId || !ticket.messageTs) return; // never posted (no channel then, or posting failed)
    const { channelId, messageTs } = ticket;
    const updated = this.updates.request(ticket.id);
    if (note) {
      try {
        await this.ctx.client.chat.postMessage({ channel: channelId, thread_ts: messageTs, text: slackText(note), unfurl_links: false });
      } catch (error) {
        const code = slackErrorCode(error);
        this.logger.warn(`Ticket #${ticket.number}: the note could not be posted in its thread in ${channelId} (${code}). ${advice(code)}`);
      }
    }
    await updated;
  }

  /** Refreshes the message from the ticket as it is now (a later change is included, never lost). */
  private async update(ticketId: string): Promise<void> {
    try {
      for (let attempt = 1; ; attempt++) {
        await this.ctx.ratePacer.slot("chat.update");
        // Read after the slot: the message shows the ticket as it is when it is sent.
        const ticket = await this.tickets.byId(ticketId);
        if (!ticket?.channelId || !ticket.messageTs) return;
        const message = ticketMessage(this.texts, ticket, await this.tickets.timers(ticket), this.view);
        try {
          await this.ctx.client.chat.update({ channel: ticket.channelId, ts: ticket.messageTs, ...message });
          return;
        } catch (error) {
          const failure = slackFailure(error);
          const limited = failure.code === "ratelimited" || /rate limit/i.test(String((error as { original?: Error }).original?.message ?? ""));
          if (limited && attempt < RATE_LIMITED_TRIES) {
            // HTTP 429: Slack said when to come back (the Web API client already waited that long when it retries itself).
            await new Promise((r) => setTimeout(r, failure.retryAfterMs ?? RATE_LIMITED_WAIT_MS));
            continue;
          }
          const code = slackErrorCode(error);
          this.logger.warn(`Ticket #${ticket.number}: its message in ${ticket.channelId} could not be updated (${code}). ${advice(code)}`);
          return;
        }
      }
    } catch (error) {
      this.logger.error(`Updating the message of ticket ${ticketId} failed`, error);
    }
  }
}

export function createTicketNotifier(ctx: Ctx): TicketNotifier {
  return new SlackTicketNotifier(ctx);
}
