/**
 * SQLite's failures, in one place, as coded problems:
 * - at start-up, `checkSqliteFile` tries the file DATABASE_URL names before Prisma or its CLI
 *   touch it (their own words for these cases are "External error id#0" or a claim that
 *   migrations are pending), and `duringStartup` words what still fails while migrating;
 * - at run time, `sqliteFailure` turns a busy, read-only or full database into a known failure
 *   that the person who acted is told about (src/slack/failures.ts).
 * A second database (PostgreSQL) gets a module of the same shape for its own errors.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Failure } from "../domain/failures.js";
import { StartupError, type DatabaseProblem } from "../startup-error.js";
import { sqliteFilePath } from "./sqlite-url.js";

/** SQLite result codes (the primary code: SQLITE_READONLY_DBMOVED is SQLITE_READONLY) → the problem. */
function problemOf(code: string, file: string, detail: string): DatabaseProblem | undefined {
  const primary = code.replace(/^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/, "$1");
  switch (primary) {
    case "SQLITE_NOTADB":
      return { code: "database_not_sqlite", file };
    case "SQLITE_CORRUPT":
      return { code: "database_corrupt", file };
    case "SQLITE_READONLY":
      return { code: "database_read_only", file };
    case "SQLITE_CANTOPEN":
    case "SQLITE_PERM":
      return { code: "database_folder_unwritable", file, folder: path.dirname(file) };
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return { code: "database_locked", file };
    case "SQLITE_FULL":
      return { code: "database_disk_full", file };
    case "SQLITE_IOERR":
      return { code: "database_unusable", file, detail };
    default:
      return undefined;
  }
}

/**
 * The SQLite code of an error from better-sqlite3 or from Prisma on its adapter ("SQLITE_NOTADB").
 * Prisma puts it in `code` for some errors, and in its driver adapter error for others (a locked
 * database comes as P1008 "Operation has timed out" or P2010, with the SQLite code inside).
 */
export function sqliteCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | undefined;
  for (const code of [e?.code, e?.meta?.driverAdapterError?.cause?.originalCode]) {
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  }
  return undefined;
}

function fsProblem(error: unknown, file: string, folder: string): DatabaseProblem {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return { code: "database_folder_unwritable", file, folder };
  if (code === "ENOSPC") return { code: "database_disk_full", file };
  if (code === "ENOTDIR" || code === "EEXIST") return { code: "database_unusable", file, detail: `${folder} is not a folder` };
  return { code: "database_unusable", file, detail: error instanceof Error ? error.message : String(error) };
}

/**
 * Checks that the app can create, read and write its SQLite file: the folder (created if missing)
 * must be writable (SQLite writes -wal and -shm files beside the database), an existing file must
 * be a database this user may write. Creates an empty database file when there is none yet, as
 * the first start would anyway. Throws a StartupError saying what to fix.
 */
export function checkSqliteFile(databaseUrl: string): void {
  const file = sqliteFilePath(databaseUrl);
  if (file === ":memory:") return;
  const folder = path.dirname(file);
  const fail = (problem: DatabaseProblem, cause?: unknown): never => {
    throw new StartupError(problem, { cause });
  };
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) fail({ code: "database_is_folder", file });
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    fail(fsProblem(error, file, folder), error);
  }
  if (stat) {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch (error) {
      fail({ code: "database_unreadable", file }, error);
    }
    try {
      fs.accessSync(file, fs.constants.W_OK);
    } catch (error) {
      fail({ code: "database_read_only", file }, error);
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 5_000 });
    db.prepare("SELECT count(*) FROM sqlite_master").get(); // reads the header: SQLITE_NOTADB here
    db.exec("BEGIN IMMEDIATE; ROLLBACK"); // takes the write lock: SQLITE_READONLY or SQLITE_BUSY here
  } catch (error) {
    const code = sqliteCode(error);
    const detail = error instanceof Error ? error.message : String(error);
    fail((code ? problemOf(code, file, detail) : undefined) ?? { code: "database_unusable", file, detail }, error);
  } finally {
    db?.close();
  }
}

/**
 * Runs the start-up work on the database (migrations, settings, defaults); a SQLite failure in it
 * becomes a StartupError naming DATABASE_URL, anything else passes through.
 */
export async function duringStartup<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = sqliteCode(error);
    const file = sqliteFilePath(databaseUrl);
    const problem = code ? problemOf(code, file, error instanceof Error ? error.message.trim().split("\n").at(-1) ?? code : code) : undefined;
    throw problem ? new StartupError(problem, { cause: error }) : error;
  }
}

/** A failure at run time the person who acted can be told about (busy, read-only, full), or undefined. */
export function sqliteFailure(error: unknown): Failure | undefined {
  const code = sqliteCode(error)?.replace(/^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/, "$1");
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return { code: "database_busy" };
  if (code === "SQLITE_READONLY") return { code: "database_read_only" };
  if (code === "SQLITE_FULL") return { code: "database_full" };
  return undefined;
}
