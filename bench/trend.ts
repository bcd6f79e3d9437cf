/**
 * SLA trend cost with a long history: 1,000,000 tickets across 2,000 customers opened over two years
 * (the same mix as bench/summary.ts's book, 1% of them reopened once), seeded in a fresh copy of
 * the migrated template database, as the app's connection is set up.
 *
 * Measured in the same process and run, alternating so both see the same cache state:
 *   trend:    what `/sla summary week` asks the database for its chart (SlaSummaryService.trend:
 *             12 weeks of figures, the first ticket, the customers with the most breaches)
 *   baseline: one plain GROUP BY of the same tickets by week:
 *             SELECT CAST((julianday("createdAt") - 2440587.5) / 7 AS INTEGER) AS "w", COUNT(*) FROM "Ticket" GROUP BY "w"
 * Target: trend p50 <= 5 x baseline p50. Then the charts' render time (vega-lite -> SVG -> PNG), per
 * chart, p50 / p99 (target < 300 ms) and the CPU time it takes, and the process's peak RSS.
 * Run: npx tsx bench/trend.ts [runs] [tickets] [customers] [historyDays]   (npm run bench -- summary runs it too)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { createTestDb, type TestDb } from "../test/support/db.js";
import { configureDatabase } from "../src/db/client.js";
import { seedTicketCustomers, seedTicketsFast } from "../test/support/ticket-seed.js";
import { SlaSummaryRepository } from "../src/repositories/sla-summary.js";
import { SlaTrendRepository } from "../src/repositories/sla-trend.js";
import { SlaSummaryService } from "../src/services/summary/service.js";
import { breachersChartSpec, trendChartSpec } from "../src/charts/sla-charts.js";
import { renderChart } from "../src/charts/render.js";
import { en } from "../src/i18n/en.js";
import { localeFormat } from "../src/i18n/format.js";
import { LANGUAGE_TAG } from "../src/i18n/locale.js";

const trendText = en.trend;
const summaryText = en.slaSummary;
const DEFAULT_LOCALE = LANGUAGE_TAG.en;
import { NOW, rng, ticketBook } from "./summary.js";
import { peakRssMb, summarise } from "./stats.js";

const CHUNK = 100_000;

function ensureTemplate(): (() => void) | undefined {
  if (process.env.TEST_TMP_DIR || process.env.TEST_DATABASE === "postgres") return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-bench-trend-"));
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  process.env.TEST_TMP_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

/** Every hundredth resolved ticket was resolved once before, from its first response, and reopened at its opening + 1 day. */
async function addReopenings(testDb: TestDb): Promise<number> {
  if (testDb.kind === "postgresql") {
    return testDb.db.$executeRawUnsafe(
      `INSERT INTO "TicketPause" ("id", "ticketId", "reason", "from", "to")
       SELECT md5(random()::text || t."id"), t."id", 'resolved', t."firstResponseAt", t."resolvedAt"
       FROM "Ticket" t WHERE t."number" % 100 = 0 AND t."resolvedAt" IS NOT NULL AND t."firstResponseAt" IS NOT NULL`,
    );
  }
  const sqlite = new Database(testDb.file);
  try {
    return sqlite
      .prepare(
        `INSERT INTO "TicketPause" ("id", "ticketId", "reason", "from", "to")
         SELECT lower(hex(randomblob(16))), t."id", 'resolved', t."firstResponseAt", t."resolvedAt"
         FROM "Ticket" t WHERE t."number" % 100 = 0 AND t."resolvedAt" IS NOT NULL AND t."firstResponseAt" IS NOT NULL`,
      )
      .run().changes;
  } finally {
    sqlite.close();
  }
}

