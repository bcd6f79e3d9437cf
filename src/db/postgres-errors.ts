/**
 * PostgreSQL's failures at run time, as coded problems: the counterpart of sqliteFailure in
 * sqlite-errors.ts, so that the person who acted is told in words (src/slack/failures.ts) when the
 * book is busy, read-only or full, whichever database it is on. The SQLSTATE comes from the pg
 * adapter's error inside Prisma's (meta.driverAdapterError.cause.originalCode) or from `pg` itself.
 *
 * What sqlite-errors.ts does at start-up needs no counterpart here: a PostgreSQL database is not
 * a file to check before Prisma opens it. A server that cannot be reached, a refused user or a
 * missing database are worded by startup.ts (checkDatabase) before migrations run, and a failed
 * migration (for example a user that may not create tables) stops start-up with the Prisma CLI's
 * own line (PendingMigrationsError in migrations.ts).
 */
import type { Failure } from "../domain/failures.js";
import { Prisma } from "../generated/prisma/client.js";

/**
 * How long a statement of the app waits for a lock before it fails as busy: the same 5 s as
 * SQLite's busy wait (better-sqlite3's default timeout). Without it a statement waits for ever
 * behind another program's lock, and the person's click with it.
 */
export const POSTGRES_LOCK_TIMEOUT_MS = 5_000;

/** The SQLSTATE of a PostgreSQL error, from `pg`, from Prisma's pg adapter, or a cause of either. */
export function sqlStateOf(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 4) return undefined;
  const e = error as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.originalCode === "string" && /^[0-9A-Z]{5}$/.test(e.originalCode)) return e.originalCode;
  // Prisma's own codes (P2002) are in `code` of its errors: only `pg`'s errors carry a SQLSTATE there.
  const prisma = error instanceof Prisma.PrismaClientKnownRequestError || error instanceof Prisma.PrismaClientUnknownRequestError;
  if (!prisma && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return sqlStateOf(e.meta?.driverAdapterError, depth + 1) ?? sqlStateOf(e.cause, depth + 1);
}

/** A failure at run time the person who acted can be told about (busy, read-only, full), or undefined. */
export function postgresFailure(error: unknown): Failure | undefined {
  switch (sqlStateOf(error)) {
    case "55P03": // lock_not_available: another program held a lock past POSTGRES_LOCK_TIMEOUT_MS
    case "40001": // serialization_failure / deadlock_detected, still, after inTransaction's attempts
    case "40P01":
    case "53300": // too_many_connections: the server's connection slots are all taken
      return { code: "database_busy" };
    case "25006": // read_only_sql_transaction: a standby, or default_transaction_read_only
      return { code: "database_read_only" };
    case "53100": // disk_full
      return { code: "database_full" };
    default:
      return undefined;
  }
}
