/**
 * The customer portal's "My tickets" for a primary contact whose customer has 10,000 tickets (and
 * 10,000 more of other customers in the book), seeded in a fresh copy of the migrated template.
 *
 * Measured in the same process and run, alternating so both see the same cache state:
 *   page:     what the server does for GET /portal/tickets?page=N: the session looked up by its
 *             token, the page of tickets and their count (PortalService.tickets), and the HTML
 *             rendered (ticketsPage)
 *   baseline: the same two queries as raw SQL (the page with its contacts joined, and the count)
 * on the first page and on the last (the deepest offset), in wall time and in CPU time (the
 * process's, which a loaded machine inflates far less). Target: page p99 under 50 ms.
 * Prints one JSON line.
 * Run: npx tsx bench/portal.ts [runs] [tickets]   (or: npm run bench -- portal)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDb } from "../test/support/db.js";
import { seedTicketCustomers, seedTicketsFast, minutesAfter, type SeedTicket } from "../test/support/ticket-seed.js";
import { configureDatabase } from "../src/db/client.js";
import { inTransaction } from "../src/db/transaction.js";
import { PortalRepository } from "../src/repositories/portal.js";
import { OutboundEmailRepository } from "../src/repositories/outbound-emails.js";
import { TicketRepository } from "../src/repositories/tickets.js";
import { TicketService } from "../src/services/tickets/service.js";
import { PortalService, TICKETS_PER_PAGE } from "../src/services/portal/service.js";
import { ticketsPage } from "../src/http/portal/pages.js";
import { CATALOGS } from "../src/i18n/catalog.js";
import { peakRssMb, summarise } from "./stats.js";

const NOW = new Date("2026-03-02T10:00:00Z");
const STATUSES = ["open", "pending", "resolved", "closed", "closed", "closed"] as const;

function ensureTemplate(): (() => void) | undefined {
  if (process.env.TEST_TMP_DIR || process.env.TEST_DATABASE === "postgres") return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-bench-portal-"));
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  process.env.TEST_TMP_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

function book(n: number, customerIds: string[], first: number): SeedTicket[] {
  return Array.from({ length: n }, (_, i) => ({
    customerId: customerIds[i % customerIds.length]!,
    number: first + i,
    subject: `Printer on floor ${i % 40} stopped printing after the driver update`,
    status: STATUSES[i % STATUSES.length]!,
    openedAt: minutesAfter(NOW, -(n - i) * 17),
  }));
}

async function main(runs: number, tickets: number) {
  const cleanup = ensureTemplate();
  const testDb = await createTestDb();
  try {
    const db = testDb.db;
    const started = performance.now();
    const [acme, ...others] = await seedTicketCustomers(db, ["Acme Dental", ...Array.from({ length: 50 }, (_, i) => `Other ${i}`)]);
    const jane = await db.contact.create({ data: { customerId: acme!.id, firstName: "Jane", lastName: "Roe", email: "jane@acme.com", emailKey: "jane@acme.com", createdBy: "bench" } });
    const bob = await db.contact.create({ data: { customerId: acme!.id, firstName: "Bob", lastName: "Stone", email: "bob@acme.com", emailKey: "bob@acme.com", createdBy: "bench" } });
    await db.customer.update({ where: { id: acme!.id }, data: { primaryContactId: jane.id } });
    // Interleaved with the others' tickets, so the customer's rows are spread over the table.
    const mine = book(tickets, [acme!.id], 1);
    const theirs = book(tickets, others.map((o) => o.id), tickets + 1);
    await seedTicketsFast(testDb, mine.flatMap((t, i) => [t, theirs[i]!]));
    await db.$executeRaw`UPDATE "Ticket" SET "contactId" = CASE WHEN "number" % 2 = 0 THEN ${jane.id} ELSE ${bob.id} END WHERE "customerId" = ${acme!.id}`;
    if (testDb.kind === "postgresql") await db.$executeRawUnsafe(`VACUUM ANALYZE "Ticket"`);
    else await db.$executeRawUnsafe("ANALYZE");
    await configureDatabase(db);
    const seedSeconds = Number(((performance.now() - started) / 1000).toFixed(1));

    const portal = new PortalService({
      reads: new PortalRepository(db),
      transaction: (work) => inTransaction(db, (tx) => work({ portal: new PortalRepository(tx), outbox: new OutboundEmailRepository(tx) })),
      tickets: new TicketService({ tickets: new TicketRepository(db), transaction: (w) => TicketRepository.transaction(db, w), clock: () => NOW }),
      notifier: { opened: async () => undefined, changed: async () => undefined },
      texts: (l) => CATALOGS[l].portal,
      channelTexts: CATALOGS.en.portal.slack,
      portalUrl: "https://support.msp.example/portal",
      from: { name: null, address: "help@msp.example" },
      defaultTimeZone: "UTC",
      clock: () => NOW,
      outboxNow: () => NOW,
      written: () => undefined,
    });
    await portal.requestLink({ email: "jane@acme.com", clientIp: "127.0.0.1", locale: "en" });
    const mail = await db.outboundEmail.findFirstOrThrow({ where: { kind: "sign_in" } });
    const signed = await portal.signIn(/sign-in\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!, null);
    if (signed.kind !== "signed_in") throw new Error("the bench could not sign in");
    const token = signed.sessionToken;

    const lastPage = Math.ceil(tickets / TICKETS_PER_PAGE);
    const server = async (page: number) => {
      const viewer = await portal.session(token);
      const list = await portal.tickets(viewer!, page);
      return ticketsPage({ locale: "en", csrf: "x", viewer, path: "/portal/tickets" }, list).length;
    };
    const raw = async (page: number) => {
      const offset = (page - 1) * TICKETS_PER_PAGE;
      const rows = await db.$queryRaw<unknown[]>`SELECT t."id", t."number", t."subject", t."status", t."priority", t."createdAt", t."responseDueAt", t."resolutionDueAt", t."firstResponseAt", t."resolvedAt", t."requesterName", t."requesterEmail", c."firstName", c."lastName", c."email"
        FROM "Ticket" t LEFT JOIN "Contact" c ON c."id" = t."contactId" WHERE t."customerId" = ${acme!.id} ORDER BY t."number" DESC LIMIT ${TICKETS_PER_PAGE} OFFSET ${offset}`;
      const count = await db.$queryRaw<unknown[]>`SELECT COUNT(*) AS "n" FROM "Ticket" WHERE "customerId" = ${acme!.id}`;
      return rows.length + count.length;
    };

    async function measure(page: number) {
      const app: number[] = [];
      const appCpu: number[] = [];
      const base: number[] = [];
      const baseCpu: number[] = [];
      const warmup = Math.max(5, Math.ceil(runs / 10));
      let bytes = 0;
      for (let i = 0; i < runs + warmup; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        bytes = await server(page);
        const t1 = performance.now();
        const c1 = process.cpuUsage();
        await raw(page);
        const t2 = performance.now();
        const c2 = process.cpuUsage();
        if (i >= warmup) {
          app.push(t1 - t0);
          base.push(t2 - t1);
          // CPU time: what the request holds the process for; a loaded machine inflates it far less than wall time.
          appCpu.push((c1.user + c1.system - c0.user - c0.system) / 1000);
          baseCpu.push((c2.user + c2.system - c1.user - c1.system) / 1000);
        }
      }
      const a = summarise(app);
      const b = summarise(base);
      const ac = summarise(appCpu);
      const bc = summarise(baseCpu);
      return { page, app: a, rawSql: b, p99Ratio: Number((a.p99 / b.p99).toFixed(2)), p99Under50ms: a.p99 < 50, cpuMs: { app: ac, rawSql: bc, p99Ratio: Number((ac.p99 / bc.p99).toFixed(2)) }, htmlBytes: bytes };
    }

    const result = {
      part: "portal",
      database: testDb.kind,
      tickets: { customer: tickets, total: tickets * 2 },
      seedSeconds,
      firstPage: await measure(1),
      lastPage: await measure(lastPage),
      peakRssMb: peakRssMb(),
    };
    console.log(JSON.stringify(result));
  } finally {
    await testDb.close();
    cleanup?.();
  }
}

await main(Number(process.argv[2] ?? 300), Number(process.argv[3] ?? 10_000));
