/**
 * What the email intake reads and writes: InboundEmail rows (one per accepted or refused email,
 * keyed by Message-ID), and the customers and contacts an email's sender belongs to. Works on the
 * Prisma client or on an open transaction; `transaction` hands one to the email's whole write.
 */
import { inTransaction } from "../db/transaction.js";
import type { Db } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./change-log.js";
import { TicketRepository } from "./tickets.js";

export const INBOUND_OUTCOMES = [
  "ticket_opened",
  "comment_added",
  "ticket_reopened",
  "refused_primary_only",
  "refused_no_email_tickets",
  // the sender did not prove who they are (DMARC, or SPF and DKIM, failed) and the customer takes tickets from its primary contact only
  "refused_unverified",
  "ignored_automatic",
  // refused by POST /email/inbound before the rules: the answer was 4xx and the provider was told why
  "refused_unreadable",
  "refused_sender",
  "refused_too_large",
  "refused_content_type",
] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];
/** An email POST /email/inbound refused before reading it as an email (answered 400, 413 or 415). */
export type EndpointRefusal = Extract<InboundOutcome, "refused_unreadable" | "refused_sender" | "refused_too_large" | "refused_content_type">;
/** Emails that opened no ticket, listed to admins with /ticket refused (machine mail included, so a lost email can be found). */
export const REFUSED_OUTCOMES: readonly InboundOutcome[] = INBOUND_OUTCOMES.filter((o) => o.startsWith("refused_") || o === "ignored_automatic");

export type InboundEmailCreate = {
  messageId: string;
  format: string;
  fromEmail: string;
  fromName: string | null;
  subject: string;
  outcome: InboundOutcome;
  reason: string | null;
  /** why it opened no ticket, as a code (JSON, src/domain/stored-outcomes.ts); null for the HTTP refusals (their reason is the provider's answer) */
  reasonOutcome?: string | null;
  ticketId: string | null;
  customerId: string | null;
  receivedAt: Date;
  /** the sender's authentication (src/email/trust.ts): pass, fail or none, and the verdicts */
  authResult?: string | null;
  authDetail?: string | null;
};

export type InboundEmailRecord = InboundEmailCreate & { id: string };
export type RefusalRow = InboundEmailRecord & { customerName: string | null };

const customerSelect = {
  id: true,
  name: true,
  ticketsOnlyFromPrimary: true,
  primaryContactId: true,
  primaryContact: { select: { id: true, firstName: true, lastName: true, email: true } },
} satisfies Prisma.CustomerSelect;

const contactSelect = { id: true, customerId: true, firstName: true, lastName: true, email: true, noEmailTickets: true } satisfies Prisma.ContactSelect;

export type SenderCustomer = Prisma.CustomerGetPayload<{ select: typeof customerSelect }>;
export type SenderContact = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;
export type NewContact = { firstName: string; lastName: string; email: string; emailKey: string };

/** The repositories of one email's transaction. */
export type IntakeRepos = { emails: InboundEmailRepository; tickets: TicketRepository };

export class InboundEmailRepository {
  constructor(private readonly db: DbClient) {}

  /** Runs `work` in one transaction: the InboundEmail row, any new contact, and the ticket or comment. */
  static transaction<T>(db: Db, work: (repos: IntakeRepos) => Promise<T>): Promise<T> {
    return inTransaction(db, (tx) => work({ emails: new InboundEmailRepository(tx), tickets: new TicketRepository(tx) }));
  }

  async seen(messageId: string): Promise<boolean> {
    return (await this.db.inboundEmail.count({ where: { messageId } })) > 0;
  }

  /** The ticket of the newest stored email among these Message-IDs (a reply's In-Reply-To / References). */
  async ticketIdOf(messageIds: readonly string[]): Promise<string | undefined> {
    if (messageIds.length === 0) return undefined;
    const row = await this.db.inboundEmail.findFirst({
      where: { messageId: { in: [...messageIds] }, ticketId: { not: null } },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      select: { ticketId: true },
    });
    return row?.ticketId ?? undefined;
  }

  /** Stores the email's row. Returns "duplicate" when another request stored this Message-ID first. */
  async record(row: InboundEmailCreate): Promise<InboundEmailRecord | "duplicate"> {
    try {
      const created = await this.db.inboundEmail.create({ data: row });
      return { ...created, outcome: created.outcome as InboundOutcome };
    } catch (error) {
      if (isUniqueViolation(error, "messageId")) return "duplicate";
      throw error;
    }
  }

  /** Refused emails, newest first, with their customer's name. */
  async refusals(limit: number): Promise<RefusalRow[]> {
    const rows = await this.db.inboundEmail.findMany({
      where: { outcome: { in: [...REFUSED_OUTCOMES] } },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: limit,
    });
    const ids = [...new Set(rows.map((r) => r.customerId).filter((id): id is string => Boolean(id)))];
    const customers = ids.length ? await this.db.customer.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
    const names = new Map(customers.map((c) => [c.id, c.name]));
    return rows.map((r) => ({ ...r, outcome: r.outcome as InboundOutcome, customerName: r.customerId ? (names.get(r.customerId) ?? null) : null }));
  }

  /** The customer that owns this email domain, unless it is archived. */
  async customerByDomain(domain: string): Promise<SenderCustomer | undefined> {
    const row = await this.db.customerDomain.findUnique({ where: { domain }, select: { customer: { select: { ...customerSelect, archivedAt: true } } } });
    if (!row || row.customer.archivedAt) return undefined;
    const { archivedAt: _archived, ...customer } = row.customer;
    return customer;
  }

  async customer(id: string): Promise<SenderCustomer | undefined> {
    return (await this.db.customer.findFirst({ where: { id, archivedAt: null }, select: customerSelect })) ?? undefined;
  }

  /** The customer's contact with this email key. */
  async contactIn(customerId: string, emailKey: string): Promise<SenderContact | undefined> {
    return (await this.db.contact.findUnique({ where: { customerId_emailKey: { customerId, emailKey } }, select: contactSelect })) ?? undefined;
  }

  /** Contacts with this email key at customers that are not archived, oldest first. */
  async contactsByEmail(emailKey: string, limit = 5): Promise<SenderContact[]> {
    return this.db.contact.findMany({
      where: { emailKey, customer: { archivedAt: null } },
      select: contactSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: limit,
    });
  }

  async createContact(customerId: string, data: NewContact): Promise<SenderContact> {
    return this.db.contact.create({ data: { customerId, ...data, createdBy: "email" }, select: contactSelect });
  }
}
