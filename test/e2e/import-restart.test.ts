/**
 * An import cut off by the death of the process, and the start after it. The app runs its real
 * entry point (src/index.ts) in a child process (`node --import tsx src/index.ts`), imports a 60,000-row file and is killed with
 * SIGKILL between two batches; then the app is started again, in this process, on the same
 * database file and the same fake Slack.
 *
 * Killing "between two batches" is made deterministic by holding a lock from this test once the
 * first batch is committed: the child's next batch then waits for it, and is killed while waiting.
 * SQLite: its write lock (BEGIN IMMEDIATE). PostgreSQL: a SHARE lock on Customer, which the
 * importer's batch lock (SHARE ROW EXCLUSIVE) waits for. (A batch killed half-way is rolled back by
 * the database itself, which is not what this test is about.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { buildApplication, type Application } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { ADMIN, BOT_TOKEN, SIGNING_SECRET, TECH, memoryLogger } from "../support/app-harness.js";
import {
  buttonsOf,
  generatedCustomersCsv,
  messageText,
  pressImport,
  resultCounts,
  tableCounts,
  upload,
  verdict,
  type AppUnderTest,
  waitFor,
} from "../support/csv-fixtures.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";
import { SlackDriver } from "../support/slack-driver.js";
import { clockEnv } from "../support/child-env.js";

const root = path.resolve(".");
// tsx's loader in the app's own process: tsx's CLI would run the app in a grandchild that SIGKILL does not reach.
const tsxLoader = pathToFileURL(path.join(root, "node_modules/tsx/dist/loader.mjs")).href;
const entry = path.join(root, "src/index.ts");
const TOTAL = 60_000;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function appEnv(slack: FakeSlack, testDb: TestDb, port: number): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_API_RETRIES: "0",
    DATABASE_URL: testDb.url,
    PORT: String(port),
    LOG_LEVEL: "error",
    // The dead instance's job is recovered once its heartbeat is this old (checked every second).
    IMPORT_JOB_LEASE_SECONDS: "2",
  };
}

/** The real entry point in a child process; resolves once /health answers 200. */
async function startChildApp(env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, ["--import", tsxLoader, entry], { cwd, env: { PATH: process.env.PATH ?? "", TMPDIR: os.tmpdir(), ...clockEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
  let status = 0;
  for (let i = 0; i < 300 && status !== 200 && child.exitCode === null; i++) {
    status = await fetch(`http://127.0.0.1:${env.PORT}/health`).then((r) => r.status, () => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  if (status !== 200) throw new Error(`the app did not start:\n${output}`);
  return { child, exited, output: () => output };
}

/** Like startTestApp, on an existing fake Slack and database file (the app after a restart). */
async function restartInProcess(slack: FakeSlack, testDb: TestDb): Promise<{ application: Application; driver: SlackDriver; logs: string[] }> {
  const logs: string[] = [];
  const config = loadConfig(appEnv(slack, testDb, 0));
  const application = await buildApplication(config, { db: testDb.db, logger: memoryLogger(logs) });
  const port = (await application.start(0)) ?? 0;
  return { application, driver: new SlackDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, slack }), logs };
}

/** A second connection that reads the job's progress and can hold the lock the importer's next batch waits for. */
async function lockHolder(testDb: TestDb) {
  if (testDb.kind === "sqlite") {
    const lock = new Database(testDb.file, { timeout: 15_000 });
    const progress = lock.prepare(`SELECT status, processedRows FROM ImportJob WHERE id = ?`);
    return {
      progress: async (jobId: string) => progress.get(jobId) as { status: string; processedRows: number },
      take: async () => void lock.exec("BEGIN IMMEDIATE"),
      release: async () => void lock.exec("ROLLBACK"),
      close: async () => void (lock.open && lock.close()),
    };
  }
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  let open = true;
  return {
    progress: async (jobId: string) =>
      (await client.query<{ status: string; processedRows: number }>(`SELECT "status", "processedRows" FROM "ImportJob" WHERE "id" = $1`, [jobId])).rows[0] as { status: string; processedRows: number },
    take: async () => void (await client.query(`BEGIN; LOCK TABLE "Customer" IN SHARE MODE`)),
    release: async () => void (await client.query("ROLLBACK")),
    close: async () => {
      if (open) await client.end();
      open = false;
    },
  };
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe("an import cut off by the death of the process", () => {
  it("is reported as stopped with the committed counts after a restart, and Import again finishes it without duplicates", async () => {
    const slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
    cleanup.push(() => slack.close());
    slack.addUser({ id: ADMIN, name: "ada", isAdmin: true });
    slack.addUser({ id: TECH, name: "tom" });
    const testDb = await createTestDb();
    cleanup.push(() => testDb.close());
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-import-"));
    cleanup.push(() => fs.rmSync(cwd, { recursive: true, force: true }));

    // 1. The app in a child process previews the file and starts importing it.
    const port = await freePort();
    const first = await startChildApp(appEnv(slack, testDb, port), cwd);
    let child: ChildProcess | undefined = first.child;
    cleanup.push(() => void child?.kill("SIGKILL"));
    const before: AppUnderTest = {
      slack,
      db: testDb.db,
      driver: new SlackDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, slack }),
    };
    const u = await upload(before, { name: "big.csv", content: generatedCustomersCsv(TOTAL) });
    const preview = await verdict(before, u, 30_000);
    expect(preview.job.totalRows, preview.text).toBe(TOTAL);
    const click = await before.driver.clickMessageButton(u.channel, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id });
    expect(click.status).toBe(200);

    // 2. Once a batch is committed, hold the write lock so the next batch waits, and kill the process.
    const lock = await lockHolder(testDb);
    cleanup.push(() => lock.close());
    // Polled every millisecond (not the 20 ms of waitFor), so the lock is taken right after the
    // first batch however fast the import runs; asynchronously, because this process is also the
    // fake Slack the app is talking to.
    const deadline = Date.now() + 30_000;
    while ((await lock.progress(preview.job.id)).processedRows === 0) {
      if (Date.now() > deadline) throw new Error("Timed out waiting for a committed batch");
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await lock.take();
    const atKill = await lock.progress(preview.job.id);
    child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    child = undefined;
    await lock.release();
    await lock.close();
    expect(atKill.status).toBe("running");
    expect(atKill.processedRows).toBeGreaterThan(0);
    expect(atKill.processedRows).toBeLessThan(TOTAL);
    expect(atKill.processedRows % 5_000).toBe(0); // whole batches only
    const committed = await tableCounts(before);
    expect(committed.customers).toBe(atKill.processedRows);

    // 3. Once the dead instance's heartbeat is older than the lease, the next start marks the job
    // stopped, with exactly what is in the database, and offers Import again.
    const after = await restartInProcess(slack, testDb);
    cleanup.push(() => after.application.stop());
    const stopped = await waitFor(async () => {
      const job = await testDb.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } });
      return job.status === "failed" ? job : undefined;
    }, "the job recovered");
    expect(stopped).toMatchObject({ status: "failed", processedRows: committed.customers, created: committed.customers, updated: 0, unchanged: 0, failed: 0 });
    // The report goes through the delivery queue: start-up does not wait for Slack.
    const report = await waitFor(() => {
      const m = slack.message(u.channel, preview.message.ts);
      return messageText(m).includes("Import stopped") ? m : undefined;
    }, "the stopped report");
    const reportText = messageText(report);
    expect(reportText).toContain("Import stopped: big.csv");
    expect(reportText).toContain("The app stopped while this import was running");
    expect(resultCounts(reportText)).toEqual({ created: committed.customers, updated: 0, unchanged: 0, failed: 0 });
    expect(buttonsOf(report)).toEqual(["import_confirm"]);

    // Someone who is not an admin cannot press it.
    await after.driver.clickMessageButton(u.channel, preview.message.ts, "import_confirm", { userId: TECH, value: preview.job.id });
    await waitFor(() => slack.ephemerals(TECH).length > 0, "the refusal");
    expect((await testDb.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).status).toBe("failed");

    // 4. Import again completes the file: the rows saved before the crash come out unchanged.
    const app: AppUnderTest = { slack, db: testDb.db, driver: after.driver };
    const done = await pressImport(app, { ...u, ...preview, message: report ?? preview.message }, ADMIN, 30_000);
    expect(done.text).toContain("Import finished: big.csv");
    expect(resultCounts(done.text)).toEqual({ created: TOTAL - committed.customers, updated: 0, unchanged: committed.customers, failed: 0 });
    expect(done.job).toMatchObject({ status: "completed", processedRows: TOTAL, created: TOTAL - committed.customers, unchanged: committed.customers });
    expect(await tableCounts(app)).toEqual({ customers: TOTAL, domains: TOTAL, contacts: 0 });
    const [{ names }] = await testDb.db.$queryRawUnsafe<[{ names: bigint | number }]>(`SELECT COUNT(DISTINCT "nameKey") AS "names" FROM "Customer"`);
    expect(Number(names)).toBe(TOTAL);
    expect(after.logs.filter((l) => l.startsWith("error"))).toEqual([]);
  }, 60_000);
});
