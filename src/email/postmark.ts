/**
 * Postmark's inbound webhook JSON (https://postmarkapp.com/developer/webhooks/inbound-webhook)
 * into an InboundMessage. Checked with zod; fields Postmark may send as null or leave out are
 * optional. Postmark's `MessageID` is its own id (the same on a webhook retry), so the email's
 * real Message-ID header wins when the Headers list has one.
 */
import { authEvidence } from "./trust.js";
import { z } from "zod";
import { emailText } from "../i18n/email.js";
import { htmlToText } from "./html.js";
import {
  InboundParseError,
  boundedText,
  cleanSubject,
  generatedMessageId,
  headerValue,
  messageIdsIn,
  normaliseMessageId,
  priorityFromHeaders,
  automaticReason,
  noAutoReplyReason,
  sender,
  stripQuotedReply,
  unique,
  type InboundMessage,
} from "./message.js";

const text = z.string().nullish();

export const postmarkInboundSchema = z
  .object({
    From: text,
    FromName: text,
    FromFull: z.object({ Email: text, Name: text }).loose().nullish(),
    To: text,
    Subject: text,
    MessageID: text,
    Date: text,
    TextBody: text,
    HtmlBody: text,
    StrippedTextReply: text,
    Headers: z.array(z.object({ Name: z.string(), Value: z.string().nullish() }).loose()).nullish(),
    Attachments: z
      .array(
        z
          .object({
            Name: text,
            ContentType: text,
            ContentLength: z.number().nonnegative().nullish(),
            Content: text,
          })
          .loose(),
      )
      .nullish(),
  })
  .loose()
  .refine((p) => ["From", "FromFull", "MessageID", "Headers", "TextBody", "HtmlBody"].some((k) => k in p), {
    message: "expected Postmark's fields (From, FromFull, Subject, MessageID, TextBody, HtmlBody, Headers, Attachments)",
  });

export type PostmarkInbound = z.infer<typeof postmarkInboundSchema>;

/** Parses the JSON text of a Postmark inbound webhook. */
export async function parsePostmarkJson(body: string): Promise<InboundMessage> {
  if (!body.trim()) throw new InboundParseError(emailText.invalid.emptyBody);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InboundParseError(emailText.invalid.badJson(error instanceof Error ? error.message : String(error)));
  }
  return parsePostmark(json);
}

export async function parsePostmark(json: unknown): Promise<InboundMessage> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InboundParseError(emailText.invalid.notPostmark("expected a JSON object"));
  }
  const result = postmarkInboundSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new InboundParseError(emailText.invalid.notPostmark(`${where}${issue?.message ?? "unexpected shape"}`));
  }
  const p = result.data;
  const headers = (p.Headers ?? []).map((h) => ({ name: h.Name, value: h.Value ?? "" }));
  const fromHeader = headerValue(headers, "message-id");
  const given = (fromHeader && normaliseMessageId(fromHeader)) || (p.MessageID ? normaliseMessageId(p.MessageID) : undefined);
  const from = sender(p.FromFull?.Email || p.From, p.FromFull?.Name || p.FromName, { ...(given ? { messageId: given } : {}), subject: cleanSubject(p.Subject) });
  const textBody = p.TextBody?.trim() ? boundedText(p.TextBody) : p.HtmlBody ? await htmlToText(p.HtmlBody) : "";
  const messageId =
    given ?? generatedMessageId({ fromEmail: from.email, date: p.Date ?? "", subject: p.Subject ?? "", body: p.TextBody || p.HtmlBody || "" });
  const stripped = p.StrippedTextReply ? boundedText(p.StrippedTextReply).trim() : undefined;
  return {
    format: "postmark",
    messageId,
    messageIdGenerated: !given,
    from,
    subject: cleanSubject(p.Subject),
    date: parseDate(p.Date),
    text: textBody,
    replyText: stripped ? stripped : stripQuotedReply(textBody),
    references: unique([...messageIdsIn(headerValue(headers, "in-reply-to")), ...messageIdsIn(headerValue(headers, "references"))]).filter(
      (id) => id !== messageId,
    ),
    attachments: (p.Attachments ?? []).map((a, i) => ({
      name: a.Name?.trim() || `attachment-${i + 1}`,
      contentType: a.ContentType || "application/octet-stream",
      size: a.ContentLength ?? (a.Content ? Math.floor((a.Content.length * 3) / 4) : 0),
    })),
    priority: priorityFromHeaders(headers),
    automatic: automaticReason(headers, from.email),
    noAutoReply: noAutoReplyReason(headers),
    auth: authEvidence(headers, true),
  };
}

function parseDate(raw: string | null | undefined): Date | null {
  if (!raw) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}
