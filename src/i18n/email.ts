/**
 * Texts of the email intake: answers of POST /email/inbound (read by whoever sets up the mail
 * provider), refusal reasons (stored with the refused email and shown to admins), ticket notes.
 * Kept apart from en.ts, which other modules own; same shape rules: functions take what they show.
 */

import type { TrustDetail } from "../domain/stored-outcomes.js";

/** "1 attachment", "3 attachments" */
const countOf = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

export const emailText = {
  http: {
    disabled: "Email intake is off: set INBOUND_EMAIL_SECRET to turn it on.",
    unauthorized:
      "Missing or wrong secret. Send INBOUND_EMAIL_SECRET as `Authorization: Bearer <secret>`, as the password of HTTP Basic auth (https://inbound:<secret>@host/email/inbound), or in an `X-Inbound-Secret` header.",
    unsupportedType: (given: string) =>
      `Content-Type ${given ? `"${given}"` : "(none)"} is not accepted. Send a raw email as message/rfc822, or Postmark's inbound webhook JSON as application/json.`,
    tooLarge: (limit: number) => `The email is larger than ${mb(limit)} (INBOUND_EMAIL_MAX_BYTES); it was not read.`,
    failed: "The email could not be processed; nothing was saved. Send it again later.",
    busy: (seconds: number) => `Other emails are being read right now; this one was not read. Send it again in ${seconds} seconds (Retry-After).`,
  },
  /** why a body is refused with 400 */
  invalid: {
    emptyBody: "The body is empty: send the email itself.",
    badJson: (detail: string) => `The body is not valid JSON (${detail}).`,
    notPostmark: (detail: string) => `The JSON is not a Postmark inbound message: ${detail}.`,
    notMime: "The body is not an email message: it has no header lines (From:, Subject:, ...) before the first blank line.",
    badMime: (detail: string) => `The email could not be parsed: ${detail}.`,
    noSender: "The email has no sender: a From address is required.",
    badSender: (address: string) => `The sender "${address}" is not a valid email address.`,
  },
  refusal: {
    primaryOnly: (customer: string, primary: string | null, sender: string) =>
      primary
        ? `${customer} accepts tickets by email only from its primary contact (${primary}); ${sender} is not the primary contact.`
        : `${customer} accepts tickets by email only from its primary contact, and has no primary contact set; ${sender} cannot open tickets.`,
    automatic: (sign: string) => `Sent by a machine (${sign}), e.g. an out-of-office reply or a bounce; machine mail opens no ticket and adds no comment.`,
    unverified: (customer: string, sender: string, verdicts: string) =>
      `${sender} did not prove it sent this email (${verdicts}): the From address may be forged, and ${customer} accepts tickets by email only from its primary contact, so it opened none. If it is genuine, ask the sender's mail admin to fix SPF, DKIM or DMARC.`,
    noEmailTickets: (contact: string, customer: string) =>
      `${contact} of ${customer} is marked "no automatic tickets from email".`,
  },
  /** why a sender counts as unverified without a fail (stored as the email's verdict detail, shown to admins) */
  trust: {
    noVerdict: (server: string) => `no verdict from ${server}`,
    unreadable: (server: string) => `unreadable Authentication-Results from ${server}`,
    /** in a verdict list: a pass for another domain than the From's, e.g. "dkim=pass(evil.example, not beta.io)" */
    unalignedPass: (method: string, domain: string, fromDomain: string) => `${method}=pass(${domain}, not ${fromDomain})`,
    severalPostmark: "several Received-SPF or X-Spam-Tests headers (Postmark's cannot be told from the sender's)",
    /** a TrustDetail in words: "dmarc=fail spf=fail dkim=none (mx.msp.example)" */
    detail: (d: TrustDetail): string => {
      switch (d.code) {
        case "verdicts":
          return `${d.parts.map((p) => (p.domain !== undefined ? emailText.trust.unalignedPass(p.method, p.domain, p.fromDomain ?? "?") : `${p.method}=${p.result}`)).join(" ")} (${d.by})`;
        case "no_verdict":
          return emailText.trust.noVerdict(d.server);
        case "unreadable":
          return emailText.trust.unreadable(d.server);
        case "several_postmark":
          return emailText.trust.severalPostmark;
      }
    },
  },
  ticket: {
    noSubject: "(no subject)",
    noText: "(the email had no text)",
    attachmentsNotStored: (names: readonly string[]) => `${countOf(names.length, "attachment", "attachments")} not stored: ${names.join(", ")}`,
    cut: "[… cut: the email was longer than a ticket holds]",
    /** the note in the ticket's thread when an email reply arrives */
    replyNote: (from: string) => `Email reply from ${from}.`,
    reopenedNote: (from: string) => `Reopened by an email reply from ${from}.`,
    resumedNote: (from: string) => `Back from pending: ${from} replied by email.`,
    /** added to a reply's note when its sender did not prove who they are (it then neither reopens nor resumes the ticket) */
    /** why a sender is not proven, from its code (an older stored refusal has only its words) */
    trustDetail: (d: TrustDetail | string): string => (typeof d === "string" ? d : emailText.trust.detail(d)),
    unverifiedNote: (note: string, verdicts: string) => `${note} Unverified sender (${verdicts}): taken as a comment only, since the From address may be forged.`,
  },
} as const;
