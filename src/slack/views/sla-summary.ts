/**
 * The SLA summary message (`/sla summary` and the scheduled DM / channel post): header, period,
 * totals with their change against the previous period (▲ ▼ ±0, in the units shown: points of the
 * floored percentages, minutes, counts), notes about the charts, the customers in most trouble with their figures ("…and K more"), the worst breaches and
 * misses with links to their ticket messages. Pure. However many customers there are it stays
 * within Slack's limits: the service hands at most TOP_CUSTOMERS customers and a few tickets, names
 * and subjects are clipped before escaping, and lines are packed into sections of at most
 * SECTION_BUDGET characters (checked in test/unit/sla-summary-view.test.ts with 2,000 customers).
 */
import type { KnownBlock } from "@slack/types";
import { render, type Text } from "../../i18n/mrkdwn.js";
import type { SummaryTexts } from "../../i18n/catalog.js";
import { formatDuration } from "../../domain/sla.js";
import type { SlaSummary } from "../../services/summary/service.js";
import type { SummaryFigures } from "../../repositories/sla-summary.js";
import { clip, context, divider, header, joinMd, link, message, section, SLACK_LIMITS, type SlackMessage } from "./kit.js";

export type SummaryMessage = SlackMessage;

/** Room left in a section for one more line, below Slack's 3,000 characters. */
const SECTION_BUDGET = SLACK_LIMITS.sectionText - 100;
/** Customer lines shown at most (the service already limits them; this keeps the block count bounded). */
const MAX_CUSTOMER_LINES = 25;
const MAX_TICKET_LINES = 10;
const NAME_MAX = 60;
const SUBJECT_MAX = 80;

/** 66% (floored: 99.9% on time is not shown as 100%); "—" when nothing counted. */
export function percent(s: SummaryTexts, part: number, whole: number): string {
  return whole === 0 ? s.none : `${Math.floor((part * 100) / whole)}%`;
}

const minutes = (s: SummaryTexts, m: number | null) => (m === null ? s.none : s.duration(Math.max(0, Math.round(m))));
const name = (s: SummaryTexts, customerName: string | null) => (customerName === null ? s.unassigned : clip(customerName, NAME_MAX));

function ticketLink(s: SummaryTexts, t: { number: number; subject: string; link: string | undefined }): Text {
  const label = s.ticketLabel(t.number, clip(t.subject.replace(/\s+/g, " "), SUBJECT_MAX));
  return t.link ? link(t.link, label) : label;
}

