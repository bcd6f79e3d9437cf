/**
 * Start-up's conversation with Slack, with every way it fails worded for the person starting the
 * app: Slack unreachable (network, SLACK_API_URL), a token Slack refuses (SLACK_BOT_TOKEN through
 * auth.test, which Bolt's init calls; SLACK_APP_TOKEN through apps.connections.open, before Socket
 * Mode's client would retry it forever), an HTTP error from something that is not Slack's API.
 */
import { ErrorCode, WebClient, type WebClientOptions } from "@slack/web-api";
import type { App } from "@slack/bolt";
import type { Config } from "../config.js";
import { StartupError, type SlackTokenVariable, type StartupProblem } from "../startup-error.js";

export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** The start-up problem a failed Web API call stands for, or undefined for anything else. */
export function slackStartupProblem(error: unknown, variable: SlackTokenVariable, apiUrl: string): StartupProblem | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown }; original?: unknown; statusCode?: unknown; retryAfter?: unknown } | undefined;
  switch (e?.code) {
    case ErrorCode.PlatformError:
      return { code: "slack_refused_token", variable, error: String(e.data?.error ?? "error") };
    case ErrorCode.RequestError:
      return { code: "slack_unreachable", url: apiUrl, cause: networkCause(e.original) };
    case ErrorCode.HTTPError:
      return { code: "slack_http_error", url: apiUrl, status: Number(e.statusCode) };
    case ErrorCode.RateLimitedError:
      return { code: "slack_rate_limited", seconds: Number(e.retryAfter) || 60 };
    default:
      return undefined;
  }
}

/** "ECONNREFUSED", "ENOTFOUND slack.example", "fetch failed": the most telling part of a network error. */
function networkCause(original: unknown): string {
  let e: unknown = original;
  for (let depth = 0; depth < 4 && e; depth++) {
    const x = e as { code?: unknown; hostname?: unknown; cause?: unknown; message?: unknown };
    if (typeof x.code === "string" && /^E[A-Z_]+$/.test(x.code)) return typeof x.hostname === "string" ? `${x.code} ${x.hostname}` : x.code;
    if (!x.cause) return typeof x.message === "string" ? x.message : String(e);
    e = x.cause;
  }
  return "no answer";
}

/** Runs Bolt's init (auth.test with SLACK_BOT_TOKEN); a failure becomes a StartupError naming the variable. */
export async function initSlack(app: App, config: Config): Promise<void> {
  try {
    await app.init();
  } catch (error) {
    throw asStartupError(error, "SLACK_BOT_TOKEN", config);
  }
}

/**
 * Socket Mode: asks Slack once for a connection with SLACK_APP_TOKEN. Bolt's Socket Mode client
 * would retry some refusals (not_allowed_token_type, an expired token) for ever, printing only
 * its own log lines; this way a wrong token stops start-up with one line.
 */
export async function checkAppToken(config: Config, clientOptions: WebClientOptions): Promise<void> {
  const appToken = config.slack.appToken;
  if (!appToken) return;
  try {
    await new WebClient(appToken, clientOptions).apps.connections.open({});
  } catch (error) {
    throw asStartupError(error, "SLACK_APP_TOKEN", config);
  }
}

function asStartupError(error: unknown, variable: SlackTokenVariable, config: Config): unknown {
  const problem = slackStartupProblem(error, variable, config.slack.apiUrl ?? DEFAULT_SLACK_API_URL);
  return problem ? new StartupError(problem, { cause: error }) : error;
}
