/**
 * The email rules of issue 5, in order, for one parsed inbound email:
 *   1. a Message-ID already seen is ignored (providers retry);
 *   2. a reply (In-Reply-To / References naming a stored email of a ticket, or "#N" in the
 *      subject) becomes a comment on that ticket; the customer's reply reopens a resolved ticket;
 *   3. the sender's domain picks the customer (archived customers do not match); a known contact
 *      opens a ticket for its customer, an unknown sender on that domain becomes a new contact
 *      first; a sender on an unlisted domain who is a contact of exactly one customer (a gmail.com
 *      contact) is taken as that contact;
 *   4. a customer with "tickets only from primary contact" takes tickets from its primary contact
 *      only: other emails are refused and recorded (no contact is created for a refused sender:
 *      the customer said only the primary contact speaks for it by email, so the refused email must
 *      not change its contact list either — an admin can add the person if they should be there);
 *   5. a contact marked "no automatic tickets from email" opens none (refused and recorded);
 *   6. anyone else opens an unassigned ticket, for triage.
 * Before rule 2, mail written by a machine (out-of-office, bounce, bulk: see automaticReason) is
 * recorded and goes no further: it would open tickets nobody asked for, or loop with another
 * auto-responder.
 *
 * All-or-nothing: each email is ONE database transaction — its InboundEmail row, a new contact,
 * and the ticket (or comment) with its events. The ticket is written through a TicketService bound
 * to that transaction (same class and rules as the app's, over a TicketRepository on the
 * transaction), rather than through the app's TicketService, whose methods open their own
 * transactions. So a failure can leave neither a ticket without its InboundEmail row nor a row
 * without its ticket, and the unique InboundEmail.messageId decides a race between two deliveries
 * of one email: the loser's transaction rolls back whole and it answers "duplicate". Slack is told
 * only after the commit; a failure there is logged and does not fail the email (it is saved).
 */
import type { Metrics } from "../../metrics/metrics.js";
import { createHash, randomUUID } from "node:crypto";
import type { Logger } from "@slack/bolt";
import type { FeatureContext } from "../../features.js";
import { emailDomain } from "../../domain/email.js";
import { emailKey } from "../../domain/text.js";
import { ticketNumberInSubject, type TicketPriority } from "../../domain/ticket.js";
import type { InboundFormat, InboundMessage, KnownParts } from "../../email/message.js";
import { cleanSubject, contactNames, ticketBody } from "../../email/message.js";
import { senderTrust } from "../../email/trust.js";
import type { AutomaticMail } from "../email-out/automatic.js";
import { emailText } from "../../i18n/email.js";
import type { Catalog } from "../../i18n/catalog.js";
import { parseStored, storeOutcome, type EmailRefusal as EmailRefusalOutcome } from "../../domain/stored-outcomes.js";
import {
  InboundEmailRepository,
  type EndpointRefusal,
  type InboundOutcome,
  type IntakeRepos,
  type SenderContact,
  type SenderCustomer,
} from "../../repositories/inbound-emails.js";
import type { TicketRecord } from "../../repositories/tickets.js";
import type { TicketNotifier } from "./notifier.js";
import { TicketService } from "./service.js";

export type EmailRefusal = {
  id: string;
  at: Date;
  /** "" when the email was refused before its sender could be read */
  fromEmail: string;
  fromName: string | null;
  subject: string;
  customerName: string | null;
  /** why, as a code rendered for the reader (`tickets.refused.reason`); undefined for rows stored before, and for HTTP refusals */
  outcome?: EmailRefusalOutcome;
  /** why, in words: rows stored before outcomes were codes, and the HTTP refusals (the answer the mail provider got) */
  reason: string;
};

/**
 * An email POST /email/inbound refused before the rules (the provider is answered 4xx): what could
 * be read of it, and `basis`, what identifies it across the provider's retries (its Message-ID, or
 * a hash of its body; nothing when the body was not read), so that a retry is not listed twice.
 */
