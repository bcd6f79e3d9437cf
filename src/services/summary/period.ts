/**
 * The summary's periods: today (since local midnight in the summary's time zone), week (the last 7
 * days) and month (the last 30 days), each ending at `now`. Days are the time zone's calendar days,
 * so a week across a daylight-saving change is 167 or 169 hours and always starts at the same clock
 * time as `now`. Also the windows the trend compares and charts: the previous period of the same
 * length, and the last N periods. Pure.
 */
import { DateTime } from "luxon";
import type { SummaryWindow } from "../../repositories/sla-summary.js";
import type { TrendWindow } from "../../repositories/sla-trend.js";

export const SUMMARY_PERIODS = ["today", "week", "month"] as const;
export type SummaryPeriod = (typeof SUMMARY_PERIODS)[number];

export const isSummaryPeriod = (v: string): v is SummaryPeriod => (SUMMARY_PERIODS as readonly string[]).includes(v);

/** Calendar days in a period (today: one, counted from midnight). */
const DAYS: Record<SummaryPeriod, number> = { today: 1, week: 7, month: 30 };

/** The start of the period that ends at `end` (local midnight for today). */
function startOf(period: SummaryPeriod, end: DateTime): DateTime {
  return period === "today" ? end.startOf("day") : end.minus({ days: DAYS[period] });
}

export function periodWindow(period: SummaryPeriod, now: Date, timeZone: string): SummaryWindow {
  return { from: startOf(period, DateTime.fromJSDate(now, { zone: timeZone })).toJSDate(), now };
}

/**
 * The summary's window as a half-open window [from, now + 1 ms): the summary counts what happened
 * at `now` itself, and trend windows never overlap.
 */
export function currentWindow(period: SummaryPeriod, now: Date, timeZone: string): TrendWindow {
  return { from: periodWindow(period, now, timeZone).from, to: new Date(now.getTime() + 1) };
}

/**
 * The previous period of the same length: the 7 (30) days before the week's (month's) start; for
 * today, yesterday from midnight to the same clock time as now.
 */
export function previousWindow(period: SummaryPeriod, now: Date, timeZone: string): TrendWindow {
  const end = DateTime.fromJSDate(now, { zone: timeZone });
  if (period === "today") {
    const yesterday = end.minus({ days: 1 });
    return { from: yesterday.startOf("day").toJSDate(), to: yesterday.toJSDate() };
  }
  const from = startOf(period, end);
  return { from: startOf(period, from).toJSDate(), to: from.toJSDate() };
}

/**
 * The last `count` periods, the current one first: for week and month consecutive periods of 7 (30)
 * local days ending at now; for today the day so far and the `count - 1` whole days before it.
 * Consecutive: each window starts where the next older one ends.
 */
export function trendWindows(period: SummaryPeriod, now: Date, timeZone: string, count: number): TrendWindow[] {
  const current = currentWindow(period, now, timeZone);
  const out: TrendWindow[] = [current];
  let start = DateTime.fromJSDate(current.from, { zone: timeZone });
  for (let i = 1; i < count; i++) {
    const older = period === "today" ? start.minus({ days: 1 }).startOf("day") : start.minus({ days: DAYS[period] });
    out.push({ from: older.toJSDate(), to: start.toJSDate() });
    start = older;
  }
  return out;
}
