/**
 * The email outbox (OutboundEmail in schema.prisma): rows written in the transaction of the ticket
 * change that causes them, and the sender's claims on them. As with the Slack delivery queue
 * (slack-deliveries.ts), every claim is a conditional update — a lease taken only where none is
 * held or it ran out — so two instances on one database never both hold an email. Plain Prisma:
 * the same on SQLite and PostgreSQL.
 */
import type { OutboundEmail, Prisma } from "../generated/prisma/client.js";
import { isRecordNotFound } from "../db/errors.js";
import type { DbClient } from "./change-log.js";
import { uuidV7 } from "./import-store.js";

export type { OutboundEmail };
export const OutboxStatus = { pending: "pending", sent: "sent", failed: "failed" } as const;
export type OutboxStatus = (typeof OutboxStatus)[keyof typeof OutboxStatus];
export type OutboundKind = "reply" | "acknowledgement" | "resolved" | "sign_in";

export type NewOutboundEmail = {
  key: string;
  /** null: about no ticket (a portal sign-in link) */
  ticketId: string | null;
  kind: OutboundKind;
  messageId: string;
  toEmail: string;
  cc: readonly string[];
  subject: string;
  text: string;
  html: string;
  inReplyTo: string | null;
  references: readonly string[];
  automatic: boolean;
  sentBy: string | null;
};

/** A recipient the server refused while it took the others. */
export type RefusedRecipient = { email: string; response: string };

export type OutboundRecord = Omit<OutboundEmail, "cc" | "references" | "refused" | "kind" | "status"> & {
  kind: OutboundKind;
  status: OutboxStatus;
  cc: string[];
  references: string[];
  refused: RefusedRecipient[];
};

function toRecord(row: OutboundEmail): OutboundRecord {
  return {
    ...row,
    kind: row.kind as OutboundKind,
    status: row.status as OutboxStatus,
    cc: parseList<string>(row.cc),
    references: row.references ? row.references.split(" ").filter(Boolean) : [],
    refused: parseList<RefusedRecipient>(row.refused),
  };
}

