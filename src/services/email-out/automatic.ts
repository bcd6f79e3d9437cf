/**
 * The app's automatic emails: an acknowledgement to whoever opened a ticket by email (its number,
 * subject, and when to expect a first response, in the SLA's time zone), and a notice to the
 * contact when a ticket is resolved. Each is written in the transaction of the change that causes
 * it (the ticket's opening, its resolution), through that transaction's repository, so neither is
 * sent for a change that rolled back. EMAIL_ACKNOWLEDGE and EMAIL_NOTIFY_RESOLVED switch them off.
 *
 * No mail loops (RFC 3834): they carry Auto-Submitted: auto-replied and X-Auto-Response-Suppress
 * (src/email/smtp.ts); none goes to the app's own address, to machine addresses (mailer-daemon,
 * postmaster, no-reply: machine mail itself never opens a ticket, see the intake), or to an address
 * that got AUTOMATIC_PER_HOUR of them in the last hour (in any letter case), and no more than
 * AUTOMATIC_ALL_PER_HOUR go out in an hour altogether.
 *
 * Never a stranger: the acknowledgement goes only to a known contact of a customer (the intake
 * decides: a contact before this email, and a proven sender when sender trust is on), addressed by
 * the name the customer book has; the resolved notice only to the ticket's contact, never on a
 * ticket marked unverified. Otherwise anyone could make the app send its mail, their subject in it, to any
 * address by writing From: that address.
 */
import { emailKey } from "../../domain/text.js";
import { htmlDocument, newMessageId, referencesOf, textToHtml, ticketSubject } from "../../email/outgoing.js";
import { customerEmailTexts } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locale.js";
import type { TicketRecord, TicketRepository } from "../../repositories/tickets.js";
import type { TicketEffects } from "../tickets/service.js";
import { recipientOf } from "./outbox.js";

/** At most this many automatic emails to one address in an hour. */
export const AUTOMATIC_PER_HOUR = 3;
/** At most this many automatic emails in an hour altogether (a flood of tickets must not become a flood of mail). */
export const AUTOMATIC_ALL_PER_HOUR = 200;
const HOUR_MS = 3600_000;

/** Addresses that are machines, whatever they sent: never answered automatically. */
const MACHINE_LOCAL = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply)([+.-]|$)/i;

export type AutomaticMailDeps = {
  /** outbound email is on (SMTP_URL and EMAIL_FROM) */
  from: { name: string | null; address: string } | undefined;
  acknowledge: boolean;
  notifyResolved: boolean;
  outboxNow: () => Date;
  /** the language of a customer's emails when the customer has none (DEFAULT_LOCALE); a ticket in triage has no customer */
  defaultLocale?: Locale;
};

export type SkipReason = "off" | "no_recipient" | "own_address" | "machine" | "too_many" | "too_many_overall" | "not_a_contact" | "unverified";

export class AutomaticMail implements TicketEffects {
  constructor(private readonly deps: AutomaticMailDeps) {}

  /** Why nothing goes to `to` now, or undefined when it may. */
  private async skip(repo: TicketRepository, to: string | undefined, at: Date): Promise<SkipReason | undefined> {
    const from = this.deps.from;
    if (!from) return "off";
    if (!to) return "no_recipient";
    if (emailKey(to) === emailKey(from.address)) return "own_address";
    if (MACHINE_LOCAL.test(to.slice(0, to.lastIndexOf("@")))) return "machine";
    const lastHour = await repo.outbox.automaticSince(new Date(at.getTime() - HOUR_MS), AUTOMATIC_ALL_PER_HOUR);
    if (lastHour.length >= AUTOMATIC_ALL_PER_HOUR) return "too_many_overall";
    const key = emailKey(to);
    if (lastHour.filter((a) => emailKey(a) === key).length >= AUTOMATIC_PER_HOUR) return "too_many";
    return undefined;
  }

  /**
   * The acknowledgement of a ticket an email just opened (inside the email's transaction), to the
   * known contact who wrote it (the intake passes only those), by the name the customer book has.
   */
  async acknowledge(repo: TicketRepository, t: TicketRecord, email: { messageId: string; fromEmail: string; contactName: string | null }, at: Date): Promise<SkipReason | undefined> {
    if (!this.deps.acknowledge) return "off";
    const why = await this.skip(repo, email.fromEmail, at);
    if (why) return why;
    const { sla } = await repo.context(t);
    const texts = this.texts(t);
    const text = texts.auto.acknowledgement({ name: email.contactName, number: t.number, subject: t.subject, dueAt: t.responseDueAt, timeZone: sla?.timeZone ?? "UTC", from: this.deps.from!.name });
    await this.write(repo, t, { key: `ack:${t.id}`, kind: "acknowledgement", to: email.fromEmail, text, inReplyTo: email.messageId, references: [email.messageId] }, at);
    return undefined;
  }

  /** TicketEffects: the resolved notice, written with the resolution. */
  async resolved(repo: TicketRepository, t: TicketRecord, _actorId: string, at: Date): Promise<void> {
    if (!this.deps.notifyResolved) return;
    // only to the ticket's contact (a stranger's From may be anyone's address), and not when an
    // email of the ticket did not prove its sender: a forger learns nothing, the real contact gets no surprise
    if (!t.contact || t.unverifiedSender) return;
    const to = recipientOf(t);
    if (await this.skip(repo, to?.email, at)) return;
    const last = await repo.lastCustomerEmail(t.id);
    const refs = referencesOf([...(await repo.customerMessageIds(t.id)), ...(await repo.outbox.messageIdsOf(t.id))]);
    const text = this.texts(t).auto.resolved({ name: to!.name, number: t.number, subject: t.subject, from: this.deps.from!.name });
    await this.write(repo, t, { key: `resolved:${t.id}:${at.toISOString()}`, kind: "resolved", to: to!.email, text, inReplyTo: last?.messageId ?? null, references: refs }, at);
  }

  /** The customer's language (Customer.language), else DEFAULT_LOCALE. */
  private texts(t: TicketRecord) {
    return customerEmailTexts(t.customer?.language, this.deps.defaultLocale ?? "en");
  }

  private async write(
    repo: TicketRepository,
    t: TicketRecord,
    m: { key: string; kind: "acknowledgement" | "resolved"; to: string; text: string; inReplyTo: string | null; references: string[] },
    at: Date,
  ): Promise<void> {
    const from = this.deps.from!;
    await repo.outbox.enqueue(
      {
        key: m.key,
        ticketId: t.id,
        kind: m.kind,
        messageId: newMessageId(from.address),
        toEmail: m.to,
        cc: [],
        subject: ticketSubject(t.number, t.subject, this.texts(t).auto.subjectPrefix),
        text: m.text,
        html: htmlDocument(textToHtml(m.text)),
        inReplyTo: m.inReplyTo,
        references: m.references,
        automatic: true,
        sentBy: null,
      },
      at,
      this.deps.outboxNow(),
    );
  }
}