export type Refusal = { outcome: EndpointRefusal; reason: string; format: InboundFormat | "unknown"; known: KnownParts; basis?: string };

/** What POST /email/inbound answers (200) for an email it took. */
export type IntakeResult = { outcome: InboundOutcome | "duplicate"; ticketNumber?: number };

type Deps = {
  /** repository on the plain client, for reads outside the email's transaction */
  reads: InboundEmailRepository;
  transaction: <T>(work: (repos: IntakeRepos) => Promise<T>) => Promise<T>;
  notifier: TicketNotifier;
  /** the notes put in a ticket's thread in the tickets channel (DEFAULT_LOCALE's catalog; English when not given) */
  channelNotes?: Catalog["tickets"]["emailNotes"];
  clock: () => Date;
  logger: Logger;
  /** the acknowledgement of a ticket an email opened, written in the email's transaction */
  automatic?: AutomaticMail | undefined;
  /** an automatic email was written: the sender looks after the commit */
  written?: () => void;
  /** counts the tickets opened, by source */
  metrics?: Pick<Metrics, "ticketOpened">;
  /** EMAIL_TRUSTED_AUTHSERV_ID: whose Authentication-Results are believed (src/email/trust.ts) */
  trustedAuthservId?: string | undefined;
  /** how long the answer waits for the Slack notice (default NOTIFY_WAIT_MS) */
  notifyWaitMs?: number;
};

/** Providers give a webhook some seconds to answer; Slack may take longer when updates queue. */
export const NOTIFY_WAIT_MS = 5_000;

/** What happened inside the transaction, for the Slack notice after the commit. */
type Done =
  | { kind: "duplicate" }
  | { kind: "opened"; ticket: TicketRecord; acknowledged: boolean }
  | { kind: "comment"; ticket: TicketRecord; outcome: InboundOutcome; note: string }
  | { kind: "refused"; outcome: InboundOutcome; reason: EmailRefusalOutcome };

class Duplicate extends Error {}

/** Whom an email is from, as far as the customer book knows. */
type Sender =
  | { kind: "contact"; customer: SenderCustomer; contact: SenderContact }
  | { kind: "new_contact"; customer: SenderCustomer }
  | { kind: "unknown" };

export class EmailIntakeService {
  constructor(private readonly deps: Deps) {}

  /** Applies the rules to one email. Throws only on unexpected failures (then nothing was written). */
  async receive(msg: InboundMessage): Promise<IntakeResult> {
    // Cheap check first; the unique Message-ID inside the transaction is what decides.
    if (await this.deps.reads.seen(msg.messageId)) return { outcome: "duplicate" };
    const now = this.deps.clock();
    let done: Done;
    try {
      done = await this.deps.transaction((repos) => this.apply(repos, msg, now));
    } catch (error) {
      if (error instanceof Duplicate) return { outcome: "duplicate" };
      throw error;
    }
    switch (done.kind) {
      case "duplicate":
        return { outcome: "duplicate" };
      case "refused":
        this.deps.logger.info(`Email from ${msg.from.email} refused (${done.outcome}): ${storeOutcome(done.reason)}`);
        return { outcome: done.outcome };
      case "opened":
        this.deps.metrics?.ticketOpened("email");
        if (done.acknowledged) this.deps.written?.(); // after the commit: the sender finds the row
        await this.tell(() => this.deps.notifier.opened(done.ticket), done.ticket);
        return { outcome: "ticket_opened", ticketNumber: done.ticket.number };
      case "comment":
        await this.tell(() => this.deps.notifier.changed(done.ticket, done.note), done.ticket);
        return { outcome: done.outcome, ticketNumber: done.ticket.number };
    }
  }

