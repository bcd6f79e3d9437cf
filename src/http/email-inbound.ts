/**
 * POST /email/inbound: a mail provider hands the app one email per request, either raw
 * (Content-Type: message/rfc822) or as Postmark's inbound webhook JSON (application/json).
 *
 * Answers: 404 while INBOUND_EMAIL_SECRET is unset (the feature is off); 401 without the secret;
 * 415 for another content type; 413 over INBOUND_EMAIL_MAX_BYTES (reading stops there); 503 with
 * Retry-After while other emails use the memory set aside for parsing (see IntakeGate; the body is
 * not read, and the provider sends the email again later); 400 for a body that is not an email we
 * can take (the reason in words); 200 {outcome, ticketNumber?} for every email taken, refusals
 * included, so that the provider does not retry them; 500 only for an unexpected failure, when
 * nothing was written and a retry is what we want. Every 400, 413 and 415 is also recorded as a
 * refused email (its reason code and text, and what could be read of it), so that admins find it
 * with /ticket refused; 401 and 404 are not (they come from someone without the secret).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpRoute } from "../slack/bolt-app.js";
import type { FeatureContext } from "../features.js";
import type { EmailIntakeService, Refusal } from "../services/tickets/email-intake.js";
import { InboundParseError, type InboundMessage } from "../email/message.js";
import { parseMime } from "../email/mime.js";
import { parsePostmarkJson } from "../email/postmark.js";
import { emailText } from "../i18n/email.js";
import { IntakeGate, type GateOptions } from "./intake-gate.js";

export const EMAIL_INBOUND_PATH = "/email/inbound";

/**
 * Bytes of email read and parsed at once: 16 MB, or one email of INBOUND_EMAIL_MAX_BYTES when that
 * is larger. Parsing a large email costs several times its size at the peak (the body, the decoded
 * text, the parser's pieces and garbage not yet collected: ~75 MB of RSS for a 9.5 MB email), so
 * with the default 10 MB limit the largest emails go one at a time, ordinary ones many at once.
 */
export const PARSE_BUDGET_BYTES = 16 * 1024 * 1024;
/** How long an email waits for room before it is answered 503, and what Retry-After then says. */
export const GATE_WAIT_MS = 10_000;
export const RETRY_AFTER_SECONDS = 30;
const MAX_WAITING = 100;

export function gateOptions(maxBytes: number): GateOptions {
  return { budgetBytes: Math.max(PARSE_BUDGET_BYTES, maxBytes), waitMs: GATE_WAIT_MS, maxWaiting: MAX_WAITING };
}

export type BodyKind = "rfc822" | "postmark";

/** The body format a Content-Type names, or undefined for one we do not take. */
export function bodyKind(contentType: string | undefined): BodyKind | undefined {
  const media = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (media === "message/rfc822") return "rfc822";
  if (media === "application/json") return "postmark";
  return undefined;
}

/** The secrets a request offers: Bearer token, HTTP Basic password (any user), X-Inbound-Secret. */
export function offeredSecrets(headers: IncomingMessage["headers"]): string[] {
  const out: string[] = [];
  const auth = headers.authorization?.trim() ?? "";
  const [scheme, ...rest] = auth.split(/\s+/);
  const value = rest.join(" ");
  if (scheme && /^bearer$/i.test(scheme) && value) out.push(value);
  if (scheme && /^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) out.push(decoded.slice(colon + 1));
  }
  const header = headers["x-inbound-secret"];
  for (const h of Array.isArray(header) ? header : header ? [header] : []) out.push(h.trim());
  return out.filter(Boolean);
}

/** Constant-time comparison: both sides hashed first, so neither length nor content leaks. */
export function secretMatches(offered: string, secret: string): boolean {
  const a = createHash("sha256").update(offered, "utf8").digest();
  const b = createHash("sha256").update(secret, "utf8").digest();
  return timingSafeEqual(a, b);
}

class TooLarge extends Error {}

/**
 * Reads the body, stopping as soon as it passes `max` bytes (then TooLarge). With a Content-Length
 * (which Node holds the body to) the chunks are copied into one buffer of that size as they come,
 * so the body is never in memory twice.
 */
function readBody(req: IncomingMessage, max: number, declared: number | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const whole = declared !== undefined && declared <= max ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        finish(() => reject(new TooLarge()));
        return;
      }
      if (whole) chunk.copy(whole, size - chunk.length);
      else chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => finish(() => resolve(whole ? whole.subarray(0, size) : Buffer.concat(chunks, size))));
    req.once("error", (error) => finish(() => reject(error)));
    req.once("aborted", () => finish(() => reject(new Error("request aborted"))));
  });
}

function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

/** Answers before the body was read whole: say so, and drop the connection once the answer is out. */
function answerAndClose(req: IncomingMessage, res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.once("finish", () => req.destroy());
  answer(res, status, body, { connection: "close", ...headers });
}

/** What became of the body: the email, or the answer to give (and the refusal to record, if any). */
type Read =
  | { ok: true; message: InboundMessage }
  | { ok: false; status: number; error: string; close: boolean; refusal?: Refusal };

