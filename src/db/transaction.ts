/**
 * Every interactive transaction of the app goes through `inTransaction`, so that read-check-write
 * steps (is the name taken? who is the primary contact now? which contract is the default?) are
 * race-safe on either database:
 * - SQLite has a single writer: the better-sqlite3 adapter runs one transaction at a time on its
 *   connection, so transactions never interleave.
 * - PostgreSQL runs them side by side, so they run SERIALIZABLE: the database aborts one of two
 *   transactions that would not give the result of some order of the two (serialization failure,
 *   SQLSTATE 40001; or a deadlock, 40P01), and it is run again from the start, up to
 *   MAX_ATTEMPTS times. `work` must therefore only touch the database (no Slack calls, nothing
 *   kept from a failed attempt); every caller's work is such a function. Unique constraints
 *   remain what turns a double submit into one row.
 */
import type { Prisma } from "../generated/prisma/client.js";
import { kindOf, type Db } from "./client.js";
import { isSerializationFailure } from "./errors.js";

export type TransactionOptions = { maxWait?: number; timeout?: number };

/**
 * Up to this many runs of a transaction that PostgreSQL aborted as a conflict. Ten tickets opened
 * at the same moment all update the one ticket counter: one of them commits per round, so the last
 * needs up to ten runs, more when the machine is loaded (8 ran out once in a loaded test run).
 */
export const MAX_ATTEMPTS = 16;
const DEFAULTS = { maxWait: 10_000, timeout: 10_000 };

export async function inTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const o = { ...DEFAULTS, ...options };
  if (kindOf(db) === "sqlite") return db.$transaction(work, o);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { ...o, isolationLevel: "Serializable" });
    } catch (e) {
      if (attempt >= MAX_ATTEMPTS || !isSerializationFailure(e)) throw e;
      // A short random wait, growing with the attempts, so that the two do not collide again at once.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
    }
  }
}
