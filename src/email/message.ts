/**
 * One inbound email, whatever it came as (raw MIME or a provider's JSON), and the pure rules that
 * turn the parsed parts into it: Message-IDs, sender, subject, priority, reply text, description.
 */
import { createHash } from "node:crypto";
import { canonicalEmail, isValidEmail } from "../domain/email.js";
import { MAX_DESCRIPTION_LENGTH, MAX_SUBJECT_LENGTH } from "../domain/ticket.js";
import { LIMITS } from "../domain/limits.js";
import { emailText } from "../i18n/email.js";
import type { AuthEvidence } from "./trust.js";

export type InboundFormat = "rfc822" | "postmark";
export type EmailPriority = "high" | "normal";
export type InboundAttachment = { name: string; contentType: string; size: number };
export type HeaderField = { name: string; value: string };

export type InboundMessage = {
  format: InboundFormat;
  /** without angle brackets; generated from the content when the email had none */
  messageId: string;
  messageIdGenerated: boolean;
  from: { email: string; name: string | null };
  /** trimmed, one line, at most MAX_SUBJECT_LENGTH, "(no subject)" when empty */
  subject: string;
  date: Date | null;
  /** the whole text body (HTML converted to text when there is no text part) */
  text: string;
  /** the new part of a reply: the provider's stripped reply, else the text without the quoted part */
  replyText: string;
  /** Message-IDs of In-Reply-To then References, without angle brackets, no repeats */
  references: string[];
  attachments: InboundAttachment[];
  /** "high" from X-Priority 1/2, Importance: high, Priority: urgent, X-MSMail-Priority: high */
  priority: EmailPriority;
  /** why the email was written by a machine (out-of-office, bounce, bulk), or null for a person's email */
  automatic: string | null;
  /** why no automatic reply may answer it though a person may have sent it (list or bulk mail), or null: see noAutoReplyReason */
  noAutoReply?: string | null;
  /** what it carries about its sender's authentication (judged by src/email/trust.ts) */
  auth?: AuthEvidence;
};

/** What could be read of an email that is refused, for its record (see EmailIntakeService.refuse). */
export type KnownParts = { messageId?: string; fromEmail?: string; fromName?: string | null; subject?: string };

/**
 * Why a body is not an email we can take: answered with 400 and this message, and recorded as a
 * refusal. `problem` says which: the body is not an email at all, or its sender is missing or
 * invalid (then `known` holds what was read: Message-ID, subject, the address as given).
 */
export class InboundParseError extends Error {
  override readonly name = "InboundParseError";
  constructor(
    message: string,
    readonly problem: "unreadable" | "sender" = "unreadable",
    readonly known: KnownParts = {},
  ) {
    super(message);
  }
}

const MAX_MESSAGE_ID_LENGTH = 512;

/**
 * The most characters of an email's text kept past parsing: a ticket holds MAX_DESCRIPTION_LENGTH,
 * so a 9 MB body is cut here, before the reply rules walk its lines. A little more than the ticket
 * holds, so that ticketBody still sees that it was cut and says so.
 */
export const TEXT_KEPT = MAX_DESCRIPTION_LENGTH + 1_000;

/** The start of a text, at most TEXT_KEPT characters (the rest is never shown). */
export function boundedText(text: string, max = TEXT_KEPT): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** "<a@b>" -> "a@b"; an id too long to index is replaced by its hash (still stable across retries). */
export function normaliseMessageId(raw: string): string | undefined {
  const id = raw.trim().replace(/^<+/, "").replace(/>+$/, "").trim();
  if (!id || /\s/.test(id)) return undefined;
  return id.length > MAX_MESSAGE_ID_LENGTH ? `sha256-${sha256(id)}` : id;
}

/** The Message-IDs in an In-Reply-To or References header: "<a@x> <b@y>", also without brackets. */
export function messageIdsIn(header: string | readonly string[] | undefined | null): string[] {
  if (!header) return [];
  const text = typeof header === "string" ? header : header.join(" ");
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  const ids = bracketed.length ? bracketed : text.split(/[\s,]+/);
  return unique(ids.map((id) => normaliseMessageId(id)).filter((id): id is string => Boolean(id)));
}

