/**
 * The customer portal's data: sign-in requests (PortalSignIn), sessions (PortalSession), a
 * contact's tickets and a ticket's public conversation. Tokens are never stored, only their
 * SHA-256 (the caller hashes). A sign-in link is used by one conditional update (unused and not
 * expired), so two clicks on one link at once make one session, on SQLite and PostgreSQL alike.
 * Plain Prisma, the same on both databases.
 */
import type { Prisma } from "../generated/prisma/client.js";
import type { TicketPriority, TicketStatus } from "../domain/ticket.js";
import type { DbClient } from "./change-log.js";

/** A contact that may sign in: of a customer that is not archived. */
export type PortalContact = {
  id: string;
  name: string;
  email: string;
  customerId: string;
  customerName: string;
  primary: boolean;
};

export type PortalSessionRecord = { id: string; contact: PortalContact; expiresAt: Date; locale: string | null };

export type PortalTicketRow = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  createdAt: Date;
  responseDueAt: Date;
  resolutionDueAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  openedBy: string | null;
};

/** One entry of a ticket's public conversation: what the customer's side wrote, or a reply emailed to it. */
export type ConversationEntry = { at: Date; from: "customer" | "team"; author: string | null; text: string };

const contactSelect = {
  id: true,
  firstName: true,
  lastName: true,
  email: true,
  customer: { select: { id: true, name: true, archivedAt: true, primaryContactId: true } },
} satisfies Prisma.ContactSelect;

type ContactRow = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

function toContact(row: ContactRow): PortalContact | undefined {
  if (row.customer.archivedAt) return undefined;
  return {
    id: row.id,
    name: `${row.firstName} ${row.lastName}`.trim() || row.email,
    email: row.email,
    customerId: row.customer.id,
    customerName: row.customer.name,
    primary: row.customer.primaryContactId === row.id,
  };
}

const ticketSelect = {
  id: true,
  number: true,
  subject: true,
  status: true,
  priority: true,
  createdAt: true,
  responseDueAt: true,
  resolutionDueAt: true,
  firstResponseAt: true,
  resolvedAt: true,
  requesterName: true,
  requesterEmail: true,
  contact: { select: { firstName: true, lastName: true, email: true } },
} satisfies Prisma.TicketSelect;

type TicketRow = Prisma.TicketGetPayload<{ select: typeof ticketSelect }>;

function toTicket(r: TicketRow): PortalTicketRow {
  const contactName = r.contact ? `${r.contact.firstName} ${r.contact.lastName}`.trim() || r.contact.email : null;
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status as TicketStatus,
    priority: r.priority as TicketPriority,
    createdAt: r.createdAt,
    responseDueAt: r.responseDueAt,
    resolutionDueAt: r.resolutionDueAt,
    firstResponseAt: r.firstResponseAt,
    resolvedAt: r.resolvedAt,
    openedBy: contactName ?? r.requesterName ?? r.requesterEmail,
  };
}

/** Whose tickets a viewer sees: the customer's (primary contact) or the contact's own. */
export type TicketScope = { customerId: string; contactId?: string };

function scopeWhere(scope: TicketScope): Prisma.TicketWhereInput {
  return scope.contactId ? { customerId: scope.customerId, contactId: scope.contactId } : { customerId: scope.customerId };
}

export class PortalRepository {
  constructor(private readonly db: DbClient) {}

  /** Sign-in requests since `since` for this address and from this client address. */
  async recentRequests(emailKey: string, clientIp: string, since: Date): Promise<{ forAddress: number; fromClient: number }> {
    const [forAddress, fromClient] = await Promise.all([
      this.db.portalSignIn.count({ where: { emailKey, createdAt: { gte: since } } }),
      this.db.portalSignIn.count({ where: { clientIp, createdAt: { gte: since } } }),
    ]);
    return { forAddress, fromClient };
  }