function parseList<T>(json: string | null): T[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

export class OutboundEmailRepository {
  constructor(private readonly db: DbClient) {}

  byKey(key: string): Promise<OutboundRecord | undefined> {
    return this.db.outboundEmail.findUnique({ where: { key } }).then((r) => (r ? toRecord(r) : undefined));
  }

  byId(id: string): Promise<OutboundRecord | undefined> {
    return this.db.outboundEmail.findUnique({ where: { id } }).then((r) => (r ? toRecord(r) : undefined));
  }

  /**
   * Writes the email (inside the caller's transaction). `createdAt` is the app's clock; the first
   * attempt is due at once on the outbox's own clock (`dueAt`). The key is looked up first, so a
   * second write of the same email is answered with the first (on PostgreSQL a failed insert would
   * end the transaction); the unique key is the last word on a race. `checked`: the caller looked
   * the key up already in this transaction.
   */
  async enqueue(e: NewOutboundEmail, createdAt: Date, dueAt: Date, o: { checked?: boolean } = {}): Promise<{ email: OutboundRecord; created: boolean }> {
    const existing = o.checked ? undefined : await this.byKey(e.key);
    if (existing) return { email: existing, created: false };
    const row = await this.db.outboundEmail.create({
      data: {
        id: uuidV7(dueAt.getTime()),
        key: e.key,
        ticketId: e.ticketId,
        kind: e.kind,
        messageId: e.messageId,
        toEmail: e.toEmail,
        cc: JSON.stringify(e.cc),
        subject: e.subject,
        text: e.text,
        html: e.html,
        inReplyTo: e.inReplyTo,
        references: e.references.join(" "),
        automatic: e.automatic,
        sentBy: e.sentBy,
        status: OutboxStatus.pending,
        nextAttemptAt: dueAt,
        createdAt,
      },
    });
    return { email: toRecord(row), created: true };
  }

  /** Pending emails whose time has come and that nobody holds, oldest first. */
  async due(now: Date, limit: number): Promise<OutboundRecord[]> {
    const rows = await this.db.outboundEmail.findMany({
      where: { status: OutboxStatus.pending, nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map(toRecord);
  }

  /** When the next pending email is due (to sleep until then), if any. */
  async nextDue(): Promise<Date | undefined> {
    const next = await this.db.outboundEmail.findFirst({ where: { status: OutboxStatus.pending }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
    return next?.nextAttemptAt;
  }

  /**
   * Takes the free ones of `ids` for `owner` until `until` in one conditional update (a lease is
   * taken only where none is held or it ran out), and answers those this owner holds now. `until`
   * (the lease's end) makes this claim's mark unique, so the rows are found again by it.
   */
  async leaseMany(ids: readonly string[], owner: string, now: Date, until: Date): Promise<OutboundRecord[]> {
    if (ids.length === 0) return [];
    await this.db.outboundEmail.updateMany({
      where: { id: { in: [...ids] }, status: OutboxStatus.pending, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseOwner: owner, leaseUntil: until },
    });
    const rows = await this.db.outboundEmail.findMany({ where: { id: { in: [...ids] }, leaseOwner: owner, leaseUntil: until, status: OutboxStatus.pending }, orderBy: { id: "asc" } });
    return rows.map(toRecord);
  }

  /**
   * Extends this owner's claim on one email to `until`, just before it is sent: true when the
   * owner still held it (still pending). A batch claimed at once can take longer than one lease on
   * a slow server; without this, another instance would claim and send what is still queued here.
   * Safe after the lease ran out: another instance's claim changes the owner in one conditional
   * update, so exactly one of the two updates finds its condition true.
   */
  async renewLease(id: string, owner: string, until: Date): Promise<boolean> {
    const { count } = await this.db.outboundEmail.updateMany({ where: { id, leaseOwner: owner, status: OutboxStatus.pending }, data: { leaseUntil: until } });
    return count === 1;
  }

  /**
   * The server accepted it (for some or all recipients): the row as it is now, or undefined when
   * this owner no longer held it. A conditional update (id, owner, still pending) that answers the
   * row, so the sender needs no second read.
   */
  async markSent(id: string, owner: string, o: { response: string; refused: readonly RefusedRecipient[]; sentAt: Date }): Promise<OutboundRecord | undefined> {
    return this.conditional(id, owner, {
      status: OutboxStatus.sent,
      smtpResponse: o.response.slice(0, 500),
      refused: o.refused.length ? JSON.stringify(o.refused) : null,
      sentAt: o.sentAt,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      attempts: { increment: 1 },
    });
  }

  private async conditional(id: string, owner: string, data: Prisma.OutboundEmailUpdateInput): Promise<OutboundRecord | undefined> {
    try {
      return toRecord(await this.db.outboundEmail.update({ where: { id, leaseOwner: owner, status: OutboxStatus.pending }, data }));
    } catch (error) {
      if (isRecordNotFound(error)) return undefined;
      throw error;
    }
  }

  async retryAt(id: string, owner: string, at: Date, error: string): Promise<void> {
    await this.db.outboundEmail.updateMany({
      where: { id, leaseOwner: owner, status: OutboxStatus.pending },
      data: { nextAttemptAt: at, lastError: error.slice(0, 500), leaseOwner: null, leaseUntil: null, attempts: { increment: 1 } },
    });
  }

  /** Refused for good (5xx, every recipient unknown): the row as it is now, or undefined when this owner no longer held it. */
  async markFailed(id: string, owner: string, o: { response: string; refused: readonly RefusedRecipient[] }): Promise<OutboundRecord | undefined> {
    return this.conditional(id, owner, {
      status: OutboxStatus.failed,
      smtpResponse: o.response.slice(0, 500),
      lastError: o.response.slice(0, 500),
      refused: o.refused.length ? JSON.stringify(o.refused) : null,
      leaseOwner: null,
      leaseUntil: null,
      attempts: { increment: 1 },
    });
  }

  /** Remembers the Slack note that shows this email. */
  async setNote(id: string, channel: string, ts: string): Promise<void> {
    await this.db.outboundEmail.update({ where: { id }, data: { noteChannel: channel, noteTs: ts } });
  }

  /** A sent or failed portal sign-in email keeps no link: its text and HTML are emptied (the row stays, for the record). */
  async forgetSignInLink(id: string): Promise<void> {
    await this.db.outboundEmail.updateMany({ where: { id, kind: "sign_in", status: { not: OutboxStatus.pending } }, data: { text: "", html: "" } });
  }

  /** The Message-IDs of the app's emails on a ticket, oldest first (a reply's References). */
  async messageIdsOf(ticketId: string, limit = 20): Promise<string[]> {
    const rows = await this.db.outboundEmail.findMany({ where: { ticketId }, orderBy: { id: "desc" }, take: limit, select: { messageId: true } });
    return rows.map((r) => r.messageId).reverse();
  }

  /** The ticket of the newest of the app's emails among these Message-IDs (a customer's answer to one). */
  async ticketIdOf(messageIds: readonly string[]): Promise<string | undefined> {
    if (messageIds.length === 0) return undefined;
    const row = await this.db.outboundEmail.findFirst({ where: { messageId: { in: [...messageIds] } }, orderBy: { id: "desc" }, select: { ticketId: true } });
    return row?.ticketId ?? undefined;
  }

  /**
   * The addresses of the automatic emails written since `since` (app clock), at most `limit`: the
   * overall hourly cap bounds them, and the caller compares addresses in any letter case (the
   * per-address limit), which the database's = does not.
   */
  /**
   * Emails written since `since` (app clock) that the server answered for good and whose note is
   * in Slack, oldest first, at most `limit`: the start-up sweep brings their notes up to date
   * (EmailNotes.catchUp), for an app that stopped between recording the answer and updating the note.
   */
  async settledWithNotes(since: Date, limit: number): Promise<OutboundRecord[]> {
    const rows = await this.db.outboundEmail.findMany({
      where: { status: { in: [OutboxStatus.sent, OutboxStatus.failed] }, noteTs: { not: null }, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      take: limit,
    });
    return rows.map(toRecord);
  }

  async automaticSince(since: Date, limit: number): Promise<string[]> {
    const rows = await this.db.outboundEmail.findMany({ where: { automatic: true, createdAt: { gte: since } }, select: { toEmail: true }, take: limit });
    return rows.map((r) => r.toEmail);
  }
}
