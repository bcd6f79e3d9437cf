/**
 * Why the app cannot start: a code and its parameters. src/i18n/startup.ts words each one as the
 * single line the entry point prints (what failed, which variable, what to do), so start-up never
 * ends in a stack trace or a library's own words ("fetch failed", "External error id#0").
 */
import { startupText } from "./i18n/startup.js";

export type SlackTokenVariable = "SLACK_BOT_TOKEN" | "SLACK_APP_TOKEN";

/** The database file cannot be used; `file` is the absolute path DATABASE_URL names. */
export type DatabaseProblem =
  | { code: "database_is_folder"; file: string }
  | { code: "database_folder_unwritable"; file: string; folder: string }
  | { code: "database_unreadable"; file: string }
  | { code: "database_read_only"; file: string }
  | { code: "database_not_sqlite"; file: string }
  | { code: "database_corrupt"; file: string }
  | { code: "database_locked"; file: string }
  | { code: "database_disk_full"; file: string }
  | { code: "database_unusable"; file: string; detail: string };

export type StartupProblem =
  | DatabaseProblem
  | { code: "slack_unreachable"; url: string; cause: string }
  | { code: "slack_http_error"; url: string; status: number }
  | { code: "slack_refused_token"; variable: SlackTokenVariable; error: string }
  | { code: "slack_rate_limited"; seconds: number }
  | { code: "database_newer_than_app"; migrations: string[]; version: string }
  | { code: "migration_lock_timeout"; database: string; seconds: number }
  | { code: "port_in_use"; port: number }
  | { code: "port_denied"; port: number }
  | { code: "uninstalled"; event: string; teamId: string; at: Date };

export class StartupError extends Error {
  override readonly name = "StartupError";
  constructor(
    readonly problem: StartupProblem,
    options?: { cause?: unknown },
  ) {
    super(startupText(problem), options);
  }
}
