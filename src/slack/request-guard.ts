/**
 * The gate in front of Bolt's HTTPReceiver for POST /slack/events (HTTP mode). Bolt trusts that a
 * correctly signed body is one of Slack's payloads: a signed `payload=null` (or a JSON `null`)
 * made it throw outside any handler and the process exit, and a body of an unknown shape was left
 * unanswered until its 3 s timeout. Here every request is read once, within a size limit, and is
 * passed on to Bolt only when it is:
 *
 * - of a content type Slack sends (a form, or JSON), else 415;
 * - within the size limit, else 413 (Slack's payloads are far smaller);
 * - signed with SLACK_SIGNING_SECRET at a time within 5 minutes of now, in the past (as Bolt
 *   checks) or in the future (which Bolt lets through), else 401;
 * - a JSON object of a shape Slack sends, with the fields the app reads, else 400.
 *
 * Each refusal is one log line saying why. A wrong signature also says, at most once a minute,
 * to check SLACK_SIGNING_SECRET: that is how a mistyped secret shows up in HTTP mode.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { HTTPModuleFunctions, verifySlackRequest, type BufferedIncomingMessage, type Logger } from "@slack/bolt";
import { z } from "zod";
import { setupWarnings } from "../i18n/startup.js";

export type RequestGuardOptions = {
  endpoint: string;
  signingSecret: string;
  logger: Logger;
  /** Largest body taken, in bytes. */
  bodyLimit: number;
  /** ms since the epoch: the clock signatures are checked against (Slack's is the real one). */
  now?: () => number;
};

/** Slack's limit: a request more than 5 minutes from now, either way, is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** Bolt's own default; a modal of 100 inputs at 3,000 characters each is well under a megabyte. */
export const SLACK_BODY_LIMIT = 4 * 1024 * 1024;

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

const id = z.string().min(1);
const user = z.looseObject({ id });
const command = z.looseObject({
  command: id,
  text: z.string(),
  user_id: id,
  channel_id: id,
  trigger_id: id,
  response_url: z.string().min(1),
});
const view = z.looseObject({ id, callback_id: z.string(), state: z.looseObject({ values: z.record(z.string(), z.unknown()) }).optional() });
const interactions = {
  block_actions: z.looseObject({ user, actions: z.array(z.looseObject({ action_id: z.string(), type: z.string() })).min(1) }),
  view_submission: z.looseObject({ user, view: view.extend({ state: z.looseObject({ values: z.record(z.string(), z.unknown()) }) }) }),
  view_closed: z.looseObject({ user, view }),
  block_suggestion: z.looseObject({ user, action_id: z.string(), value: z.string() }),
  message_action: z.looseObject({ user, callback_id: id, trigger_id: id, channel: z.looseObject({ id }), message: z.looseObject({ ts: id }) }),
  event_callback: z.looseObject({ event: z.looseObject({ type: id }) }),
  url_verification: z.looseObject({ challenge: z.string() }),
} as const;

/** Why a parsed body is not one of Slack's payloads, or undefined when it is. */
export function shapeProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return `the payload is ${body === null ? "null" : Array.isArray(body) ? "an array" : `a ${typeof body}`}, not an object`;
  const b = body as Record<string, unknown>;
  const type = b.type;
  if (typeof type !== "string") {
    if (b.command === undefined) return "the payload has neither a type nor a command";
    const r = command.safeParse(b);
    return r.success ? undefined : `the slash command lacks ${issuePath(r.error)}`;
  }
  const schema = interactions[type as keyof typeof interactions];
  if (!schema) return undefined; // a kind the app has no listener for (shortcuts, app_rate_limited, …): Bolt acknowledges it
  const r = schema.safeParse(b);
  return r.success ? undefined : `the ${type} payload lacks ${issuePath(r.error)}`;
}

function issuePath(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue?.path.length ? issue.path.join(".") : "a required field";
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" });
  res.end(reason);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === "string" ? v : undefined;
}

export function guardSlackRequests(next: RequestListener, o: RequestGuardOptions): RequestListener {
  const now = o.now ?? Date.now;
  let lastSecretHint = Number.NEGATIVE_INFINITY;

  /** True when the request may go on to Bolt (its body is then buffered on `req.rawBody`). */
  async function check(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const no = (status: number, reason: string) => {
      o.logger.warn(`Refused a request to ${o.endpoint} (HTTP ${status}): ${reason}`);
      refuse(res, status, reason);
      return false;
    };
    const contentType = (header(req, "content-type") ?? "").trim().toLowerCase();
    const isForm = contentType === FORM;
    if (!isForm && contentType.split(";")[0]?.trim() !== JSON_TYPE) return no(415, `content type "${contentType.slice(0, 100)}" is neither ${FORM} nor ${JSON_TYPE}`);

    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, o.bodyLimit);
    } catch (error) {
      const e = error as { type?: unknown; statusCode?: unknown; message?: unknown };
      if (e.type === "entity.too.large" || e.statusCode === 413) return no(413, `the body is larger than ${o.bodyLimit} bytes`);
      return no(400, `the body could not be read (${String(e.message ?? error)})`);
    }
    const raw = buffered.rawBody.toString("utf8");
    // Slack's ssl_check is not signed; Bolt answers it and drops anything else in its body.
    if (isForm && new URLSearchParams(raw).get("ssl_check") === "1") return true;

    const signature = header(req, "x-slack-signature");
    const timestamp = Number(header(req, "x-slack-request-timestamp"));
    if (!signature || !Number.isInteger(timestamp)) return no(401, "the x-slack-signature or x-slack-request-timestamp header is missing");
    const nowSeconds = Math.floor(now() / 1000);
    if (Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
      return no(401, `x-slack-request-timestamp is ${Math.round((timestamp - nowSeconds) / 60)} minutes from now (more than 5): a replay, or this machine's clock is wrong`);
    }
    try {
      verifySlackRequest({ signingSecret: o.signingSecret, body: raw, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp }, nowMilliseconds: now() });
    } catch (error) {
      if (now() - lastSecretHint > 60_000) {
        lastSecretHint = now();
        o.logger.warn(setupWarnings.signatureMismatch);
      }
      return no(401, error instanceof Error ? error.message : "the signature does not match");
    }

    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch (error) {
      return no(400, `the body is not valid ${isForm ? "form data with a JSON payload" : "JSON"} (${error instanceof Error ? error.message : String(error)})`);
    }
    const problem = shapeProblem(body);
    return problem ? no(400, problem) : true;
  }

  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== o.endpoint) return next(req, res);
    check(req, res).then(
      (ok) => {
        if (!ok) return;
        try {
          next(req, res);
        } catch (error) {
          o.logger.error(`Handing a request to ${o.endpoint} to Bolt failed`, error);
          refuse(res, 500, "internal error");
        }
      },
      (error: unknown) => {
        o.logger.error(`Checking a request to ${o.endpoint} failed`, error);
        refuse(res, 500, "internal error");
      },
    );
  };
}
