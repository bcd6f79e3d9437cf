/**
 * Answering customers by email: a reply written in Slack (the Reply to customer modal, or a
 * thread message sent with the Send to customer shortcut) becomes an OutboundEmail row in the SAME
 * transaction as what it does to the ticket (its "emailed" event, and pending or resolved when
 * asked), so a reply is never half-written: no email without its ticket change, no change without
 * its email. The sender (sender.ts) delivers it afterwards. Each reply carries a key from Slack's
 * request (a view's id and hash, a message's channel and ts): the same key twice writes one email.
 *
 * Threading: In-Reply-To names the customer's last email on the ticket, References the ticket's
 * emails both ways (theirs, then ours), and the subject keeps "[#N]", so the customer's answer
 * comes back to this ticket through the intake either way.
 *
 * Knows nothing of Slack: mentions are resolved to names by the caller's `nameOf`.
 */
import { emailKey } from "../../domain/text.js";
import { htmlDocument, mrkdwnToEmail, newMessageId, referencesOf, ticketSubject, type NameOf } from "../../email/outgoing.js";
import { customerEmailTexts } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locale.js";
import type { OutboundRecord } from "../../repositories/outbound-emails.js";
import type { CustomerEmail, TicketRecord, TicketRepository } from "../../repositories/tickets.js";
import { TicketService, type TicketOutcome } from "../tickets/service.js";

/** What a reply does to the ticket besides emailing: nothing, pending (waiting on the customer), or resolved. */
export const REPLY_THEN = ["keep", "pending", "resolved"] as const;
export type ReplyThen = (typeof REPLY_THEN)[number];

export type ReplyContext = {
  ticket: TicketRecord;
  /** the ticket's contact's address, else the address that wrote the ticket; none: cannot reply */
  to: { email: string; name: string | null } | undefined;
  /** the customer's other contacts, for CC */
  ccOptions: { email: string; name: string }[];
  last: CustomerEmail | undefined;
};

export type ReplyInput = {
  ticketId: string;
  /** what this reply is, once: "view:<id>:<hash>" or "message:<channel>:<ts>" */
  key: string;
  /** Slack mrkdwn, as typed in the modal or written in the thread */
  body: string;
  nameOf: NameOf;
  byUserId: string;
  cc: readonly string[];
  then: ReplyThen;
};

export type ReplyResult =
  | { kind: "queued"; email: OutboundRecord; ticket: TicketRecord; change: TicketOutcome | undefined }
  | { kind: "duplicate"; email: OutboundRecord }
  | { kind: "off" }
  | { kind: "not_found" }
  | { kind: "closed"; ticket: TicketRecord }
  | { kind: "no_recipient"; ticket: TicketRecord }
  | { kind: "empty" }
  | { kind: "bad_cc"; email: string };

/** The longest reply body taken (what the modal allows; a thread message is cut to it). */
export const MAX_REPLY_LENGTH = 3_000;
const CC_OPTIONS = 100;

type Deps = {
  /** repository on the plain client, for reads */
  reads: TicketRepository;
  /** runs work in one transaction (the ticket's and its email's) */
  transaction: <T>(work: (repo: TicketRepository) => Promise<T>) => Promise<T>;
  /** SMTP_URL and EMAIL_FROM are set */
  enabled: boolean;
  from: { name: string | null; address: string } | undefined;
  /** the app's clock (tickets, events) */
  clock: () => Date;
  /** the outbox's clock: when a new email is first due (the machine's) */
  outboxNow: () => Date;
  /** the language of a customer's emails when the customer has none (DEFAULT_LOCALE) */
  defaultLocale?: Locale;
  /** an email was written: the sender looks now */
  written: () => void;
};

export class EmailOutbox {
  constructor(private readonly deps: Deps) {}

  get enabled(): boolean {
    return this.deps.enabled && this.deps.from !== undefined;
  }

  /** The app's own address (no automatic mail to it; never a reply's recipient). */
  get fromAddress(): string | undefined {
    return this.deps.from?.address;
  }

