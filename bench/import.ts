/**
 * Import throughput, end to end: from the `file_shared` event to the final report in the fake
 * Slack, through the preview and the Import click, with the app in its own process (so its peak
 * RSS is its own, read from /proc/<pid>/status VmHWM). In the same run, the baseline:
 * csv-parse + better-sqlite3 prepared upserts of the same file in 5,000-row transactions; and the
 * schema floor: the same method writing the app's own tables (bench/import-baseline.ts,
 * runSchemaFloor), what any import into this schema costs before validating or previewing a row.
 *
 * On PostgreSQL (npm run bench -- --postgres import): the app on a PostgreSQL database of its own,
 * against two references measured in the same run (bench/import-baseline-postgres.ts): csv-parse
 * into 5,000-row INSERT ... SELECT FROM unnest(...) ON CONFLICT transactions, and COPY of the file;
 * and the schema floor, the unnest method writing the app's own tables (runSchemaFloor there). No
 * 1,000,000-row run unless BENCH_IMPORT_SCALE_ROWS asks for it.
 *
 * Run: npm run bench -- import   (BENCH_IMPORT_ROWS, BENCH_IMPORT_SCALE_ROWS to change sizes;
 * BENCH_IMPORT_SCALE_ROWS=0 skips the scaling run; BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
 * passes node flags to the app process, e.g. to profile it)
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { BOT_TOKEN, SIGNING_SECRET, ADMIN, CHANNEL } from "../test/support/app-harness.js";
import { startFakeSlack, type FakeSlack } from "../test/support/fake-slack/index.js";
import { SlackDriver } from "../test/support/slack-driver.js";
import { generateContactsCsv, generateCustomersCsv } from "./generate-csv.js";
import { progress } from "./progress.js";
import { createDb } from "../src/db/client.js";
import { slaCreateData } from "../src/repositories/slas.js";
import { defaultSla } from "../src/domain/sla.js";
import { nameKey } from "../src/domain/text.js";
import { ensureDefaults } from "../src/db/defaults.js";
import { createPostgresDatabase } from "../test/support/db.js";

const postgres = process.env.TEST_DATABASE === "postgres";

/** A migrated database with the SLA and alert profile names the generated files use; its URL. */
async function prepareDb(dbFile: string): Promise<string> {
  let url = `file:${dbFile}`;
  if (postgres) url = (await createPostgresDatabase(process.env.TEST_POSTGRES_TEMPLATE)).url;
  else fs.copyFileSync(path.join(dir, "template.db"), dbFile);
  const db = createDb(url);
  await ensureDefaults(db, "UTC"); // as the app does at start-up: the default SLA and alert profile
  await db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: "Premium" }) });
  for (const name of ["Default", "Servers"]) await db.alertThresholdProfile.create({ data: { name, nameKey: nameKey(name) } });
  await db.$disconnect();
  return url;
}

const root = path.resolve(".");
const dir = process.env.BENCH_DIR ?? fs.mkdtempSync("/tmp/bench-import-");
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const SCALE_ROWS = Number(process.env.BENCH_IMPORT_SCALE_ROWS ?? (postgres ? 0 : 1_000_000));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Peak resident set of another process (VmHWM), or its current one (VmRSS), in MB. */
function peakRssOf(pid: number, field: "VmHWM" | "VmRSS" = "VmHWM"): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

type Measured = { rowsPerSecond: number; seconds: number; peakRssMb: number };

async function baseline(csv: string, mode: "unnest" | "copy" = "unnest"): Promise<Measured> {
  if (!postgres) {
    const out = execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/import-baseline.ts", "baseline", csv, path.join(dir, "baseline.db")]);
    return JSON.parse(out.toString().trim().split("\n").at(-1) ?? "{}");
  }
  const database = await createPostgresDatabase();
  try {
    const out = execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/import-baseline-postgres.ts", mode, csv, database.url]);
    return JSON.parse(out.toString().trim().split("\n").at(-1) ?? "{}");
  } finally {
    await database.drop();
  }
}

/** The baseline's method on the app's tables (see runSchemaFloor): customers, then their contacts. */
async function schemaFloor(customersCsv: string, contactsCsv: string): Promise<{ customers: Measured; contacts: Measured } | undefined> {
  if (postgres) {
    const url = await prepareDb(path.join(dir, "floor.db")); // a database of its own, dropped with the bench's others
    const out = execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/import-baseline-postgres.ts", "floor", customersCsv, contactsCsv, url]);
    return JSON.parse(out.toString().trim().split("\n").at(-1) ?? "{}");
  }
  const dbFile = path.join(dir, "floor.db");
  await prepareDb(dbFile);
  const out = execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/import-baseline.ts", "floor", customersCsv, contactsCsv, dbFile]);
  return JSON.parse(out.toString().trim().split("\n").at(-1) ?? "{}");
}

