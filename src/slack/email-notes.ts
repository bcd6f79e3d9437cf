/**
 * The Slack side of outbound email: a note in the ticket's thread for each email ("Emailed to
 * jane@acme.com by @ada: …" with its delivery state), updated when the mail server accepted or
 * refused it; a permanent refusal is also put on the ticket's message (Ticket.emailFailure) until
 * a later email gets through. And the SLA rule for tickets that came by email: their first
 * response is the first reply the mail server accepted, recorded when it did.
 *
 * The notes go through the Slack delivery queue (delivery-queue.ts): kept until Slack takes them.
 */
import type { Logger } from "@slack/bolt";
import type { OutboundRecord } from "../repositories/outbound-emails.js";
import type { TicketRecord } from "../repositories/tickets.js";
import type { TicketNotifier } from "../services/tickets/notifier.js";
import type { TicketService } from "../services/tickets/service.js";
import type { OutboundEmailRepository } from "../repositories/outbound-emails.js";
import { emailNote } from "./views/email-replies.js";
import type { OutTexts } from "../i18n/catalog.js";
import type { DeliveryOutcome, SlackDeliveryQueue } from "./delivery-queue.js";

type Deps = {
  deliveries: SlackDeliveryQueue;
  tickets: TicketService;
  notifier: TicketNotifier;
  emails: OutboundEmailRepository;
  /** the thread notes' texts: the tickets channel is read by many, so DEFAULT_LOCALE's */
  texts: OutTexts;
  clock: () => Date;
  logger: Logger;
};

/** How far back the start-up sweep looks: the outbox gives up after 3 days. */
const CATCH_UP_DAYS = 4;

export class EmailNotes {
  constructor(private readonly deps: Deps) {
    deps.deliveries.on("email_note", (emailId, outcome) => this.posted(emailId, outcome));
  }

  /**
   * An email was written: its note goes in the ticket's thread (where the ticket was posted),
   * through the delivery queue, so it reaches Slack also when Slack is down for a while.
   */
  async queued(email: OutboundRecord, ticket: TicketRecord): Promise<void> {
    if (!ticket.channelId || !ticket.messageTs) return;
    // It may have been delivered already (a fast server): show it as it is now.
    const now = (await this.deps.emails.byId(email.id)) ?? email;
    await this.deps.deliveries.enqueue({
      key: `email:${email.id}:note`,
      orderKey: `ticket:${ticket.id}`,
      method: "chat.postMessage",
      args: { channel: ticket.channelId, thread_ts: ticket.messageTs, ...emailNote(this.deps.texts, now), unfurl_links: false, unfurl_media: false },
      purpose: `email_note:${email.id}`,
    });
  }

  /** The note is in Slack: remember where, and bring it up to date if the email ended since it was queued. */
  private async posted(emailId: string, outcome: DeliveryOutcome): Promise<void> {
    if (outcome.kind !== "sent") return;
    const ts = outcome.response.ts;
    const channel = outcome.response.channel ?? outcome.args.channel;
    if (typeof ts !== "string" || typeof channel !== "string") return;
    await this.deps.emails.setNote(emailId, channel, ts);
    const after = await this.deps.emails.byId(emailId);
    if (after && after.status !== "pending") await this.update(after);
  }

  /** The mail server answered for good: the note shows it, the ticket's message too when refused, and the SLA's first response is recorded. */
  async settled(email: OutboundRecord): Promise<void> {
    if (!email.ticketId) return; // a portal sign-in link: no ticket, no note
    const ticket = await this.deps.tickets.byId(email.ticketId);
    if (!ticket) return;
    await this.update(email);
    let changed: TicketRecord | undefined;
    if (email.status === "failed") {
      await this.deps.tickets.setEmailFailure(ticket.id, JSON.stringify({ to: email.toEmail, reason: email.smtpResponse ?? email.lastError ?? "", at: this.deps.clock().toISOString() }));
      changed = await this.deps.tickets.byId(ticket.id);
    } else if (email.status === "sent") {
      if (ticket.emailFailure) {
        await this.deps.tickets.setEmailFailure(ticket.id, null);
        changed = await this.deps.tickets.byId(ticket.id);
      }
      // A ticket that came by email (or from the portal) is answered when a reply reaches the customer (its message updated there).
      if (await this.firstResponse(email)) changed = undefined;
    }
    if (changed) await this.deps.notifier.changed(changed);
  }

  /**
   * At start-up: the notes of emails the mail server answered for good are brought up to date,
   * and a reply that reached the customer counts as its ticket's first response. The sender
   * records the server's answer (markSent / markFailed) before it tells this class, so an app that
   * stopped in between left "Sending…" in the thread for ever. Each note update has its own
   * delivery key, so a note already up to date is not updated again; the ticket's refusal line
   * (emailFailure) is not replayed, as a later email may have cleared it. Emails of the last
   * CATCH_UP_DAYS, the outbox's give-up time and a day.
   */
  async catchUp(limit = 1_000): Promise<number> {
    const since = new Date(this.deps.clock().getTime() - CATCH_UP_DAYS * 86_400_000);
    const emails = await this.deps.emails.settledWithNotes(since, limit);
    for (const email of emails) {
      try {
        await this.update(email);
        await this.firstResponse(email);
      } catch (error) {
        this.deps.logger.warn(`The thread note of email ${email.id} could not be brought up to date at start-up`, error);
      }
    }
    return emails.length;
  }

  /** A ticket that came by email or from the portal is answered when a reply reaches the customer. */
  private async firstResponse(email: OutboundRecord): Promise<TicketRecord | undefined> {
    if (email.status !== "sent" || email.kind !== "reply" || !email.sentBy || email.ticketId === null) return undefined;
    const ticket = await this.deps.tickets.byId(email.ticketId);
    if (!ticket || ticket.source === "slack" || ticket.firstResponseAt) return undefined;
    const outcome = await this.deps.tickets.respond(ticket.id, email.sentBy);
    if (outcome.kind !== "changed") return undefined;
    await this.deps.notifier.changed(outcome.ticket);
    return outcome.ticket;
  }

  /** The note as the email is now, once per state (the key), through the queue. */
  private async update(email: OutboundRecord): Promise<void> {
    if (!email.noteChannel || !email.noteTs) return; // not posted yet: posted() brings it up to date
    await this.deps.deliveries.enqueue({
      key: `email:${email.id}:note:${email.status}`,
      orderKey: `ticket:${email.ticketId}`,
      method: "chat.update",
      args: { channel: email.noteChannel, ts: email.noteTs, ...emailNote(this.deps.texts, email) },
    });
  }
}
