/**
 * `npm run bench [-- part...]`: runs each benchmark part in its own process (so peak RSS is that
 * part's own) and prints its figures. Parts: wizard, import, customers, summary (the summary on
 * 100,000 tickets, then the SLA trend on 1,000,000 in a process of its own). Default: all.
 * A migrated template database is prepared first, as the tests do.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Each part: one or more scripts with their arguments, each run in its own process. */
const PARTS: Record<string, string[][]> = {
  wizard: [["bench/wizard.ts", process.env.BENCH_WIZARD_RUNS ?? "1000"]],
  import: [["bench/import.ts"]],
  customers: [["bench/customers.ts", process.env.BENCH_CUSTOMERS_RUNS ?? "1000"]],
  summary: [
    ["bench/summary.ts", process.env.BENCH_SUMMARY_RUNS ?? "30"],
    ["bench/trend.ts", process.env.BENCH_TREND_RUNS ?? "30", process.env.BENCH_TREND_TICKETS ?? "1000000", "2000", process.env.BENCH_TREND_DAYS ?? "730"],
  ],
};

const wanted = process.argv.slice(2).filter((a) => a !== "--");
const parts = wanted.length ? wanted : Object.keys(PARTS);
for (const p of parts) if (!PARTS[p]) throw new Error(`Unknown bench part "${p}"; known: ${Object.keys(PARTS).join(", ")}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-bench-"));
const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
try {
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  for (const part of parts) {
    for (const [script, ...args] of PARTS[part] ?? []) {
      console.log(`\n== ${part} (${script}) ==`);
      const out = execFileSync(process.execPath, [tsx, script ?? "", ...args], {
        env: { ...process.env, TEST_TMP_DIR: dir, BENCH_DIR: dir },
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 64 * 1024 * 1024,
      }).toString();
      for (const line of out.trim().split("\n")) {
        try {
          console.log(JSON.stringify(JSON.parse(line), null, 2));
        } catch {
          console.log(line);
        }
      }
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
