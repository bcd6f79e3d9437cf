import { describe, expect, it } from "vitest";
import { ErrorCode } from "@slack/web-api";
import { isSlackUnavailable, slackFailure } from "../../src/slack/slack-errors.js";

const coded = (code: string, more: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...more });

describe("what a failed Slack call means for trying again", () => {
  it("calls Slack unavailable for a dropped connection, HTTP 5xx and 429, and Slack's own 'not now' errors", () => {
    expect(slackFailure(coded(ErrorCode.RequestError))).toEqual({ kind: "unavailable", code: "request_error" });
    expect(slackFailure(coded(ErrorCode.HTTPError, { statusCode: 503 }))).toEqual({ kind: "unavailable", code: "http_503" });
    expect(slackFailure(coded(ErrorCode.RateLimitedError, { retryAfter: 30 }))).toEqual({ kind: "unavailable", code: "ratelimited", retryAfterMs: 30_000 });
    expect(slackFailure(coded(ErrorCode.PlatformError, { data: { error: "internal_error" } })).kind).toBe("unavailable");
    expect(slackFailure(new TypeError("fetch failed")).kind).toBe("unavailable");
    expect(isSlackUnavailable(coded(ErrorCode.PlatformError, { data: { error: "fatal_error" } }))).toBe(true);
  });

  it("tells a refused token from a call Slack refuses for good", () => {
    expect(slackFailure(coded(ErrorCode.PlatformError, { data: { error: "invalid_auth" } })).kind).toBe("auth");
    expect(slackFailure(coded(ErrorCode.PlatformError, { data: { error: "channel_not_found" } }))).toEqual({ kind: "refused", code: "channel_not_found" });
    expect(slackFailure(coded(ErrorCode.HTTPError, { statusCode: 404 })).kind).toBe("refused");
    expect(isSlackUnavailable(coded(ErrorCode.PlatformError, { data: { error: "message_not_found" } }))).toBe(false);
  });
});
