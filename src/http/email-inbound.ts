/**
 * POST /email/inbound: a mail provider hands the app one email per request, either raw
 * (Content-Type: message/rfc822) or as Postmark's inbound webhook JSON (application/json).
 *
 * Answers: 404 while INBOUND_EMAIL_SECRET is unset (the feature is off); 401 without the secret;
 * 415 for another content type; 413 over INBOUND_EMAIL_MAX_BYTES (reading stops there); 400 for a
 * body that is not an email we can take (the reason in words); 200 {outcome, ticketNumber?} for
 * every email taken, refusals included, so that the provider does not retry them; 500 only for an
 * unexpected failure, when nothing was written and a retry is what we want.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpRoute } from "../slack/bolt-app.js";
import type { FeatureContext } from "../features.js";
import type { EmailIntakeService } from "../services/tickets/email-intake.js";
import { InboundParseError, type InboundMessage } from "../email/message.js";
import { parseMime } from "../email/mime.js";
import { parsePostmarkJson } from "../email/postmark.js";
import { emailText } from "../i18n/email.js";

export const EMAIL_INBOUND_PATH = "/email/inbound";

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

/** Reads the body, stopping as soon as it passes `max` bytes (then TooLarge). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
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
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => finish(() => resolve(Buffer.concat(chunks, size))));
    req.once("error", (error) => finish(() => reject(error)));
    req.once("aborted", () => finish(() => reject(new Error("request aborted"))));
  });
}

function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

/** Answers before the body was read whole: say so, and drop the connection once the answer is out. */
function answerAndClose(req: IncomingMessage, res: ServerResponse, status: number, body: object): void {
  res.once("finish", () => req.destroy());
  answer(res, status, body, { connection: "close" });
}

export function emailInboundRoute(ctx: FeatureContext, intake: EmailIntakeService): HttpRoute {
  const { secret, maxBytes } = ctx.config.inboundEmail;
  return {
    path: EMAIL_INBOUND_PATH,
    method: "POST",
    handler: async (req, res) => {
      if (!secret) return answerAndClose(req, res, 404, { error: emailText.http.disabled });
      if (!offeredSecrets(req.headers).some((s) => secretMatches(s, secret))) {
        return answerAndClose(req, res, 401, { error: emailText.http.unauthorized });
      }
      const kind = bodyKind(req.headers["content-type"]);
      if (!kind) return answerAndClose(req, res, 415, { error: emailText.http.unsupportedType(req.headers["content-type"] ?? "") });
      const declared = Number(req.headers["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) return answerAndClose(req, res, 413, { error: emailText.http.tooLarge(maxBytes) });

      let body: Buffer;
      try {
        body = await readBody(req, maxBytes);
      } catch (error) {
        if (error instanceof TooLarge) return answerAndClose(req, res, 413, { error: emailText.http.tooLarge(maxBytes) });
        ctx.logger.warn(`POST ${EMAIL_INBOUND_PATH}: the body could not be read`, error);
        if (!res.headersSent && !res.destroyed) answerAndClose(req, res, 400, { error: emailText.invalid.emptyBody });
        return;
      }

      let message: InboundMessage;
      try {
        message = kind === "rfc822" ? await parseMime(body) : await parsePostmarkJson(body.toString("utf8"));
      } catch (error) {
        if (error instanceof InboundParseError) return answer(res, 400, { error: error.message });
        throw error;
      }

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
