/**
 * Tickets: opening them (from Slack or email), and everything that happens to them after —
 * first response, priority, pending, resolve, reopen, close, comments, choosing the customer of a
 * triage ticket. Each change is one transaction with its TicketEvent, and the SLA clocks are
 * recomputed from the ticket's pauses whenever what they depend on changes. Knows nothing of Slack.
 */
import type { Metrics } from "../../metrics/metrics.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { TicketPriority, TicketSource, TicketStatus } from "../../domain/ticket.js";
import type { TicketEventRecord, TicketFilter, TicketRecord, TicketRepository, TicketUpdate } from "../../repositories/tickets.js";
import type { SlaRecord } from "../../repositories/slas.js";
import { calendarOf, computeClocks, minutesToRespond, minutesToResolve, targetsOf, ticketTimers, type TimerView } from "./clocks.js";

export type OpenTicketInput = {
  customerId: string | null;
  contactId: string | null;
  subject: string;
  description: string;
  priority: TicketPriority;
  source: TicketSource;
  openedBy?: string | null;
  requesterEmail?: string | null;
  requesterName?: string | null;
  /** the email that opens it did not prove its sender (see src/email/trust.ts) */
  unverifiedSender?: boolean;
};

/**
 * What other modules do inside a ticket change's transaction (the email outbox: a resolved
 * notice is written with the resolution, or not at all). Each gets the transaction's repository.
 */
export interface TicketEffects {
  resolved?(repo: TicketRepository, ticket: TicketRecord, actorId: string, at: Date): Promise<void>;
}

/** Why an action did nothing: the ticket is already in that state, or the action does not apply. */
export type TicketOutcome =
  | { kind: "changed"; ticket: TicketRecord }
  | { kind: "unchanged"; ticket: TicketRecord; reason: "already" | "not_allowed" }
  | { kind: "not_found" };

/** A reply in the ticket message's thread; `key` identifies the Slack message, so a retried event is taken once. */
/** countsAsResponse (default true): false when it is unknown who wrote it; then it is a comment only. */
export type ThreadReplyInput = { key: string; actorId: string; actorEmail?: string | null; body: string; fromCustomer: boolean; countsAsResponse?: boolean };
export type ThreadReplyOutcome =
  | { kind: "added"; ticket: TicketRecord; responded: boolean; reopened: boolean; resumed: boolean }
  | { kind: "duplicate" }
  | { kind: "not_found" };

export type TicketTimerViews = { response: TimerView; resolution: TimerView; slaName: string | null };

export type CommentInput = { actorId?: string | null; actorEmail?: string | null; body: string; fromCustomer: boolean };
export type CommentOutcome =
  | { kind: "added"; ticket: TicketRecord; reopened: boolean; resumed: boolean }
  | { kind: "not_found" };

type Deps = {
  /** repository on the plain client, for reads */
  tickets: TicketRepository;
  /** runs work in one transaction */
  transaction: <T>(work: (repo: TicketRepository) => Promise<T>) => Promise<T>;
  clock: () => Date;
  effects?: TicketEffects;
  /** counts the tickets opened, by source */
  metrics?: Pick<Metrics, "ticketOpened">;
};

const NOTHING = { update: {} as TicketUpdate, reopened: false, resumed: false } as const;

export class TicketService {
  constructor(private readonly deps: Deps) {}

  /** Opens a ticket: number, SLA clocks from the customer's SLA (the default one in triage), the "opened" event. */
  async open(input: OpenTicketInput, at: Date = this.deps.clock()): Promise<TicketRecord> {
    const opened = await this.deps.transaction(async (repo) => {
      const { sla } = await repo.context({ slaId: null, customer: input.customerId ? { id: input.customerId } : null });
      const targets = targetsOf(sla, input.priority);
      const clocks = computeClocks(calendarOf(sla), at, targets, []);
      const number = await repo.nextNumber();
      const ticket = await repo.create({
        number,
        customerId: input.customerId,
        contactId: input.contactId,
        subject: input.subject,
        description: input.description,
        priority: input.priority,
        status: "open",
        source: input.source,
        openedBy: input.openedBy ?? null,
        requesterEmail: input.requesterEmail ?? null,
        requesterName: input.requesterName ?? null,
        ...(input.unverifiedSender ? { unverifiedSender: true } : {}),
        slaId: sla?.id ?? null,
        responseTargetMinutes: targets.response,
        resolutionTargetMinutes: targets.resolution,
        ...clocks,
        createdAt: at,
      });
      await repo.addEvent(ticket.id, "opened", { actorId: input.openedBy, actorEmail: input.requesterEmail, at });
      return ticket;
    });
    this.deps.metrics?.ticketOpened(opened.source);
    return opened;
  }

