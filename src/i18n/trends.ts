/**
 * Texts of the SLA trend, in English: the charts' titles, axes, legend and alt text, the notes when
 * there is no chart to draw, and `/sla trend`. Numbers and dates arrive formatted for the reader's
 * locale (src/i18n/format.ts), so another language is another object of the type `TrendTexts` in a
 * file of its own. Texts are plain strings with customer names put in as they are: they are escaped
 * where they reach a mrkdwn field (see mrkdwn.ts); chart texts and alt text are plain text.
 */
import type { SummaryPeriod } from "../services/summary/period.js";

/** "last 12 weeks" */
const lastPeriods = (period: SummaryPeriod, count: number) =>
  period === "today" ? `last ${count} days` : period === "week" ? `last ${count} weeks` : `last ${count} periods of 30 days`;

export const trendText = {
  /** The trend chart */
  trendTitle: (period: SummaryPeriod, count: number, customer?: string) =>
    customer === undefined ? `SLA trend — ${lastPeriods(period, count)}` : `SLA trend — ${customer}, ${lastPeriods(period, count)}`,
  range: (from: string, to: string, timeZone: string) => `${from} – ${to} (${timeZone})`,
  xAxis: { today: "Day", week: "Week ending", month: "30 days ending" } satisfies Record<SummaryPeriod, string>,
  onTimeAxis: "On time (%)",
  breachesAxis: "Breaches (deadlines missed)",
  series: { response: "Response on time", resolution: "Resolution on time", breaches: "Breaches" },
  /** The breaches chart */
  breachersTitle: (periodName: string) => `Most SLA breaches — ${periodName}`,
  breachersAxis: "Deadlines missed",
  clock: { response: "Response", resolution: "Resolution" },
  unassigned: "Unassigned (triage)",
  /** Alt text, for screen readers and Slack clients that show no images (Slack keeps 1,000 characters). */
  none: "none",
  list: (items: readonly string[]) => items.join(", "),
  percent: (p: string) => `${p}%`,
  trendAlt: (o: { title: string; range: string; period: SummaryPeriod; response: string; resolution: string; breaches: string }) =>
    `${o.title}, ${o.range}, ${o.period === "today" ? "day by day" : "period by period"} from the oldest. ` +
    `Response on time: ${o.response}. Resolution on time: ${o.resolution}. Breaches (SLA deadlines missed): ${o.breaches}.`,
  breacherAlt: (name: string, total: string, response: string, resolution: string) => `${name} ${total} (${response} response, ${resolution} resolution)`,
  breachersAlt: (title: string, rows: readonly string[], more: number) =>
    `${title}: ${rows.join("; ")}${more > 0 ? `; and ${more} more` : ""}.`,
  /** files.uploadV2 */
  fileTitle: { trend: "SLA trend", breaches: "Most SLA breaches" },
  fileName: (what: "trend" | "breaches", period: SummaryPeriod, date: string) => `sla-${what}-${period}-${date}.png`,
  uploadComment: (periodName: string) => `Charts for the SLA summary — ${periodName}`,
  /** Instead of a chart */
  noTickets: "No trend chart yet: there are no tickets. It starts once tickets come in.",
  shortHistory: (period: SummaryPeriod, first: string) =>
    `No trend chart yet: it needs two ${period === "today" ? "days" : period === "week" ? "weeks" : "periods of 30 days"} of tickets, and the first came in on ${first}.`,
  noBreaches: "No SLA deadline was missed in this period.",
  chartsInDm: "The charts are in your direct messages with Customer Book.",
  chartsNotDrawn: "I couldn't draw the charts this time; the figures are complete. If it keeps happening, tell an admin.",
  chartsFailed: "I couldn't send you the charts. The figures above are complete; try again in a minute, and if it keeps failing tell an admin.",
  /** /sla trend <customer> */
  trendUsage: "Usage: `/sla trend <customer>` — one customer's last 12 weeks: response and resolution on time, and breaches.",
  customerHeader: (name: string) => `SLA trend — ${name}`,
  customerRange: (from: string, to: string, timeZone: string) => `Last 12 weeks: ${from} – ${to} (${timeZone})`,
  weekLine: (end: string, response: string, resolution: string, breaches: string, opened: string, openAtEnd: string) =>
    `*${end}* — response ${response} · resolution ${resolution} · ${breaches} breaches · ${opened} opened · ${openAtEnd} open at the end`,
  weeksTitle: "*Week by week, newest first* (on time: in time of those answered or resolved)",
  customerNoTickets: (name: string) => `*${name}* has no tickets yet, so there is no trend to show.`,
  customerShortHistory: (name: string, first: string) =>
    `*${name}*'s first ticket came in on ${first}: the trend needs two weeks of tickets. \`/sla summary week\` shows this week.`,
  fallback: (name: string) => `SLA trend for ${name}, last 12 weeks`,
};

export type TrendTexts = typeof trendText;
