/**
 * Texts of the SLA summary (`/sla summary` and the scheduled message), in English. Kept apart from
 * en.ts so the summary's wording lives with one owner; same conventions: texts are plain strings
 * with outside text (customer names, subjects) put in as it is; the lines that carry a ticket's link
 * are built with md, which escapes what is put in.
 */
import type { SummaryPeriod } from "../services/summary/period.js";
import { md, type Mrkdwn, type Text } from "./mrkdwn.js";

const n = (x: number) => x.toLocaleString("en-US");

export const summaryText = {
  periodName: { today: "today", week: "last 7 days", month: "last 30 days" } satisfies Record<SummaryPeriod, string>,
  header: (period: string) => `SLA summary — ${period}`,
  range: (from: string, to: string, timeZone: string) => `${from} – ${to} (${timeZone})`,
  /** `change`: "" or " ▲ 4" (see `change`), after the figure it is about */
  totals: (open: number, atRisk: number, breached: number, openChange = "") =>
    `*Open* ${n(open)}${openChange}   ·   *At risk* ${n(atRisk)}   ·   *Breached* ${n(breached)}`,
  breachesInPeriod: (breaches: number, change: string) => `*Breaches in this period* ${n(breaches)}${change} (SLA deadlines missed)`,
  compliance: (label: "Response" | "Resolution", percent: string, inTime: number, total: number, median: string, percentChange = "", medianChange = "") =>
    total === 0
      ? `*${label}* — nothing in this period`
      : `*${label}* ${percent} on time (${n(inTime)} of ${n(total)})${percentChange} · median ${median}${medianChange}`,
  /** A change against the previous period, after its figure: " ▲ 4 pts", " ▼ 12m", " ±0". */
  change: { up: (by: string) => ` ▲ ${by}`, down: (by: string) => ` ▼ ${by}`, same: (zero: string) => ` ±${zero}` },
  points: (p: number) => (p === 1 ? "1 pt" : `${n(p)} pts`),
  count: (x: number) => n(x),
  comparedWith: (from: string, to: string) => `▲ ▼ against the previous period of the same length, ${from} – ${to}.`,
  nothingToCompare: "No earlier period to compare with yet: the first ticket came in after it.",
  customersTitle: "*Customers, most trouble first*",
  noCustomers: "No open tickets, and no ticket was answered or resolved in this period.",
  unassigned: "Unassigned (triage)",
  customerLine: (name: string, f: { open: number; atRisk: number; breached: number }, response: string, resolution: string) =>
    `*${name}* — ${n(f.open)} open · ${n(f.atRisk)} at risk · ${n(f.breached)} breached · response ${response} · resolution ${resolution}`,
  /** "66% (2/3), median 30m" or "—" */
  clockFigures: (percent: string, inTime: number, total: number, median: string) => (total === 0 ? "—" : `${percent} (${n(inTime)}/${n(total)}), median ${median}`),
  moreCustomers: (k: number) => `…and ${n(k)} more ${k === 1 ? "customer" : "customers"}`,
  breachedTitle: "*Breached now, longest first*",
  noBreaches: "Nothing is breached right now.",
  breachedLine: (ticket: Text, customer: string, clock: "response" | "resolution", since: string, paused: boolean): Mrkdwn =>
    md`• ${ticket} · ${customer} · ${clock} overdue since ${since}${paused ? " (pending)" : ""}`,
  missedTitle: "*Missed in this period, latest first*",
  noMisses: "No ticket missed its target in this period.",
  missedLine: (ticket: Text, customer: string, clock: "response" | "resolution", late: string): Mrkdwn =>
    md`• ${ticket} · ${customer} · ${clock === "response" ? "first response" : "resolved"} ${late} after the target (business time)`,
  ticketLabel: (number: number, subject: string) => `#${number} ${subject}`,
  fallback: (period: string, open: number, atRisk: number, breached: number, response: string, resolution: string) =>
    `SLA summary, ${period}: ${n(open)} open, ${n(atRisk)} at risk, ${n(breached)} breached. Response on time ${response}, resolution on time ${resolution}.`,
  none: "—",
  // /sla summary
  usage: "Usage: `/sla summary [today|week|month]` (default `week`). *today* is since midnight, *week* the last 7 days, *month* the last 30 days.",
  unknownPeriod: (given: string) => `\`${given}\` is not a period I know.`,
  onlyManagers: "SLA summaries are for managers: Customer Book admins and the people in `SLA_MANAGER_USER_IDS`. Ask an admin if you need them.",
  failed: "I couldn't put the SLA summary together. Please try again in a minute; if it keeps failing, tell an admin.",
};
