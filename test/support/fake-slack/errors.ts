/**
 * A Web API failure, answered as `{ ok: false, error: code, response_metadata: { messages } }`
 * with HTTP 200, the way Slack answers every platform error except rate limiting.
 */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: readonly string[] = [],
  ) {
    super(messages.length > 0 ? `${code}: ${messages.join("; ")}` : code);
    this.name = "SlackApiError";
  }
}
