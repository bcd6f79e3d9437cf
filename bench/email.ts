/**
 * Outbound email throughput: 1,000 replies queued at once through the email outbox (the service
 * the Reply to customer modal calls), delivered by the outbox sender to a real SMTP server on
 * loopback (smtp-server, as in the tests), against a baseline measured in the same run: nodemailer's
 * pooled transport with the same connections sending the same messages straight to that server.
 * Then the same 1,000 with the server stopped for 10 s once half of them arrived: every message
 * must arrive exactly once. The sender runs with the app's own timing (poll 5 s, backoff from 5 s).
 * Prints one JSON line. Run: npm run bench -- email   (or: tsx bench/email.ts [replies] [outage seconds])
 */
import { createTestDb } from "../test/support/db.js";
import { memoryLogger } from "../test/support/app-harness.js";
import { startSmtp, type TestSmtp } from "../test/support/smtp.js";
import { TicketRepository } from "../src/repositories/tickets.js";
import { OutboundEmailRepository } from "../src/repositories/outbound-emails.js";
import { TicketService } from "../src/services/tickets/service.js";
import { EmailOutbox } from "../src/services/email-out/outbox.js";
import { OutboxSender } from "../src/services/email-out/sender.js";
import { smtpTransport } from "../src/email/smtp.js";
import { progress } from "./progress.js";
import { peakRssMb, summarise } from "./stats.js";

const FROM = { name: "Acme Support", address: "help@msp.example" };
const TICKETS = 50;

async function waitFor(check: () => boolean, what: string, ms: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** nodemailer straight to the server: the same pool of 3 connections, the same message shape. */
async function baseline(smtp: TestSmtp, n: number) {
  const transport = smtpTransport(smtp.url);
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      await transport.send({ from: FROM, to: "jane@acme.example", cc: [], subject: `Re: [#${i}] Printer`, text: `Reply ${i}`, html: `<p>Reply ${i}</p>`, messageId: `base-${i}@msp.example`, inReplyTo: null, references: [], automatic: false });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return { perSecond: Math.round(n / seconds), seconds: Number(seconds.toFixed(2)) };
}

async function outboxRun(smtp: TestSmtp, n: number, outageSeconds: number) {
  const testDb = await createTestDb();
  const db = testDb.db;
  const clock = () => new Date();
  const tickets = new TicketService({ tickets: new TicketRepository(db), transaction: (w) => TicketRepository.transaction(db, w), clock });
  const ids: string[] = [];
  for (let i = 0; i < TICKETS; i++) {
    ids.push((await tickets.open({ customerId: null, contactId: null, subject: `Printer ${i}`, description: "", priority: "medium", source: "email", requesterEmail: `user${i}@acme.example` })).id);
  }
  const sender = new OutboxSender({ repo: new OutboundEmailRepository(db), transport: smtpTransport(smtp.url), from: FROM, logger: memoryLogger([]) });
  const outbox = new EmailOutbox({ reads: new TicketRepository(db), transaction: (w) => TicketRepository.transaction(db, w), enabled: true, from: FROM, clock, outboxNow: () => sender.now(), written: () => sender.kick() });
  sender.start();
  const before = smtp.received.length;
  const queuedAt = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t0 = performance.now();
      const r = await outbox.queueReply({ ticketId: ids[i % TICKETS]!, key: `bench:${outageSeconds}:${i}`, body: `*Reply* ${i}: see <https://kb.example/${i}|the guide>`, nameOf: () => undefined, byUserId: "U0BENCH01", cc: [], then: "keep" });
      if (r.kind !== "queued") throw new Error(`reply ${i}: ${r.kind}`);
      queuedAt.set(r.email.messageId, t0);
    }),
  );
  const queuedSeconds = (performance.now() - started) / 1000;
  if (outageSeconds > 0) {
    await waitFor(() => smtp.received.length - before >= n / 2, "half of the replies", 600_000);
    await smtp.down();
    progress(`SMTP server stopped for ${outageSeconds} s after ${smtp.received.length - before} replies`);
    await new Promise((r) => setTimeout(r, outageSeconds * 1000));
    await smtp.up();
    progress("SMTP server back");
  }
  await waitFor(() => smtp.received.length - before >= n, `all ${n} replies`, 600_000);
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000)); // a second copy of any message would arrive now
  const mine = smtp.received.slice(before).filter((m) => queuedAt.has(m.messageId));
  const distinct = new Set(mine.map((m) => m.messageId));
  const latencies = mine.map((m) => m.at - (queuedAt.get(m.messageId) ?? m.at));
  const sent = await db.outboundEmail.count({ where: { status: "sent" } });
  await sender.stop();
  await testDb.close();
  if (distinct.size !== n || mine.length !== n || sent !== n) throw new Error(`expected ${n} replies each delivered once: ${mine.length} received, ${distinct.size} distinct, ${sent} marked sent`);
  return {
    replies: n,
    deliveredOnce: distinct.size === n && mine.length === n,
    queuedInSeconds: Number(queuedSeconds.toFixed(2)),
    perSecond: Math.round(n / seconds),
    seconds: Number(seconds.toFixed(2)),
    sendToAcceptedMs: summarise(latencies),
  };
}

export async function benchEmail(n: number, outageSeconds: number) {
  const smtp = await startSmtp();
  try {
    progress(`baseline: ${n} messages straight through nodemailer`);
    const base = await baseline(smtp, n);
    progress(`outbox: ${n} replies queued at once`);
    const steady = await outboxRun(smtp, n, 0);
    progress(`outbox: ${n} replies with the server stopped for ${outageSeconds} s`);
    const outage = await outboxRun(smtp, n, outageSeconds);
    return {
      part: "email",
      baselinePerSecond: base.perSecond,
      outbox: { ...steady, ratioToBaseline: Number((steady.perSecond / base.perSecond).toFixed(2)) },
      withOutage: { outageSeconds, ...outage },
      peakRssMb: peakRssMb(),
    };
  } finally {
    await smtp.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchEmail(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 10)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
