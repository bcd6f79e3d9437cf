/**
 * The summary's periods: today (since local midnight in the summary's time zone), week (the last 7
 * days) and month (the last 30 days), each ending at `now`. Pure.
 */
import { DateTime } from "luxon";
import type { SummaryWindow } from "../../repositories/sla-summary.js";

export const SUMMARY_PERIODS = ["today", "week", "month"] as const;
export type SummaryPeriod = (typeof SUMMARY_PERIODS)[number];

export const isSummaryPeriod = (v: string): v is SummaryPeriod => (SUMMARY_PERIODS as readonly string[]).includes(v);

const DAY_MS = 86_400_000;

export function periodWindow(period: SummaryPeriod, now: Date, timeZone: string): SummaryWindow {
  switch (period) {
    case "today":
      return { from: DateTime.fromJSDate(now, { zone: timeZone }).startOf("day").toJSDate(), now };
    case "week":
      return { from: new Date(now.getTime() - 7 * DAY_MS), now };
    case "month":
      return { from: new Date(now.getTime() - 30 * DAY_MS), now };
  }
}
