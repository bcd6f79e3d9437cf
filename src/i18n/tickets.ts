/**
 * Every text of the tickets surfaces in Slack (ticket messages, /ticket, the new-ticket modal),
 * in English. Same rules as en.ts: texts are plain strings with outside text put in as it is;
 * those with a mention, a date or a link are built with md, which escapes what is put in.
 */
import type { TimerState } from "../domain/business-clock.js";
import type { TicketPriority, TicketSource, TicketStatus } from "../domain/ticket.js";
import { link, mailto, md, mention, slackDate, type Mrkdwn, type Text } from "./mrkdwn.js";
import { outText } from "./email-out.js";

export { slackDate } from "./mrkdwn.js";

/** "45m", "2h 10m", "3d 4h" (calendar-free: business minutes as hours and minutes; days of 24h are not used). */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(Math.abs(minutes)));
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? `${h}h ${rest}m` : `${h}h`;
}

const STATE: Record<TimerState, string> = {
  on_track: ":large_green_circle: on track",
  at_risk: ":large_orange_circle: at risk",
  breached: ":red_circle: breached",
  met: ":white_check_mark: met",
  missed: ":x: missed",
};

const PRIORITY: Record<TicketPriority, string> = { low: "Low", medium: "Medium", high: "High", critical: "Critical" };
const STATUS: Record<TicketStatus, string> = { open: "Open", pending: "Pending", resolved: "Resolved", closed: "Closed" };
const SOURCE: Record<TicketSource, string> = { email: "Email", slack: "Slack" };

