/**
 * Tickets, their pauses and events. Writes that belong together go through `transaction`, which
 * hands a repository bound to one interactive transaction.
 */
import type { Db } from "../db/client.js";
import { inTransaction } from "../db/transaction.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./change-log.js";
import type { SlaRecord } from "./slas.js";
import { toSlaRecord } from "./slas.js";
import type { TicketPriority, TicketSource, TicketStatus } from "../domain/ticket.js";
import type { Pause } from "../domain/business-clock.js";
import { OutboundEmailRepository } from "./outbound-emails.js";

const SEQUENCE = "ticket";

const ticketInclude = {
  customer: { select: { id: true, name: true, ticketsOnlyFromPrimary: true, primaryContactId: true, slaId: true, language: true } },
  contact: { select: { id: true, firstName: true, lastName: true, email: true } },
} satisfies Prisma.TicketInclude;

type TicketRow = Prisma.TicketGetPayload<{ include: typeof ticketInclude }>;

export type TicketRecord = {
  id: string;
  number: number;
  /** `language`: of the customer's emails (Customer.language; null or absent: DEFAULT_LOCALE) */
  customer: { id: string; name: string; language?: string | null } | null;
  contact: { id: string; name: string; email: string } | null;
  subject: string;
  description: string;
  priority: TicketPriority;
  status: TicketStatus;
  source: TicketSource;
  openedBy: string | null;
  requesterEmail: string | null;
  requesterName: string | null;
  slaId: string | null;
  responseTargetMinutes: number;
  resolutionTargetMinutes: number;
  responseDueAt: Date;
  responseAtRiskAt: Date;
  resolutionDueAt: Date;
  resolutionAtRiskAt: Date;
  pausedAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseBy: string | null;
  firstResponseMinutes: number | null;
  resolvedAt: Date | null;
  resolutionMinutes: number | null;
  closedAt: Date | null;
  channelId: string | null;
  messageTs: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** the sender of its email did not prove who they are (see Ticket.unverifiedSender) */
  unverifiedSender: boolean;
  /** JSON { to, reason, at } of the last email to the customer refused for good */
  emailFailure: string | null;
};

export type StoredPause = Pause & { id: string; reason: "pending" | "resolved" };
export type TicketEventRecord = { id: string; kind: string; actorId: string | null; actorEmail: string | null; body: string | null; at: Date };

export type TicketCreate = Omit<
  TicketRecord,
  "id" | "number" | "customer" | "contact" | "updatedAt" | "channelId" | "messageTs" | "pausedAt" | "firstResponseAt" | "firstResponseBy" | "firstResponseMinutes" | "resolvedAt" | "resolutionMinutes" | "closedAt" | "unverifiedSender" | "emailFailure"
> & { customerId: string | null; contactId: string | null; unverifiedSender?: boolean };

export type TicketUpdate = Partial<
  Pick<
    TicketRecord,
    | "priority"
    | "status"
    | "slaId"
    | "responseTargetMinutes"
    | "resolutionTargetMinutes"
    | "responseDueAt"
    | "responseAtRiskAt"
    | "resolutionDueAt"
    | "resolutionAtRiskAt"
    | "pausedAt"
    | "firstResponseAt"
    | "firstResponseBy"
    | "firstResponseMinutes"
    | "resolvedAt"
    | "resolutionMinutes"
    | "closedAt"
    | "channelId"
    | "messageTs"
    | "unverifiedSender"
    | "emailFailure"
  >
> & { customerId?: string | null; contactId?: string | null };

export type TicketFilter = { customerId?: string; statuses?: readonly TicketStatus[]; unassigned?: boolean };

export type TicketContext = {
  sla: SlaRecord | undefined;
  customer: { id: string; name: string; slaId: string; ticketsOnlyFromPrimary: boolean; primaryContactId: string | null } | null;
};

function toRecord(row: TicketRow): TicketRecord {
  const { customer, contact, ...rest } = row;
  return {
    ...rest,
    priority: row.priority as TicketPriority,
    status: row.status as TicketStatus,
    source: row.source as TicketSource,
    customer: customer ? { id: customer.id, name: customer.name, language: customer.language } : null,
    contact: contact ? { id: contact.id, name: `${contact.firstName} ${contact.lastName}`.trim(), email: contact.email } : null,
  };
}

/** The customer's email a reply answers: its Message-ID, sender, when, and what it said. */
export type CustomerEmail = { messageId: string; fromEmail: string; fromName: string | null; at: Date; text: string };