/** Reads the body and parses it. */
async function readAndParse(req: IncomingMessage, kind: BodyKind, o: { maxBytes: number; declared: number | undefined }, ctx: RouteContext): Promise<Read> {
  const { maxBytes, declared } = o;
  let body: Buffer;
  try {
    body = await readBody(req, maxBytes, declared);
  } catch (error) {
    const tooLarge = emailText.http.tooLarge(maxBytes);
    if (error instanceof TooLarge) return { ok: false, status: 413, error: tooLarge, close: true, refusal: { outcome: "refused_too_large", reason: tooLarge, format: kind, known: {} } };
    // The sender hung up or the connection failed: nothing was refused, the provider sends it again.
    ctx.logger.warn(`POST ${EMAIL_INBOUND_PATH}: the body could not be read`, error);
    return { ok: false, status: 400, error: emailText.invalid.emptyBody, close: true };
  }
  try {
    return { ok: true, message: kind === "rfc822" ? await parseMime(body) : await parsePostmarkJson(body.toString("utf8")) };
  } catch (error) {
    if (!(error instanceof InboundParseError)) throw error;
    const { known } = error;
    const basis = known.messageId ?? createHash("sha256").update(body).digest("hex");
    const outcome = error.problem === "sender" ? "refused_sender" : "refused_unreadable";
    return { ok: false, status: 400, error: error.message, close: false, refusal: { outcome, reason: error.message, format: kind, known, basis } };
  }
}

/** What the route needs of the app: its configuration and logger, and the intake service. */
type RouteContext = Pick<FeatureContext, "config" | "logger">;

export function emailInboundRoute(
  ctx: RouteContext,
  intake: Pick<EmailIntakeService, "receive" | "refuse">,
  gate = new IntakeGate(gateOptions(ctx.config.inboundEmail.maxBytes)),
): HttpRoute {
  const { secret, maxBytes } = ctx.config.inboundEmail;

  /**
   * Answers a refusal, after recording it so that /ticket refused lists it. Requests without the
   * secret are not recorded: anyone could send them, and they are no email of this app's.
   */
  const refuse = async (req: IncomingMessage, res: ServerResponse, r: { status: number; error: string; close: boolean; refusal?: Refusal }) => {
    if (r.refusal) {
      await intake.refuse(r.refusal).catch((error: unknown) => ctx.logger.error(`POST ${EMAIL_INBOUND_PATH}: the refusal (${r.refusal?.outcome}) could not be recorded`, error));
    }
    if (r.close) answerAndClose(req, res, r.status, { error: r.error });
    else answer(res, r.status, { error: r.error });
  };

  return {
    path: EMAIL_INBOUND_PATH,
    method: "POST",
    handler: async (req, res) => {
      if (!secret) return answerAndClose(req, res, 404, { error: emailText.http.disabled });
      if (!offeredSecrets(req.headers).some((s) => secretMatches(s, secret))) {
        return answerAndClose(req, res, 401, { error: emailText.http.unauthorized });
      }
      const kind = bodyKind(req.headers["content-type"]);
      if (!kind) {
        const error = emailText.http.unsupportedType(req.headers["content-type"] ?? "");
        return refuse(req, res, { status: 415, error, close: true, refusal: { outcome: "refused_content_type", reason: error, format: "unknown", known: {} } });
      }
      const length = req.headers["content-length"];
      const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
      if (declared !== undefined && declared > maxBytes) {
        const error = emailText.http.tooLarge(maxBytes);
        return refuse(req, res, { status: 413, error, close: true, refusal: { outcome: "refused_too_large", reason: error, format: kind, known: {} } });
      }

      // Room to read and parse it (the body is not read while it waits), or 503: send it later.
      const release = await gate.enter(declared ?? maxBytes, (cancel) => res.once("close", cancel));
      if (!release) {
        if (res.destroyed) return; // the sender hung up while it waited
        const { usedBytes, waiting } = gate.load;
        ctx.logger.warn(`POST ${EMAIL_INBOUND_PATH}: busy (${usedBytes} bytes of email being parsed, ${waiting} waiting); answered 503, Retry-After ${RETRY_AFTER_SECONDS} s`);
        return answerAndClose(req, res, 503, { error: emailText.http.busy(RETRY_AFTER_SECONDS) }, { "retry-after": String(RETRY_AFTER_SECONDS) });
      }
      let read: Read;
      try {
        // Only the parsed message outlives this call: the body is garbage once it returns.
        read = await readAndParse(req, kind, { maxBytes, declared }, ctx);
      } finally {
        release();
      }
      if (!read.ok) return refuse(req, res, read);
      const { message } = read;

      try {
        const result = await intake.receive(message);
        answer(res, 200, result);
      } catch (error) {
        ctx.logger.error(`POST ${EMAIL_INBOUND_PATH}: the email from ${message.from.email} (Message-ID ${message.messageId}) failed`, error);
        answer(res, 500, { error: emailText.http.failed });
      }
    },
  };
}