  byId(id: string): Promise<TicketRecord | undefined> {
    return this.deps.tickets.byId(id);
  }

  byNumber(number: number): Promise<TicketRecord | undefined> {
    return this.deps.tickets.byNumber(number);
  }

  /** The ticket whose message in the tickets channel is this one (a thread's parent). */
  byMessage(channelId: string, ts: string): Promise<TicketRecord | undefined> {
    return this.deps.tickets.byMessage(channelId, ts);
  }

  list(filter: TicketFilter, offset: number, limit: number): Promise<{ items: TicketRecord[]; total: number }> {
    return this.deps.tickets.list(filter, offset, limit);
  }

  events(ticketId: string, limit: number): Promise<TicketEventRecord[]> {
    return this.deps.tickets.events(ticketId, limit);
  }

  contactsOf(customerId: string, limit: number) {
    return this.deps.tickets.contactsOf(customerId, limit);
  }

  isContactEmail(customerId: string, emailKey: string): Promise<boolean> {
    return this.deps.tickets.isContactEmail(customerId, emailKey);
  }

  contactBelongsTo(contactId: string, customerId: string): Promise<boolean> {
    return this.deps.tickets.contactBelongsTo(contactId, customerId);
  }

  /** A customer a ticket may be opened for or assigned to (archived ones are refused by the forms). */
  customerRef(customerId: string): Promise<{ id: string; name: string; archived: boolean } | undefined> {
    return this.deps.tickets.customerRef(customerId);
  }

  /** The highest ticket number so far (0 before the first). */
  lastNumber(): Promise<number> {
    return this.deps.tickets.lastNumber();
  }

  /** The ticket's two SLA timers at `now`, on its SLA's business calendar, and that SLA's name. */
  async timers(t: TicketRecord, now: Date = this.deps.clock()): Promise<TicketTimerViews> {
    const { sla } = await this.deps.tickets.context(t);
    return { ...ticketTimers(t, calendarOf(sla), now), slaName: sla?.name ?? null };
  }

  /** Remembers where the ticket's message was posted, so its thread and buttons find it. */
  async setMessage(ticketId: string, channelId: string, messageTs: string): Promise<void> {
    await this.deps.tickets.update(ticketId, { channelId, messageTs });
  }

