/**
 * What the app counts for the people who run it, as the app's parts see it: a small interface, so
 * that services, listeners and jobs do not depend on prom-client. The composition root (app.ts)
 * passes one implementation (src/metrics/prometheus.ts, one registry per app instance) to each.
 */

/** What kind of request the app handled: Slack's (by payload type) or the email webhook's. */
export type RequestKind = "command" | "action" | "view" | "event" | "shortcut" | "options" | "other" | "email_inbound" | "portal";
/** ok: handled; refused: a request the app turned away (4xx: a bad signature, secret or body); error: it failed (5xx, a listener threw). */
export type RequestOutcome = "ok" | "refused" | "error";
/** ok; error: Slack answered ok:false (the code in `error`); rate_limited: HTTP 429; http_error: another HTTP status; network_error: no answer. */
export type SlackCallOutcome = "ok" | "error" | "rate_limited" | "http_error" | "network_error";
export type ImportRowOutcome = "created" | "updated" | "unchanged" | "failed";

export type Metrics = {
  requestHandled(kind: RequestKind, outcome: RequestOutcome, seconds: number): void;
  /** `error`: Slack's error code when the outcome is "error" (channel_not_found…) */
  slackCall(method: string, outcome: SlackCallOutcome, error?: string): void;
  importRows(rows: Partial<Record<ImportRowOutcome, number>>): void;
  ticketOpened(source: string): void;
  summarySent(recipient: "dm" | "channel", outcome: "sent" | "failed"): void;
};

/** Counts nothing: for parts built outside an app (tests of one service, scripts). */
export const noMetrics: Metrics = {
  requestHandled: () => undefined,
  slackCall: () => undefined,
  importRows: () => undefined,
  ticketOpened: () => undefined,
  summarySent: () => undefined,
};
