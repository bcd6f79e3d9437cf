// Prisma CLI configuration. The CLI runs on the JavaScript query engine through the
// better-sqlite3 driver adapter, because the native schema engine cannot be downloaded on
// offline machines (see README "Database"). DATABASE_URL is read the same way the app reads it.
import "dotenv/config";
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { sqliteFilePath, ensureSqliteDirectory } from "./src/db/sqlite-url.js";

const url = process.env.DATABASE_URL ?? "file:./data/app.db";
if (!process.env.DATABASE_URL) process.env.DATABASE_URL = url;

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    const file = sqliteFilePath(url);
    ensureSqliteDirectory(file);
    return new PrismaBetterSQLite3({ url: file });
  },
} satisfies PrismaConfig;
