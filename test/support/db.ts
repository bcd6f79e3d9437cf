/**
 * A fresh, migrated database for one test: a copy of the run's migrated template (see
 * global-setup.ts). SQLite: a copy of the template file. PostgreSQL (the `postgres` test project,
 * TEST_DATABASE=postgres): `CREATE DATABASE … TEMPLATE` the migrated template database on the
 * server TEST_POSTGRES_URL names, dropped again by close().
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { createImportStore, type ImportStore } from "../../src/repositories/backend.js";
import type { DatabaseKind } from "../../src/db/url.js";

/** What global-setup.ts provides to a test run, or (benchmarks, outside vitest) the environment's TEST_* variable. */
function provided(key: "testTmpDir" | "postgresTemplate", variable: string): string {
  const fromEnv = process.env[variable];
  if (fromEnv) return fromEnv;
  let value: string | undefined;
  try {
    value = inject(key);
  } catch {
    value = undefined; // not in a vitest worker
  }
  if (!value) throw new Error(`${variable} is not set: run the tests with vitest (test/support/global-setup.ts)`);
  return value;
}

const tmpDir = () => provided("testTmpDir", "TEST_TMP_DIR");

/** The database the tests of this run use: SQLite unless the postgres project runs them. */
export const TEST_DATABASE: DatabaseKind = process.env.TEST_DATABASE === "postgres" ? "postgresql" : "sqlite";
export const onPostgres = TEST_DATABASE === "postgresql";
export const onSqlite = !onPostgres;

export type TestDb = {
  db: Db;
  kind: DatabaseKind;
  url: string;
  /** SQLite only: the database file (tests of SQLite's own behaviour open it directly). */
  file: string;
  close(): Promise<void>;
};

/** The server's URL with another database name. */
export function postgresUrl(database: string): string {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error("TEST_POSTGRES_URL is not set (e.g. postgresql://app:app@localhost:5432/postgres)");
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl(new URL(process.env.TEST_POSTGRES_URL ?? "").pathname.slice(1) || "postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new empty (unmigrated) PostgreSQL database, or a copy of `template` (named after it, so the
 * run's teardown finds every copy a crashed test left); its URL and a drop function.
 */
export async function createPostgresDatabase(template?: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const random = randomUUID().replace(/-/g, "");
  const name = template ? `${template}_${random.slice(0, 12)}` : `cb_test_${random.slice(0, 20)}`;
  // PostgreSQL 15's default strategy (WAL_LOG) copies the small template in ~0.2 s here; FILE_COPY
  // forces a checkpoint each time and took up to 1.2 s.
  await onServer((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template ?? "template0"}"`));
  return { name, url: postgresUrl(name), drop: () => dropPostgresDatabase(name) };
}

/**
 * Drops a test database and whatever still connects to it. An autovacuum worker cannot be ended by
 * a role that is not a superuser ("must be a member of the role whose process is being terminated"):
 * it finishes within moments, so the drop is tried again.
 */
export async function dropPostgresDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      return;
    } catch (e) {
      if (attempt >= 50 || !(e instanceof pg.DatabaseError) || !["42501", "55006"].includes(e.code ?? "")) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The copies of a template that are still there (tests that did not close theirs). */
export async function copiesOf(template: string): Promise<string[]> {
  return onServer(async (c) => (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}\\_%`])).rows.map((r) => r.datname));
}

/** A test database of the run's kind (TEST_DATABASE), or of the kind asked for. */
export async function createTestDb(kind: DatabaseKind = TEST_DATABASE): Promise<TestDb> {
  if (kind === "postgresql") {
    const template = provided("postgresTemplate", "TEST_POSTGRES_TEMPLATE");
    const database = await createPostgresDatabase(template);
    const db = createDb(database.url);
    const testDb = {
      db,
      kind: "postgresql" as const,
      url: database.url,
      async close() {
        // Prisma's pg pool ends only when every connection is back: work the app left running
        // when a test stopped it (a ticket message being posted, whose next query no longer
        // runs) holds one forever. The drop then ends that connection. (The app's drain waits for
        // such work, but only as long as stop() is told: app-harness.ts gives it 2 s.)
        await Promise.race([db.$disconnect(), new Promise((r) => setTimeout(r, 3_000).unref())]);
        await database.drop();
      },
    };
    // Not enumerable, so that a copy of the TestDb ({ ...testDb, close }) does not read it.
    Object.defineProperty(testDb, "file", {
      enumerable: false,
      get(): string {
        throw new Error("This test opens the SQLite file directly: it runs on SQLite only");
      },
    });
    return testDb as TestDb;
  }
  const file = path.join(tmpDir(), `${randomUUID()}.db`);
  fs.copyFileSync(path.join(tmpDir(), "template.db"), file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    kind: "sqlite",
    url,
    file,
    async close() {
      await db.$disconnect();
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    },
  };
}

/** The importer's bulk writer for a test database, as the app would choose it. */
export function testImportStore(t: TestDb): ImportStore {
  return createImportStore(t.url);
}

/**
 * A new, empty database of the run's kind, with no migration applied (what a first start finds):
 * a SQLite file that does not exist yet, or an empty PostgreSQL database.
 */
export async function createEmptyTestDb(kind: DatabaseKind = TEST_DATABASE): Promise<TestDb> {
  if (kind === "postgresql") {
    const database = await createPostgresDatabase();
    const db = createDb(database.url);
    return {
      db,
      kind,
      url: database.url,
      get file(): string {
        throw new Error("This test opens the SQLite file directly: it runs on SQLite only");
      },
      async close() {
        await Promise.race([db.$disconnect(), new Promise((r) => setTimeout(r, 3_000).unref())]);
        await database.drop();
      },
    };
  }
  const file = path.join(tmpDir(), `${randomUUID()}.db`);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    kind: "sqlite",
    url,
    file,
    async close() {
      await db.$disconnect();
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, `${file}.migrate-lock`]) fs.rmSync(f, { force: true });
    },
  };
}
