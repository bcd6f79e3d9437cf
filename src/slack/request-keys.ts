/**
 * The idempotency key of a Slack request that writes, from what Slack puts in its payload (see
 * RequestClaimService). A replay or a retry carries the same values; a new submission or click
 * does not.
 */
import type { BlockAction, ViewOutput } from "@slack/bolt";

/**
 * A view submission: the view's id and hash. Slack gives a view a new hash whenever it changes, so
 * each step of a modal has its own key; a submission answered with field errors gives its claim
 * back, so the corrected one (same id and hash) goes through.
 */
export function submissionKey(view: Pick<ViewOutput, "id" | "hash">): string {
  return `view:${view.id}:${view.hash}`;
}

/** A click (button, menu, select): who, which element, and Slack's action_ts and trigger_id of that click. */
export function actionKey(body: Pick<BlockAction, "user" | "trigger_id">, action: { action_id: string; action_ts?: string }): string {
  return `action:${body.user.id}:${action.action_id}:${action.action_ts ?? ""}:${body.trigger_id ?? ""}`;
}
