/**
 * `npm run bench [-- part...]`: runs each benchmark part in its own process (so peak RSS is that
 * part's own) and prints its figures. Parts: wizard, import, customers, summary (the summary on
 * 100,000 tickets, then the SLA trend on 1,000,000 in a process of its own), email, portal. Default: all.
 * A migrated template database is prepared first, as the tests do. While a part runs, what it
 * says it is doing is shown as it happens, and every 15 s how long it has run and the peak memory
 * of its process so far (a part can take minutes). `--help` prints the usage.
 *
 * On PostgreSQL: `npm run bench -- --postgres [part...]`, or BENCH_DATABASE_URL set to a server URL
 * where the bench may create databases (default with --postgres: TEST_POSTGRES_URL). Each part then
 * runs on databases of its own, copies of a migrated template; all are dropped at the end.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

/** Each part: one or more scripts with their arguments, each run in its own process. */
type Part = { scripts: () => string[][]; about: string };

const PARTS: Record<string, Part> = {
  wizard: { scripts: () => [["bench/wizard.ts", process.env.BENCH_WIZARD_RUNS ?? "1000"]], about: "latency of /customer new and the wizard's steps, end to end over HTTP" },
  import: {
    scripts: () => [["bench/import.ts"]],
    about: "rows per second of a 100,000-row CSV import against a csv-parse + better-sqlite3 baseline, and a 1,000,000-row file",
  },
  customers: {
    scripts: () => [["bench/customers.ts", process.env.BENCH_CUSTOMERS_RUNS ?? "1000"]],
    about: "/customer list and show latency with 50,000 customers and 200,000 contacts",
  },
  summary: {
    scripts: () => [
      ["bench/summary.ts", process.env.BENCH_SUMMARY_RUNS ?? "30"],
      ["bench/trend.ts", process.env.BENCH_TREND_RUNS ?? "30", process.env.BENCH_TREND_TICKETS ?? "1000000", "2000", process.env.BENCH_TREND_DAYS ?? "730"],
    ],
    about: "the SLA summary for 100,000 tickets against a plain GROUP BY, then the SLA trend and its charts over 1,000,000 tickets",
  },
  email: {
    scripts: () => [["bench/email.ts", process.env.BENCH_EMAIL_REPLIES ?? "1000", process.env.BENCH_EMAIL_OUTAGE_SECONDS ?? "10"]],
    about: "1,000 replies through the email outbox to a loopback SMTP server against nodemailer alone, then with the server stopped for 10 s (each delivered once)",
  },
  portal: {
    scripts: () => [["bench/portal.ts", process.env.BENCH_PORTAL_RUNS ?? "300", "10000"]],
    about: "the customer portal's My tickets of a primary contact with 10,000 tickets (first and last page) against the same queries' raw SQL",
  },
};

/** Every variable the parts read, with its default. */
const VARIABLES: [string, string][] = [
  ["BENCH_WIZARD_RUNS", "wizard runs measured (default 1000)"],
  ["BENCH_CUSTOMERS_RUNS", "list and show requests measured (default 1000)"],
  ["BENCH_SUMMARY_RUNS", "summaries measured per period (default 30)"],
  ["BENCH_SUMMARY_QUICK", "1: skip the summary's second half (without its indexes)"],
  ["BENCH_TREND_RUNS", "trend queries and chart renders measured (default 30)"],
  ["BENCH_TREND_TICKETS", "tickets the trend is measured over (default 1000000)"],
  ["BENCH_TREND_DAYS", "days those tickets are opened over (default 730)"],
  ["BENCH_IMPORT_ROWS", "rows of the import files (default 100000)"],
  ["BENCH_IMPORT_SCALE_ROWS", "rows of the scaling run (default 1000000; 0 skips it)"],
  ["BENCH_APP_NODE_ARGS", 'extra node flags for the app under the import bench, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"'],
  ["BENCH_EMAIL_REPLIES", "replies queued at once by the email part (default 1000)"],
  ["BENCH_EMAIL_OUTAGE_SECONDS", "how long the email part stops the SMTP server (default 10)"],
  ["BENCH_PORTAL_RUNS", "My tickets pages measured per page (default 300)"],
  ["BENCH_DATABASE_URL", "a PostgreSQL server URL where the bench may create databases: every part runs on PostgreSQL (so does --postgres, with TEST_POSTGRES_URL)"],
  ["BENCH_DIR", "set by npm run bench for the parts: the run's temporary folder"],
];

