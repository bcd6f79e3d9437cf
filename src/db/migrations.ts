/**
 * Brings the database schema up to date at start-up, so the first start creates the SQLite file
 * and every later start applies new migrations: no manual Prisma step. The work is done by the
 * Prisma CLI's `migrate deploy` (the same command `npm run db:migrate` runs), only when this
 * process sees migrations that the database has not recorded.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { kindOf, type Db } from "./client.js";
import { sqlStateOf } from "./postgres-errors.js";
import { sqliteFilePath } from "./sqlite-url.js";
import { redactDatabaseUrl } from "./url.js";

const run = promisify(execFile);

export class PendingMigrationsError extends Error {
  override readonly name = "PendingMigrationsError";
}

export function listMigrations(migrationsDir: string): string[] {
  if (!fs.existsSync(migrationsDir)) return [];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(migrationsDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export async function pendingMigrations(db: Db, migrationsDir: string): Promise<string[]> {
  let applied: string[] = [];
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    applied = rows.map((r) => r.migration_name);
  } catch (error) {
    // A new, empty database has no _prisma_migrations table yet (SQLite: "no such table";
    // PostgreSQL: SQLSTATE 42P01, undefined_table). Any other failure (a file that is not a
    // database, a locked or read-only one) is not "every migration is pending": it is passed on,
    // to be worded by src/db/sqlite-errors.ts.
    if (!/no such table/i.test(error instanceof Error ? error.message : String(error)) && sqlStateOf(error) !== "42P01") throw error;
    applied = [];
  }
  return listMigrations(migrationsDir).filter((m) => !applied.includes(m));
}

/** The migrations of the database's kind: prisma/migrations (SQLite) or prisma/postgresql/migrations. */
export function migrationsDir(db: Db, projectRoot: string): string {
  return kindOf(db) === "postgresql" ? path.join(projectRoot, "prisma", "postgresql", "migrations") : path.join(projectRoot, "prisma", "migrations");
}

/**
 * Applies pending migrations with the Prisma CLI; returns the names applied. The CLI picks the
 * schema and migrations folder from DATABASE_URL's kind (prisma.config.ts). On PostgreSQL it holds
 * an advisory lock while it applies, so two instances starting at once apply each migration once.
 */
export async function migrate(db: Db, o: { projectRoot: string; databaseUrl: string }): Promise<string[]> {
  const dir = migrationsDir(db, o.projectRoot);
  const pending = await pendingMigrations(db, dir);
  if (pending.length === 0) return [];
  const databaseUrl = kindOf(db) === "sqlite" ? `file:${sqliteFilePath(o.databaseUrl)}` : o.databaseUrl;
  const cli = path.join(o.projectRoot, "node_modules", "prisma", "build", "index.js");
  try {
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd: o.projectRoot,
      // The CLI inherits the process environment (PATH, HOME) with the database the config chose.
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: 120_000,
    });
  } catch (e) {
    const output = redactDatabaseUrl(e && typeof e === "object" && "stderr" in e ? String((e as { stderr: unknown }).stderr).trim() : String(e));
    throw new PendingMigrationsError(
      `Could not apply ${pending.length} database migration(s) (${pending.join(", ")}): ${output.split("\n").slice(-3).join(" ")}. Try "npm run db:migrate" to see the details.`,
    );
  }
  const still = await pendingMigrations(db, dir);
  if (still.length) throw new PendingMigrationsError(`Database migrations still pending after migrate deploy: ${still.join(", ")}`);
  return pending;
}
