/**
 * The first thing start-up asks of the database: to answer. When it does not, one line says why
 * and what to change, naming DATABASE_URL (the password never shown). PostgreSQL: server not
 * reachable, user or password refused, database missing, and anything else the server says.
 * (Text for the people who run the app, like config.ts's configuration errors.)
 */
import { Prisma } from "../generated/prisma/client.js";
import { kindOf, type Db } from "./client.js";
import { redactDatabaseUrl } from "./url.js";

export class DatabaseStartError extends Error {
  override readonly name = "DatabaseStartError";
}

/** Throws DatabaseStartError with one clear line when the database does not answer. */
export async function checkDatabase(db: Db, databaseUrl: string): Promise<void> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch (e) {
    const line = kindOf(db) === "postgresql" ? describePostgresError(e, databaseUrl) : undefined;
    if (line) throw new DatabaseStartError(line);
    throw e;
  }
}

type AdapterCause = { kind?: string; host?: string; port?: number; user?: string; db?: string; originalCode?: string; originalMessage?: string };

/** The line for a PostgreSQL connection error from Prisma's pg adapter, or undefined when it is not one. */
export function describePostgresError(e: unknown, databaseUrl: string): string | undefined {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const cause = (e.meta as { driverAdapterError?: { cause?: AdapterCause } } | undefined)?.driverAdapterError?.cause;
  if (!cause) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(databaseUrl);
  } catch {
    url = undefined;
  }
  const where = `${cause.host ?? url?.hostname ?? "?"}:${cause.port ?? (url?.port || 5432)}`;
  const name = cause.db ?? decodeURIComponent(url?.pathname.slice(1) ?? "");
  const user = cause.user ?? decodeURIComponent(url?.username ?? "");
  switch (cause.kind) {
    case "DatabaseNotReachable":
      return `Database error: cannot reach the PostgreSQL server at ${where} that DATABASE_URL names. Check that PostgreSQL runs there and accepts TCP connections, or fix the host and port in DATABASE_URL.`;
    case "AuthenticationFailed":
      return `Database error: PostgreSQL at ${where} refused the user "${user}" (wrong password, or no such user). Fix the user and password in DATABASE_URL.`;
    case "DatabaseDoesNotExist":
      return `Database error: the database "${name}" does not exist on the PostgreSQL server at ${where}. Create it (createdb ${name}) or fix its name in DATABASE_URL.`;
    case "DatabaseAccessDenied":
      return `Database error: the user "${user}" may not connect to the database "${name}" at ${where}. Grant it CONNECT, or use another user in DATABASE_URL.`;
    case "TlsConnectionError":
      return `Database error: the TLS connection to PostgreSQL at ${where} failed (${cause.originalMessage ?? "no detail"}). Check sslmode in DATABASE_URL.`;
    default:
      return cause.originalMessage
        ? `Database error: PostgreSQL at ${where} (DATABASE_URL ${redactDatabaseUrl(databaseUrl)}) answered: ${cause.originalMessage}${cause.originalCode ? ` (SQLSTATE ${cause.originalCode})` : ""}.`
        : undefined;
  }
}
