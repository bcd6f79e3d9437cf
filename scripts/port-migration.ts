/**
 * Writes the PostgreSQL counterpart of a SQLite migration: the SQL that takes the PostgreSQL
 * schema from what prisma/schema.prisma was at a git revision (default HEAD) to what it is now,
 * by `prisma migrate diff` between the two generated PostgreSQL schemas (the offline way: no
 * shadow database). It also brings prisma/postgresql/schema.prisma up to date.
 *
 *   npm run db:port -- 20261204120000_add_things [--from <git revision>]
 *
 * writes prisma/postgresql/migrations/20261204120000_add_things/migration.sql. Prisma writes only
 * what the models say: SQL that prisma/migrations/<name>/migration.sql adds by hand (a virtual
 * table, a trigger) needs its PostgreSQL counterpart added by hand below it (docs/database.md).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchema } from "./postgres-schema.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function main(): void {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--from");
  const fromAt = args.indexOf("--from");
  const rev = fromAt >= 0 ? args[fromAt + 1] : "HEAD";
  if (!name || !rev) {
    console.error("Usage: npm run db:port -- <migration folder name> [--from <git revision>]");
    process.exit(2);
  }
  if (!fs.existsSync(path.join(root, "prisma", "migrations", name, "migration.sql"))) {
    console.error(`No SQLite migration prisma/migrations/${name}/migration.sql: write that one first.`);
    process.exit(2);
  }
  const out = path.join(root, "prisma", "postgresql", "migrations", name, "migration.sql");
  if (fs.existsSync(out)) {
    console.error(`${path.relative(root, out)} exists already.`);
    process.exit(2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "port-migration-"));
  try {
    const before = execFileSync("git", ["show", `${rev}:prisma/schema.prisma`], { cwd: root, encoding: "utf8" });
    const from = path.join(tmp, "from.prisma");
    fs.writeFileSync(from, postgresSchema(before));
    const now = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
    fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
    fs.writeFileSync(POSTGRES_SCHEMA, now);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // The diff of two datamodels needs no database; the SQLite config's adapter is never used.
    const env = { ...process.env, DATABASE_URL: `file:${path.join(tmp, "unused.db")}` };
    execFileSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", POSTGRES_SCHEMA, "--script", "-o", out], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    console.info(`Wrote ${path.relative(root, out)} (from prisma/schema.prisma at ${rev} to now). Add by hand what the SQLite migration writes by hand.`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
