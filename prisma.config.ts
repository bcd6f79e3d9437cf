// Prisma CLI configuration. The CLI runs on the JavaScript query engine through a driver adapter,
// because the native schema engine cannot be downloaded on offline machines (see README
// "Database"). DATABASE_URL is read the same way the app reads it, and its kind picks the schema
// (and so the migrations folder beside it) and the adapter: prisma/schema.prisma on better-sqlite3
// for file: URLs, prisma/postgresql/schema.prisma on pg for postgresql:// ones.
import "dotenv/config";
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { sqliteFilePath, ensureSqliteDirectory } from "./src/db/sqlite-url.js";
import { databaseKind, postgresPoolConfig } from "./src/db/url.js";

const url = process.env.DATABASE_URL ?? "file:./data/app.db";
if (!process.env.DATABASE_URL) process.env.DATABASE_URL = url;
const postgres = databaseKind(url) === "postgresql";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgresql", "schema.prisma") : path.join("prisma", "schema.prisma"),
  async adapter() {
    if (postgres) return new PrismaPg(postgresPoolConfig(url, { max: 2, applicationName: "customer-book-migrate", allowExitOnIdle: true }));
    const file = sqliteFilePath(url);
    ensureSqliteDirectory(file);
    return new PrismaBetterSQLite3({ url: file });
  },
} satisfies PrismaConfig;