  /**
   * Records an email refused before the rules, so that /ticket refused lists it. Its row has an id
   * of its own, never the email's Message-ID: a corrected delivery of the same email is not taken
   * for a duplicate. Returns false when this refusal was recorded before (a retry).
   */
  async refuse(r: Refusal): Promise<boolean> {
    const basis = r.basis ?? randomUUID();
    const stored = await this.deps.reads.record({
      messageId: `refused-${createHash("sha256").update(`${r.outcome}\u0000${basis}`).digest("hex").slice(0, 40)}@inbound.invalid`,
      format: r.format,
      fromEmail: r.known.fromEmail ?? "",
      fromName: r.known.fromName ?? null,
      subject: cleanSubject(r.known.subject),
      outcome: r.outcome,
      reason: r.reason,
      ticketId: null,
      customerId: null,
      receivedAt: this.deps.clock(),
    });
    if (stored === "duplicate") return false;
    this.deps.logger.info(`Email${r.known.fromEmail ? ` from ${r.known.fromEmail}` : ""} refused (${r.outcome}): ${r.reason}`);
    return true;
  }

  /** The most recent refused emails, newest first (shown to admins with /ticket refused). */
  async recentRefusals(limit: number): Promise<EmailRefusal[]> {
    const rows = await this.deps.reads.refusals(Math.max(0, Math.floor(limit)));
    return rows.map((r) => ({
      id: r.id,
      at: r.receivedAt,
      fromEmail: r.fromEmail,
      fromName: r.fromName,
      subject: r.subject,
      customerName: r.customerName,
      outcome: parseStored<EmailRefusalOutcome>(r.reasonOutcome),
      reason: r.reason ?? "",
    }));
  }

  // -- inside the email's transaction --

