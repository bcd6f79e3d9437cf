/**
 * Migrations at start-up with several instances on one database (on SQLite and on PostgreSQL):
 * two instances starting at once on a new database both start and apply each migration once; an
 * instance older than the database's schema refuses to start with one line saying what to do.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.js";
import { listMigrations } from "../../src/db/migrations.js";
import { StartupError } from "../../src/startup-error.js";
import { startTestApp, BOT_TOKEN, SIGNING_SECRET, type TestApp } from "../support/app-harness.js";
import { clockEnv } from "../support/child-env.js";
import { createEmptyTestDb, createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";

const root = path.resolve(".");
const migrationsFolder = onPostgres ? path.join(root, "prisma", "postgresql", "migrations") : path.join(root, "prisma", "migrations");
const NEWER = "29991231000000_from_a_newer_version";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A second handle on the same database, for a second instance: closing it leaves the database. */
function secondHandle(testDb: TestDb): TestDb {
  const db = createDb(testDb.url);
  return { db, kind: testDb.kind, url: testDb.url, get file() { return testDb.file; }, close: () => db.$disconnect() };
}

async function appliedCounts(testDb: TestDb): Promise<Record<string, number>> {
  const rows = await testDb.db.$queryRawUnsafe<{ migration_name: string; n: number | bigint }[]>(
    `SELECT migration_name, COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL GROUP BY migration_name`,
  );
  return Object.fromEntries(rows.map((r) => [r.migration_name, Number(r.n)]));
}

describe("two instances starting at once on a new database", () => {
  it("both start, and each migration is applied exactly once, by one of them", async () => {
    const empty = await createEmptyTestDb();
    const slack: FakeSlack = await startFakeSlack({ botToken: BOT_TOKEN, enforceRateLimits: false, logRejections: false });
    cleanup.push(() => empty.close(), () => slack.close());
    const started = await Promise.allSettled([startTestApp({ testDb: empty, slack }), startTestApp({ testDb: secondHandle(empty), slack })]);
    for (const s of started) if (s.status === "fulfilled") cleanup.push(() => s.value.close());
    const apps = started.map((s) => {
      if (s.status === "rejected") throw s.reason;
      return s.value;
    }) as [TestApp, TestApp];
    for (const app of apps) expect((await fetch(`http://127.0.0.1:${app.port}/health`)).status).toBe(200);
    const expected = Object.fromEntries(listMigrations(migrationsFolder).map((m) => [m, 1]));
    expect(await appliedCounts(empty)).toEqual(expected);
    const said = apps.map((a) => a.logs.filter((l) => l.includes("database migration(s)")).length);
    expect(said.sort()).toEqual([0, 1]);
  }, 120_000);
});

describe("an instance older than the database's schema", () => {
  async function newerDatabase(): Promise<TestDb> {
    const testDb = await createTestDb();
    cleanup.push(() => testDb.close());
    await testDb.db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('newer-1', 'x', CURRENT_TIMESTAMP, '${NEWER}', CURRENT_TIMESTAMP, 1)`,
    );
    return testDb;
  }

  it("refuses to start, naming the unknown migration and saying to upgrade this instance", async () => {
    const testDb = await newerDatabase();
    const error = await startTestApp({ testDb }).then(
      (app) => {
        cleanup.push(() => app.close());
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toMatch(
      new RegExp(`^This Customer Book \\(version \\d+\\.\\d+\\.\\d+\\) is older than its database \\(DATABASE_URL\\): the database has 1 migration\\(s\\) this version does not know \\(${NEWER}\\), applied by a newer version\\. Upgrade this instance`),
    );
  });

  it("the real entry point prints that one line and exits with code 1", async () => {
    const testDb = await newerDatabase();
    const tsxLoader = pathToFileURL(path.join(root, "node_modules/tsx/dist/loader.mjs")).href;
    const child = spawn(process.execPath, ["--import", tsxLoader, path.join(root, "src/index.ts")], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        ...clockEnv(),
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: "http://127.0.0.1:9/api/",
        PORT: "0",
        DATABASE_URL: testDb.url,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`does not know (${NEWER})`);
    expect(lines[0]).toContain("Upgrade this instance");
  }, 60_000);
});
