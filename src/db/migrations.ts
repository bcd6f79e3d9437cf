/**
 * Start-up check that the database schema is current. Migrations are applied by
 * `prisma migrate deploy` (run by `npm start` before the app); starting the app against a database
 * with pending migrations would fail later in confusing ways, so it stops here with one clear line.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "./client.js";

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

export async function assertMigrated(db: Db, migrationsDir: string): Promise<void> {
  const expected = listMigrations(migrationsDir);
  let applied: string[] = [];
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    applied = [];
  }
  const pending = expected.filter((m) => !applied.includes(m));
  if (pending.length > 0) {
    throw new PendingMigrationsError(
      `Database is missing ${pending.length} migration(s) (${pending.join(", ")}); run "npm run db:migrate" (npm start does it for you).`,
    );
  }
}