  private async apply(repos: IntakeRepos, msg: InboundMessage, now: Date): Promise<Done> {
    const { emails } = repos;
    if (await emails.seen(msg.messageId)) return { kind: "duplicate" };
    // The app's ticket rules, on this transaction (see the file comment).
    const tickets = new TicketService({ tickets: repos.tickets, transaction: (work) => work(repos.tickets), clock: () => now });
    const key = emailKey(msg.from.email);
    // Did the receiving side verify the sender? Only a trusted verdict counts (src/email/trust.ts).
    const trust = senderTrust(msg.auth, this.deps.trustedAuthservId, msg.from.email);
    const unverified = trust.unverified;
    const row = {
      messageId: msg.messageId,
      format: msg.format,
      fromEmail: msg.from.email,
      fromName: msg.from.name,
      subject: msg.subject,
      receivedAt: now,
      authResult: trust.verdict,
      authDetail: trust.detail || null,
    };
    const record = async (outcome: InboundOutcome, o: { ticketId?: string | null; customerId?: string | null; reason?: EmailRefusalOutcome }) => {
      const stored = await emails.record({
        ...row,
        outcome,
        ticketId: o.ticketId ?? null,
        customerId: o.customerId ?? null,
        reason: null,
        reasonOutcome: o.reason ? storeOutcome(o.reason) : null,
      });
      // Another delivery of this email committed first: roll this one back whole.
      if (stored === "duplicate") throw new Duplicate();
    };

    if (msg.automatic) {
      const reason: EmailRefusalOutcome = { code: "automatic", sign: msg.automatic };
      await record("ignored_automatic", { reason });
      return { kind: "refused", outcome: "ignored_automatic", reason };
    }

    // 2. a reply to a ticket
    const replyTo = await this.repliedTicket(repos, msg);
    if (replyTo) {
      const customerId = replyTo.customer?.id ?? null;
      // A forged From of the customer must not reopen or resume their ticket: an unverified reply is a comment only.
      const fromCustomer =
        !unverified &&
        ((customerId !== null && (await emails.contactIn(customerId, key)) !== undefined) ||
          (replyTo.requesterEmail !== null && emailKey(replyTo.requesterEmail) === key));
      const result = await tickets.comment(replyTo.id, { actorEmail: msg.from.email, body: ticketBody(msg.replyText, msg.attachments), fromCustomer });
      if (result.kind === "added") {
        const outcome: InboundOutcome = result.reopened ? "ticket_reopened" : "comment_added";
        await record(outcome, { ticketId: result.ticket.id, customerId });
        const who = msg.from.name ? `${msg.from.name} <${msg.from.email}>` : msg.from.email;
        const notes = this.deps.channelNotes ?? emailText.ticket;
        const plain = result.reopened ? notes.reopenedNote(who) : result.resumed ? notes.resumedNote(who) : notes.replyNote(who);
        const note = unverified ? notes.unverifiedNote(plain, notes.trustDetail(trust.why ?? trust.detail)) : plain;
        return { kind: "comment", ticket: result.ticket, outcome, note };
      }
      // The ticket went away between the lookup and the comment: take the email as a new one.
    }

    // 3. who sent it
    const found = await this.sender(emails, msg, key);
    if (unverified && found.kind !== "unknown" && found.customer.ticketsOnlyFromPrimary) {
      // the primary contact's address is exactly what a forger would use
      const reason: EmailRefusalOutcome = { code: "unverified", customer: found.customer.name, sender: msg.from.email, verdicts: trust.detail, ...(trust.why ? { why: trust.why } : {}) };
      await record("refused_unverified", { customerId: found.customer.id, reason });
      return { kind: "refused", outcome: "refused_unverified", reason };
    }
    // An unverified stranger on a customer's domain becomes nobody's contact: the ticket goes to triage.
    const sender: Sender = unverified && found.kind === "new_contact" ? { kind: "unknown" } : found;
    if (sender.kind !== "unknown") {
      const { customer } = sender;
      const contact = sender.kind === "contact" ? sender.contact : undefined;
      // 4. only the primary contact opens tickets by email
      if (customer.ticketsOnlyFromPrimary && (!contact || contact.id !== customer.primaryContactId)) {
        const p = customer.primaryContact;
        const reason: EmailRefusalOutcome = { code: "primary_only", customer: customer.name, primary: p ? `${`${p.firstName} ${p.lastName}`.trim()} <${p.email}>` : null, sender: msg.from.email };
        await record("refused_primary_only", { customerId: customer.id, reason });
        return { kind: "refused", outcome: "refused_primary_only", reason };
      }
      // 5. a contact who asked for no tickets from email
      if (contact?.noEmailTickets) {
        const reason: EmailRefusalOutcome = { code: "no_email_tickets", contact: `${`${contact.firstName} ${contact.lastName}`.trim()} <${contact.email}>`, customer: customer.name };
        await record("refused_no_email_tickets", { customerId: customer.id, reason });
        return { kind: "refused", outcome: "refused_no_email_tickets", reason };
      }
    }
    const contact =
      sender.kind === "contact"
        ? sender.contact
        : sender.kind === "new_contact"
          ? await emails.createContact(sender.customer.id, { ...contactNames(msg.from), email: msg.from.email, emailKey: key })
          : undefined;
    const customerId = sender.kind === "unknown" ? null : sender.customer.id;

    // 3 and 6: open the ticket (for the customer, or unassigned for triage)
    const ticket = await tickets.open(
      {
        customerId,
        contactId: contact?.id ?? null,
        subject: msg.subject,
        description: ticketBody(msg.text, msg.attachments),
        priority: ticketPriority(msg),
        source: "email",
        requesterEmail: msg.from.email,
        requesterName: msg.from.name ?? (contact ? `${contact.firstName} ${contact.lastName}`.trim() : null),
        ...(unverified ? { unverifiedSender: true } : {}),
      },
      now,
    );
    await record("ticket_opened", { ticketId: ticket.id, customerId });
    // The acknowledgement, with the ticket or not at all: only to a known contact of a customer (a
    // contact before this email; a stranger's From may be anyone's address), never to a sender who did
    // not prove who they are, and with sender trust on only after a pass.
    // List or bulk mail (src/email/message.ts, noAutoReplyReason) opens its ticket but gets no answer.
    const known = sender.kind === "contact" && !unverified && (!this.deps.trustedAuthservId || trust.verdict === "pass") && !msg.noAutoReply;
    const skipped = this.deps.automatic && known
      ? await this.deps.automatic.acknowledge(repos.tickets, ticket, { messageId: msg.messageId, fromEmail: msg.from.email, contactName: `${sender.contact.firstName} ${sender.contact.lastName}`.trim() || null }, now)
      : "off";
    return { kind: "opened", ticket, acknowledged: skipped === undefined };
  }

