/**
 * Known failures: what can go wrong that the person who acted should be told in words, as a code
 * with its parameters. Services and the database and Slack layers throw `KnownFailure`s (or return
 * these codes); src/i18n/failures.ts renders each for whoever reads it, so no English sentence is
 * built where the failure happens. Anything that is not a known failure is an unexpected one: it
 * is logged with a reference the person is given (src/slack/failures.ts).
 */

/** What a management action was about, for "Only Customer Book admins can …". */
export const MANAGE_ACTIONS = ["edit_customer", "change_contacts", "change_contracts", "change_sla", "change_security", "archive"] as const;
export type ManageAction = (typeof MANAGE_ACTIONS)[number];

export type Failure =
  // customer management (ManageError)
  | { code: "not_admin"; action: ManageAction }
  | { code: "customer_not_found" }
  | { code: "contact_not_found" }
  | { code: "contract_not_found" }
  | { code: "archived"; customerName: string }
  // the database (src/db/sqlite-errors.ts, src/db/postgres-errors.ts)
  | { code: "database_busy" }
  | { code: "database_read_only" }
  | { code: "database_full" }
  // Slack's Web API (src/slack/failures.ts)
  | { code: "slack_unreachable" }
  | { code: "slack_rate_limited" }
  | { code: "slack_not_in_channel" }
  | { code: "slack_channel_not_found" }
  | { code: "slack_trigger_expired" }
  | { code: "slack_access_revoked" };

export type FailureCode = Failure["code"];

/** A known failure, thrown: `failure` says what happened; the message is for logs only. */
export class KnownFailure extends Error {
  override readonly name: string = "KnownFailure";
  constructor(
    readonly failure: Failure,
    options?: { cause?: unknown },
  ) {
    super(`Known failure: ${failure.code}`, options);
  }
}

/** Failures worth trying again at once: a modal that hit one stays open with the text typed. */
export function isTransient(f: Failure): boolean {
  return ["database_busy", "slack_unreachable", "slack_rate_limited", "slack_trigger_expired"].includes(f.code);
}
