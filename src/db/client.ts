/**
 * The Prisma client, on the driver adapter DATABASE_URL's kind asks for: better-sqlite3 for a
 * `file:` URL, `pg` for a PostgreSQL one. Neither needs a native query engine.
 *
 * Two generated clients, one per provider (src/generated/prisma from prisma/schema.prisma,
 * src/generated/prisma-postgresql from the generated prisma/postgresql/schema.prisma): Prisma
 * compiles queries for the provider a client was generated for and refuses an adapter of another.
 * Both come from the same models, so their model types agree; the code is written against the
 * SQLite client's types (`Db`) and the PostgreSQL client is used through them. Nothing here uses
 * a feature only one provider's client has (such as `mode: "insensitive"`).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.js";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgresql/client.js";
import { POSTGRES_LOCK_TIMEOUT_MS } from "./postgres-errors.js";
import { checkSqliteFile } from "./sqlite-errors.js";
import { sqliteFilePath } from "./sqlite-url.js";
import { databaseKind, postgresPoolConfig, type DatabaseKind } from "./url.js";
import { yieldBetweenQueries } from "./yielding.js";

export type Db = PrismaClient;
export { PrismaClient };

/**
 * Which database a Prisma client talks to: the provider its generated client was made for (the
 * client keeps it as `_activeProvider`, which Prisma itself reads to tell SQL dialects apart; the
 * version is pinned in package.json).
 */
export function kindOf(db: Db | Prisma.TransactionClient): DatabaseKind {
  const provider = (db as unknown as { _activeProvider?: unknown })._activeProvider;
  if (provider === "sqlite") return "sqlite";
  if (provider === "postgresql") return "postgresql";
  throw new Error(`A Prisma client for an unknown provider: ${String(provider)}`);
}

/**
 * Creates the Prisma client for DATABASE_URL (see the header). SQLite: after checking that the
 * file can be used (a StartupError says what to fix when it cannot); each query outside a
 * transaction lets the event loop turn (see yielding.ts: better-sqlite3 answers synchronously).
 * PostgreSQL: `pg` is asynchronous and its pool gives each transaction a connection of its own,
 * so it needs no yielding wrapper: every query waits for the server's answer on a socket (the
 * event loop turns meanwhile), and a plain query never runs on a connection inside another
 * request's transaction (test/db/yielding.test.ts runs on both databases). A statement waits at
 * most 5 s for a lock, as on SQLite, then fails as busy (postgres-errors.ts).
 */
export function createDb(databaseUrl: string): Db {
  const kind = databaseKind(databaseUrl);
  let db: Db;
  if (kind === "postgresql") {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg(postgresPoolConfig(databaseUrl, { lockTimeoutMs: POSTGRES_LOCK_TIMEOUT_MS })) });
    db = client as unknown as Db; // same models, same types: see the header
  } else if (kind === "sqlite") {
    checkSqliteFile(databaseUrl);
    const file = sqliteFilePath(databaseUrl);
    // timestampFormat unixepoch-ms would be faster, but ISO text stays readable with the sqlite3 CLI.
    db = new PrismaClient({ adapter: yieldBetweenQueries(new PrismaBetterSQLite3({ url: file })) });
  } else throw new Error(`DATABASE_URL must start with file:, postgresql:// or postgres://`);
  return db;
}

/** SQLite page cache of the app's connection: 32 MB (the default is 2 MB). */
export const SQLITE_CACHE_KIB = 32 * 1024;

/**
 * Settings of the app's connection, applied once at start-up. SQLite:
 * - WAL, so the CSV importer's connection can write while the app reads;
 * - a 32 MB page cache instead of SQLite's 2 MB, so that the indexes a summary or a customer list
 *   walks stay in memory between requests (100,000 tickets' summary indexes are about 15 MB).
 * PostgreSQL: nothing (each connection's settings are in postgresPoolConfig).
 */
export async function configureDatabase(db: Db): Promise<void> {
  if (kindOf(db) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe(`PRAGMA cache_size = -${SQLITE_CACHE_KIB}`);
}
