/**
 * Inbound email for tests: one description of an email, built as a raw RFC 5322 message or as
 * Postmark's inbound webhook JSON, and a helper that POSTs it to the app's /email/inbound.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";

export const INBOUND_SECRET = "inbound-secret-0123456789abcdef";

export type TestAttachment = { name: string; contentType: string; content: string };

export type TestEmail = {
  from: string;
  fromName?: string;
  to?: string;
  subject?: string;
  /** null: the email has no Message-ID header; undefined: a fresh random one */
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  date?: string;
  text?: string;
  html?: string;
  /** Postmark only: its StrippedTextReply */
  strippedReply?: string;
  attachments?: TestAttachment[];
  headers?: Record<string, string>;
};

export type Format = "rfc822" | "postmark";
export const FORMATS: readonly Format[] = ["rfc822", "postmark"];

/** Fills in the Message-ID once, so a built email can be sent twice unchanged. */
export function email(e: TestEmail): TestEmail {
  return { date: "Tue, 03 Mar 2026 10:00:00 +0000", to: "help@msp.example", ...e, messageId: e.messageId === undefined ? `${randomUUID()}@mail.test` : e.messageId };
}

const addr = (email: string, name?: string) => (name ? `"${name.replace(/"/g, '\\"')}" <${email}>` : email);
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n");
const encodedWord = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?utf-8?B?${Buffer.from(s, "utf8").toString("base64")}?=`);

/** The email as a raw MIME message (CRLF line ends, base64 bodies). */
export function rawMime(e: TestEmail): string {
  const lines: string[] = [];
  lines.push(`From: ${addr(e.from, e.fromName ? encodedWord(e.fromName) : undefined)}`);
  lines.push(`To: ${e.to ?? "help@msp.example"}`);
  if (e.subject !== undefined) lines.push(`Subject: ${encodedWord(e.subject)}`);
  if (e.date) lines.push(`Date: ${e.date}`);
  if (e.messageId) lines.push(`Message-ID: <${e.messageId}>`);
  if (e.inReplyTo) lines.push(`In-Reply-To: <${e.inReplyTo}>`);
  if (e.references?.length) lines.push(`References: ${e.references.map((r) => `<${r}>`).join(" ")}`);
  for (const [k, v] of Object.entries(e.headers ?? {})) lines.push(`${k}: ${v}`);
  lines.push("MIME-Version: 1.0");
  const parts: string[][] = [];
  if (e.text !== undefined) parts.push(["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", b64(e.text)]);
  if (e.html !== undefined) parts.push(["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", "", b64(e.html)]);
  const body = parts.length === 0 ? [["Content-Type: text/plain; charset=utf-8", "", ""]] : parts;
  const attachments = (e.attachments ?? []).map((a) => [
    `Content-Type: ${a.contentType}; name="${a.name}"`,
    `Content-Disposition: attachment; filename="${a.name}"`,
    "Content-Transfer-Encoding: base64",
    "",
    b64(a.content),
  ]);
  const alternative = body.length > 1 ? multipart("multipart/alternative", body) : body[0]!;
  const whole = attachments.length ? multipart("multipart/mixed", [alternative, ...attachments]) : alternative;
  return [...lines, ...whole].join("\r\n") + "\r\n";
}

function multipart(type: string, parts: string[][]): string[] {
  const boundary = `b-${randomUUID()}`;
  const out = [`Content-Type: ${type}; boundary="${boundary}"`, ""];
  for (const p of parts) out.push(`--${boundary}`, ...p);
  out.push(`--${boundary}--`, "");
  return out;
}

/** The email as Postmark's inbound webhook JSON. */
export function postmarkJson(e: TestEmail): Record<string, unknown> {
  const headers = [
    { Name: "Return-Path", Value: `<${e.from}>` },
    ...(e.messageId ? [{ Name: "Message-ID", Value: `<${e.messageId}>` }] : []),
    ...(e.inReplyTo ? [{ Name: "In-Reply-To", Value: `<${e.inReplyTo}>` }] : []),
    ...(e.references?.length ? [{ Name: "References", Value: e.references.map((r) => `<${r}>`).join(" ") }] : []),
    ...Object.entries(e.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
  ];
  return {
    FromName: e.fromName ?? "",
    MessageStream: "inbound",
    From: e.from,
    FromFull: { Email: e.from, Name: e.fromName ?? "", MailboxHash: "" },
    To: e.to ?? "help@msp.example",
    ToFull: [{ Email: e.to ?? "help@msp.example", Name: "", MailboxHash: "" }],
    Cc: "",
    CcFull: [],
    OriginalRecipient: e.to ?? "help@msp.example",
    Subject: e.subject ?? "",
    // Postmark's own id: the same on a webhook retry; not the email's Message-ID
    MessageID: e.messageId ? `pm-${e.messageId}` : "",
    ReplyTo: "",
    MailboxHash: "",
    Date: e.date ?? "",
    TextBody: e.text ?? "",
    HtmlBody: e.html ?? "",
    StrippedTextReply: e.strippedReply ?? "",
    Tag: "",
    Headers: headers,
    Attachments: (e.attachments ?? []).map((a) => ({
      Name: a.name,
      Content: Buffer.from(a.content, "utf8").toString("base64"),
      ContentType: a.contentType,
      ContentLength: Buffer.byteLength(a.content),
    })),
  };
}

export type PostOptions = {
  /** how the secret is sent; "none" sends none */
  auth?: "bearer" | "basic" | "header" | "none";
  secret?: string;
  contentType?: string;
};

export type PostResult = { status: number; body: Record<string, unknown>; text: string };

/** POSTs a body to http://127.0.0.1:<port>/email/inbound. */
export async function postInbound(port: number, body: string | Buffer, o: PostOptions = {}): Promise<PostResult> {
  const secret = o.secret ?? INBOUND_SECRET;
  const headers: Record<string, string> = {};
  if (o.contentType !== undefined) headers["content-type"] = o.contentType;
  switch (o.auth ?? "bearer") {
    case "bearer":
      headers.authorization = `Bearer ${secret}`;
      break;
    case "basic":
      headers.authorization = `Basic ${Buffer.from(`inbound:${secret}`).toString("base64")}`;
      break;
    case "header":
      headers["x-inbound-secret"] = secret;
      break;
    case "none":
      break;
  }
  const res = await fetch(`http://127.0.0.1:${port}/email/inbound`, { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body) });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed, text };
}

/** Sends the email in the given format, authenticated. */
export function sendEmail(port: number, format: Format, e: TestEmail, o: Omit<PostOptions, "contentType"> = {}): Promise<PostResult> {
  return format === "rfc822"
    ? postInbound(port, rawMime(e), { ...o, contentType: "message/rfc822" })
    : postInbound(port, JSON.stringify(postmarkJson(e)), { ...o, contentType: "application/json" });
}

/**
 * Streams `total` bytes with chunked encoding (no Content-Length), so that the app has to stop
 * reading on its own. Resolves with the status it answered, or "reset" if it dropped the socket
 * before answering.
 */
export function postChunked(port: number, total: number, contentType: string): Promise<number | "reset"> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/email/inbound", method: "POST", headers: { "content-type": contentType, authorization: `Bearer ${INBOUND_SECRET}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", () => resolve("reset"));
    const chunk = Buffer.alloc(16 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}