export async function benchTrend(runs: number, tickets: number, customers: number, historyDays: number) {
  const cleanup = ensureTemplate();
  const testDb = await createTestDb();
  try {
    const random = rng(11);
    const seedStarted = performance.now();
    const names = Array.from({ length: customers }, (_, i) => `Customer ${String(i + 1).padStart(5, "0")}`);
    const ids = (await seedTicketCustomers(testDb.db, names)).map((c) => c.id);
    for (let done = 0; done < tickets; done += CHUNK) await seedTicketsFast(testDb, ticketBook(Math.min(CHUNK, tickets - done), ids, random, historyDays, done));
    const reopenings = await addReopenings(testDb);
    if (testDb.kind === "postgresql") for (const table of ["Ticket", "TicketPause", "Customer"]) await testDb.db.$executeRawUnsafe(`VACUUM ANALYZE "${table}"`);
    else await testDb.db.$queryRawUnsafe("ANALYZE");
    await configureDatabase(testDb.db);
    const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
    const rssAfterSeedMb = Math.round(process.memoryUsage().rss / 1024 / 1024);

    const service = new SlaSummaryService({
      repo: new SlaSummaryRepository(testDb.db),
      trends: new SlaTrendRepository(testDb.db),
      permalink: async () => undefined,
      timeZone: "Europe/Rome",
      managerUserIds: [],
    });
    const baseline = () =>
      testDb.kind === "postgresql"
        ? testDb.db.$queryRaw<unknown[]>`SELECT floor(extract(epoch FROM "createdAt") / 604800) AS "w", COUNT(*) AS "n" FROM "Ticket" GROUP BY "w"`
        : testDb.db.$queryRaw<unknown[]>`SELECT CAST((julianday("createdAt") - 2440587.5) / 7 AS INTEGER) AS "w", COUNT(*) AS "n" FROM "Ticket" GROUP BY "w"`;

    const trendMs: number[] = [];
    const plainMs: number[] = [];
    const warmup = Math.max(3, Math.ceil(runs / 10));
    let last: Awaited<ReturnType<SlaSummaryService["trend"]>> | undefined;
    let weeks = 0;
    for (let i = 0; i < runs + warmup; i++) {
      const t0 = performance.now();
      last = await service.trend("week", NOW);
      const t1 = performance.now();
      weeks = (await baseline()).length;
      const t2 = performance.now();
      if (i >= warmup) {
        trendMs.push(t1 - t0);
        plainMs.push(t2 - t1);
      }
    }
    const t = summarise(trendMs);
    const b = summarise(plainMs);
    const rssAfterQueriesMb = Math.round(process.memoryUsage().rss / 1024 / 1024);

    // The charts for that trend, rendered as the app renders them.
    const format = localeFormat(DEFAULT_LOCALE, "Europe/Rome");
    const trend = last!;
    const specs = { trend: trendChartSpec(trend, trendText, format).spec, breaches: breachersChartSpec(trend, summaryText.periodName.week, trendText, format).spec };
    const render = async (which: keyof typeof specs) => {
      const first = performance.now();
      await renderChart(specs[which], format);
      const coldMs = Number((performance.now() - first).toFixed(1));
      const samples: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        const c0 = process.cpuUsage();
        const s0 = performance.now();
        await renderChart(specs[which], format);
        samples.push(performance.now() - s0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      const r = summarise(samples);
      // CPU time (all threads: resvg rasterises on the thread pool) does not grow with other processes' load, wall time does.
      return { firstMs: coldMs, ...r, withinTarget: r.p99 < 300, cpuMs: summarise(cpu) };
    };
    const renderMs = { trend: await render("trend"), breaches: await render("breaches") };

    return {
      part: "trend",
      tickets,
      customers,
      historyDays,
      reopenings,
      runs,
      seedSeconds,
      trendMs: t,
      groupByWeekMs: b,
      ratioP50: Number((t.p50 / b.p50).toFixed(2)),
      withinTarget: t.p50 <= 5 * b.p50,
      groupByRows: weeks,
      weeks: trend.points.map((p) => ({
        to: p.to.toISOString().slice(0, 10),
        responded: p.responded,
        onTime: p.responded ? Math.floor((p.respondedInTime * 100) / p.responded) : null,
        breaches: p.responseBreaches + p.resolutionBreaches,
        openAtEnd: p.openAtEnd,
      })),
      renderMs,
      /** peak of the whole process: seeding included */
      peakRssMb: peakRssMb(),
      rssAfterSeedMb,
      rssAfterQueriesMb,
    };
  } finally {
    await testDb.close();
    cleanup?.();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchTrend(Number(process.argv[2] ?? 20), Number(process.argv[3] ?? 1_000_000), Number(process.argv[4] ?? 2_000), Number(process.argv[5] ?? 730)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
