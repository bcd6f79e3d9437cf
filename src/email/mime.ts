/** A raw RFC 5322 message (Content-Type: message/rfc822), parsed with mailparser into an InboundMessage. */
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { emailText } from "../i18n/email.js";
import {
  InboundParseError,
  cleanSubject,
  generatedMessageId,
  messageIdsIn,
  normaliseMessageId,
  priorityFromHeaders,
  automaticReason,
  sender,
  stripQuotedReply,
  unique,
  type HeaderField,
  type InboundMessage,
} from "./message.js";

export async function parseMime(raw: Buffer): Promise<InboundMessage> {
  if (raw.length === 0 || !raw.toString("latin1").trim()) throw new InboundParseError(emailText.invalid.emptyBody);
  let mail: ParsedMail;
  try {
    // skipTextToHtml / skipImageLinks: we keep text only, so spare the work.
    mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  } catch (error) {
    throw new InboundParseError(emailText.invalid.badMime(error instanceof Error ? error.message : String(error)));
  }
  const headers = headerFields(mail);
  if (headers.length === 0) throw new InboundParseError(emailText.invalid.notMime);

  const first = firstAddress(mail.from);
  const from = sender(first?.address, first?.name);
  const subject = cleanSubject(mail.subject);
  // mailparser converts an HTML-only body to text itself.
  const text = mail.text ?? "";
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  const given = mail.messageId ? normaliseMessageId(mail.messageId) : undefined;
  const messageId =
    given ?? generatedMessageId({ fromEmail: from.email, date: headerRaw(headers, "date") ?? "", subject: mail.subject ?? "", body: text || (mail.html || "") });
  return {
    format: "rfc822",
    messageId,
    messageIdGenerated: !given,
    from,
    subject,
    date,
    text,
    replyText: stripQuotedReply(text),
    references: unique([...messageIdsIn(mail.inReplyTo), ...messageIdsIn(mail.references)]).filter((id) => id !== messageId),
    attachments: mail.attachments
      .filter((a) => a.contentDisposition !== "inline" || !a.related)
      .map((a, i) => ({ name: a.filename?.trim() || `attachment-${i + 1}`, contentType: a.contentType, size: a.size })),
    priority: priorityFromHeaders(headers),
    automatic: automaticReason(headers, from.email),
  };
}

function firstAddress(from: AddressObject | undefined): { address?: string; name?: string } | undefined {
  const value = from?.value ?? [];
  // a group ("Team: a@x, b@y;") lists its members in .group
  for (const entry of value) {
    if (entry.address) return entry;
    const member = entry.group?.find((g) => g.address);
    if (member) return member;
  }
  return value[0];
}

/** Header lines as name/value pairs (unfolded), for the priority headers mailparser does not keep apart. */
function headerFields(mail: ParsedMail): HeaderField[] {
  const out: HeaderField[] = [];
  for (const { key, line } of mail.headerLines) {
    if (!key) continue;
    const colon = line.indexOf(":");
    out.push({ name: key, value: colon >= 0 ? line.slice(colon + 1).replace(/\r?\n[ \t]+/g, " ").trim() : "" });
  }
  return out;
}

function headerRaw(headers: readonly HeaderField[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}
