/** Tickets: their states, what may happen in each, and how people refer to them ("#42"). */
import { PRIORITIES, type Priority } from "./sla.js";

export const TICKET_STATUSES = ["open", "pending", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_SOURCES = ["email", "slack", "portal"] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];
export type TicketPriority = Priority;
export const TICKET_PRIORITIES = PRIORITIES;

export const MAX_SUBJECT_LENGTH = 250;
/** Slack's section text holds 3,000 characters; longer descriptions are kept whole and shown cut. */
export const MAX_DESCRIPTION_LENGTH = 20_000;

export function isTicketStatus(v: string): v is TicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(v);
}
export function isTicketPriority(v: string): v is TicketPriority {
  return (PRIORITIES as readonly string[]).includes(v);
}

/** What people write: "#42". */
export function ticketRef(number: number): string {
  return `#${number}`;
}

/**
 * The ticket number a reply's subject names: "Re: [#42] Printer down", "RE: Ticket #42",
 * "AW: [Ticket #42]". Only the bracketed "[#42]" or the word "ticket" before "#42" count: a
 * customer's "Order #123" or "Invoice #2026" must not land on ticket 123 or 2026.
 */
export function ticketNumberInSubject(subject: string): number | undefined {
  const m = /\[\s*#(\d{1,9})\s*\]|\bticket\s*#\s*(\d{1,9})\b/i.exec(subject);
  if (!m) return undefined;
  const n = Number(m[1] ?? m[2]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** "42", "#42", "ticket 42" -> 42 */
export function parseTicketNumber(raw: string): number | undefined {
  const m = /^\s*(?:ticket\s*)?#?\s*(\d{1,9})\s*$/i.exec(raw);
  return m ? Number(m[1]) : undefined;
}

export type TicketAction = "respond" | "pending" | "resume" | "resolve" | "reopen" | "close" | "priority";

/** Which actions make sense in a state (the ticket message shows only these buttons). */
export function allowedActions(t: { status: TicketStatus; firstResponseAt: Date | null }): TicketAction[] {
  switch (t.status) {
    case "open":
      return [...(t.firstResponseAt ? [] : (["respond"] as const)), "priority", "pending", "resolve"];
    case "pending":
      return [...(t.firstResponseAt ? [] : (["respond"] as const)), "priority", "resume", "resolve"];
    case "resolved":
      return ["reopen", "close"];
    case "closed":
      return ["reopen"];
  }
}