/** The app's figures for one file against the baseline and the schema floor measured in the same run. */
function compared(rows: number, run: { totalSeconds: number }, base: Measured, floor: Measured | undefined) {
  const rowsPerSecond = rows / run.totalSeconds;
  return {
    rowsPerSecond: Math.round(rowsPerSecond),
    baselineRowsPerSecond: base.rowsPerSecond,
    ratioToBaseline: Number((rowsPerSecond / base.rowsPerSecond).toFixed(2)),
    ...(floor
      ? {
          schemaFloorRowsPerSecond: floor.rowsPerSecond,
          schemaFloorRatioToBaseline: Number((floor.rowsPerSecond / base.rowsPerSecond).toFixed(2)),
          ratioToSchemaFloor: Number((rowsPerSecond / floor.rowsPerSecond).toFixed(2)),
        }
      : {}),
  };
}

async function startApp(slack: FakeSlack, databaseUrl: string): Promise<{ child: ChildProcess; driver: SlackDriver; stop(): Promise<void> }> {
  const port = await freePort();
  // The built app, as `npm start` runs it (built once at the start of this bench part), with the
  // node flags of the start script, plus BENCH_APP_NODE_ARGS.
  const nodeArgs = [...startScriptNodeFlags(), ...(process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "dist/src/index.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_API_RETRIES: "0",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      IMPORT_MAX_BYTES: String(1024 ** 3),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, slack, ackTimeoutMs: 10_000 });
  return {
    child,
    driver,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** Upload → preview → Import → final report, timed. */
async function importThroughSlack(slack: FakeSlack, driver: SlackDriver, csv: string, name: string) {
  const content = fs.readFileSync(csv);
  const before = new Set(slack.messages(CHANNEL).map((m) => m.ts));
  const t0 = performance.now();
  await driver.shareFile({ name, content, user: ADMIN, channel: CHANNEL, mimetype: "text/csv", filetype: "csv" });
  let preview;
  for (;;) {
    preview = slack.messages(CHANNEL).find((m) => !before.has(m.ts) && JSON.stringify(m.blocks ?? []).includes("import_confirm"));
    if (preview) break;
    const failed = slack.messages(CHANNEL).find((m) => !before.has(m.ts) && /can't import|Only Customer Book/.test(m.text ?? ""));
    if (failed) throw new Error(`preview failed: ${failed.text}`);
    if (performance.now() - t0 > 600_000) throw new Error(`no preview after 120 s:\n${JSON.stringify(slack.messages(CHANNEL)).slice(0, 3000)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const t1 = performance.now();
  const jobId = /"value":"([0-9a-f-]{36})"/.exec(JSON.stringify(preview.blocks))?.[1] ?? "";
  await driver.clickMessageButton(CHANNEL, preview.ts, "import_confirm", { userId: ADMIN, value: jobId });
  for (;;) {
    const text = JSON.stringify(slack.message(CHANNEL, preview.ts));
    if (text.includes("Import finished")) break;
    if (text.includes("Import stopped")) throw new Error(`import stopped: ${text}`);
    if (performance.now() - t1 > 600_000) throw new Error(`no final report after 600 s:\n${slack.describeCalls()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const t2 = performance.now();
  const final = JSON.stringify(slack.message(CHANNEL, preview.ts)?.blocks);
  const counts = /\*(\d[\d,]*)\* created · \*(\d[\d,]*)\* updated · \*(\d[\d,]*)\* unchanged · \*(\d[\d,]*)\* failed/.exec(final);
  return {
    previewSeconds: Number(((t1 - t0) / 1000).toFixed(2)),
    importSeconds: Number(((t2 - t1) / 1000).toFixed(2)),
    totalSeconds: Number(((t2 - t0) / 1000).toFixed(2)),
    report: counts ? { created: counts[1], updated: counts[2], unchanged: counts[3], failed: counts[4] } : final,
    chatUpdates: slack.callsTo("chat.update").length,
  };
}

async function main() {
  progress("building the app (as npm start does) …");
  execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  progress(`writing the CSV files: ${ROWS.toLocaleString("en-US")} customers, ${ROWS.toLocaleString("en-US")} contacts${SCALE_ROWS > 0 ? `, ${SCALE_ROWS.toLocaleString("en-US")} customers` : ""} …`);
  const customersCsv = path.join(dir, "customers.csv");
  const contactsCsv = path.join(dir, "contacts.csv");
  const bigCsv = path.join(dir, "customers-big.csv");

  await generateCustomersCsv(customersCsv, ROWS);
  await generateContactsCsv(contactsCsv, ROWS, ROWS);
  if (SCALE_ROWS > 0) await generateCustomersCsv(bigCsv, SCALE_ROWS);

  const slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: true });
  slack.addUser({ id: ADMIN, name: "ada", isAdmin: true });
  const results: Record<string, unknown> = {};
  try {
    // 1. customers, then contacts of those customers, into one database
    let app = await startApp(slack, await prepareDb(path.join(dir, "app.db")));
    results.appStartRssMb = peakRssOf(app.child.pid ?? 0, "VmRSS");

    progress("importing the customers file through Slack …");
    const customers = await importThroughSlack(slack, app.driver, customersCsv, "customers.csv");
    progress(`customers: ${customers.totalSeconds} s; importing the contacts file …`);
    const contacts = await importThroughSlack(slack, app.driver, contactsCsv, "contacts.csv");
    progress(`contacts: ${contacts.totalSeconds} s; importing the customers file again …`);
    const again = await importThroughSlack(slack, app.driver, customersCsv, "customers-again.csv");
    const appPeak = peakRssOf(app.child.pid ?? 0);
    await app.stop();
    progress(postgres ? "the pg baselines (unnest, COPY) …" : "the csv-parse + better-sqlite3 baseline and the schema floor …");
    const baseCustomers = await baseline(customersCsv);
    const baseContacts = await baseline(contactsCsv);
    const floor = await schemaFloor(customersCsv, contactsCsv);
    results.database = postgres ? "postgresql" : "sqlite";
    results.customers = { rows: ROWS, ...customers, ...compared(ROWS, customers, baseCustomers, floor?.customers) };
    results.contacts = { rows: ROWS, ...contacts, ...compared(ROWS, contacts, baseContacts, floor?.contacts) };
    if (postgres) {
      const [copyCustomers, copyContacts] = [await baseline(customersCsv, "copy"), await baseline(contactsCsv, "copy")];
      results.copyReference = {
        customersRowsPerSecond: copyCustomers.rowsPerSecond,
        contactsRowsPerSecond: copyContacts.rowsPerSecond,
        appRatioToCopy: { customers: Number((ROWS / customers.totalSeconds / copyCustomers.rowsPerSecond).toFixed(2)), contacts: Number((ROWS / contacts.totalSeconds / copyContacts.rowsPerSecond).toFixed(2)) },
        peakRssMb: Math.max(copyCustomers.peakRssMb, copyContacts.peakRssMb),
      };
    }
    results.reimportCustomers = { rows: ROWS, ...again };
    results.appPeakRssMb = appPeak;
    results.baselinePeakRssMb = Math.max(baseCustomers.peakRssMb, baseContacts.peakRssMb);
    if (floor) results.schemaFloorPeakRssMb = floor.contacts.peakRssMb;

    // 2. scaling: SCALE_ROWS customers into a fresh database, against ROWS into a fresh database
    if (SCALE_ROWS > 0) {
      app = await startApp(slack, await prepareDb(path.join(dir, "scale.db")));
      progress(`the scaling run: ${SCALE_ROWS.toLocaleString("en-US")} customers …`);
      const big = await importThroughSlack(slack, app.driver, bigCsv, "customers-big.csv");
      const bigPeak = peakRssOf(app.child.pid ?? 0);
      await app.stop();
      results.scale = {
        rows: SCALE_ROWS,
        ...big,
        rowsPerSecond: Math.round(SCALE_ROWS / big.totalSeconds),
        timeRatioTo100k: Number((big.totalSeconds / customers.totalSeconds).toFixed(2)),
        appPeakRssMb: bigPeak,
      };
    }
  } finally {
    await slack.close();
  }
  console.log(JSON.stringify({ part: "import", ...results }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/** The node flags of package.json's start script ("exec node --max-old-space-size=384 dist/src/index.js"). */
function startScriptNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? "").split(/\s+/);
  if (words[0] === "exec") words.shift(); // "exec node …": the shell hands over to node
  return words[0] === "node" ? words.slice(1).filter((w) => w.startsWith("--")) : [];
}