  /** The contact with this address that may sign in (the oldest, if several customers list it). */
  async contactByEmail(emailKey: string): Promise<PortalContact | undefined> {
    const rows = await this.db.contact.findMany({
      where: { emailKey, customer: { archivedAt: null } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 1,
      select: contactSelect,
    });
    return rows[0] ? toContact(rows[0]) : undefined;
  }

  async contact(id: string): Promise<PortalContact | undefined> {
    const row = await this.db.contact.findUnique({ where: { id }, select: contactSelect });
    return row ? toContact(row) : undefined;
  }

  async recordRequest(r: { emailKey: string; clientIp: string; contactId: string | null; tokenHash: string | null; createdAt: Date; expiresAt: Date }): Promise<string> {
    const row = await this.db.portalSignIn.create({ data: r, select: { id: true } });
    return row.id;
  }

  /** Uses a sign-in link once: its contact, or undefined when it is unknown, used or expired. */
  async useSignIn(tokenHash: string, now: Date): Promise<string | undefined> {
    const { count } = await this.db.portalSignIn.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now }, contactId: { not: null } },
      data: { usedAt: now },
    });
    if (count !== 1) return undefined;
    const row = await this.db.portalSignIn.findUnique({ where: { tokenHash }, select: { contactId: true } });
    return row?.contactId ?? undefined;
  }

  /** Whether a sign-in link can still be used (the confirmation page shows the button only then). */
  async signInUsable(tokenHash: string, now: Date): Promise<boolean> {
    const row = await this.db.portalSignIn.findUnique({ where: { tokenHash }, select: { usedAt: true, expiresAt: true, contactId: true } });
    return Boolean(row && row.contactId && !row.usedAt && row.expiresAt > now);
  }

  async createSession(s: { tokenHash: string; contactId: string; createdAt: Date; expiresAt: Date; locale: string | null }): Promise<void> {
    await this.db.portalSession.create({ data: s, select: { id: true } });
    await this.db.contact.update({ where: { id: s.contactId }, data: { portalSignInAt: s.createdAt }, select: { id: true } });
  }

  /** The live session of this token: not expired, its contact still there and its customer not archived. */
  async session(tokenHash: string, now: Date): Promise<PortalSessionRecord | undefined> {
    const row = await this.db.portalSession.findUnique({
      where: { tokenHash },
      select: { id: true, expiresAt: true, locale: true, contact: { select: contactSelect } },
    });
    if (!row || row.expiresAt <= now) return undefined;
    const contact = toContact(row.contact);
    return contact ? { id: row.id, contact, expiresAt: row.expiresAt, locale: row.locale } : undefined;
  }

  async setSessionLocale(id: string, locale: string): Promise<void> {
    await this.db.portalSession.updateMany({ where: { id }, data: { locale } });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.portalSession.deleteMany({ where: { tokenHash } });
  }

  /** Sessions and sign-in requests past their time (kept a day for the rate limits). */
  async sweep(now: Date): Promise<void> {
    await this.db.portalSession.deleteMany({ where: { expiresAt: { lte: now } } });
    await this.db.portalSignIn.deleteMany({ where: { createdAt: { lte: new Date(now.getTime() - 24 * 3600_000) } } });
  }

  /**
   * A page of the viewer's tickets, newest first (by number: numbers are given out in order). In
   * two steps: the page's numbers from the index alone (Ticket_portal_customer_idx covers
   * customerId and number), then those rows. With one query the database read every skipped
   * row's table row before the offset: the last of 400 pages cost 3-4 times the first.
   */
  async tickets(scope: TicketScope, offset: number, limit: number): Promise<{ items: PortalTicketRow[]; total: number }> {
    const where = scopeWhere(scope);
    const [numbers, total] = await Promise.all([
      this.db.ticket.findMany({ where, orderBy: { number: "desc" }, skip: offset, take: limit, select: { number: true } }),
      this.db.ticket.count({ where }),
    ]);
    if (numbers.length === 0) return { items: [], total };
    const rows = await this.db.ticket.findMany({ where: { number: { in: numbers.map((n) => n.number) } }, orderBy: { number: "desc" }, select: ticketSelect });
    return { items: rows.map(toTicket), total };
  }

  /** The ticket with this number if the viewer may see it. */
  async ticket(scope: TicketScope, number: number): Promise<(PortalTicketRow & { description: string; slaId: string | null }) | undefined> {
    const row = await this.db.ticket.findFirst({ where: { number, ...scopeWhere(scope) }, select: { ...ticketSelect, description: true, slaId: true } });
    return row ? { ...toTicket(row), description: row.description, slaId: row.slaId } : undefined;
  }

  /** The time zone the customer's SLA keeps its business hours in. */
  async customerTimeZone(customerId: string): Promise<string | undefined> {
    const row = await this.db.customer.findUnique({ where: { id: customerId }, select: { sla: { select: { timeZone: true } } } });
    return row?.sla.timeZone;
  }

  /**
   * The public conversation after the opening: comments that came from the customer's side (by
   * email or the portal: they carry the sender's address and no Slack user) and the replies
   * emailed to the customer. Thread replies in Slack (internal notes) carry a Slack user and are
   * left out, as are automatic emails (acknowledgements, resolved notices) and refused replies.
   */
  async conversation(ticketId: string, limit = 200): Promise<ConversationEntry[]> {
    const [comments, replies] = await Promise.all([
      this.db.ticketEvent.findMany({
        where: { ticketId, kind: "comment", actorId: null, actorEmail: { not: null } },
        orderBy: { createdAt: "asc" },
        take: limit,
        select: { createdAt: true, actorEmail: true, body: true },
      }),
      this.db.outboundEmail.findMany({
        where: { ticketId, kind: "reply", status: { not: "failed" } },
        orderBy: { createdAt: "asc" },
        take: limit,
        select: { createdAt: true, text: true },
      }),
    ]);
    const entries: ConversationEntry[] = [
      ...comments.map((c) => ({ at: c.createdAt, from: "customer" as const, author: c.actorEmail, text: c.body ?? "" })),
      ...replies.map((r) => ({ at: r.createdAt, from: "team" as const, author: null, text: r.text })),
    ];
    return entries.sort((a, b) => a.at.getTime() - b.at.getTime()).slice(-limit);
  }
}
