/**
 * What DATABASE_URL names: a SQLite file (`file:./data/app.db`) or a PostgreSQL database
 * (`postgresql://user:password@host:5432/name`, or `postgres://…`). The kind decides, at
 * start-up, which Prisma client, migrations folder and SQL the app uses (src/repositories/backend.ts).
 */
import type pg from "pg";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind | undefined {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  return undefined;
}

/** The text (a URL, or an error message with URLs in it) with every PostgreSQL URL's password replaced by ***. */
export function redactDatabaseUrl(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/gi, "$1:***@");
}

/**
 * The `pg` settings of every PostgreSQL connection the app opens (Prisma's and the importer's).
 * TimeZone=UTC: the schema's DateTime columns are `timestamp(3)` holding UTC, as Prisma writes them;
 * in UTC, CURRENT_TIMESTAMP defaults and any timestamp the server computes agree with them
 * whatever the server's own time zone. `lockTimeoutMs`: how long a statement waits for a lock
 * before it fails (the app's own connections: see POSTGRES_LOCK_TIMEOUT_MS); unset, it waits.
 */
export function postgresPoolConfig(url: string, o: { max?: number; applicationName?: string; allowExitOnIdle?: boolean; lockTimeoutMs?: number } = {}): pg.PoolConfig {
  return {
    connectionString: url,
    options: `-c TimeZone=UTC${o.lockTimeoutMs !== undefined ? ` -c lock_timeout=${Math.round(o.lockTimeoutMs)}` : ""}`,
    max: o.max ?? 10,
    application_name: o.applicationName ?? "customer-book",
    // A connection that cannot be made within this time is an error, not a hang.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // For a command (the Prisma CLI) that ends when its work is done, rather than when its idle
    // connections time out 30 s later.
    ...(o.allowExitOnIdle ? { allowExitOnIdle: true, idleTimeoutMillis: 100 } : {}),
  };
}
