// SKELETON (being written by the summary engineer): the scheduled SLA summary (node-cron).
import type { FeatureContext } from "../features.js";
import type { SlaSummaryService } from "../services/summary/service.js";

export type ScheduledJob = { stop(): void };

export function scheduleSlaSummary(ctx: FeatureContext, summary: SlaSummaryService): ScheduledJob {
  void ctx;
  void summary;
  return { stop() {} };
}
