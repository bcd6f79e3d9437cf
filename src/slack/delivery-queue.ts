/**
 * The Slack messages that must get through: an import's final report and its error file, the
 * report of an import that stopped, a preview's verdict, a ticket's post to the tickets channel.
 * Each is queued in the database (SlackDelivery) and sent by a worker that every instance of the
 * app runs: it leases a delivery before calling Slack (so two instances never both send it),
 * marks it sent when Slack took it, and otherwise tries again later: after Slack's Retry-After on
 * HTTP 429, else with exponential backoff (2 s, 4 s, ... up to 5 minutes), as long as it takes,
 * also after a restart (the rows are still there). A call Slack refuses for good (channel_not_found,
 * message_not_found, invalid_blocks...) is marked failed and logged with what to do.
 *
 * At least once, not exactly once: if the process dies between Slack's answer and the row being
 * marked sent, the delivery goes out again once its lease runs out (harmless for chat.update;
 * a chat.postMessage may then appear twice).
 *
 * Deliveries of one order key (an import thread) go out in the order they were queued, so a
 * report is never overtaken by the error file queued after it. Leases, backoff and the poll run on
 * the machine's clock (Date.now), not the app's clock (which tests pin to a date).
 */
import os from "node:os";
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { DeliveryHead, SlackDeliveryRepository } from "../repositories/slack-deliveries.js";
import { slackFailure } from "./slack-errors.js";
import { DueLoop } from "../services/due-loop.js";
import type { SharedRatePacer } from "./rate-pacer.js";

/** What can be queued: the three Web API calls that carry messages and files people need. */
export type DeliveryRequest = {
  /** what this is, once: queuing the same key again does nothing ("import:<job>:report:<run>") */
  key: string;
  /** deliveries of one order key go out one after another, in order */
  orderKey: string;
  /** "<kind>:<ref>": a handler registered with `on(kind)` hears how it ended */
  purpose?: string;
} & (
  | { method: "chat.postMessage"; args: Record<string, unknown> & { channel: string } }
  | { method: "chat.update"; args: Record<string, unknown> & { channel: string; ts: string } }
  | { method: "files.uploadV2"; args: { channel_id: string; thread_ts?: string; filename: string; title?: string; initial_comment?: string }; file: Buffer }
);

/** How a delivery ended: Slack's answer and the arguments it was sent with, or Slack's refusal. */
export type DeliveryOutcome = { kind: "sent"; response: Record<string, unknown>; args: Record<string, unknown> } | { kind: "failed"; error: string };
export type DeliveryHandler = (ref: string, outcome: DeliveryOutcome) => Promise<void>;

/** What listeners and jobs use. */
export interface SlackDeliveries {
  enqueue(request: DeliveryRequest): Promise<void>;
  /**
   * Waits until this instance delivered (or gave up on) `key`, at most `timeoutMs`: for a caller
   * that wants the answer (a ticket's message, to link to it) when Slack is there, and goes on
   * without it when Slack is not. Undefined when the wait ran out.
   */
  settled(key: string, timeoutMs: number): Promise<DeliveryOutcome | undefined>;
}