  /**
   * The ticket this email replies to: by the stored emails it references, else by "#N" in the
   * subject (from anyone: a technician or a vendor writing about ticket N adds a comment; only the
   * customer's people reopen it, see comment()).
   */
  private async repliedTicket(repos: IntakeRepos, msg: InboundMessage): Promise<TicketRecord | undefined> {
    // theirs (an email stored on a ticket) or ours (the app's reply they answer)
    const byReference = (await repos.emails.ticketIdOf(msg.references)) ?? (await repos.tickets.outbox.ticketIdOf(msg.references));
    if (byReference) {
      const ticket = await repos.tickets.byId(byReference);
      if (ticket) return ticket;
    }
    const number = ticketNumberInSubject(msg.subject);
    return number === undefined ? undefined : repos.tickets.byNumber(number);
  }

  private async sender(emails: InboundEmailRepository, msg: InboundMessage, key: string): Promise<Sender> {
    const byDomain = await emails.customerByDomain(emailDomain(msg.from.email));
    if (byDomain) {
      const contact = await emails.contactIn(byDomain.id, key);
      return contact ? { kind: "contact", customer: byDomain, contact } : { kind: "new_contact", customer: byDomain };
    }
    // The domain is no customer's (e.g. gmail.com): a contact with this address still counts, if
    // exactly one customer has it; with several we cannot tell which, so the ticket goes to triage.
    const known = await emails.contactsByEmail(key, 2);
    if (known.length === 1) {
      const contact = known[0]!;
      const customer = await emails.customer(contact.customerId);
      if (customer) return { kind: "contact", customer, contact };
    }
    return { kind: "unknown" };
  }

  /**
   * Tells Slack; a failure is logged and does not fail the email, which is saved. The answer to
   * the provider waits for Slack at most NOTIFY_WAIT_MS (message updates are paced app-wide and
   * can queue for a while); past that the notice goes on in the background.
   */
  private async tell(notice: () => Promise<void>, ticket: TicketRecord): Promise<void> {
    const told = notice().catch((error: unknown) => {
      this.deps.logger.error(`Ticket ${ticket.number} was saved from an email, but the tickets channel could not be told`, error);
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.deps.notifyWaitMs ?? NOTIFY_WAIT_MS);
      timer.unref();
    });
    await Promise.race([told, waited]);
    clearTimeout(timer);
  }
}

/**
 * Email tickets start at medium; a sender's "urgent" flag (X-Priority 1/2, Importance: high)
 * raises it to high — never to critical, which a technician sets. "Low" flags are ignored: senders
 * rarely mean them, and the SLA should not slow down on the sender's say-so.
 */
export function ticketPriority(msg: Pick<InboundMessage, "priority">): TicketPriority {
  return msg.priority === "high" ? "high" : "medium";
}

export function createEmailIntake(ctx: FeatureContext): EmailIntakeService {
  return new EmailIntakeService({
    reads: new InboundEmailRepository(ctx.db),
    transaction: (work) => InboundEmailRepository.transaction(ctx.db, work),
    notifier: ctx.notifier,
    channelNotes: ctx.people.defaultReader.t.tickets.emailNotes,
    clock: ctx.clock,
    logger: ctx.logger,
    trustedAuthservId: ctx.config.email.trustedAuthservId,
    automatic: ctx.automaticMail,
    written: ctx.emailWritten,
    metrics: ctx.metrics,
  });
}