export const tt = {
  priority: (p: TicketPriority) => PRIORITY[p],
  status: (s: TicketStatus) => STATUS[s],
  source: (s: TicketSource) => SOURCE[s],
  timerState: (s: TimerState) => STATE[s],
  /** "due Tue 14:00 · :large_green_circle: on track — 2h 10m left" */
  timer: (label: string, v: { state: TimerState; dueAt: Date; minutesLeft: number }, stoppedAt: Date | null): Mrkdwn => {
    const left = v.minutesLeft >= 0 ? `${formatMinutes(v.minutesLeft)} left` : `overdue by ${formatMinutes(v.minutesLeft)}`;
    const margin =
      v.state === "met" ? `${formatMinutes(v.minutesLeft)} to spare` : v.state === "missed" ? `late by ${formatMinutes(v.minutesLeft)}` : left;
    const when = stoppedAt ? md`done ${slackDate(stoppedAt)} (due ${slackDate(v.dueAt)})` : md`due ${slackDate(v.dueAt)}`;
    return md`*${label}:* ${when} · ${STATE[v.state]} — ${margin}`;
  },
  paused: "_Clocks paused while pending._",
  labels: {
    customer: "Customer",
    contact: "Contact",
    priority: "Priority",
    status: "Status",
    source: "Source",
    opened: "Opened",
    response: "First response",
    resolution: "Resolution",
    sla: "SLA",
  },
  unassigned: ":warning: Unassigned — choose the customer",
  noContact: "—",
  requester: (name: string | null, email: string): Mrkdwn => (name ? md`${name} ${mailto(email)}` : mailto(email)),
  openedBy: (userId: string): Mrkdwn => mention(userId),
  title: (number: number, subject: string) => `#${number} ${subject}`,
  /** the notification text (shown in notifications and where blocks cannot be) */
  fallback: (number: number, subject: string, status: TicketStatus) => `Ticket #${number}: ${subject} (${STATUS[status]})`,
  descriptionCut: (shown: number, total: number) => `_… description cut: ${shown.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters shown._`,
  noDescription: "_No description._",
  buttons: {
    respond: "Respond",
    pending: "Pending",
    resume: "Resume",
    resolve: "Resolve",
    reopen: "Reopen",
    close: "Close",
    priorityPlaceholder: "Set priority",
    customerPlaceholder: "Choose the customer",
  },
  notes: {
    responded: (userId: string): Mrkdwn => md`:speech_balloon: First response recorded by ${mention(userId)}.`,
    pending: (userId: string): Mrkdwn => md`:double_vertical_bar: ${mention(userId)} set the ticket to pending: the SLA clocks are paused.`,
    resumed: (userId: string): Mrkdwn => md`:arrow_forward: ${mention(userId)} resumed the ticket: the SLA clocks run again.`,
    resolved: (userId: string): Mrkdwn => md`:white_check_mark: Resolved by ${mention(userId)}.`,
    reopened: (userId: string): Mrkdwn => md`:leftwards_arrow_with_hook: Reopened by ${mention(userId)}.`,
    closed: (userId: string): Mrkdwn => md`:lock: Closed by ${mention(userId)}.`,
    priority: (userId: string, from: TicketPriority, to: TicketPriority): Mrkdwn =>
      md`:arrows_counterclockwise: ${mention(userId)} changed the priority from ${PRIORITY[from]} to ${PRIORITY[to]}; the due times were recomputed.`,
    customer: (userId: string, name: string): Mrkdwn => md`:office: ${mention(userId)} assigned the ticket to *${name}*; the due times follow its SLA now.`,
    reopenedByContact: (userId: string): Mrkdwn => md`:leftwards_arrow_with_hook: Reopened: ${mention(userId)}, a contact of the customer, replied.`,
    resumedByContact: (userId: string): Mrkdwn => md`:arrow_forward: Resumed: ${mention(userId)}, a contact of the customer, replied.`,
  },
  stale: {
    already: (number: number, status: TicketStatus) => `Ticket #${number} is already ${STATUS[status].toLowerCase()}; nothing changed. The ticket is shown as it is now.`,
    alreadyResponded: (number: number) => `Ticket #${number} already has its first response; nothing changed.`,
    alreadyPriority: (number: number, p: TicketPriority) => `Ticket #${number} is already ${PRIORITY[p]} priority; nothing changed.`,
    notAllowed: (number: number, status: TicketStatus) =>
      `That does not apply to ticket #${number} while it is ${STATUS[status].toLowerCase()}; nothing changed. The ticket is shown as it is now, with the actions it allows.`,
    notFound: "This ticket no longer exists.",
    customerGone: "That customer no longer exists or is archived. Choose another one.",
    sameCustomer: (number: number, name: string) => `Ticket #${number} is already assigned to ${name}; nothing changed.`,
  },
  help: [
    "*`/ticket` can do this:*",
    "• `/ticket new` — open a ticket: customer, contact, subject, description and priority",
    "• `/ticket list [customer] [status]` — tickets, newest first; status is open, pending, resolved, closed or all (default: open and pending); customer is a name or its start, or `triage` for tickets without a customer",
    "• `/ticket show <number>` — a ticket's facts, SLA timers and recent history, with the same buttons as its message in the tickets channel",
    "• `/ticket refused` — emails that opened no ticket, and why (admins)",
    "• `/ticket help` — this list",
  ].join("\n"),
  unknownSubcommand: (sub: string) => `I don't know \`/ticket ${sub}\`.`,
  form: {
    title: "New ticket",
    submit: "Open ticket",
    cancel: "Cancel",
    customer: "Customer",
    customerHint: "Type any part of the name, a domain, a business ID or phone number, or a contact's name or email. Leave it empty if you don't know yet: the ticket then waits in triage.",
    customerPlaceholder: "Search customers",
    contact: "Contact",
    contactHint: "Choose the customer first, then type to pick one of its contacts.",
    contactPlaceholder: "Search the customer's contacts",
    subject: "Subject",
    description: "Description",
    priority: "Priority",
    errors: {
      subjectRequired: "Write a subject: one line saying what is wrong, like \"Printer on floor 2 is offline\".",
      subjectTooLong: (max: number) => `The subject is too long: keep it to ${max} characters and put details in the description.`,
      descriptionTooLong: (max: number) => `The description is too long: at most ${max.toLocaleString("en-US")} characters.`,
      priority: "Choose a priority: low, medium, high or critical.",
      customerGone: "That customer no longer exists. Choose another one.",
      customerArchived: (name: string) => `${name} is archived. Choose an active customer, or ask an admin to restore it.`,
      contactWithoutCustomer: "Choose the customer first: the contact must be one of its contacts.",
      contactNotOfCustomer: (name: string) => `That contact is not one of ${name}'s contacts. Choose again after choosing the customer.`,
    },
  },
  opened: (number: number, subject: string, url: string | undefined): Mrkdwn =>
    md`:ticket: Ticket *#${number}* is open: ${subject}${url ? md` — ${link(url, "see it in the tickets channel")}` : ""}.`,
  openedNoChannel: "The tickets channel is not set (TICKETS_CHANNEL_ID), so it was not posted anywhere; `/ticket show` finds it.",
  list: {
    heading: (what: string, total: number) => `*Tickets — ${what}* (${total.toLocaleString("en-US")})`,
    what: (statuses: string, customer: string | undefined) => (customer ? `${statuses}, ${customer}` : statuses),
    statuses: (s: readonly TicketStatus[] | "all") => (s === "all" ? "all statuses" : s.map((x) => STATUS[x].toLowerCase()).join(" and ")),
    triage: "in triage (no customer)",
    none: "No tickets match. Try another status, like `/ticket list all`.",
    row: (number: number, subject: string, who: string, priority: TicketPriority, status: TicketStatus, extra: string) =>
      `*#${number}* ${subject}\n${who} · ${PRIORITY[priority]} · ${STATUS[status]}${extra}`,
    page: (from: number, to: number, total: number) => `Showing ${from}–${to} of ${total.toLocaleString("en-US")}.`,
    prev: "◀ Previous",
    next: "Next ▶",
    show: "*View* or `/ticket show <number>` shows one, with its buttons.",
    view: "View",
    badStatus: (word: string) => `"${word}" is not a status. Use open, pending, resolved, closed or all.`,
    twoStatuses: "Give one status at most: open, pending, resolved, closed or all.",
    expired: "This list is out of date. Run `/ticket list` again.",
  },
  customerQuery: {
    none: (query: string, suggestions: string[]) =>
      `No customer matches "${query}".${suggestions.length ? ` Did you mean ${suggestions.map((s) => `*${s}*`).join(", ")}?` : " `/customer list` shows them all."}`,
    many: (query: string, names: string[], total: number) =>
      `"${query}" matches ${total.toLocaleString("en-US")} customers: ${names.map((n) => `*${n}*`).join(", ")}${total > names.length ? ", …" : ""}. Type more of the name.`,
  },
  show: {
    usage: "`/ticket show` needs a ticket number, like `/ticket show 42`.",
    notFound: (number: number, last: number) =>
      last === 0
        ? `There is no ticket #${number}: no tickets have been opened yet. \`/ticket new\` opens one.`
        : `There is no ticket #${number}. Ticket numbers go up to #${last}; \`/ticket list\` shows the open ones.`,
    history: "*Recent history*",
    noHistory: "_Nothing yet._",
    link: (url: string): Mrkdwn => link(url, "Open the ticket's message in the tickets channel"),
    notPosted: "_Not posted in a tickets channel._",
    event: (kind: string, who: Text, body: string | null): Mrkdwn => {
      const parsed = parseChange(body);
      switch (kind) {
        case "opened":
          return md`opened by ${who}`;
        case "responded":
          return md`first response by ${who}`;
        case "status":
          return parsed ? md`${STATUS[parsed.to as TicketStatus]?.toLowerCase() ?? parsed.to} (was ${parsed.from ?? "—"}) by ${who}` : md`status changed by ${who}`;
        case "priority":
          return parsed ? md`priority ${parsed.from ?? "—"} → ${parsed.to} by ${who}` : md`priority changed by ${who}`;
        case "customer":
          return parsed ? md`customer ${parsed.from ?? "none"} → *${parsed.to}* by ${who}` : md`customer changed by ${who}`;
        case "comment":
          return md`${who}: ${clipText(body ?? "", 300)}`;
        case "emailed":
          return outText.event(who, body);
        default:
          return md`${kind} by ${who}`;
      }
    },
    someone: "someone",
    /** on a card, why the click changed nothing (the card shows the ticket as it is now) */
    notice: (text: Text): Mrkdwn => md`:information_source: ${text}`,
  },
  refused: {
    onlyAdmins:
      "Only Customer Book admins can see refused emails. Admins are the workspace's admins and owners, plus the people listed in SLACK_ADMIN_USER_IDS.",
    none: "No email has been refused recently: every email from a known sender opened a ticket or was added to one.",
    heading: (n: number) => `*Emails that opened no ticket* (latest ${n})`,
    row: (when: Text, from: Text, subject: string, customer: string | null, reason: string): Mrkdwn =>
      md`${when} · ${from}${customer ? ` · ${customer}` : ""}\n*${subject || "(no subject)"}*\n_${reason}_`,
    sender: (email: string, name: string | null): Mrkdwn => (!email ? md`_unknown sender_` : name ? md`${name} ${mailto(email)}` : mailto(email)),
  },
};

function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function parseChange(body: string | null): { from: string | null; to: string } | undefined {
  if (!body) return undefined;
  try {
    const v = JSON.parse(body) as unknown;
    if (v && typeof v === "object" && "to" in v && typeof (v as { to: unknown }).to === "string") {
      const from = (v as { from?: unknown }).from;
      return { from: typeof from === "string" ? from : null, to: (v as { to: string }).to };
    }
  } catch {
    /* not a change record */
  }
  return undefined;
}