/** Title and lines in as few sections as fit, each under SECTION_BUDGET characters (of markup, escapes counted). */
function packed(title: Text, lines: Text[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current: Text[] = [title];
  let length = render(title).length;
  for (const line of lines) {
    const size = Math.min(render(line).length, SECTION_BUDGET);
    if (length + 1 + size > SECTION_BUDGET) {
      blocks.push(section(joinMd(current, "\n")));
      current = [line];
      length = size;
    } else {
      current.push(line);
      length += 1 + size;
    }
  }
  if (current.length) blocks.push(section(joinMd(current, "\n")));
  return blocks;
}

/** " ▲ 4 pts", " ▼ 12m", " ±0": `now - before` as shown; "" when either side has no figure. */
function changeOf(s: SummaryTexts, now: number | null, before: number | null, show: (by: number) => string): string {
  if (now === null || before === null) return "";
  const by = now - before;
  return by > 0 ? s.change.up(show(by)) : by < 0 ? s.change.down(show(-by)) : s.change.same(show(0));
}

/** The percentage as shown (floored), or null when nothing counted. */
const shownPercent = (part: number, whole: number) => (whole === 0 ? null : Math.floor((part * 100) / whole));
const shownMinutes = (m: number | null) => (m === null ? null : Math.max(0, Math.round(m)));

function totalsText(s: SummaryTexts, f: SummaryFigures, change: SlaSummary["change"]): string {
  const prev = change?.previous ?? null;
  const cur = change?.current;
  const pts = (by: number) => s.points(by);
  const dur = (by: number) => s.duration(by);
  const lines = [
    s.totals(f.open, f.atRisk, f.breached, prev ? changeOf(s, f.open, prev.openAtEnd, s.count) : ""),
  ];
  if (cur) {
    const breaches = cur.responseBreaches + cur.resolutionBreaches;
    lines.push(s.breachesInPeriod(breaches, prev ? changeOf(s, breaches, prev.responseBreaches + prev.resolutionBreaches, s.count) : ""));
  }
  lines.push(
    s.compliance(
      "Response",
      percent(s, f.respondedInTime, f.responded),
      f.respondedInTime,
      f.responded,
      minutes(s, f.medianResponseMinutes),
      prev ? changeOf(s, shownPercent(f.respondedInTime, f.responded), shownPercent(prev.respondedInTime, prev.responded), pts) : "",
      prev ? changeOf(s, shownMinutes(f.medianResponseMinutes), shownMinutes(prev.medianResponseMinutes), dur) : "",
    ),
    s.compliance(
      "Resolution",
      percent(s, f.resolvedInTime, f.resolved),
      f.resolvedInTime,
      f.resolved,
      minutes(s, f.medianResolutionMinutes),
      prev ? changeOf(s, shownPercent(f.resolvedInTime, f.resolved), shownPercent(prev.resolvedInTime, prev.resolved), pts) : "",
      prev ? changeOf(s, shownMinutes(f.medianResolutionMinutes), shownMinutes(prev.medianResolutionMinutes), dur) : "",
    ),
  );
  return lines.join("\n");
}

/** Under the totals: what the changes are against, or that there is nothing to compare with yet. */
function changeContext(s: SummaryTexts, summary: SlaSummary): KnownBlock[] {
  const change = summary.change;
  if (!change) return [];
  const zone = summary.timeZone;
  return [context(change.previous ? s.comparedWith(s.when(change.previousWindow.from, zone), s.when(change.previousWindow.to, zone)) : s.nothingToCompare)];
}

/** `notes`: context lines after the totals (the charts' state: where they are, or why there is none). */
export function slaSummaryMessage(s: SummaryTexts, summary: SlaSummary, notes: readonly string[] = []): SummaryMessage {
  const zone = summary.timeZone;
  const periodName = s.periodName[summary.period];
  const customers = summary.customers.slice(0, MAX_CUSTOMER_LINES);
  const more = Math.max(0, summary.customerCount - customers.length);

  const customerLines = customers.map((c) =>
    s.customerLine(
      name(s, c.customerName),
      c,
      s.clockFigures(percent(s, c.respondedInTime, c.responded), c.respondedInTime, c.responded, minutes(s, c.medianResponseMinutes)),
      s.clockFigures(percent(s, c.resolvedInTime, c.resolved), c.resolvedInTime, c.resolved, minutes(s, c.medianResolutionMinutes)),
    ),
  );
  const breachedLines = summary.breachedNow
    .slice(0, MAX_TICKET_LINES)
    .map((t) => s.breachedLine(ticketLink(s, t), name(s, t.customerName), t.clock, s.when(t.since, zone), t.paused));
  const missedLines = summary.missed
    .slice(0, MAX_TICKET_LINES)
    .map((t) => s.missedLine(ticketLink(s, t), name(s, t.customerName), t.clock, s.duration(Math.max(1, t.lateMinutes))));

  const blocks: KnownBlock[] = [
    header(s.header(periodName)),
    context(s.range(s.when(summary.from, zone), s.when(summary.now, zone), zone)),
    section(totalsText(s, summary.totals, summary.change)),
    ...changeContext(s, summary),
    ...notes.map((note) => context(note)),
    divider(),
    ...(customerLines.length ? packed(s.customersTitle, customerLines) : [section(`${s.customersTitle}\n${s.noCustomers}`)]),
    ...(more > 0 ? [context(s.moreCustomers(more))] : []),
    divider(),
    ...(breachedLines.length ? packed(s.breachedTitle, breachedLines) : [section(`${s.breachedTitle}\n${s.noBreaches}`)]),
    ...(missedLines.length ? packed(s.missedTitle, missedLines) : [section(`${s.missedTitle}\n${s.noMisses}`)]),
  ];
  const f = summary.totals;
  return message(
    s.fallback(periodName, f.open, f.atRisk, f.breached, percent(s, f.respondedInTime, f.responded), percent(s, f.resolvedInTime, f.resolved)),
    blocks.slice(0, SLACK_LIMITS.messageBlocks),
  );
}
