/**
 * A raw RFC 5322 message (Content-Type: message/rfc822), parsed with mailparser into an
 * InboundMessage.
 *
 * mailparser's streaming MailParser rather than simpleParser: simpleParser keeps every
 * attachment's content in memory (and writes inline images into the HTML as data: URLs), while a
 * ticket only needs an attachment's name, type and size, so the content is read through and
 * dropped here. HTML is turned into text by our bounded converter (html.ts), not by mailparser's
 * (skipHtmlToText), which builds the whole document tree.
 */
import { authEvidence } from "./trust.js";
import { MailParser, type AddressObject, type AttachmentStream, type HeaderLines, type MessageText } from "mailparser";
import { emailText } from "../i18n/email.js";
import { htmlToText } from "./html.js";
import {
  InboundParseError,
  boundedText,
  cleanSubject,
  generatedMessageId,
  messageIdsIn,
  normaliseMessageId,
  priorityFromHeaders,
  automaticReason,
  noAutoReplyReason,
  sender,
  stripQuotedReply,
  unique,
  type HeaderField,
  type InboundAttachment,
  type InboundMessage,
} from "./message.js";

/** What the parser gave: the header fields it decoded, the raw header lines, text, HTML, attachments. */
type Parsed = {
  from: AddressObject | undefined;
  subject: string | undefined;
  date: Date | undefined;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string | string[] | undefined;
  headerLines: HeaderLines;
  text: string;
  html: string;
  attachments: (InboundAttachment & { inlineRelated: boolean })[];
};

function parse(raw: Buffer): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, checksumAlgo: false });
    let text = "";
    let html = "";
    const attachments: Parsed["attachments"] = [];
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      parser.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    parser.on("error", fail);
    parser.on("data", (data: AttachmentStream | MessageText) => {
      if (data.type === "text") {
        text = data.text ?? "";
        html = data.html ?? "";
        return;
      }
      // Read the content through without keeping it: its size is known at the end.
      const index = attachments.length;
      attachments.push({
        name: data.filename?.trim() || `attachment-${index + 1}`,
        contentType: data.contentType,
        size: 0,
        inlineRelated: data.contentDisposition === "inline" && Boolean(data.related),
      });
      data.content.on("end", () => {
        attachments[index]!.size = data.size ?? 0;
        data.release?.();
      });
      data.content.on("error", fail);
      data.content.resume();
    });
    parser.on("end", () => {
      if (settled) return;
      settled = true;
      resolve({
        from: parser.from,
        subject: parser.subject,
        date: parser.date,
        messageId: parser.messageId,
        inReplyTo: parser.inReplyTo,
        references: parser.references,
        headerLines: parser.headerLines || [],
        text,
        html,
        attachments,
      });
    });
    void feed(parser, raw).catch(fail);
  });
}

/** Bytes handed to the parser at a time: one 9 MB write kept the event loop busy for ~50 ms. */
const SLICE = 64 * 1024;

/** Writes `raw` into the parser a slice at a time, letting other work run (and the parser drain) in between. */
async function feed(parser: MailParser, raw: Buffer): Promise<void> {
  for (let at = 0; at < raw.length; at += SLICE) {
    if (parser.destroyed) return;
    const more = parser.write(raw.subarray(at, at + SLICE));
    await new Promise<void>((resolve) => (more ? setImmediate(resolve) : parser.once("drain", resolve)));
  }
  parser.end();
}

export async function parseMime(raw: Buffer): Promise<InboundMessage> {
  if (raw.findIndex((byte) => byte > 0x20) < 0) throw new InboundParseError(emailText.invalid.emptyBody);
  let mail: Parsed;
  try {
    mail = await parse(raw);
  } catch (error) {
    throw new InboundParseError(emailText.invalid.badMime(error instanceof Error ? error.message : String(error)));
  }
  const headers = headerFields(mail.headerLines);
  if (headers.length === 0) throw new InboundParseError(emailText.invalid.notMime);

  const given = mail.messageId ? normaliseMessageId(mail.messageId) : undefined;
  const subject = cleanSubject(mail.subject);
  const first = firstAddress(mail.from);
  const from = sender(first?.address, first?.name, { ...(given ? { messageId: given } : {}), subject });
  const text = mail.text.trim() ? boundedText(mail.text) : mail.html ? await htmlToText(mail.html) : "";
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  const messageId =
    given ?? generatedMessageId({ fromEmail: from.email, date: headerRaw(headers, "date") ?? "", subject: mail.subject ?? "", body: mail.text || mail.html });
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
    attachments: mail.attachments.filter((a) => !a.inlineRelated).map(({ name, contentType, size }) => ({ name, contentType, size })),
    priority: priorityFromHeaders(headers),
    automatic: automaticReason(headers, from.email),
    noAutoReply: noAutoReplyReason(headers),
    auth: authEvidence(headers, false),
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
function headerFields(lines: HeaderLines): HeaderField[] {
  const out: HeaderField[] = [];
  for (const { key, line } of lines) {
    if (!key) continue;
    const colon = line.indexOf(":");
    out.push({ name: key, value: colon >= 0 ? line.slice(colon + 1).replace(/\r?\n[ \t]+/g, " ").trim() : "" });
  }
  return out;
}

function headerRaw(headers: readonly HeaderField[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}
