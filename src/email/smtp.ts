/**
 * The mail transport: nodemailer's pooled SMTP client on SMTP_URL (smtp:// upgrades with STARTTLS
 * where the server offers it; smtps:// is TLS from the first byte). It answers each message with
 * what the server said, sorted the way the outbox needs it:
 *   - accepted (250) for every or some recipients: `refused` lists the ones the server refused;
 *   - refused for good: a 5xx answer to this message's recipients (RCPT TO) or content (DATA), a
 *     message larger than the server takes;
 *   - the server refuses the app itself (`setup`): its login (535), TLS (530 STARTTLS required),
 *     its sender address (553 at MAIL FROM), no connection: nothing to do with this message, so it
 *     is kept and tried again, and the sender says loudly to check SMTP_URL and EMAIL_FROM;
 *   - not now: a timeout, a 4xx answer (greylisting, a full queue): try again.
 */
import nodemailer from "nodemailer";
import type { RefusedRecipient } from "../repositories/outbound-emails.js";

export type OutgoingMail = {
  from: { name: string | null; address: string };
  to: string;
  cc: readonly string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo: string | null;
  references: readonly string[];
  /** an automatic message: Auto-Submitted (RFC 3834) and X-Auto-Response-Suppress */
  automatic: boolean;
};

export type TransportAnswer = { response: string; refused: RefusedRecipient[] };

/**
 * The server did not take the message: `permanent` when it refused this message for good, else try
 * again later; `setup` when it refused the app's login, TLS or sender, or could not be reached.
 */
export class SmtpFailure extends Error {
  override readonly name = "SmtpFailure";
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly refused: RefusedRecipient[] = [],
    readonly setup = false,
  ) {
    super(message);
  }
}

/** The SMTP commands whose 5xx answer is about this message (its recipients, its content). */
const MESSAGE_COMMANDS = new Set(["RCPT TO", "DATA"]);

export interface MailTransport {
  send(mail: OutgoingMail): Promise<TransportAnswer>;
  close(): void;
}

type NodemailerError = Error & { responseCode?: number; response?: string; code?: string; command?: string; rejected?: string[]; rejectedErrors?: NodemailerError[]; recipient?: string };

/** Each recipient refused, with the server's words. */
function refusedOf(rejected: readonly unknown[] | undefined, errors: readonly NodemailerError[] | undefined): RefusedRecipient[] {
  const out: RefusedRecipient[] = [];
  const list = (rejected ?? []).map((r) => (typeof r === "string" ? r : ((r as { address?: string }).address ?? String(r))));
  for (const email of list) {
    const e = errors?.find((x) => x.recipient === email);
    out.push({ email, response: (e?.response ?? e?.message ?? "").slice(0, 500) });
  }
  return out;
}

/** Connection settings short enough that a server that hangs is noticed within a minute, not ten. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * How SMTP_URL connects. smtps:// is TLS from the first byte. smtp:// to the submission port (587,
 * also nodemailer's default when the URL names no port) or with a user and password must upgrade
 * with STARTTLS (requireTLS): a server that does not offer it, or a man in the middle that strips
 * it from the greeting, gets no password in clear and no email; the sender keeps the mail and
 * logs the error naming SMTP_URL. `?tls=off` opts out for a relay that has no TLS (a local
 * Postfix on port 25): never STARTTLS then, even if offered. Otherwise STARTTLS is used where
 * offered (nodemailer's default).
 */
export function smtpConnection(raw: string): { url: string; requireTLS: boolean; ignoreTLS: boolean } {
  const u = new URL(raw);
  const off = (u.searchParams.get("tls") ?? "").toLowerCase() === "off";
  u.searchParams.delete("tls");
  const plain = u.protocol === "smtp:";
  const port = u.port ? Number(u.port) : 587;
  return { url: u.toString(), requireTLS: plain && !off && (port === 587 || u.username !== "" || u.password !== ""), ignoreTLS: plain && off };
}

export function smtpTransport(url: string): MailTransport {
  const c = smtpConnection(url);
  const transporter = nodemailer.createTransport({ url: c.url, requireTLS: c.requireTLS, ignoreTLS: c.ignoreTLS, pool: true, maxConnections: 3, maxMessages: 100, ...TIMEOUTS });
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail({
          from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
          to: mail.to,
          ...(mail.cc.length ? { cc: [...mail.cc] } : {}),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${mail.messageId}>`,
          ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}>` } : {}),
          ...(mail.references.length ? { references: mail.references.map((r) => `<${r}>`) } : {}),
          headers: mail.automatic ? { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" } : {},
        });
        const i = info as unknown as { response?: string; rejected?: unknown[]; rejectedErrors?: NodemailerError[] };
        return { response: String(i.response ?? ""), refused: refusedOf(i.rejected, i.rejectedErrors) };
      } catch (error) {
        const e = error as NodemailerError;
        const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
        const response = (e.response ?? e.message ?? String(error)).slice(0, 500);
        const refused = refusedOf(e.rejected, e.rejectedErrors);
        // EENVELOPE with every recipient refused: the first refusal decides (5xx for good, 4xx later).
        const first = code ?? e.rejectedErrors?.find((x) => typeof x.responseCode === "number")?.responseCode;
        const command = (e.command ?? e.rejectedErrors?.find((x) => x.command)?.command ?? "").toUpperCase();
        const fivexx = first !== undefined && first >= 500 && first < 600;
        // a 5xx is this message's for good only at RCPT TO or DATA, or a size refusal (552 at MAIL FROM,
        // nodemailer's own EMESSAGE); at AUTH, STARTTLS, MAIL FROM (530, 535, 553) it is the app's setup
        const permanent = (fivexx && MESSAGE_COMMANDS.has(command)) || (command === "MAIL FROM" && first === 552) || e.code === "EMESSAGE";
        const setup = !permanent && (fivexx || ["EAUTH", "ETLS", "ECONNECTION", "ESOCKET", "EDNS", "EREQUIRETLS"].includes(e.code ?? ""));
        // a refused STARTTLS names the command (a protocol word, not a sentence: this reaches the thread
        // note as the server's answer): the server's bare "500 command not recognized" does not say what it refused
        const said = command === "STARTTLS" && !/STARTTLS/i.test(response) ? `STARTTLS: ${response}` : response;
        throw new SmtpFailure(said || e.code || "SMTP error", permanent, refused, setup);
      }
    },
    close() {
      transporter.close();
    },
  };
}
