/**
 * The email outbox against a real SQLite file and a real SMTP server on loopback: a reply is
 * written once per key, with its ticket change or not at all, and two senders on one database
 * (two instances of the app) deliver each email exactly once.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { memoryLogger } from "../support/app-harness.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { OutboundEmailRepository } from "../../src/repositories/outbound-emails.js";
import { TicketService } from "../../src/services/tickets/service.js";
import { EmailOutbox } from "../../src/services/email-out/outbox.js";
import { OutboxSender } from "../../src/services/email-out/sender.js";
import { smtpTransport } from "../../src/email/smtp.js";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

const FROM = { name: "Acme Support", address: "help@msp.example" };
const AT = new Date("2026-03-02T10:00:00Z");

let testDb: TestDb;
let smtp: TestSmtp;
let tickets: TicketService;
let outbox: EmailOutbox;
const senders: OutboxSender[] = [];

beforeEach(async () => {
  testDb = await createTestDb();
  smtp = await startSmtp();
  const db = testDb.db;
  tickets = new TicketService({ tickets: new TicketRepository(db), transaction: (w) => TicketRepository.transaction(db, w), clock: () => AT });
  outbox = new EmailOutbox({ reads: new TicketRepository(db), transaction: (w) => TicketRepository.transaction(db, w), enabled: true, from: FROM, clock: () => AT, outboxNow: () => new Date(), written: () => undefined });
});
afterEach(async () => {
  for (const s of senders.splice(0)) await s.stop();
  await smtp.close();
  await testDb.close();
});

const open = () =>
  tickets.open({ customerId: null, contactId: null, subject: "Printer down", description: "", priority: "medium", source: "email", requesterEmail: "jane@acme.com" });
const reply = (ticketId: string, key: string, body = "Hello", then: "keep" | "pending" | "resolved" = "keep") =>
  outbox.queueReply({ ticketId, key, body, nameOf: () => undefined, byUserId: "U0TECH0001", cc: [], then });

function sender(): OutboxSender {
  const s = new OutboxSender(
    { repo: new OutboundEmailRepository(testDb.db), transport: smtpTransport(smtp.url), from: FROM, logger: memoryLogger([]) },
    { pollMs: 50, baseBackoffMs: 20, maxBackoffMs: 100, parallel: 3 },
  );
  senders.push(s);
  return s;
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the email outbox", () => {
  it("writes one email per key, however often the same reply is sent", async () => {
    const t = await open();
    const first = await reply(t.id, "view:V1:h1");
    const second = await reply(t.id, "view:V1:h1");
    expect(first.kind).toBe("queued");
    expect(second.kind).toBe("duplicate");
    expect(await testDb.db.outboundEmail.count()).toBe(1);
    expect(await testDb.db.ticketEvent.count({ where: { kind: "emailed" } })).toBe(1);
  });

  it("resolves the ticket in the same transaction as the email, and writes neither for a closed ticket", async () => {
    const t = await open();
    const r = await reply(t.id, "k1", "Fixed.", "resolved");
    expect(r.kind === "queued" && r.ticket.status).toBe("resolved");
    await tickets.close(t.id, "U0TECH0001");
    expect((await reply(t.id, "k2", "More?")).kind).toBe("closed");
    expect(await testDb.db.outboundEmail.count()).toBe(1);
  });

  it("gives up on an email the server never took within giveUpMs, with the last error, and tells who listens", async () => {
    const t = await open();
    await reply(t.id, "k-down", "Nobody home");
    await smtp.down();
    const told: string[] = [];
    const s = new OutboxSender(
      { repo: new OutboundEmailRepository(testDb.db), transport: smtpTransport(smtp.url), from: FROM, logger: memoryLogger([]) },
      { pollMs: 20, baseBackoffMs: 20, maxBackoffMs: 40, giveUpMs: 300 },
    );
    senders.push(s);
    s.onSettled(async (e) => void told.push(e.status));
    s.start();
    await until(async () => (await testDb.db.outboundEmail.findFirstOrThrow()).status === "failed", "given up");
    const row = await testDb.db.outboundEmail.findFirstOrThrow();
    expect(row.attempts).toBeGreaterThan(1);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(told).toEqual(["failed"]);
  });

  it("delivers each email exactly once with two senders (two instances) on one database", async () => {
    const t = await open();
    for (let i = 0; i < 40; i++) expect((await reply(t.id, `k${i}`, `Message ${i}`)).kind).toBe("queued");
    const a = sender();
    const b = sender();
    a.start();
    b.start();
    await until(async () => (await testDb.db.outboundEmail.count({ where: { status: "sent" } })) === 40, "all 40 sent");
    await new Promise((r) => setTimeout(r, 200));
    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });
});

describe("a mail server that refuses the app itself (its login, TLS, its sender address)", () => {
  /** A real SMTP server on loopback that refuses AUTH with 535 or MAIL FROM with 553 until told to take mail. */
  async function refusingServer(how: "auth" | "sender") {
    const state = { refusing: true, received: 0 };
    const server = new SMTPServer({
      disabledCommands: how === "auth" ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
      allowInsecureAuth: true,
      authOptional: how !== "auth",
      closeTimeout: 200,
      logger: false,
      onAuth(_auth, _session, cb) {
        if (state.refusing) return cb(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
        cb(null, { user: "app" });
      },
      onMailFrom(_address, _session, cb) {
        if (how === "sender" && state.refusing) return cb(Object.assign(new Error("5.7.1 Sender address rejected: not owned by user"), { responseCode: 553 }));
        cb();
      },
      onData(stream, _session, cb) {
        stream.on("data", () => undefined);
        stream.on("end", () => {
          state.received++;
          cb();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.server.address() as AddressInfo).port;
    // a relay on loopback without TLS: ?tls=off, else the app refuses to send the password in clear
    return { state, url: `smtp://app:secret@127.0.0.1:${port}?tls=off`, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it.each(["auth", "sender"] as const)("keeps every email and retries when the server refuses the %s with a 5xx, and says once, loudly, to check SMTP_URL and EMAIL_FROM", async (how) => {
    const server = await refusingServer(how);
    try {
      const t = await open();
      await reply(t.id, "k-a", "One");
      await reply(t.id, "k-b", "Two");
      const lines: string[] = [];
      const s = new OutboxSender(
        { repo: new OutboundEmailRepository(testDb.db), transport: smtpTransport(server.url), from: FROM, logger: memoryLogger(lines) },
        { pollMs: 20, baseBackoffMs: 20, maxBackoffMs: 40 },
      );
      senders.push(s);
      s.start();
      await until(async () => (await testDb.db.outboundEmail.findMany()).every((r) => r.attempts >= 3 || r.status !== "pending"), "several attempts");
      expect((await testDb.db.outboundEmail.findMany()).map((r) => r.status)).toEqual(["pending", "pending"]);
      const loud = lines.filter((l) => l.includes("SMTP_URL"));
      expect(loud).toHaveLength(1);
      expect(loud[0]).toMatch(/^error /);
      expect(loud[0]).toContain("EMAIL_FROM");
      server.state.refusing = false;
      await until(async () => (await testDb.db.outboundEmail.count({ where: { status: "sent" } })) === 2, "both sent once the server takes them");
    } finally {
      await server.close();
    }
  });
});

describe("a claim that runs out while the batch is still being sent", () => {
  it("renews its claim before each email, so a second instance never sends one the first still holds (a slow server, a short lease)", async () => {
    const seen: string[] = [];
    const server = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      closeTimeout: 200,
      logger: false,
      onData(stream, _session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const id = /^Message-ID:\s*<([^>]+)>/im.exec(Buffer.concat(chunks).toString("utf8"))?.[1] ?? "";
          seen.push(id);
          // a slow server: each email takes 120 ms, the batch far longer than the 300 ms lease
          setTimeout(() => cb(), 120);
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    try {
      const t = await open();
      for (let i = 0; i < 8; i++) await reply(t.id, `slow-${i}`, `Message ${i}`);
      const make = () => {
        const s = new OutboxSender(
          { repo: new OutboundEmailRepository(testDb.db), transport: smtpTransport(url), from: FROM, logger: memoryLogger([]) },
          { pollMs: 30, baseBackoffMs: 20, maxBackoffMs: 40, leaseMs: 300, parallel: 1 },
        );
        senders.push(s);
        return s;
      };
      const a = make();
      a.start();
      await new Promise((r) => setTimeout(r, 100));
      const b = make();
      b.start();
      await until(async () => (await testDb.db.outboundEmail.count({ where: { status: "sent" } })) === 8, "all 8 sent", 20_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("the hourly caps on automatic email", () => {
  it("reads the last hour's automatic emails from an index on (automatic, createdAt), not the whole outbox (SQLite's plan)", async () => {
    if (testDb.kind !== "sqlite") return; // EXPLAIN QUERY PLAN is SQLite's; PostgreSQL has the same index (schemas.test.ts)
    const { default: Database } = await import("better-sqlite3");
    const sqlite = new Database(testDb.file, { readonly: true });
    try {
      // the statement of OutboundEmailRepository.automaticSince
      const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN SELECT "toEmail" FROM "OutboundEmail" WHERE "automatic" = ? AND "createdAt" >= ? LIMIT ?`).all(1, AT.toISOString(), 200) as { detail: string }[]).map((r) => r.detail);
      expect(plan.join("\n")).toMatch(/USING COVERING INDEX OutboundEmail_automatic_createdAt_toEmail_idx \(automatic=\? AND createdAt>\?\)/);
    } finally {
      sqlite.close();
    }
  });
});