/**
 * A Message-ID for an email that has none, from what a provider's retry sends again unchanged
 * (sender, date, subject, body), so that the retry is still recognised as a duplicate.
 */
export function generatedMessageId(parts: { fromEmail: string; date: string; subject: string; body: string }): string {
  return `generated-${sha256([parts.fromEmail.toLowerCase(), parts.date, parts.subject, parts.body].join("\u0000")).slice(0, 40)}@inbound.invalid`;
}

/**
 * The sender, checked, its domain in the stored form ("hans@xn--bcher-kva.de" is
 * "hans@bücher.de"): a missing or invalid address is an InboundParseError carrying `known`.
 */
export function sender(
  address: string | null | undefined,
  name: string | null | undefined,
  known: Omit<KnownParts, "fromEmail" | "fromName"> = {},
): { email: string; name: string | null } {
  const email = canonicalEmail(address ?? "");
  const fail = (message: string) => new InboundParseError(message, "sender", { ...known, fromEmail: email.slice(0, 200), fromName: name?.trim().slice(0, 200) || null });
  if (!email) throw fail(emailText.invalid.noSender);
  if (!isValidEmail(email)) throw fail(emailText.invalid.badSender(email.slice(0, 200)));
  const display = oneLine(name ?? "").replace(/^["']+|["']+$/g, "").trim();
  return { email, name: display && display.toLowerCase() !== email.toLowerCase() ? display.slice(0, 2 * LIMITS.name) : null };
}

/** One line, trimmed, capped at the ticket limit; "(no subject)" when empty. */
export function cleanSubject(raw: string | null | undefined): string {
  const s = oneLine(raw ?? "");
  if (!s) return emailText.ticket.noSubject;
  return s.length > MAX_SUBJECT_LENGTH ? `${s.slice(0, MAX_SUBJECT_LENGTH - 1).trimEnd()}…` : s;
}

/** Whether the sender marked the email urgent, in any of the headers mail programs use. */
export function priorityFromHeaders(headers: readonly HeaderField[]): EmailPriority {
  for (const { name, value } of headers) {
    const n = name.trim().toLowerCase();
    const v = value.trim().toLowerCase();
    if (n === "x-priority" && /^[12]\b/.test(v)) return "high";
    if ((n === "importance" || n === "x-msmail-priority") && v.startsWith("high")) return "high";
    if (n === "priority" && v.startsWith("urgent")) return "high";
  }
  return "normal";
}

/**
 * Why an email was sent by a machine rather than a person, or null. Such mail opens no ticket
 * and comments on none: an out-of-office answer to a ticket email would otherwise open a ticket,
 * and two auto-responders would keep each other going. Signs: RFC 3834's Auto-Submitted (any
 * value but "no"), the X-Autoreply / X-Autorespond headers, Precedence bulk/junk/auto_reply,
 * a delivery report (multipart/report), and the mailer-daemon / postmaster senders of bounces.
 */
export function automaticReason(headers: readonly HeaderField[], fromEmail: string): string | null {
  const auto = headerValue(headers, "auto-submitted")?.trim().toLowerCase();
  if (auto && !auto.startsWith("no")) return `Auto-Submitted: ${auto}`;
  if (headerValue(headers, "x-autoreply") !== undefined || headerValue(headers, "x-autorespond") !== undefined) return "an auto-reply header";
  const precedence = headerValue(headers, "precedence")?.trim().toLowerCase();
  if (precedence && /^(bulk|junk|auto_reply)\b/.test(precedence)) return `Precedence: ${precedence}`;
  if (/^multipart\/report\b/i.test(headerValue(headers, "content-type")?.trim() ?? "")) return "a delivery report";
  if (/^(mailer-daemon|postmaster)@/i.test(fromEmail)) return "a delivery failure notice";
  return null;
}

/**
 * Why an email must get no automatic answer (no acknowledgement), though it still opens a ticket,
 * or null: mail from a list or sent in bulk (List-Id, List-Unsubscribe, Precedence: list), an empty
 * Return-Path (RFC 3834 §2: never answer the null sender), or a sender that asked for none
 * (X-Auto-Response-Suppress, Microsoft's). Not machine mail: a person's question can reach the
 * help address through a list (a Google Group, a distribution list), and it should open a ticket.
 */
export function noAutoReplyReason(headers: readonly HeaderField[]): string | null {
  if (headerValue(headers, "list-id") !== undefined) return "List-Id";
  if (headerValue(headers, "list-unsubscribe") !== undefined) return "List-Unsubscribe";
  const precedence = headerValue(headers, "precedence")?.trim().toLowerCase();
  if (precedence && /^(list|bulk|junk)\b/.test(precedence)) return `Precedence: ${precedence}`;
  if (headerValue(headers, "return-path")?.trim() === "<>") return "Return-Path: <>";
  const suppress = headerValue(headers, "x-auto-response-suppress")?.trim();
  if (suppress && !/^none$/i.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  return null;
}

/** The value of the first header with this name (any case). */
export function headerValue(headers: readonly HeaderField[], name: string): string | undefined {
  const key = name.toLowerCase();
  return headers.find((h) => h.name.trim().toLowerCase() === key)?.value;
}

/**
 * The new part of a reply: the text above the quoted message. Cuts at the first line that starts
 * a quote ("On Mon, Ann wrote:", "-----Original Message-----", an Outlook "From:" block after a
 * separator, "> " lines). Conservative: when the cut would leave nothing, the whole text is kept.
 */
export function stripQuotedReply(text: string): string {
  const lines = normaliseNewlines(text).split("\n");
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const next = (lines[i + 1] ?? "").trim();
    if (
      /^-{2,}\s*(original message|forwarded message)\s*-{2,}$/i.test(line) ||
      /^_{10,}$/.test(line) ||
      /^on\b.{0,300}\bwrote:$/i.test(line) ||
      (/^on\b.{0,300}/i.test(line) && /^.{0,200}wrote:$/i.test(next) && !/^>/.test(next)) ||
      /^(am|le|il|el)\b.{0,300}(schrieb|a écrit|ha scritto|escribió)\s*:$/i.test(line) ||
      (/^from:\s/i.test(line) && lines.slice(i + 1, i + 5).some((l) => /^(sent|date|subject|to):\s/i.test(l.trim()))) ||
      /^>/.test(line)
    ) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end).join("\n").trim();
  return kept || text.trim();
}

/**
 * The ticket description (or comment): the text, then a line naming the attachments that were not
 * stored, within MAX_DESCRIPTION_LENGTH (the text is cut first, the note is kept).
 */
export function ticketBody(text: string, attachments: readonly InboundAttachment[], max = MAX_DESCRIPTION_LENGTH): string {
  const body = normaliseNewlines(text).trim() || emailText.ticket.noText;
  let note = attachments.length ? emailText.ticket.attachmentsNotStored(attachments.map((a) => a.name)) : "";
  if (note.length > max / 4) note = `${note.slice(0, Math.floor(max / 4) - 1)}…`;
  const room = max - (note ? note.length + 2 : 0);
  const cutBody = body.length > room ? `${body.slice(0, room - emailText.ticket.cut.length - 2).trimEnd()}\n\n${emailText.ticket.cut}` : body;
  return note ? `${cutBody}\n\n${note}` : cutBody;
}

/** First and last name for a contact made from an email: the display name, else the address's local part. */
export function contactNames(from: { email: string; name: string | null }): { firstName: string; lastName: string } {
  const cap = (s: string) => s.slice(0, LIMITS.name).trim();
  let display = (from.name ?? "").trim();
  // "Roe, Jane" (Outlook's directory order)
  const comma = /^([^,]+),\s*([^,]+)$/.exec(display);
  if (comma) display = `${comma[2]} ${comma[1]}`;
  if (!display || display.includes("@")) {
    const local = from.email.slice(0, from.email.lastIndexOf("@")).replace(/\+.*$/, "");
    display = local
      .split(/[._\-]+/)
      .filter(Boolean)
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join(" ");
  }
  const parts = display.split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { firstName: cap(from.email), lastName: "" };
  if (parts.length === 1) return { firstName: cap(parts[0]!), lastName: "" };
  return { firstName: cap(parts.slice(0, -1).join(" ")), lastName: cap(parts.at(-1)!) };
}

export function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

export function normaliseNewlines(s: string): string {
  return s.replace(/\r\n?/g, "\n");
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
