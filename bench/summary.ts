/**
 * SLA summary cost with a large ticket book: 100,000 tickets across 2,000 customers (a realistic mix:
 * six months of tickets, most of them closed, recent ones open, pending or resolved, some late,
 * some triage), seeded in a fresh copy of the migrated template database.
 *
 * Measured in the same process and run, alternating so both see the same cache state:
 *   summary:  the full summary computation the app does (SlaSummaryService.summary: per-customer
 *             figures with medians, totals, worst breaches, misses; permalinks answered locally)
 *   baseline: one plain `SELECT "customerId", COUNT(*) FROM "Ticket" GROUP BY "customerId"`
 * Target: summary p50 <= 5 x baseline p50, for each period (today, week, month); and SQLite's plan.
 * Prints one JSON line.
 * Run: npx tsx bench/summary.ts [runs] [tickets] [customers]   (or: npm run bench -- summary)
 * BENCH_SUMMARY_QUICK=1 skips the second half (the same without the summary's covering indexes).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createTestDb, type TestDb } from "../test/support/db.js";
import { configureDatabase } from "../src/db/client.js";
import { seedTicketCustomers, seedTicketsFast, minutesAfter, type SeedTicket } from "../test/support/ticket-seed.js";
import { SUMMARY_INDEXES, SlaSummaryRepository } from "../src/repositories/sla-summary.js";
import { SlaTrendRepository } from "../src/repositories/sla-trend.js";
import { SlaSummaryService, type SummaryPeriod } from "../src/services/summary/service.js";
import { peakRssMb, summarise } from "./stats.js";

/** A small deterministic random source, so two runs seed the same tickets. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `npm run bench` prepares the template; run directly, this does the same in its own temp folder. */
function ensureTemplate(): (() => void) | undefined {
  if (process.env.TEST_TMP_DIR || process.env.TEST_DATABASE === "postgres") return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-bench-summary-"));
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  process.env.TEST_TMP_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

export const NOW = new Date("2025-03-12T10:00:00.000Z");
const MIN = 1;
const H = 60 * MIN;
const D = 24 * H;

/** Response/resolution targets by priority (minutes, 24/7 in the seed). */
const TARGETS = { low: [8 * H, 5 * D], medium: [4 * H, 2 * D], high: [H, 8 * H], critical: [15, 4 * H] } as const;
const PRIORITIES = ["low", "medium", "medium", "medium", "high", "high", "critical"] as const;

/** A typical email body's length, so the table's rows are as wide as real ones. */
const DESCRIPTION = "Hello team, since this morning nobody on our floor can print. ".repeat(7);

/** `historyDays`: tickets are opened evenly over that many days before NOW; `first`: the index of the first (for subjects). */
export function ticketBook(n: number, customerIds: string[], random: () => number, historyDays = 180, first = 0): SeedTicket[] {
  const out: SeedTicket[] = [];
  for (let j = 0; j < n; j++) {
    const i = first + j;
    // Skewed: a few customers open most tickets; 3% are triage tickets without a customer.
    const customerId = random() < 0.03 ? null : (customerIds[Math.floor(customerIds.length * random() ** 2)] ?? null);
    const ageMinutes = Math.floor(random() * historyDays * D);
    const openedAt = minutesAfter(NOW, -ageMinutes);
    const priority = PRIORITIES[Math.floor(random() * PRIORITIES.length)] ?? "medium";
    const [responseTarget, resolutionTarget] = TARGETS[priority];
    const recent = ageMinutes < 14 * D;
    const roll = random();
    const status = recent
      ? roll < 0.35 ? "open" : roll < 0.45 ? "pending" : roll < 0.75 ? "resolved" : "closed"
      : roll < 0.02 ? "open" : roll < 0.03 ? "pending" : roll < 0.2 ? "resolved" : "closed";
    const late = random() < 0.15;
    const responded = status !== "open" || random() < 0.6;
    const responseMinutes = Math.min(ageMinutes, Math.floor(responseTarget * (late ? 1 + random() : random())));
    const firstResponseAt = responded ? minutesAfter(openedAt, responseMinutes) : null;
    const done = status === "resolved" || status === "closed";
    const resolutionMinutes = Math.min(ageMinutes, Math.max(responseMinutes, Math.floor(resolutionTarget * (random() < 0.2 ? 1 + random() : random()))));
    const pausedAt = status === "pending" ? minutesAfter(openedAt, Math.floor(random() * Math.min(ageMinutes, resolutionTarget * 1.5))) : null;
    out.push({
      customerId,
      priority,
      status,
      openedAt,
      responseTarget,
      resolutionTarget,
      firstResponseAt,
      firstResponseMinutes: responded ? responseMinutes : null,
      resolvedAt: done ? minutesAfter(openedAt, resolutionMinutes) : null,
      resolutionMinutes: done ? resolutionMinutes : null,
      closedAt: status === "closed" ? minutesAfter(openedAt, resolutionMinutes + D) : null,
      pausedAt,
      subject: `Printer on floor ${i % 40} stopped printing after the driver update`,
      description: DESCRIPTION,
      channelId: "C0TICKETS1",
      messageTs: `${Math.floor(openedAt.getTime() / 1000)}.${String(i).padStart(6, "0")}`,
    });
  }
  return out;
}

export async function benchSummary(runs: number, tickets: number, customers: number) {
  const cleanup = ensureTemplate();
  const testDb = await createTestDb();
  try {
    const random = rng(7);
    const seedStarted = performance.now();
    const names = Array.from({ length: customers }, (_, i) => `Customer ${String(i + 1).padStart(5, "0")}`);
    const seededCustomers = await seedTicketCustomers(testDb.db, names);
    await seedTicketsFast(testDb, ticketBook(tickets, seededCustomers.map((c) => c.id), random));
    // PostgreSQL: the tables as autovacuum leaves them soon after a bulk load (visibility map set,
    // so the covering indexes are read without visiting the table), not straight after the load.
    await analyse(testDb);
    await configureDatabase(testDb.db); // the connection as the app sets it up
    const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
    const rssAfterSeedMb = Math.round(process.memoryUsage().rss / 1024 / 1024);

    const service = new SlaSummaryService({
      repo: new SlaSummaryRepository(testDb.db),
    trends: new SlaTrendRepository(testDb.db),
      permalink: async (channel, ts) => `https://example.slack.com/archives/${channel}/p${ts.replace(".", "")}`,
      timeZone: "Europe/Rome",
      managerUserIds: [],
    });
    const baseline = () => testDb.db.$queryRaw<unknown[]>`SELECT "customerId", COUNT(*) AS "n" FROM "Ticket" GROUP BY "customerId"`;

    async function measure(period: SummaryPeriod) {
      const summary: number[] = [];
      const plain: number[] = [];
      const warmup = Math.max(3, Math.ceil(runs / 10));
      let last: Awaited<ReturnType<SlaSummaryService["summary"]>> | undefined;
      let groups = 0;
      for (let i = 0; i < runs + warmup; i++) {
        const t0 = performance.now();
        last = await service.summary(period, NOW);
        const t1 = performance.now();
        groups = (await baseline()).length;
        const t2 = performance.now();
        if (i >= warmup) {
          summary.push(t1 - t0);
          plain.push(t2 - t1);
        }
      }
      const s = summarise(summary);
      const b = summarise(plain);
      return {
        summaryMs: s,
        groupByMs: b,
        ratioP50: Number((s.p50 / b.p50).toFixed(2)),
        withinTarget: s.p50 <= 5 * b.p50,
        groupByRows: groups,
        figures: last && {
          customersReported: last.customerCount,
          open: last.totals.open,
          atRisk: last.totals.atRisk,
          breached: last.totals.breached,
          responded: last.totals.responded,
          resolved: last.totals.resolved,
          medianResponseMinutes: last.totals.medianResponseMinutes,
          medianResolutionMinutes: last.totals.medianResolutionMinutes,
        },
      };
    }

    const asMigrated = { today: await measure("today"), week: await measure("week"), month: await measure("month"), plan: await queryPlan(testDb) };
    // BENCH_SUMMARY_QUICK=1: only the figures as migrated (what the target is about).
    if (process.env.BENCH_SUMMARY_QUICK === "1") return { part: "summary", tickets, customers, runs, seedSeconds, asMigrated, peakRssMb: peakRssMb(), rssAfterSeedMb };
    // The same without the covering indexes the summary is written for (SUMMARY_INDEXES, in the
    // migration as Ticket_summary_*_idx): what they buy.
    for (const name of Object.keys(SUMMARY_INDEXES)) await testDb.db.$executeRawUnsafe(`DROP INDEX "Ticket_summary_${name}_idx"`);
    await analyse(testDb);
    const withoutSummaryIndexes = { week: await measure("week"), month: await measure("month"), plan: await queryPlan(testDb) };
    return {
      part: "summary",
      tickets,
      customers,
      runs,
      seedSeconds,
      asMigrated,
      withoutSummaryIndexes,
      /** peak of the whole process: seeding (Prisma createMany) included */
      peakRssMb: peakRssMb(),
      rssAfterSeedMb,
    };
  } finally {
    await testDb.close();
    cleanup?.();
  }
}

/**
 * SQLite: ANALYZE. PostgreSQL: VACUUM ANALYZE until the tables' pages are all marked all-visible,
 * as autovacuum leaves them some time after a bulk load (a VACUUM right after the load can leave
 * them unmarked while another transaction of the server is older than the load; then every
 * "index-only" read of the summary visits the table too).
 */
async function analyse(testDb: TestDb): Promise<void> {
  if (testDb.kind !== "postgresql") {
    await testDb.db.$queryRawUnsafe("ANALYZE");
    return;
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    for (const table of ["Ticket", "Customer"]) await testDb.db.$executeRawUnsafe(`VACUUM ANALYZE "${table}"`);
    const [row] = await testDb.db.$queryRawUnsafe<{ visible: boolean }[]>(`SELECT relallvisible >= relpages AS "visible" FROM pg_class WHERE relname = 'Ticket'`);
    if (row?.visible) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("VACUUM did not mark the Ticket table all-visible in 20 attempts (a long transaction on the server?)");
}

/** The database's plan for the scope of the per-customer query (which indexes find the tickets in scope). */
async function queryPlan(testDb: TestDb): Promise<string> {
  const from = "2025-03-05T10:00:00.000+00:00";
  const now = "2025-03-12T10:00:00.000+00:00";
  const scope = (p: (n: number) => string) =>
    `SELECT COUNT(*) FROM "Ticket" t WHERE t."status" IN ('open', 'pending')
      OR (t."firstResponseAt" >= ${p(1)} AND t."firstResponseAt" <= ${p(2)}) OR (t."resolvedAt" >= ${p(3)} AND t."resolvedAt" <= ${p(4)})`;
  if (testDb.kind === "postgresql") {
    const rows = await testDb.db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${scope((n) => `$${n}::timestamp`)}`, from, now, from, now);
    return rows.map((r) => r["QUERY PLAN"].trim()).join(" | ");
  }
  const sqlite = new Database(testDb.file, { readonly: true });
  try {
    const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${scope(() => "?")}`).all(from, now, from, now) as { detail: string }[];
    return rows.map((r) => r.detail).join(" | ");
  } finally {
    sqlite.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchSummary(Number(process.argv[2] ?? 30), Number(process.argv[3] ?? 100_000), Number(process.argv[4] ?? 2_000)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