  /** Records the first response (once; later calls change nothing). */
  respond(ticketId: string, actorId: string): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.firstResponseAt) return "already";
      if (t.status === "closed") return "not_allowed";
      return this.firstResponseUpdate(repo, t, actorId, at);
    });
  }

  /** New priority: new targets from the SLA and due times recomputed from the opening. */
  setPriority(ticketId: string, priority: TicketPriority, actorId: string): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.priority === priority) return "already";
      if (t.status === "closed") return "not_allowed";
      const { sla } = await repo.context(t);
      const targets = targetsOf(sla, priority);
      await repo.addEvent(t.id, "priority", { actorId, body: JSON.stringify({ from: t.priority, to: priority }), at });
      return { priority, slaId: sla?.id ?? null, ...(await this.retime(repo, t, sla, targets)) };
    });
  }

  /** Pending (waiting on the customer or a third party): both clocks stop until it resumes. */
  setPending(ticketId: string, actorId: string): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.status === "pending") return "already";
      if (t.status !== "open") return "not_allowed";
      await repo.addPause(t.id, "pending", at, null);
      await this.statusEvent(repo, t, "pending", { actorId }, at);
      return { status: "pending", pausedAt: at };
    });
  }

  /** Back from pending to open: the clocks run again, and the due times move by the business time spent pending. */
  resume(ticketId: string, actor: { actorId?: string | null; actorEmail?: string | null }): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.status === "open") return "already";
      if (t.status !== "pending") return "not_allowed";
      await this.statusEvent(repo, t, "open", actor, at);
      return this.resumeUpdate(repo, t, at);
    });
  }

  /** Resolved: the resolution clock stops; a ticket nobody had answered counts as answered now. */
  resolve(ticketId: string, actorId: string): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.status === "resolved") return "already";
      if (t.status === "closed") return "not_allowed";
      const update: TicketUpdate = t.status === "pending" ? await this.resumeUpdate(repo, t, at) : {};
      if (!t.firstResponseAt) Object.assign(update, await this.firstResponseUpdate(repo, t, actorId, at));
      const { sla } = await repo.context(t);
      const pauses = await repo.pauses(t.id);
      await this.statusEvent(repo, t, "resolved", { actorId }, at);
      const resolved = { ...update, status: "resolved" as const, resolvedAt: at, resolutionMinutes: minutesToResolve(calendarOf(sla), t.createdAt, pauses, at) };
      await this.deps.effects?.resolved?.(repo, { ...t, ...resolved }, actorId, at);
      return resolved;
    });
  }

  /**
   * Resolved by the customer (the portal's Mark as resolved): as resolve, except that it is no
   * response of the team's, so an unanswered ticket stays unanswered; the event names the contact.
   */
  resolveByCustomer(ticketId: string, actorEmail: string): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.status === "resolved") return "already";
      if (t.status === "closed") return "not_allowed";
      const update: TicketUpdate = t.status === "pending" ? await this.resumeUpdate(repo, t, at) : {};
      const { sla } = await repo.context(t);
      const pauses = await repo.pauses(t.id);
      await this.statusEvent(repo, t, "resolved", { actorEmail }, at);
      const resolved = { ...update, status: "resolved" as const, resolvedAt: at, resolutionMinutes: minutesToResolve(calendarOf(sla), t.createdAt, pauses, at) };
      // No resolved notice: the customer resolved it and knows.
      return resolved;
    });
  }

  /** The same service on an open transaction's repository: its changes are part of that transaction (`effects` as given). */
  static bound(repo: TicketRepository, at: Date, effects?: TicketEffects): TicketService {
    return new TicketService({ tickets: repo, transaction: (work) => work(repo), clock: () => at, ...(effects ? { effects } : {}) });
  }

  /** Remembers the last permanent refusal of an email to the customer (null: a later one got through). */
  async setEmailFailure(ticketId: string, failure: string | null): Promise<void> {
    await this.deps.tickets.update(ticketId, { emailFailure: failure });
  }

  /** Resolved or closed back to open: the time it spent resolved does not count against the resolution target. */
  reopen(ticketId: string, actor: { actorId?: string | null; actorEmail?: string | null }): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.status === "open" || t.status === "pending") return "already";
      await this.statusEvent(repo, t, "open", actor, at);
      return this.reopenUpdate(repo, t, at);
    });
  }

  /** Closed: done for good (a reopen is still possible from Slack). Only a resolved ticket closes. */
  close(ticketId: string, actorId: string): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.status === "closed") return "already";
      if (t.status !== "resolved") return "not_allowed";
      await this.statusEvent(repo, t, "closed", { actorId }, at);
      return { status: "closed", closedAt: at };
    });
  }

  /**
   * Chooses the customer (and optionally the contact) of a ticket, e.g. one in triage. The SLA
   * becomes the customer's and the clocks are recomputed from the opening.
   */
  assignCustomer(ticketId: string, customerId: string, contactId: string | null, actorId: string): Promise<TicketOutcome> {
    return this.change(ticketId, async (repo, t, at) => {
      if (t.customer?.id === customerId && (contactId === null || t.contact?.id === contactId)) return "already";
      if (contactId && !(await repo.contactBelongsTo(contactId, customerId))) return "not_allowed";
      const { sla, customer } = await repo.context({ slaId: null, customer: { id: customerId } });
      if (!customer) return "not_allowed";
      await repo.addEvent(t.id, "customer", { actorId, body: JSON.stringify({ from: t.customer?.name ?? null, to: customer.name }), at });
      return {
        customerId,
        contactId: contactId ?? (t.customer?.id === customerId ? (t.contact?.id ?? null) : null),
        slaId: sla?.id ?? null,
        ...(await this.retime(repo, t, sla, targetsOf(sla, t.priority))),
      };
    });
  }

  /**
   * A comment (email reply, thread reply). One from the customer reopens a resolved ticket and
   * resumes a pending one (the customer answered what we were waiting for).
   */
  async comment(ticketId: string, input: CommentInput): Promise<CommentOutcome> {
    const at = this.deps.clock();
    return this.deps.transaction(async (repo) => {
      const t = await repo.byId(ticketId);
      if (!t) return { kind: "not_found" as const };
      await repo.addEvent(t.id, "comment", { actorId: input.actorId, actorEmail: input.actorEmail, body: input.body, at });
      const { update, reopened, resumed } = input.fromCustomer ? await this.customerSpoke(repo, t, input, at) : NOTHING;
      const ticket = await repo.update(t.id, update);
      return { kind: "added" as const, ticket, reopened, resumed };
    });
  }

  /**
   * A reply in the ticket's Slack thread, in one transaction: the comment, and by someone who is not
   * the customer's contact the first response (once); by a contact, like a customer comment (reopens
   * a resolved ticket, resumes a pending one). The same `key` twice (Slack retries events) is
   * answered "duplicate" and changes nothing: the key is the comment event's id.
   */
  async threadReply(ticketId: string, input: ThreadReplyInput): Promise<ThreadReplyOutcome> {
    try {
      return await this.threadReplyOnce(ticketId, input);
    } catch (error) {
      // Two deliveries of the same event at once: the second insert of the key fails, as it should.
      if (isUniqueViolation(error)) return { kind: "duplicate" };
      throw error;
    }
  }

  private async threadReplyOnce(ticketId: string, input: ThreadReplyInput): Promise<ThreadReplyOutcome> {
    const at = this.deps.clock();
    return this.deps.transaction(async (repo) => {
      const t = await repo.byId(ticketId);
      if (!t) return { kind: "not_found" as const };
      if (await repo.eventExists(input.key)) return { kind: "duplicate" as const };
      const actor = { actorId: input.actorId, actorEmail: input.actorEmail ?? null };
      await repo.addEvent(t.id, "comment", { ...actor, body: input.body, at, id: input.key });
      let { update, reopened, resumed } = input.fromCustomer ? await this.customerSpoke(repo, t, actor, at) : NOTHING;
      let responded = false;
      if (!input.fromCustomer && input.countsAsResponse !== false && !t.firstResponseAt && t.status !== "closed") {
        update = await this.firstResponseUpdate(repo, t, input.actorId, at);
        responded = true;
      }
      const ticket = await repo.update(t.id, update);
      return { kind: "added" as const, ticket, responded, reopened, resumed };
    });
  }

  // -- internals --

  private async change(
    ticketId: string,
    work: (repo: TicketRepository, t: TicketRecord, at: Date) => Promise<TicketUpdate | "already" | "not_allowed">,
  ): Promise<TicketOutcome> {
    const at = this.deps.clock();
    return this.deps.transaction(async (repo) => {
      const t = await repo.byId(ticketId);
      if (!t) return { kind: "not_found" as const };
      const result = await work(repo, t, at);
      if (result === "already" || result === "not_allowed") return { kind: "unchanged" as const, ticket: t, reason: result };
      return { kind: "changed" as const, ticket: await repo.update(t.id, result) };
    });
  }

  private async statusEvent(
    repo: TicketRepository,
    t: TicketRecord,
    to: TicketStatus,
    actor: { actorId?: string | null; actorEmail?: string | null },
    at: Date,
  ): Promise<void> {
    await repo.addEvent(t.id, "status", { actorId: actor.actorId, actorEmail: actor.actorEmail, body: JSON.stringify({ from: t.status, to }), at });
  }

  /** The customer wrote (email or thread reply): a resolved ticket reopens, a pending one resumes. */
  private async customerSpoke(
    repo: TicketRepository,
    t: TicketRecord,
    actor: { actorId?: string | null; actorEmail?: string | null },
    at: Date,
  ): Promise<{ update: TicketUpdate; reopened: boolean; resumed: boolean }> {
    if (t.status !== "resolved" && t.status !== "pending") return NOTHING;
    await this.statusEvent(repo, t, "open", actor, at);
    return t.status === "resolved"
      ? { update: await this.reopenUpdate(repo, t, at), reopened: true, resumed: false }
      : { update: await this.resumeUpdate(repo, t, at), reopened: false, resumed: true };
  }

  /**
   * The first response at `at`: its business minutes, and the response clock recomputed with a
   * pending pause still open counted up to `at` (so met / missed agrees with those minutes).
   */
  private async firstResponseUpdate(repo: TicketRepository, t: TicketRecord, actorId: string, at: Date): Promise<TicketUpdate> {
    const { sla } = await repo.context(t);
    const cal = calendarOf(sla);
    const pauses = await repo.pauses(t.id);
    await repo.addEvent(t.id, "responded", { actorId, at });
    const clocks = computeClocks(cal, t.createdAt, { response: t.responseTargetMinutes, resolution: t.resolutionTargetMinutes }, pauses, { response: at, resolution: t.resolvedAt });
    return {
      firstResponseAt: at,
      firstResponseBy: actorId,
      firstResponseMinutes: minutesToRespond(cal, t.createdAt, pauses, at),
      responseDueAt: clocks.responseDueAt,
      responseAtRiskAt: clocks.responseAtRiskAt,
    };
  }

  /**
   * New targets or a new SLA (priority change, customer chosen): the due times recomputed from the
   * opening, and the minutes already recorded measured again on the (possibly new) calendar.
   */
  private async retime(
    repo: TicketRepository,
    t: TicketRecord,
    sla: SlaRecord | undefined,
    targets: { response: number; resolution: number },
  ): Promise<TicketUpdate> {
    const cal = calendarOf(sla);
    const pauses = await repo.pauses(t.id);
    return {
      responseTargetMinutes: targets.response,
      resolutionTargetMinutes: targets.resolution,
      ...computeClocks(cal, t.createdAt, targets, pauses, { response: t.firstResponseAt, resolution: t.resolvedAt }),
      ...(t.firstResponseAt ? { firstResponseMinutes: minutesToRespond(cal, t.createdAt, pauses, t.firstResponseAt) } : {}),
      ...(t.resolvedAt ? { resolutionMinutes: minutesToResolve(cal, t.createdAt, pauses, t.resolvedAt) } : {}),
    };
  }

  /** Ends the pending pause and moves the due times by the business time it lasted. */
  private async resumeUpdate(repo: TicketRepository, t: TicketRecord, at: Date): Promise<TicketUpdate> {
    await repo.endPause(t.id, "pending", at);
    const { sla } = await repo.context(t);
    const targets = { response: t.responseTargetMinutes, resolution: t.resolutionTargetMinutes };
    const clocks = computeClocks(calendarOf(sla), t.createdAt, targets, await repo.pauses(t.id), { response: t.firstResponseAt, resolution: t.resolvedAt });
    return { status: "open", pausedAt: null, ...clocks };
  }

  /** Records the resolved stretch as a pause of the resolution clock and opens the ticket again. */
  private async reopenUpdate(repo: TicketRepository, t: TicketRecord, at: Date): Promise<TicketUpdate> {
    if (t.resolvedAt) await repo.addPause(t.id, "resolved", t.resolvedAt, at);
    const { sla } = await repo.context(t);
    const targets = { response: t.responseTargetMinutes, resolution: t.resolutionTargetMinutes };
    const clocks = computeClocks(calendarOf(sla), t.createdAt, targets, await repo.pauses(t.id), { response: t.firstResponseAt });
    return { status: "open", resolvedAt: null, resolutionMinutes: null, closedAt: null, pausedAt: null, ...clocks };
  }
}
