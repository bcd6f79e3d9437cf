/**
 * The outbox sender: every instance of the app runs one. Modelled on the Slack delivery queue
 * (src/slack/delivery-queue.ts): it looks for pending emails whose time has come, LEASES each one
 * with a conditional update before it talks to the mail server (two instances never both hold
 * an email), and records the server's answer:
 *   - accepted: sent (with the recipients it refused while it took the others);
 *   - refused for good (a 5xx to its recipients or its content): failed, with the server's reason;
 *   - not now (no connection, timeout, 4xx; and a 5xx to the app's login, TLS or sender address,
 *     which no email can get past: logged once as an error naming SMTP_URL and EMAIL_FROM): tried again with exponential backoff (5 s, 10 s, …
 *     up to 10 minutes, ±20%), also after a restart, since the row stays; after GIVE_UP_MS it is
 *     failed with the last error, like a mail server's own queue.
 * `settled` hears every email that ended (to show it in Slack, record a first response).
 *
 * At least once, not exactly once: if the process dies between the server's 250 and the row being
 * marked sent, the email goes out again once its lease ran out (with the same Message-ID). The
 * lease (LEASE_MS) is longer than the transport's timeouts, so a slow send is not taken over, and
 * it is renewed just before each email of a claimed batch is sent (the batch may outlast it).
 * Leases, backoff and the poll run on the machine's clock (Date.now), not the app's.
 */
import os from "node:os";
import type { Logger } from "@slack/bolt";
import type { MailTransport, OutgoingMail } from "../../email/smtp.js";
import { SmtpFailure } from "../../email/smtp.js";
import type { OutboundEmailRepository, OutboundRecord } from "../../repositories/outbound-emails.js";
import { setupWarnings } from "../../i18n/startup.js";
import { DueLoop } from "../due-loop.js";

export type SenderOptions = {
  pollMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  leaseMs?: number;
  /** how long a message keeps being tried while the server does not take it */
  giveUpMs?: number;
  /** emails handled at the same time: twice the transport's pool of 3 connections, so database work overlaps the sending */
  parallel?: number;
  now?: () => number;
  random?: () => number;
};

const DEFAULTS = { pollMs: 5_000, baseBackoffMs: 5_000, maxBackoffMs: 10 * 60_000, leaseMs: 5 * 60_000, giveUpMs: 3 * 24 * 3600_000, parallel: 6 };
/** Emails claimed at once: sent well within a lease even when each connection waits its full timeout. */
const BATCH = 30;

export type SettledHandler = (email: OutboundRecord) => Promise<void>;

export class OutboxSender {
  private readonly owner = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private readonly o: Required<Omit<SenderOptions, "now" | "random">> & { now: () => number; random: () => number };
  /** the mail server's refusal of the app itself was logged; cleared when an email gets through */
  private setupTold = false;
  private readonly handlers: SettledHandler[] = [];
  /** Sending on its own (start) until stop; sendDue works either way. */
  private readonly work: DueLoop;

  constructor(
    private readonly deps: { repo: OutboundEmailRepository; transport: MailTransport; from: { name: string | null; address: string }; logger: Logger },
    options: SenderOptions = {},
  ) {
    this.o = { ...DEFAULTS, now: Date.now, random: Math.random, ...options };
    this.work = new DueLoop({
      pass: () => this.loop(),
      nextDue: () => this.deps.repo.nextDue(),
      pollMs: this.o.pollMs,
      now: () => this.o.now(),
      onError: (e) => this.deps.logger.error("The email outbox failed; it tries again shortly", e),
    });
  }

  /** Told about every email that ended (sent or failed), after its row says so. */
  onSettled(handler: SettledHandler): void {
    this.handlers.push(handler);
  }

  /** The outbox clock's now: when a new email is due. */
  now(): Date {
    return new Date(this.o.now());
  }

  start(): void {
    this.work.start();
  }

  /** Looks now (an email was just written). */
  kick(): void {
    this.work.kick();
  }

  async stop(): Promise<void> {
    await this.work.stop();
    this.deps.transport.close();
  }