  /** What the reply modal shows: recipient, CC choices, the customer's last email. */
  async replyContext(ticketId: string): Promise<ReplyContext | undefined> {
    const repo = this.deps.reads;
    const ticket = await repo.byId(ticketId);
    if (!ticket) return undefined;
    const to = recipientOf(ticket);
    const contacts = ticket.customer ? await repo.contactsOf(ticket.customer.id, CC_OPTIONS) : [];
    const ccOptions = contacts.filter((c) => c.email && (!to || emailKey(c.email) !== emailKey(to.email)));
    return { ticket, to, ccOptions, last: await repo.lastCustomerEmail(ticket.id) };
  }

  /** The email already written for this key (a confirmed shortcut shown again), if any. */
  async byKey(key: string): Promise<OutboundRecord | undefined> {
    return this.deps.reads.outbox.byKey(key);
  }

  /** Writes the reply and its ticket change in one transaction; the sender delivers it. */
  async queueReply(input: ReplyInput): Promise<ReplyResult> {
    const from = this.deps.from;
    if (!this.enabled || !from) return { kind: "off" };
    const body = input.body.trim().slice(0, MAX_REPLY_LENGTH);
    if (!body) return { kind: "empty" };
    const at = this.deps.clock();
    const result = await this.deps.transaction(async (repo): Promise<ReplyResult> => {
      const existing = await repo.outbox.byKey(input.key);
      if (existing) return { kind: "duplicate", email: existing };
      const t = await repo.byId(input.ticketId);
      if (!t) return { kind: "not_found" };
      if (t.status === "closed") return { kind: "closed", ticket: t };
      const to = recipientOf(t);
      if (!to) return { kind: "no_recipient", ticket: t };
      const allowed = new Map((t.customer ? await repo.contactsOf(t.customer.id, 1000) : []).map((c) => [emailKey(c.email), c.email]));
      const cc: string[] = [];
      for (const raw of input.cc) {
        const known = allowed.get(emailKey(raw));
        if (!known) return { kind: "bad_cc", email: raw };
        if (emailKey(known) !== emailKey(to.email) && !cc.includes(known)) cc.push(known);
      }
      // In-Reply-To: the customer's last email on the ticket (the newest from the recipient or a
      // contact of the customer: never one a colleague or a stranger wrote onto the ticket);
      // References: every email of the thread
      const onTicket = await repo.ticketEmails(t.id);
      const customers = new Set([emailKey(to.email), ...allowed.keys()]);
      const lastOfTheirs = onTicket.filter((e) => customers.has(emailKey(e.fromEmail))).at(-1)?.messageId ?? null;
      const theirs = onTicket.map((e) => e.messageId);
      const ours = await repo.outbox.messageIdsOf(t.id);
      const texts = customerEmailTexts(t.customer?.language, this.deps.defaultLocale ?? "en");
      const rendered = mrkdwnToEmail(body, input.nameOf, texts.someone);
      const { email } = await repo.outbox.enqueue(
        {
          key: input.key,
          ticketId: t.id,
          kind: "reply",
          messageId: newMessageId(from.address),
          toEmail: to.email,
          cc,
          subject: ticketSubject(t.number, t.subject, texts.replyPrefix),
          text: rendered.text,
          html: htmlDocument(rendered.html),
          inReplyTo: lastOfTheirs,
          references: referencesOf([...theirs, ...ours]),
          automatic: false,
          sentBy: input.byUserId,
        },
        at,
        this.deps.outboxNow(),
        { checked: true },
      );
      await repo.addEvent(t.id, "emailed", { actorId: input.byUserId, body: JSON.stringify({ to: to.email, cc }), at });
      // The ticket change asked for with the reply: part of the same transaction.
      const bound = TicketService.bound(repo, at);
      const change = input.then === "pending" ? await bound.setPending(t.id, input.byUserId) : input.then === "resolved" ? await bound.resolve(t.id, input.byUserId) : undefined;
      const ticket = change && change.kind !== "not_found" ? change.ticket : t;
      return { kind: "queued", email, ticket, change };
    });
    if (result.kind === "queued") this.deps.written();
    return result;
  }
}

/** Whom a reply goes to: the ticket's contact, else whoever wrote the ticket by email. */
export function recipientOf(t: TicketRecord): { email: string; name: string | null } | undefined {
  if (t.contact?.email) return { email: t.contact.email, name: t.contact.name || null };
  if (t.requesterEmail) return { email: t.requesterEmail, name: t.requesterName };
  return undefined;
}
