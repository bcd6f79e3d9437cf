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
import { databaseKind, redactDatabaseUrl } from "./url.js";
import { withMigrationLock } from "./migration-lock.js";
import { StartupError } from "../startup-error.js";

const run = promisify(execFile);

export class PendingMigrationsError extends Error {
  override readonly name = "PendingMigrationsError";
}

/** The app's version: package.json's in the project folder. */
export function appVersion(projectRoot: string): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string }).version;
}

export function listMigrations(migrationsDir: string): string[] {
  if (!fs.existsSync(migrationsDir)) return [];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(migrationsDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/**
 * The migrations the database has recorded as applied, or [] for a new, empty database (no
 * _prisma_migrations table yet: SQLite "no such table", PostgreSQL SQLSTATE 42P01,
 * undefined_table). Any other failure (a file that is not a database, a locked or read-only one)
 * is passed on, to be worded by src/db/sqlite-errors.ts.
 */
export async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return rows.map((r) => r.migration_name);
  } catch (error) {
    if (!/no such table/i.test(error instanceof Error ? error.message : String(error)) && sqlStateOf(error) !== "42P01") throw error;
    return [];
  }
}

/**
 * The database's schema against this build's migrations: `pending`, this build's migrations the
 * database has not applied; `unknown`, migrations the database has applied that this build does
 * not have (a newer version of the app ran them: this instance is older than the schema).
 */
export async function migrationState(db: Db, migrationsDir: string): Promise<{ pending: string[]; unknown: string[] }> {
  const applied = await appliedMigrations(db);
  const known = listMigrations(migrationsDir);
  return { pending: known.filter((m) => !applied.includes(m)), unknown: [...new Set(applied.filter((m) => !known.includes(m)))].sort() };
}

export async function pendingMigrations(db: Db, migrationsDir: string): Promise<string[]> {
  return (await migrationState(db, migrationsDir)).pending;
}

/** The migrations of the database's kind: prisma/migrations (SQLite) or prisma/postgresql/migrations. */
export function migrationsDir(db: Db, projectRoot: string): string {
  return kindOf(db) === "postgresql" ? path.join(projectRoot, "prisma", "postgresql", "migrations") : path.join(projectRoot, "prisma", "migrations");
}

/**
 * Applies pending migrations with the Prisma CLI; returns the names applied (none when another
 * instance applied them first). Refuses (StartupError database_newer_than_app) a database that has
 * migrations this build does not know: an older instance must not run on a newer schema. The CLI
 * picks the schema and migrations folder from DATABASE_URL's kind (prisma.config.ts).
 *
 * Two instances starting at once: the check and `migrate deploy` run under one lock per database
 * (src/db/migration-lock.ts), and the check is made again once the lock is held, so the second
 * instance finds the first one's migrations applied and applies nothing.
 */
export async function migrate(db: Db, o: { projectRoot: string; databaseUrl: string }): Promise<string[]> {
  const dir = migrationsDir(db, o.projectRoot);
  const refuseNewer = (unknown: string[]) => {
    if (unknown.length) throw new StartupError({ code: "database_newer_than_app", migrations: unknown, version: appVersion(o.projectRoot) });
  };
  const first = await migrationState(db, dir);
  refuseNewer(first.unknown);
  if (first.pending.length === 0) return [];
  return withMigrationLock(o.databaseUrl, async () => {
    const { pending, unknown } = await migrationState(db, dir);
    refuseNewer(unknown);
    if (pending.length === 0) return [];
    await deploy(pending, o);
    const still = await pendingMigrations(db, dir);
    if (still.length) throw new PendingMigrationsError(`Database migrations still pending after migrate deploy: ${still.join(", ")}`);
    return pending;
  });
}

async function deploy(pending: string[], o: { projectRoot: string; databaseUrl: string }): Promise<void> {
  const databaseUrl = databaseKind(o.databaseUrl) === "sqlite" ? `file:${sqliteFilePath(o.databaseUrl)}` : o.databaseUrl;
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
}