  /** Sends what is due now (the loop; tests and the bench call it to step through). */
  sendDue(): Promise<void> {
    return this.work.runDue();
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.work.takeArrived(); // this pass sees what was written so far
      const due = await this.deps.repo.due(new Date(this.o.now()), BATCH);
      if (this.work.stopping) return;
      // One conditional update claims the free ones of the batch (another instance keeps what it holds).
      const now = this.o.now();
      const queue = await this.deps.repo.leaseMany(
        due.map((e) => e.id),
        this.owner,
        new Date(now),
        new Date(now + this.o.leaseMs),
      );
      const worker = async () => {
        for (let e = queue.shift(); e; e = queue.shift()) {
          if (this.work.stopping) return; // what is left is released when its lease runs out
          // The batch may have outlasted its claim (a slow server): renew it for this email, or skip
          // it when another instance has claimed it meanwhile (it sends it).
          if (!(await this.deps.repo.renewLease(e.id, this.owner, new Date(this.o.now() + this.o.leaseMs)))) continue;
          await this.attempt(e);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, this.o.parallel) }, worker));
      if (this.work.stopping || (due.length === 0 && !this.work.takeArrived())) return;
    }
  }

  private mail(e: OutboundRecord): OutgoingMail {
    return {
      from: this.deps.from,
      to: e.toEmail,
      cc: e.cc,
      subject: e.subject,
      text: e.text,
      html: e.html,
      messageId: e.messageId,
      inReplyTo: e.inReplyTo,
      references: e.references,
      automatic: e.automatic,
    };
  }

  private async attempt(e: OutboundRecord): Promise<void> {
    const { repo, logger } = this.deps;
    try {
      const answer = await this.deps.transport.send(this.mail(e));
      this.setupTold = false;
      const sent = await repo.markSent(e.id, this.owner, { response: answer.response, refused: answer.refused, sentAt: new Date(this.o.now()) });
      if (sent) await this.tell(sent);
      return;
    } catch (error) {
      const failure = error instanceof SmtpFailure ? error : new SmtpFailure(error instanceof Error ? error.message : String(error), false);
      const age = this.o.now() - e.nextAttemptAt.getTime() + this.ageBefore(e);
      if (failure.permanent || age >= this.o.giveUpMs) {
        const failed = await repo.markFailed(e.id, this.owner, { response: failure.message, refused: failure.refused });
        if (failed) {
          logger.warn(`The mail server refused the email ${e.messageId} to ${e.toEmail} for good: ${failure.message}`);
          await this.tell(failed);
        }
        return;
      }
      const delay = this.backoff(e.attempts);
      await repo.retryAt(e.id, this.owner, new Date(this.o.now() + delay), failure.message);
      // the server refuses the app (login, TLS, sender, no connection): one loud line, not one per email
      if (failure.setup) {
        if (!this.setupTold) logger.error(setupWarnings.smtpRefusesApp(failure.message));
        this.setupTold = true;
        return;
      }
      if (e.attempts === 0 || (e.attempts + 1) % 10 === 0) {
        logger.warn(`The mail server did not take the email to ${e.toEmail} (${failure.message}); it is kept and tried again in ${Math.round(delay / 1000)} s (attempt ${e.attempts + 1}).`);
      }
    }
  }

  /** How long the email has been waiting before its current due time (its first due time was its creation on this clock). */
  private ageBefore(e: OutboundRecord): number {
    // The first attempt's due time is its id's time (uuidV7 of the outbox clock at enqueue).
    const first = Number.parseInt(e.id.replace(/-/g, "").slice(0, 12), 16);
    return Number.isFinite(first) ? Math.max(0, e.nextAttemptAt.getTime() - first) : 0;
  }

  private async tell(row: OutboundRecord): Promise<void> {
    for (const h of this.handlers) {
      await h(row).catch((err: unknown) => this.deps.logger.error(`After the email ${row.messageId} ended (${row.status}), telling Slack failed`, err));
    }
  }

  private backoff(attemptsBefore: number): number {
    const plain = Math.min(this.o.maxBackoffMs, this.o.baseBackoffMs * 2 ** attemptsBefore);
    return Math.round(plain * (0.8 + 0.4 * this.o.random()));
  }
}
