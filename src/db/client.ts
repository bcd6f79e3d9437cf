import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { ensureSqliteDirectory, sqliteFilePath } from "./sqlite-url.js";

export type Db = PrismaClient;
export { PrismaClient };

/** Creates the Prisma client on the better-sqlite3 driver adapter (no native query engine needed). */
export function createDb(databaseUrl: string): Db {
  const file = sqliteFilePath(databaseUrl);
  ensureSqliteDirectory(file);
  // timestampFormat unixepoch-ms would be faster, but ISO text stays readable with the sqlite3 CLI.
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file }) });
}