function usage(): string {
  const width = Math.max(...Object.keys(PARTS).map((p) => p.length));
  const vwidth = Math.max(...VARIABLES.map(([v]) => v.length));
  return [
    "Usage: npm run bench [-- [--postgres] part ...]      (no part: all of them, one after the other)",
    "",
    "Parts:",
    ...Object.entries(PARTS).map(([name, p]) => `  ${name.padEnd(width)}  ${p.about}`),
    "",
    "Environment:",
    ...VARIABLES.map(([v, about]) => `  ${v.padEnd(vwidth)}  ${about}`),
    "",
    "Each part prints one JSON object of figures; see README, Benchmarks.",
  ].join("\n");
}

const args = process.argv.slice(2).filter((a) => a !== "--");
const postgresServer = process.env.BENCH_DATABASE_URL || (args.includes("--postgres") ? process.env.TEST_POSTGRES_URL : undefined);
if (args.includes("--postgres") && !postgresServer) {
  console.error("--postgres needs BENCH_DATABASE_URL (or TEST_POSTGRES_URL): a PostgreSQL server URL where the bench may create databases");
  process.exit(2);
}
const wanted = args.filter((a) => a !== "--postgres");
/** Set for the parts when they run on PostgreSQL (test/support/db.ts reads them). */
const postgresEnv: Record<string, string> = {};
if (wanted.some((a) => a === "--help" || a === "-h" || a === "help")) {
  console.log(usage());
  process.exit(0);
}
const unknown = wanted.filter((p) => !PARTS[p]);
if (unknown.length) {
  console.error(`Unknown bench part${unknown.length > 1 ? "s" : ""}: ${unknown.map((p) => `"${p}"`).join(", ")}. Known: ${Object.keys(PARTS).join(", ")}.\n\n${usage()}`);
  process.exit(2);
}
const parts = wanted.length ? wanted : Object.keys(PARTS);

const HEARTBEAT_MS = 15_000;
const elapsed = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

/** The child's peak resident memory so far (Linux), in MB. */
function peakMb(pid: number | undefined): string {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? `, peak ${Math.round(Number(kb) / 1024)} MB` : "";
  } catch {
    return "";
  }
}

/** Runs one script of a part; its stderr lines are shown as they come, its stdout's JSON is pretty-printed. */
function runScript(part: string, script: string, args: string[], dir: string): Promise<void> {
  const started = Date.now();
  // tsx as a loader of this node process (not its CLI, which would run the script in a
  // grandchild), so that the memory read from /proc is the script's own.
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, TEST_TMP_DIR: dir, BENCH_DIR: dir, ...postgresEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let last = Date.now();
  const heartbeat = setInterval(() => {
    if (Date.now() - last < HEARTBEAT_MS) return;
    last = Date.now();
    console.error(`  … ${part} still running: ${elapsed(Date.now() - started)}${peakMb(child.pid)}`);
  }, 1000);
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    last = Date.now();
    console.error(`  [${elapsed(Date.now() - started)}] ${line}`);
  });
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    last = Date.now();
    try {
      console.log(JSON.stringify(JSON.parse(line), null, 2));
    } catch {
      console.log(line);
    }
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearInterval(heartbeat);
      if (code === 0) {
        console.error(`  ${part} (${script}) done in ${elapsed(Date.now() - started)}`);
        resolve();
      } else reject(new Error(`bench part ${part} (${script}) failed (${signal ?? `exit code ${code}`}); its output is above`));
    });
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-bench-"));
  const deploy = (url: string) => execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  let template: { name: string; url: string; drop(): Promise<void> } | undefined;
  try {
    console.error("Preparing a migrated template database …");
    deploy(`file:${path.join(dir, "template.db")}`);
    if (postgresServer) {
      process.env.TEST_POSTGRES_URL = postgresServer;
      const { createPostgresDatabase } = await import("../test/support/db.js");
      template = await createPostgresDatabase();
      deploy(template.url);
      Object.assign(postgresEnv, { TEST_DATABASE: "postgres", TEST_POSTGRES_URL: postgresServer, TEST_POSTGRES_TEMPLATE: template.name });
      console.error(`  on PostgreSQL: ${template.name} and its copies`);
    }
    for (const part of parts) {
      console.error(`  ${part}: ${PARTS[part]?.about}`);
      for (const [script, ...args] of PARTS[part]?.scripts() ?? []) {
        console.log(`\n== ${part} (${script}) ==`);
        await runScript(part, script ?? "", args, dir);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (template) {
      const { copiesOf, dropPostgresDatabase } = await import("../test/support/db.js");
      for (const copy of await copiesOf(template.name)) await dropPostgresDatabase(copy);
      await template.drop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
