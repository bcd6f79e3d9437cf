/**
 * One lock per database around start-up's migrations, so that instances starting at once (a
 * rolling deploy, two pods) apply each migration once: the first takes the lock and migrates, the
 * others wait, then find nothing pending (src/db/migrations.ts checks again under the lock).
 *
 * PostgreSQL: a session-level advisory lock (pg_try_advisory_lock) on a connection of its own,
 * held while the Prisma CLI runs `migrate deploy` in a child process. The server releases it when
 * that connection ends, so an instance killed while migrating leaves no lock behind. Its key is
 * not the one Prisma's own migrate lock uses (72707369): holding that one would make our own CLI
 * wait for us.
 *
 * SQLite: an exclusive transaction (BEGIN EXCLUSIVE) on a lock file beside the database
 * (`app.db.migrate-lock`), not on the database itself. BEGIN EXCLUSIVE on the database would lock
 * out the very Prisma CLI process that has to write the migrations into it. A plain lock file made
 * with O_EXCL (a pid file) would stay behind after a crash and stop every later start until
 * someone deletes it; SQLite's lock is a POSIX lock the kernel releases when its holder dies. The
 * file is left in place (empty, harmless), as SQLite's own -shm file is.
 *
 * Both wait by polling (every 200 ms, at most LOCK_WAIT_MS) rather than blocking: a blocking wait
 * on SQLite would stop this process's event loop, and several app instances share one process in
 * the tests.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { StartupError } from "../startup-error.js";
import { sqliteFilePath } from "./sqlite-url.js";
import { databaseKind, postgresPoolConfig, redactDatabaseUrl } from "./url.js";

/** How long an instance waits for another one's migrations before it gives up (the CLI's own timeout is 120 s). */
export const LOCK_WAIT_MS = 150_000;
const POLL_MS = 200;
/** This app's advisory lock key: the bytes of "cbmigrat" as a bigint (any constant other than Prisma's would do). */
export const MIGRATION_LOCK_KEY = 7161406656947052916n;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withMigrationLock<T>(databaseUrl: string, work: () => Promise<T>, o: { waitMs?: number } = {}): Promise<T> {
  const waitMs = o.waitMs ?? LOCK_WAIT_MS;
  const lock = databaseKind(databaseUrl) === "postgresql" ? await postgresLock(databaseUrl, waitMs) : await sqliteLock(databaseUrl, waitMs);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

type Held = { release(): Promise<void> };

function timedOut(databaseUrl: string, waitMs: number): StartupError {
  return new StartupError({ code: "migration_lock_timeout", database: redactDatabaseUrl(databaseUrl), seconds: Math.round(waitMs / 1000) });
}

async function postgresLock(databaseUrl: string, waitMs: number): Promise<Held> {
  const client = new pg.Client({ ...postgresPoolConfig(databaseUrl, { applicationName: "customer-book-migrate-lock" }) });
  await client.connect();
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      const r = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK_KEY.toString()]);
      if (r.rows[0]?.locked) break;
      if (Date.now() > deadline) throw timedOut(databaseUrl, waitMs);
      await sleep(POLL_MS);
    }
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  return {
    async release() {
      // Ending the session releases the lock; the unlock first makes that explicit.
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

async function sqliteLock(databaseUrl: string, waitMs: number): Promise<Held> {
  const file = sqliteFilePath(databaseUrl);
  if (file === ":memory:") return { release: async () => undefined };
  // timeout 0: SQLITE_BUSY at once, and this loop waits without blocking the event loop.
  const lockDb = new Database(`${file}.migrate-lock`, { timeout: 0 });
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      try {
        lockDb.exec("BEGIN EXCLUSIVE");
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
        if (Date.now() > deadline) throw timedOut(databaseUrl, waitMs);
        await sleep(POLL_MS);
      }
    }
  } catch (e) {
    lockDb.close();
    throw e;
  }
  return {
    async release() {
      lockDb.exec("ROLLBACK");
      lockDb.close();
    },
  };
}