export class TicketRepository {
  /** The email outbox on the same client (the same transaction), so an email is written with the change that causes it. */
  readonly outbox: OutboundEmailRepository;

  constructor(private readonly db: DbClient) {
    this.outbox = new OutboundEmailRepository(db);
  }

  /** Runs `work` in one transaction on a repository bound to it. */
  static transaction<T>(db: Db, work: (repo: TicketRepository) => Promise<T>): Promise<T> {
    return inTransaction(db, (tx) => work(new TicketRepository(tx)));
  }

  /** The next ticket number; call inside the transaction that creates the ticket. */
  async nextNumber(): Promise<number> {
    const row = await this.db.ticketSequence.upsert({
      where: { name: SEQUENCE },
      create: { name: SEQUENCE, value: 1 },
      update: { value: { increment: 1 } },
    });
    return row.value;
  }

  async create(data: TicketCreate & { number: number }): Promise<TicketRecord> {
    const row = await this.db.ticket.create({ data, include: ticketInclude });
    return toRecord(row);
  }

  async update(id: string, data: TicketUpdate): Promise<TicketRecord> {
    return toRecord(await this.db.ticket.update({ where: { id }, data, include: ticketInclude }));
  }

  async byId(id: string): Promise<TicketRecord | undefined> {
    const row = await this.db.ticket.findUnique({ where: { id }, include: ticketInclude });
    return row ? toRecord(row) : undefined;
  }

  async byNumber(number: number): Promise<TicketRecord | undefined> {
    const row = await this.db.ticket.findUnique({ where: { number }, include: ticketInclude });
    return row ? toRecord(row) : undefined;
  }

  async byMessage(channelId: string, messageTs: string): Promise<TicketRecord | undefined> {
    const row = await this.db.ticket.findUnique({ where: { channelId_messageTs: { channelId, messageTs } }, include: ticketInclude });
    return row ? toRecord(row) : undefined;
  }

  /** The SLA that times the ticket (its own, else the customer's, else the default) and its customer's rules. */
  async context(ticket: { slaId: string | null; customer: { id: string } | null }): Promise<TicketContext> {
    const customer = ticket.customer
      ? await this.db.customer.findUnique({
          where: { id: ticket.customer.id },
          select: { id: true, name: true, slaId: true, ticketsOnlyFromPrimary: true, primaryContactId: true },
        })
      : null;
    return { customer, sla: await this.sla(ticket.slaId ?? customer?.slaId ?? null) };
  }

  /** An SLA by id, falling back to the default SLA when it is null or gone. */
  async sla(id: string | null): Promise<SlaRecord | undefined> {
    const include = { businessHours: { orderBy: { weekday: "asc" as const } } };
    const row =
      (id ? await this.db.sla.findUnique({ where: { id }, include }) : null) ??
      (await this.db.sla.findFirst({ where: { isDefault: true }, include }));
    return row ? toSlaRecord(row) : undefined;
  }

  async pauses(ticketId: string): Promise<StoredPause[]> {
    const rows = await this.db.ticketPause.findMany({ where: { ticketId }, orderBy: { from: "asc" } });
    return rows.map((r) => ({ id: r.id, reason: r.reason as StoredPause["reason"], from: r.from, to: r.to }));
  }

  async addPause(ticketId: string, reason: StoredPause["reason"], from: Date, to: Date | null): Promise<void> {
    await this.db.ticketPause.create({ data: { ticketId, reason, from, to } });
  }

  /** Ends the open pause of this reason (there is at most one). */
  async endPause(ticketId: string, reason: StoredPause["reason"], at: Date): Promise<void> {
    await this.db.ticketPause.updateMany({ where: { ticketId, reason, to: null }, data: { to: at } });
  }

  /**
   * `id`, when given, is an idempotency key (e.g. "slack:C123:1700000000.000100" for a thread
   * reply): the event's primary key, so the same key can never be written twice.
   */
  async addEvent(
    ticketId: string,
    kind: string,
    e: { actorId?: string | null; actorEmail?: string | null; body?: string | null; at: Date; id?: string },
  ): Promise<void> {
    await this.db.ticketEvent.create({
      data: {
        ...(e.id ? { id: e.id } : {}),
        ticketId,
        kind,
        actorId: e.actorId ?? null,
        actorEmail: e.actorEmail ?? null,
        body: e.body ?? null,
        createdAt: e.at,
      },
    });
  }

