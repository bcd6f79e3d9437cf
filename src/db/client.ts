import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { checkSqliteFile } from "./sqlite-errors.js";
import { sqliteFilePath } from "./sqlite-url.js";
import { yieldBetweenQueries } from "./yielding.js";

export type Db = PrismaClient;
export { PrismaClient };

/**
 * Creates the Prisma client on the better-sqlite3 driver adapter (no native query engine needed),
 * after checking that the file can be used (a StartupError says what to fix when it cannot).
 */
export function createDb(databaseUrl: string): Db {
  checkSqliteFile(databaseUrl);
  const file = sqliteFilePath(databaseUrl);
  // timestampFormat unixepoch-ms would be faster, but ISO text stays readable with the sqlite3 CLI.
  // Each query outside a transaction lets the event loop turn (see yielding.ts).
  return new PrismaClient({ adapter: yieldBetweenQueries(new PrismaBetterSQLite3({ url: file })) });
}

/** SQLite page cache of the app's connection: 32 MB (the default is 2 MB). */
export const SQLITE_CACHE_KIB = 32 * 1024;

/**
 * Settings of the app's SQLite connection, applied once at start-up:
 * - WAL, so the CSV importer's connection can write while the app reads;
 * - a 32 MB page cache instead of SQLite's 2 MB, so that the indexes a summary or a customer list
 *   walks stay in memory between requests (100,000 tickets' summary indexes are about 15 MB).
 */
export async function configureSqlite(db: Db): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe(`PRAGMA cache_size = -${SQLITE_CACHE_KIB}`);
}
