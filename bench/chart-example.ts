/**
 * Writes the example charts shown in README (docs/sla-trend.png, docs/sla-breaches.png): a book of
 * 30,000 tickets over 120 days across 40 customers (bench/summary.ts's mix), seeded in a fresh
 * migrated database, then the week's trend and breaches charts exactly as the app computes and draws
 * them. Deterministic: the same seed gives the same charts.
 * Run: npx tsx bench/chart-example.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createTestDb } from "../test/support/db.js";
import { seedTicketCustomers, seedTicketsFast } from "../test/support/ticket-seed.js";
import { SlaSummaryRepository } from "../src/repositories/sla-summary.js";
import { SlaTrendRepository } from "../src/repositories/sla-trend.js";
import { SlaSummaryService } from "../src/services/summary/service.js";
import { summaryCharts } from "../src/charts/sla-charts.js";
import { en } from "../src/i18n/en.js";
import { localeFormat } from "../src/i18n/format.js";
import { LANGUAGE_TAG } from "../src/i18n/locale.js";

const trendText = en.trend;
const summaryText = en.slaSummary;
const DEFAULT_LOCALE = LANGUAGE_TAG.en;
import { NOW, rng, ticketBook } from "./summary.js";

const FIRST = ["Acme", "Beta", "Bright", "Castello", "Delta", "Evergreen", "Fiore", "Granite", "Harbor", "Lago"];
const SECOND = ["Dental", "Labs", "Legal", "Logistics"];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-chart-example-"));
  try {
    execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
      stdio: "pipe",
    });
    process.env.TEST_TMP_DIR = dir;
    const testDb = await createTestDb("sqlite");
    try {
      const names = FIRST.flatMap((a) => SECOND.map((b) => `${a} ${b}`));
      const ids = (await seedTicketCustomers(testDb.db, names)).map((c) => c.id);
      await seedTicketsFast(testDb, ticketBook(30_000, ids, rng(3), 120));
      const service = new SlaSummaryService({
        repo: new SlaSummaryRepository(testDb.db),
        trends: new SlaTrendRepository(testDb.db),
        permalink: async () => undefined,
        timeZone: "Europe/Rome",
        managerUserIds: [],
      });
      const trend = await service.trend("week", NOW);
      const files = await summaryCharts(trend, summaryText.periodName.week, trendText, localeFormat(DEFAULT_LOCALE, "Europe/Rome"));
      const out = ["docs/sla-trend.png", "docs/sla-breaches.png"];
      files.forEach((f, i) => {
        fs.writeFileSync(out[i]!, f.png);
        console.log(`${out[i]}: ${f.width}x${f.height}, alt text: ${f.altText}`);
      });
    } finally {
      await testDb.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
