/**
 * GET /health, for a load balancer or an orchestrator's readiness probe, and for a person checking
 * an instance. 200 while this instance can serve: the database answers and has every migration this
 * build needs. 503 otherwise, with the reason in `status`:
 * - "unavailable": the database does not answer;
 * - "migrations_pending": the database lacks migrations this build has (it should have applied them at start-up);
 * - "draining": SIGTERM was received and the instance is finishing what it has (src/index.ts).
 * A database with migrations this build does not know (a newer instance migrated it during a
 * rolling deploy) stays 200: `migrations.unknown` says so, and this instance keeps serving until it
 * is replaced (migrations add, they do not take away what a running older version uses).
 *
 * Nothing secret is in the answer: the database's kind, never its URL.
 */
import type { HttpRoute } from "../slack/bolt-app.js";
import { kindOf, type Db } from "../db/client.js";
import { migrationState } from "../db/migrations.js";

export type HealthDeps = {
  db: Db;
  version: string;
  /** the migrations folder of the database's kind (src/db/migrations.ts migrationsDir) */
  migrationsDir: string;
  /** true from SIGTERM on */
  draining: () => boolean;
};

export type HealthReport = {
  status: "ok" | "unavailable" | "migrations_pending" | "draining";
  version: string;
  database: { kind: "sqlite" | "postgresql"; status: "up" | "down" };
  migrations: { current: boolean; pending: string[]; unknown: string[] } | null;
};

export async function healthReport(deps: HealthDeps): Promise<HealthReport> {
  const kind = kindOf(deps.db);
  let migrations: HealthReport["migrations"] = null;
  try {
    const state = await migrationState(deps.db, deps.migrationsDir);
    migrations = { current: state.pending.length === 0, pending: state.pending, unknown: state.unknown };
  } catch {
    migrations = null;
  }
  const status: HealthReport["status"] = deps.draining() ? "draining" : !migrations ? "unavailable" : migrations.current ? "ok" : "migrations_pending";
  return { status, version: deps.version, database: { kind, status: migrations ? "up" : "down" }, migrations };
}

export function healthRoute(deps: HealthDeps): HttpRoute {
  return {
    path: "/health",
    method: "GET",
    handler: async (_req, res) => {
      const report = await healthReport(deps);
      res.writeHead(report.status === "ok" ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(report));
    },
  };
}
