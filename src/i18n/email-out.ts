/**
 * Texts of outbound email, in English: what the customer reads in the app's emails, and what the
 * team reads in Slack about them (the reply modal, the Send to customer shortcut, thread notes,
 * refusals). Same rules as tickets.ts: plain strings unless they carry a mention, date or link.
 */
import { mailto, md, mention, type Mrkdwn, type Text } from "./mrkdwn.js";

const clipped = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export const outText = {
  /** a mention of someone Slack could not name, in an email */
  someone: "someone",
  /** the subject's prefix of a reply ("Re: [#42] Printer down") */
  replyPrefix: "Re:",
  off: "Email to customers is off, so nothing can be sent from Slack. An admin sets SMTP_URL and EMAIL_FROM (README, Configuration) to turn it on.",
  button: "Reply to customer",
  modal: {
    title: "Reply to customer",
    submit: "Send email",
    close: "Cancel",
    to: (email: string, name: string | null): Mrkdwn => (name ? md`*To:* ${name} ${mailto(email)}` : md`*To:* ${mailto(email)}`),
    cc: "CC",
    ccHint: "Other contacts of the customer who should get the email too.",
    lastEmail: (from: string, text: string): Text => md`*Their last email* (${from}):\n>${clipped(text.trim(), 600).replace(/\n/g, "\n>")}`,
    noEmail: "_The customer has not written by email on this ticket: the reply starts the conversation._",
    body: "Reply",
    bodyHint: "Sent as an email to the customer: *bold*, _italic_, lists and links work. Thread replies stay internal notes.",
    then: "Then",
    thenOptions: { keep: "Leave the ticket as it is", pending: "Set pending (wait for the customer)", resolved: "Resolve the ticket" },
  },
  shortcut: {
    title: "Send to customer",
    submit: "Send",
    close: "Cancel",
    confirm: (email: string): Mrkdwn => md`Email this message to ${mailto(email)} as the reply on the ticket?`,
    notInTicket: "Send to customer works on messages in a ticket's thread in the tickets channel. Open the ticket's thread and use it on a message there.",
    empty: "That message has no text to send.",
    cut: (kept: number, total: number) =>
      `Only the first ${kept.toLocaleString("en-US")} of its ${total.toLocaleString("en-US")} characters are sent; for a longer answer use Reply to customer.`,
    already: (email: string): Mrkdwn => md`That message was emailed to ${mailto(email)} already; it is not sent twice.`,
  },
  refusals: {
    not_found: "This ticket no longer exists.",
    closed: (n: number) => `Ticket #${n} is closed: reopen it to write to the customer.`,
    no_recipient: (n: number) => `Ticket #${n} has no customer address: choose the customer and a contact first.`,
    empty: "Write the reply: the email cannot be empty.",
    bad_cc: (email: string) => `${email} is not a contact of this customer: choose CC addresses from the list.`,
    duplicate: "This reply was sent already; it is not sent twice.",
  },
  /** the note in the ticket's thread about an email, with its delivery state */
  note: (to: string, cc: readonly string[], userId: string | null, snippet: string, state: Text): Mrkdwn =>
    md`:email: Emailed to ${mailto(to)}${cc.length ? md` (CC ${cc.join(", ")})` : ""}${userId ? md` by ${mention(userId)}` : ""}: ${clipped(snippet.replace(/\s+/g, " ").trim(), 300)}\n${state}`,
  automaticNote: (kind: "acknowledgement" | "resolved", to: string, state: Text): Mrkdwn =>
    md`:email: ${kind === "acknowledgement" ? "Acknowledgement" : "Resolved notice"} emailed to ${mailto(to)}\n${state}`,
  state: {
    sending: "_:hourglass_flowing_sand: Sending…_",
    retrying: (error: string) => `_:hourglass_flowing_sand: The mail server did not take it yet (${clipped(error, 200)}); trying again._`,
    sent: "_:white_check_mark: Accepted by the mail server._",
    partly: (refused: readonly { email: string; response: string }[]) =>
      `_:warning: Accepted for the others, refused for ${refused.map((r) => `${r.email} (${clipped(r.response, 200)})`).join(", ")}._`,
    failed: (reason: string) => `:x: *Refused by the mail server:* ${clipped(reason, 400)}`,
  },
  /** on the ticket's message while its last email was refused */
  ticketFailure: (to: string, reason: string): Mrkdwn => md`:x: *The email to ${mailto(to)} was refused:* ${clipped(reason, 300)}`,
  /** on a ticket whose email did not prove its sender (src/email/trust.ts) */
  unverified: ":warning: *Unverified sender:* the email's sender could not be verified (it failed DMARC, or SPF and DKIM): the From address may be forged. Check with the customer before acting on it.",
  /** said once in a ticket's thread when it is posted */
  internalNotes: "Replies in this thread are internal notes: the customer sees none of them. To answer the customer, use *Reply to customer* on the ticket, or *Send to customer* in a message's ⋯ menu.",
  /** the ticket's history */
  event: (who: Text, body: string | null): Mrkdwn => {
    let to = "";
    try {
      const v = JSON.parse(body ?? "") as { to?: unknown };
      if (typeof v.to === "string") to = v.to;
    } catch {
      /* an old or odd record */
    }
    return to ? md`emailed ${to} by ${who}` : md`emailed the customer by ${who}`;
  },
} as const;

/** "Tuesday 3 March 2026 at 13:00 (Europe/Rome)": a due time in the SLA's time zone, for an email (it.ts: "martedì 3 marzo 2026 alle ore 13:00"). */
export function dueText(at: Date, timeZone: string, tag = "en-GB"): string {
  const when = new Intl.DateTimeFormat(tag, { timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(at);
  return `${when} (${timeZone})`;
}

/**
 * The texts of the automatic emails the customer reads (plain text; the HTML part is made from
 * it), in the customer's language (Customer.language, else DEFAULT_LOCALE): the catalogs'
 * `customerEmail` (it.ts has the Italian).
 */
export const autoText = {
  subjectPrefix: "Re:",
  greeting: (name: string | null) => (name ? `Hello ${name},` : "Hello,"),
  signature: (from: string | null) => (from ? `\n\n${from}` : ""),
  acknowledgement: (o: { name: string | null; number: number; subject: string; dueAt: Date; timeZone: string; from: string | null }) =>
    [
      autoText.greeting(o.name),
      "",
      `we received your email and opened ticket #${o.number}: "${o.subject}".`,
      `You can expect a first response by ${dueText(o.dueAt, o.timeZone)}.`,
      "",
      `To add to the ticket, reply to this email and keep [#${o.number}] in the subject.`,
      "This is an automatic message.",
    ].join("\n") + autoText.signature(o.from),
  resolved: (o: { name: string | null; number: number; subject: string; from: string | null }) =>
    [
      autoText.greeting(o.name),
      "",
      `ticket #${o.number} "${o.subject}" is resolved.`,
      "If the problem is not solved, reply to this email: the ticket opens again.",
      "This is an automatic message.",
    ].join("\n") + autoText.signature(o.from),
} as const;
