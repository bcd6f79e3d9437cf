/**
 * What the person who acted reads when it did not work: each known failure (src/domain/failures.ts)
 * in words, and the answer to an unexpected one, which carries the reference of its log line.
 */
import type { Failure } from "../domain/failures.js";
import { t } from "./en.js";

export const failureTexts = {
  /** the title of the small window that says it, where a modal or App Home is the place */
  title: "That did not work",
  unexpected: (ref: string) =>
    `Sorry, that did not work: something went wrong on our side, and it was logged (ref \`${ref}\`). Please try again; if it keeps failing, give that ref to your Customer Book admin.`,
};

export function failureText(f: Failure): string {
  switch (f.code) {
    case "not_admin":
      return t.admin.onlyAdmins(t.manage.can[f.action]);
    case "customer_not_found":
      return t.manage.errors.customerGone;
    case "contact_not_found":
      return t.manage.errors.contactGone;
    case "contract_not_found":
      return t.manage.errors.contractGone;
    case "archived":
      return t.manage.errors.archived(f.customerName);
    case "database_busy":
      return "The customer book is busy with another change right now. Nothing was changed: please try again in a moment.";
    case "database_read_only":
      return "The customer book cannot save anything right now: its database is read-only. Nothing was changed; tell your Customer Book admin.";
    case "database_full":
      return "The customer book cannot save anything right now: the server's disk is full. Nothing was changed; tell your Customer Book admin.";
    case "slack_unreachable":
      return "Slack did not answer the app just now. Please try again in a moment.";
    case "slack_rate_limited":
      return "Slack asked the app to slow down. Please try again in a minute.";
    case "slack_not_in_channel":
      return "I am not a member of that channel. Invite me there (`/invite @customerbook`) and try again.";
    case "slack_channel_not_found":
      return "That channel no longer exists, or I cannot see it.";
    case "slack_trigger_expired":
      return "That took too long for Slack: a window can only open right after a click. Please click again.";
    case "slack_access_revoked":
      return "Customer Book's access to Slack was revoked (the app was removed from the workspace). Ask your Slack admin to install it again.";
  }
}

/** Failures worth trying again at once: a modal that hit one stays open with the text typed. */
export function isTransient(f: Failure): boolean {
  return ["database_busy", "slack_unreachable", "slack_rate_limited", "slack_trigger_expired"].includes(f.code);
}
