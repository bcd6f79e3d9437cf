/**
 * EmailIntakeService on a real SQLite file: an email is written whole or not at all, and Slack
 * failures after the commit do not fail the email.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureDefaults } from "../../src/db/defaults.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { memoryLogger } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { EmailIntakeService } from "../../src/services/tickets/email-intake.js";
import { InboundEmailRepository, type IntakeRepos } from "../../src/repositories/inbound-emails.js";
import type { TicketNotifier } from "../../src/services/tickets/notifier.js";
import type { InboundMessage } from "../../src/email/message.js";

let testDb: TestDb;
let logs: string[];
beforeEach(async () => {
  testDb = await createTestDb();
  logs = [];
  await ensureDefaults(testDb.db, "UTC");
  await seedCustomer(testDb.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
});
afterEach(async () => testDb.close());

const quiet: TicketNotifier = { opened: async () => undefined, changed: async () => undefined };

/** Hides stored Message-IDs from `seen`, as if another delivery committed after this one looked. */
function blind(emails: InboundEmailRepository): InboundEmailRepository {
  const copy = Object.create(emails) as InboundEmailRepository;
  copy.seen = async () => false;
  return copy;
}

function service(o: { notifier?: TicketNotifier; wrap?: (repos: IntakeRepos) => IntakeRepos; reads?: InboundEmailRepository; notifyWaitMs?: number } = {}) {
  const db = testDb.db;
  return new EmailIntakeService({
    reads: o.reads ?? new InboundEmailRepository(db),
    transaction: (work) => InboundEmailRepository.transaction(db, (repos) => work(o.wrap ? o.wrap(repos) : repos)),
    notifier: o.notifier ?? quiet,
    clock: () => new Date("2026-03-03T10:00:00Z"),
    logger: memoryLogger(logs),
    ...(o.notifyWaitMs !== undefined ? { notifyWaitMs: o.notifyWaitMs } : {}),
  });
}

const message = (o: Partial<InboundMessage> = {}): InboundMessage => ({
  format: "rfc822",
  messageId: "m1@acme.com",
  messageIdGenerated: false,
  from: { email: "ann@acme.com", name: "Ann Smith" },
  subject: "Printer down",
  date: null,
  text: "It jams.",
  replyText: "It jams.",
  references: [],
  attachments: [],
  priority: "normal",
  automatic: null,
  ...o,
});

const counts = async () => ({
  tickets: await testDb.db.ticket.count(),
  events: await testDb.db.ticketEvent.count(),
  contacts: await testDb.db.contact.count(),
  emails: await testDb.db.inboundEmail.count(),
  sequence: (await testDb.db.ticketSequence.findFirst())?.value ?? 0,
});

describe("all or nothing", () => {
  it("when storing the InboundEmail row fails, the new contact and the ticket are not kept either", async () => {
    const before = await counts();
    const failing = service({
      wrap: (repos) => {
        const emails = Object.create(repos.emails) as InboundEmailRepository;
        emails.record = async () => {
          throw new Error("disk full");
        };
        return { ...repos, emails };
      },
    });
    await expect(failing.receive(message())).rejects.toThrow("disk full");
    expect(await counts()).toEqual(before);
    // the provider's retry then goes through
    expect(await service().receive(message())).toEqual({ outcome: "ticket_opened", ticketNumber: 1 });
  });

  it("a delivery that loses the race on the Message-ID rolls back whole and answers duplicate", async () => {
    await service().receive(message());
    const before = await counts();
    // as if the first delivery committed between this one's check and its write
    const racing = service({ reads: blind(new InboundEmailRepository(testDb.db)), wrap: (repos) => ({ ...repos, emails: blind(repos.emails) }) });
    expect(await racing.receive(message({ from: { email: "bea@acme.com", name: null } }))).toEqual({ outcome: "duplicate" });
    expect(await counts()).toEqual(before);
  });
});

describe("telling Slack", () => {
  it("a notifier failure is logged, and the email still answers ticket_opened with the ticket saved", async () => {
    const broken: TicketNotifier = {
      opened: async () => {
        throw new Error("channel_not_found");
      },
      changed: async () => {
        throw new Error("channel_not_found");
      },
    };
    expect(await service({ notifier: broken }).receive(message())).toEqual({ outcome: "ticket_opened", ticketNumber: 1 });
    expect(await testDb.db.ticket.count()).toBe(1);
    expect(logs.join("\n")).toMatch(/Ticket 1 was saved from an email, but the tickets channel could not be told[\s\S]*channel_not_found/);
    const reply = message({ messageId: "m2@acme.com", references: ["m1@acme.com"], replyText: "More" });
    expect(await service({ notifier: broken }).receive(reply)).toEqual({ outcome: "comment_added", ticketNumber: 1 });
  });

  it("tells the notifier about a new ticket and about a reply, with a note naming the sender", async () => {
    const told: string[] = [];
    const notifier: TicketNotifier = {
      opened: async (t) => void told.push(`opened #${t.number}`),
      changed: async (t, note) => void told.push(`changed #${t.number}: ${note}`),
    };
    await service({ notifier }).receive(message());
    await service({ notifier }).receive(message({ messageId: "m2@acme.com", references: ["m1@acme.com"] }));
    expect(told).toEqual(["opened #1", "changed #1: Email reply from Ann Smith <ann@acme.com>."]);
  });

  it("does not hold the answer longer than the wait limit when Slack is slow; the notice still completes", async () => {
    let finish: () => void = () => undefined;
    let done = false;
    const slow: TicketNotifier = {
      opened: () => new Promise<void>((resolve) => (finish = () => ((done = true), resolve()))),
      changed: async () => undefined,
    };
    const started = Date.now();
    expect(await service({ notifier: slow, notifyWaitMs: 50 }).receive(message())).toEqual({ outcome: "ticket_opened", ticketNumber: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(done).toBe(false);
    finish();
    expect(done).toBe(true);
  });

  it("tells nothing for refusals and duplicates", async () => {
    const told: string[] = [];
    const notifier: TicketNotifier = { opened: async () => void told.push("opened"), changed: async () => void told.push("changed") };
    await testDb.db.customer.updateMany({ data: { ticketsOnlyFromPrimary: true } });
    expect((await service({ notifier }).receive(message())).outcome).toBe("refused_primary_only");
    expect((await service({ notifier }).receive(message())).outcome).toBe("duplicate");
    expect(told).toEqual([]);
  });
});
