/**
 * Database errors the app tells apart, on either database. Through Prisma both adapters turn a
 * unique violation into P2002 (SQLite: SQLITE_CONSTRAINT_UNIQUE; PostgreSQL: SQLSTATE 23505) and
 * a PostgreSQL serialization failure into P2034; a deadlock (40P01) comes as the adapter's error
 * with the SQLSTATE in its cause. The importers' own drivers (better-sqlite3, pg) are read in their
 * writers (src/repositories/sqlite, src/repositories/postgres).
 */
import { Prisma } from "../generated/prisma/client.js";

/** A unique constraint failed (Prisma P2002). `field` narrows it to a constraint naming that column. */
export function isUniqueViolation(e: unknown, field?: string): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== "P2002") return false;
  if (!field) return true;
  // SQLite names the columns in the message and meta.target; PostgreSQL's adapter gives the
  // constraint's fields (from the error's detail, quoted: "nameKey") in meta.target or in
  // meta.driverAdapterError.cause.constraint.fields.
  const meta = e.meta as { target?: unknown; driverAdapterError?: unknown } | undefined;
  const text = JSON.stringify(meta ?? "") + e.message;
  return text.includes(field);
}

/** An update or delete found no row matching its where (Prisma P2025): a conditional update that did not apply. */
export function isRecordNotFound(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2025";
}

/** SQLSTATEs of a transaction that PostgreSQL aborted so that it can be run again: serialization failure, deadlock. */
const RETRYABLE = new Set(["40001", "40P01"]);

/**
 * PostgreSQL aborted the transaction because of a concurrent one (P2034, or a deadlock): running
 * it again from the start is safe and will succeed or give the answer of the later order.
 */
export function isSerializationFailure(e: unknown): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError || e instanceof Prisma.PrismaClientUnknownRequestError)) return sqlStateIn(e, RETRYABLE);
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2034") return true;
  return sqlStateIn(e, RETRYABLE) || RETRYABLE.has(String(/\b(40001|40P01)\b/.exec(e.message)?.[1]));
}

/** Whether an error (or one of its causes, or a Prisma adapter error in its meta) carries one of these SQLSTATEs. */
function sqlStateIn(e: unknown, codes: Set<string>, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 4) return false;
  const o = e as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof o.originalCode === "string" && codes.has(o.originalCode)) return true;
  if (typeof o.code === "string" && codes.has(o.code)) return true;
  return sqlStateIn(o.cause, codes, depth + 1) || sqlStateIn(o.meta?.driverAdapterError, codes, depth + 1);
}