export type DeliveryQueueOptions = {
  /** how often to look for due deliveries (others' too) */
  pollMs?: number;
  /** the first retry's delay; each next one doubles, up to maxBackoffMs */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** how long a lease holds: longer than a call can take (the queue's client times out at 30 s) */
  leaseMs?: number;
  now?: () => number;
  random?: () => number;
};

const DEFAULTS = { pollMs: 5_000, baseBackoffMs: 2_000, maxBackoffMs: 5 * 60_000, leaseMs: 60_000 };
const BATCH = 25;
/** Deliveries that ended are kept this long (to look into), then deleted. */
const KEEP_ENDED_MS = 7 * 24 * 3600_000;
const PURGE_EVERY_MS = 3600_000;

export class SlackDeliveryQueue implements SlackDeliveries {
  private readonly owner = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private readonly o: Required<Omit<DeliveryQueueOptions, "now" | "random">> & { now: () => number; random: () => number };
  private readonly handlers = new Map<string, DeliveryHandler>();
  /** Sending on its own (start) until stop; deliverDue works either way. */
  private readonly work: DueLoop;
  private lastPurge = 0;
  private readonly waiting = new Map<string, ((outcome: DeliveryOutcome) => void)[]>();

  constructor(
    /** `pacer`: chat.update waits for its slot among all instances' calls (rate-pacer.ts) */
    private readonly deps: { repo: SlackDeliveryRepository; client: WebClient; logger: Logger; pacer?: SharedRatePacer },
    options: DeliveryQueueOptions = {},
  ) {
    this.o = { ...DEFAULTS, now: Date.now, random: Math.random, ...options };
    this.work = new DueLoop({
      pass: () => this.loop(),
      nextDue: () => this.deps.repo.nextDue(),
      pollMs: this.o.pollMs,
      now: () => this.o.now(),
      onError: (e) => this.deps.logger.error("The Slack delivery queue failed; it tries again shortly", e),
    });
  }

  /** `kind` of a purpose ("ticket_posted" of "ticket_posted:<id>") is told how each such delivery ended. */
  on(kind: string, handler: DeliveryHandler): void {
    this.handlers.set(kind, handler);
  }

  async enqueue(request: DeliveryRequest): Promise<void> {
    const { key, orderKey, purpose, method, args } = request;
    await this.deps.repo.enqueue(
      { key, orderKey, method, payload: JSON.stringify(args), ...(request.method === "files.uploadV2" ? { file: request.file } : {}), ...(purpose ? { purpose } : {}) },
      new Date(this.o.now()),
    );
    this.kick();
  }

  settled(key: string, timeoutMs: number): Promise<DeliveryOutcome | undefined> {
    return new Promise((resolve) => {
      const done = (outcome: DeliveryOutcome | undefined) => {
        clearTimeout(timer);
        const list = this.waiting.get(key)?.filter((f) => f !== done) ?? [];
        if (list.length) this.waiting.set(key, list);
        else this.waiting.delete(key);
        resolve(outcome);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      timer.unref();
      this.waiting.set(key, [...(this.waiting.get(key) ?? []), done]);
      // Already delivered (before the wait began, or by another instance)?
      void this.deps.repo.byKey(key).then((row) => {
        if (row?.status === "sent") done({ kind: "sent", response: {}, args: JSON.parse(row.payload) as Record<string, unknown> });
        else if (row?.status === "failed") done({ kind: "failed", error: row.lastError ?? "" });
      }, () => undefined);
    });
  }

  start(): void {
    this.work.start();
  }

  /**
   * Stops sending: the call under way may finish (for up to 5 s, so a Slack that hangs does
   * not hold up a shutdown); what is left is sent by the next start, or by another instance once
   * its lease runs out.
   */
  stop(): Promise<void> {
    return this.work.stop();
  }

  /** Sends what is due now (the worker's loop; tests call it to step through). */
  deliverDue(): Promise<void> {
    return this.work.runDue();
  }

  private kick(): void {
    this.work.kick();
  }

  private async loop(): Promise<void> {
    await this.purge();
    for (;;) {
      this.work.takeArrived(); // this pass sees what was queued so far
      const now = new Date(this.o.now());
      const due = await this.deps.repo.due(now, BATCH);
      let progressed = false;
      for (const d of due) {
        if (this.work.stopping) return;
        if (await this.deps.repo.waitsForEarlier(d)) continue;
        if (!(await this.deps.repo.lease(d.id, this.owner, new Date(this.o.now()), new Date(this.o.now() + this.o.leaseMs)))) continue; // another instance has it
        progressed = true;
        await this.attempt(d);
      }
      if (!progressed && !this.work.takeArrived()) return;
    }
  }

  private async attempt(d: DeliveryHead): Promise<void> {
    const { repo, logger } = this.deps;
    let response: Record<string, unknown>;
    const args = JSON.parse(d.payload) as Record<string, unknown>;
    try {
      response = await this.send(d, args);
    } catch (error) {
      const failure = slackFailure(error);
      const what = `${d.method} for ${d.key}`;
      if (failure.kind === "refused") {
        await repo.failed(d.id, this.owner, failure.code);
        logger.error(`Slack refused ${what} (${failure.code}); it will not be sent.`);
        await this.tell(d, { kind: "failed", error: failure.code });
        return;
      }
      const delay = failure.retryAfterMs ?? this.backoff(d.attempts);
      await repo.retryAt(d.id, this.owner, new Date(this.o.now() + delay), failure.code);
      if (d.attempts === 0 || (d.attempts + 1) % 10 === 0) {
        const why = failure.kind === "auth" ? `Slack refused the token (${failure.code}): check SLACK_BOT_TOKEN` : `Slack did not take it (${failure.code})`;
        logger.warn(`${why}; ${what} is kept and tried again in ${Math.round(delay / 1000)} s (attempt ${d.attempts + 1}).`);
      }
      return;
    }
    await repo.sent(d.id, this.owner, new Date(this.o.now()));
    await this.tell(d, { kind: "sent", response, args });
  }

  private async send(d: DeliveryHead, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { client } = this.deps;
    switch (d.method) {
      case "chat.postMessage":
        return (await client.chat.postMessage(args as never)) as unknown as Record<string, unknown>;
      case "chat.update":
        await this.deps.pacer?.slot("chat.update");
        return (await client.chat.update(args as never)) as unknown as Record<string, unknown>;
      case "files.uploadV2": {
        const file = await this.deps.repo.fileOf(d.id);
        if (!file) throw new Error("the file of this upload is gone");
        return (await client.files.uploadV2({ ...(args as { channel_id: string; filename: string }), file })) as unknown as Record<string, unknown>;
      }
      default:
        throw new Error(`unknown delivery method ${d.method}`);
    }
  }

  private async tell(d: DeliveryHead, outcome: DeliveryOutcome): Promise<void> {
    try {
      await this.handle(d, outcome);
    } finally {
      for (const resolve of this.waiting.get(d.key) ?? []) resolve(outcome);
    }
  }

  private async handle(d: DeliveryHead, outcome: DeliveryOutcome): Promise<void> {
    if (!d.purpose) return;
    const at = d.purpose.indexOf(":");
    const kind = at < 0 ? d.purpose : d.purpose.slice(0, at);
    const handler = this.handlers.get(kind);
    if (!handler) return;
    await handler(at < 0 ? "" : d.purpose.slice(at + 1), outcome).catch((e: unknown) => this.deps.logger.error(`After delivering ${d.key}: ${kind} failed`, e));
  }

  /** 2 s, 4 s, 8 s ... up to maxBackoffMs, each within ±20% so instances do not retry in step. */
  private backoff(attemptsBefore: number): number {
    const plain = Math.min(this.o.maxBackoffMs, this.o.baseBackoffMs * 2 ** attemptsBefore);
    return Math.round(plain * (0.8 + 0.4 * this.o.random()));
  }

  private async purge(): Promise<void> {
    const now = this.o.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.deps.repo.purgeEnded(new Date(now - KEEP_ENDED_MS)).catch(() => undefined);
  }
}
