/**
 * What a failed Web API call means for trying again: Slack was not there (network, HTTP 5xx, HTTP
 * 429, internal_error...), so the same call may go through later; the token was refused, which
 * an admin fixes (then it goes through too); or Slack refused the call itself (channel_not_found,
 * invalid_blocks...), which no retry changes.
 */
import { ErrorCode } from "@slack/web-api";

export type SlackFailure = {
  kind: "unavailable" | "auth" | "refused";
  /** Slack's error code, or what went wrong on the way ("http_503", "request_error") */
  code: string;
  /** HTTP 429: how long Slack asked to wait */
  retryAfterMs?: number;
};

/** Slack's answers that mean "not now" rather than "no" (docs.slack.dev, Web API errors common to all methods). */
const NOT_NOW = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited", "rate_limited", "team_added_to_org"]);
const AUTH = new Set(["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "no_permission", "missing_scope", "not_allowed_token_type"]);

export function slackFailure(error: unknown): SlackFailure {
  const e = error as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; data?: { error?: unknown }; original?: unknown; name?: unknown };
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return { kind: "unavailable", code: "ratelimited", retryAfterMs: typeof e.retryAfter === "number" ? e.retryAfter * 1000 : undefined };
    case ErrorCode.RequestError:
      return { kind: "unavailable", code: "request_error" };
    case ErrorCode.HTTPError: {
      const status = typeof e.statusCode === "number" ? e.statusCode : 0;
      return { kind: status >= 500 || status === 408 || status === 429 ? "unavailable" : "refused", code: `http_${status}` };
    }
    case ErrorCode.PlatformError: {
      const code = typeof e.data?.error === "string" ? e.data.error : "unknown_error";
      return { kind: NOT_NOW.has(code) ? "unavailable" : AUTH.has(code) ? "auth" : "refused", code };
    }
  }
  // A download or upload of file content (fetch): a dropped connection or a timeout.
  if (error instanceof TypeError || (error as { name?: unknown })?.name === "AbortError" || (error as { name?: unknown })?.name === "TimeoutError") {
    return { kind: "unavailable", code: "request_error" };
  }
  return { kind: "refused", code: error instanceof Error ? error.message : String(error) };
}

/** Slack could not be reached or asked to come back later: worth saying so, and trying again. */
export function isSlackUnavailable(error: unknown): boolean {
  return slackFailure(error).kind === "unavailable";
}
