/**
 * The Slack side of outbound email: a note in the ticket's thread for each email ("Emailed to
 * jane@acme.com by @ada: …" with its delivery state), updated when the mail server accepted or
 * refused it; a permanent refusal is also put on the ticket's message (Ticket.emailFailure) until
 * a later email gets through. And the SLA rule for tickets that came by email: their first
 * response is the first reply the mail server accepted, recorded when it did.
 *
 * Slack errors never fail an email (it is in the outbox either way): they are logged.
 */
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { OutboundRecord } from "../repositories/outbound-emails.js";
import type { TicketRecord } from "../repositories/tickets.js";
import type { TicketNotifier } from "../services/tickets/notifier.js";
import type { TicketService } from "../services/tickets/service.js";
import type { OutboundEmailRepository } from "../repositories/outbound-emails.js";
import { emailNote } from "./views/email-replies.js";
import { slackErrorCode } from "./ticket-messages.js";

type Deps = { client: WebClient; tickets: TicketService; notifier: TicketNotifier; emails: OutboundEmailRepository; clock: () => Date; logger: Logger };

export class EmailNotes {
  constructor(private readonly deps: Deps) {}

  /** An email was written: its note goes in the ticket's thread (where the ticket was posted). */
  async queued(email: OutboundRecord, ticket: TicketRecord): Promise<void> {
    if (!ticket.channelId || !ticket.messageTs) return;
    try {
      // It may have been delivered already (a fast server): show it as it is now.
      const now = (await this.deps.emails.byId(email.id)) ?? email;
      const res = await this.deps.client.chat.postMessage({ channel: ticket.channelId, thread_ts: ticket.messageTs, ...emailNote(now), unfurl_links: false, unfurl_media: false });
      if (res.ts) {
        await this.deps.emails.setNote(email.id, res.channel ?? ticket.channelId, res.ts);
        // Settled between the read and the note being remembered: bring the note up to date.
        const after = await this.deps.emails.byId(email.id);
        if (after && after.status !== now.status) await this.update({ ...after, noteChannel: res.channel ?? ticket.channelId, noteTs: res.ts });
      }
    } catch (error) {
      this.deps.logger.warn(`Ticket #${ticket.number}: the note about the email to ${email.toEmail} could not be posted (${slackErrorCode(error)}); the email itself is in the outbox.`);
    }
  }

  /** The mail server answered for good: the note shows it, the ticket's message too when refused, and the SLA's first response is recorded. */
  async settled(email: OutboundRecord): Promise<void> {
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
      // A ticket that came by email is answered when a reply reaches the customer.
      if (email.kind === "reply" && email.sentBy && ticket.source === "email" && !ticket.firstResponseAt) {
        const outcome = await this.deps.tickets.respond(ticket.id, email.sentBy);
        if (outcome.kind === "changed") changed = outcome.ticket;
      }
    }
    if (changed) await this.deps.notifier.changed(changed);
  }

  private async update(email: OutboundRecord): Promise<void> {
    if (!email.noteChannel || !email.noteTs) return; // not posted (yet): queued() shows the state it finds
    try {
      await this.deps.client.chat.update({ channel: email.noteChannel, ts: email.noteTs, ...emailNote(email) });
    } catch (error) {
      this.deps.logger.warn(`The note about the email to ${email.toEmail} could not be updated (${slackErrorCode(error)}).`);
    }
  }
}