  /** Whether an event with this id (an idempotency key, see addEvent) exists. */
  async eventExists(id: string): Promise<boolean> {
    return (await this.db.ticketEvent.count({ where: { id } })) > 0;
  }

  /** A customer for a ticket form: its name, and whether it is archived; undefined when there is none. */
  async customerRef(id: string): Promise<{ id: string; name: string; archived: boolean } | undefined> {
    const row = await this.db.customer.findUnique({ where: { id }, select: { id: true, name: true, archivedAt: true } });
    return row ? { id: row.id, name: row.name, archived: row.archivedAt !== null } : undefined;
  }

  /** The highest ticket number given so far (0 before the first ticket), for "no such ticket" answers. */
  async lastNumber(): Promise<number> {
    const row = await this.db.ticket.findFirst({ orderBy: { number: "desc" }, select: { number: true } });
    return row?.number ?? 0;
  }

  async events(ticketId: string, limit: number): Promise<TicketEventRecord[]> {
    const rows = await this.db.ticketEvent.findMany({ where: { ticketId }, orderBy: { createdAt: "desc" }, take: limit });
    return rows.map((r) => ({ id: r.id, kind: r.kind, actorId: r.actorId, actorEmail: r.actorEmail, body: r.body, at: r.createdAt })).reverse();
  }

  async list(filter: TicketFilter, offset: number, limit: number): Promise<{ items: TicketRecord[]; total: number }> {
    const where: Prisma.TicketWhereInput = {
      ...(filter.customerId ? { customerId: filter.customerId } : {}),
      ...(filter.unassigned ? { customerId: null } : {}),
      ...(filter.statuses?.length ? { status: { in: [...filter.statuses] } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.ticket.findMany({ where, include: ticketInclude, orderBy: { number: "desc" }, skip: offset, take: limit }),
      this.db.ticket.count({ where }),
    ]);
    return { items: rows.map(toRecord), total };
  }

  /**
   * The customer's last email on the ticket (the one that opened it, or a later reply), with its
   * text: the ticket's description, or the comment written from it (same instant, same sender).
   */
  async lastCustomerEmail(ticketId: string): Promise<CustomerEmail | undefined> {
    const row = await this.db.inboundEmail.findFirst({
      where: { ticketId, outcome: { in: ["ticket_opened", "comment_added", "ticket_reopened"] } },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      select: { messageId: true, fromEmail: true, fromName: true, receivedAt: true, outcome: true },
    });
    if (!row) return undefined;
    let text = "";
    if (row.outcome === "ticket_opened") {
      text = (await this.db.ticket.findUnique({ where: { id: ticketId }, select: { description: true } }))?.description ?? "";
    } else {
      const comment = await this.db.ticketEvent.findFirst({
        where: { ticketId, kind: "comment", actorEmail: row.fromEmail, createdAt: row.receivedAt },
        select: { body: true },
      });
      text = comment?.body ?? "";
    }
    return { messageId: row.messageId, fromEmail: row.fromEmail, fromName: row.fromName, at: row.receivedAt, text };
  }

  /** The Message-IDs of the customer's emails on the ticket, oldest first (a reply's References). */
  async customerMessageIds(ticketId: string, limit = 20): Promise<string[]> {
    return (await this.ticketEmails(ticketId, limit)).map((r) => r.messageId);
  }

  /** The emails that went onto the ticket (opened, added to or reopened it), oldest first, with their senders. */
  async ticketEmails(ticketId: string, limit = 20): Promise<{ messageId: string; fromEmail: string }[]> {
    const rows = await this.db.inboundEmail.findMany({
      where: { ticketId, outcome: { in: ["ticket_opened", "comment_added", "ticket_reopened"] } },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { messageId: true, fromEmail: true },
    });
    return rows.reverse();
  }

  /** Contacts of a customer for pickers: id, name, email. */
  async contactsOf(customerId: string, limit: number): Promise<{ id: string; name: string; email: string }[]> {
    const rows = await this.db.contact.findMany({
      where: { customerId },
      select: { id: true, firstName: true, lastName: true, email: true },
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
      take: limit,
    });
    return rows.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}`.trim(), email: c.email }));
  }

  async contactBelongsTo(contactId: string, customerId: string): Promise<boolean> {
    return (await this.db.contact.count({ where: { id: contactId, customerId } })) > 0;
  }

  /** Whether a person with this email is one of the customer's contacts. */
  async isContactEmail(customerId: string, emailKey: string): Promise<boolean> {
    return (await this.db.contact.count({ where: { customerId, emailKey } })) > 0;
  }
}
