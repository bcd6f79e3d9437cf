/**
 * The SLA trend in messages: the notes the summary carries about its charts (where they are, or why
 * there is none yet), and `/sla trend <customer>`: one customer's last 12 weeks, week by week, newest
 * first (the chart goes to the asker's DM). Pure; numbers and dates come formatted for the locale.
 */
import type { KnownBlock } from "@slack/types";
import type { LocaleFormat } from "../../i18n/format.js";
import type { TrendTexts } from "../../i18n/catalog.js";
import { formatDuration } from "../../domain/sla.js";
import { onTime } from "../../charts/sla-charts.js";
import type { SlaTrend } from "../../services/summary/service.js";
import { clip, context, header, message, section, SLACK_LIMITS, type SlackMessage } from "./kit.js";

const NAME_MAX = 80;

/** Why the summary has no trend chart, or [] when it has one. */
export function chartNotes(tt: TrendTexts, trend: SlaTrend, format: LocaleFormat): string[] {
  if (trend.history === "none") return [tt.noTickets];
  if (trend.history === "short" && trend.firstTicketAt) return [tt.shortHistory(trend.period, format.dayYear(trend.firstTicketAt))];
  return [];
}

export function slaTrendMessage(tt: TrendTexts, customerName: string, trend: SlaTrend, format: LocaleFormat, chartsInDm: boolean): SlackMessage {
  const name = clip(customerName, NAME_MAX);
  const text = tt.fallback(name);
  if (trend.history === "none") return message(text, [section(tt.customerNoTickets(name))]);
  if (trend.history === "short" && trend.firstTicketAt) return message(text, [section(tt.customerShortHistory(name, format.dayYear(trend.firstTicketAt)))]);
  const first = trend.points[0];
  const last = trend.points.at(-1);
  const pct = (inTime: number, total: number) => {
    const p = onTime(inTime, total);
    return p === null ? tt.none : `${tt.percent(format.int(p))} (${format.int(inTime)}/${format.int(total)})`;
  };
  const median = (m: number | null) => (m === null ? "" : `, ${tt.duration(Math.max(0, Math.round(m)))}`);
  const lines = [...trend.points].reverse().map((p) =>
    tt.weekLine(
      format.day(new Date(p.to.getTime() - 1)),
      pct(p.respondedInTime, p.responded) + median(p.medianResponseMinutes),
      pct(p.resolvedInTime, p.resolved) + median(p.medianResolutionMinutes),
      format.int(p.responseBreaches + p.resolutionBreaches),
      format.int(p.opened),
      format.int(p.openAtEnd),
    ),
  );
  const blocks: KnownBlock[] = [
    header(clip(tt.customerHeader(clip(customerName, NAME_MAX)), SLACK_LIMITS.headerText)),
    ...(first && last ? [context(tt.customerRange(format.dayYear(first.from), format.dayYear(new Date(last.to.getTime() - 1)), trend.timeZone))] : []),
    section([tt.weeksTitle, ...lines].join("\n")),
    ...(chartsInDm ? [context(tt.chartsInDm)] : []),
  ];
  return message(text, blocks);
}
