/**
 * The scheduled SLA summary. `scheduleSlaSummary` registers it with node-cron (SLA_SUMMARY_CRON in
 * SLA_SUMMARY_TIMEZONE), or with the SummarySchedule a test gives; `runSlaSummary` is the job
 * itself, a plain function of its context and `now`, tested directly with fixed times.
 *
 * A run sends the summary for SLA_SUMMARY_PERIOD to each SLA_MANAGER_USER_IDS user by DM
 * (conversations.open, then chat.postMessage) and to SLA_SUMMARY_CHANNEL_ID. With neither set,
 * nothing is scheduled. Several instances of the app on one database: each run is claimed by
 * inserting ScheduledRun `sla-summary:<scheduled minute, ISO in the cron's zone>`; the instance whose
 * insert fails skips the run. The summary is computed before the claim, so an instance that cannot
 * compute it leaves the run to the others. A Slack failure for one recipient is logged and the
 * others still get theirs; a claimed run is not retried.
 *
 * The charts (the trend of the last 12 periods and the customers with the most breaches) are
 * rendered once and posted after the summary in each conversation with files.uploadV2. If they
 * cannot be rendered the summary goes without them (logged); a failed upload counts as a failure
 * for that recipient, whose summary message was still delivered.
 */
import os from "node:os";
import { randomUUID } from "node:crypto";
import { schedule } from "node-cron";
import { DateTime } from "luxon";
import type { FeatureContext } from "../features.js";
import type { SlaSummaryService } from "../services/summary/service.js";
import { slaSummaryMessage } from "../slack/views/sla-summary.js";
import { chartNotes } from "../slack/views/sla-trend.js";
import { localeFormat } from "../i18n/format.js";
import type { Reader } from "../i18n/catalog.js";
import { summaryCharts, type ChartFile } from "../charts/sla-charts.js";
import { uploadCharts } from "../slack/chart-uploads.js";

export type ScheduledJob = { stop(): void };

export type SummaryJobContext = Pick<FeatureContext, "config" | "client" | "logger" | "people" | "metrics">;

export type SummaryRunResult =
  | { kind: "not-configured" }
  | { kind: "claimed-elsewhere"; key: string }
  | { kind: "sent"; key: string; delivered: string[]; failed: { recipient: string; error: string }[] };

/** This process, as recorded on the runs it claims (for whoever reads ScheduledRun). */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** `sla-summary:2025-03-12T08:00+01:00`: the minute the run was scheduled for, in the cron's zone. */
export function runKey(now: Date, timeZone: string): string {
  const minute = DateTime.fromJSDate(now, { zone: timeZone }).startOf("minute");
  return `sla-summary:${minute.toISO({ suppressSeconds: true, suppressMilliseconds: true, includeOffset: true })}`;
}

const recipientsOf = (ctx: SummaryJobContext) => ({
  managers: ctx.config.slaSummary.managerUserIds,
  channel: ctx.config.slaSummary.channelId,
});

export async function runSlaSummary(
  ctx: SummaryJobContext,
  summary: SlaSummaryService,
  now: Date,
  instance: string = INSTANCE_ID,
): Promise<SummaryRunResult> {
  const { managers, channel } = recipientsOf(ctx);
  if (managers.length === 0 && !channel) return { kind: "not-configured" };
  const { period, timeZone } = ctx.config.slaSummary;
  const key = runKey(now, timeZone);
  const [figures, trend] = await Promise.all([summary.summary(period, now), summary.trend(period, now)]);
  // Each manager reads it in their own language; the channel in DEFAULT_LOCALE. Drawn once per language.
  const editions = new Map<string, Promise<Edition>>();
  const editionFor = (reader: Reader): Promise<Edition> => {
    let e = editions.get(reader.locale);
    if (!e) editions.set(reader.locale, (e = edition(reader)));
    return e;
  };
  type Edition = { message: ReturnType<typeof slaSummaryMessage>; charts: ChartFile[]; comment: string };
  const edition = async ({ t, tag }: Reader): Promise<Edition> => {
    const format = localeFormat(tag, figures.timeZone);
    const periodName = t.slaSummary.periodName[period];
    let charts: ChartFile[] = [];
    let notes = chartNotes(t.trend, trend, format);
    try {
      charts = await summaryCharts(trend, periodName, t.trend, format);
    } catch (error) {
      ctx.logger.error(`SLA summary ${key}: the charts could not be drawn; sending the summary without them`, error);
      notes = [t.trend.chartsNotDrawn];
    }
    return { message: slaSummaryMessage(t.slaSummary, figures, notes), charts, comment: t.trend.uploadComment(periodName) };
  };
  const postCharts = (channelId: string, e: Edition) => uploadCharts(ctx.client, channelId, e.charts, e.comment);
  if (!(await summary.claimRun(key, instance, now))) {
    ctx.logger.info(`SLA summary ${key}: already sent by another instance`);
    return { kind: "claimed-elsewhere", key };
  }
  const sends: { recipient: string; send: () => Promise<unknown> }[] = managers.map((user) => ({
    recipient: user,
    send: async () => {
      const dm = await ctx.client.conversations.open({ users: user });
      const dmChannel = dm.channel?.id;
      if (!dmChannel) throw new Error("conversations.open returned no channel");
      const e = await editionFor(await ctx.people.reader(user));
      await ctx.client.chat.postMessage({ channel: dmChannel, ...e.message });
      await postCharts(dmChannel, e);
    },
  }));
  if (channel) {
    sends.push({
      recipient: channel,
      send: async () => {
        const e = await editionFor(ctx.people.defaultReader);
        await ctx.client.chat.postMessage({ channel, ...e.message });
        await postCharts(channel, e);
      },
    });
  }
  const outcomes = await Promise.allSettled(sends.map((s) => s.send()));
  const delivered: string[] = [];
  const failed: { recipient: string; error: string }[] = [];
  outcomes.forEach((o, i) => {
    const recipient = sends[i]?.recipient ?? "?";
    ctx.metrics?.summarySent(recipient === channel ? "channel" : "dm", o.status === "fulfilled" ? "sent" : "failed");
    if (o.status === "fulfilled") delivered.push(recipient);
    else {
      const error = o.reason instanceof Error ? o.reason.message : String(o.reason);
      failed.push({ recipient, error });
      ctx.logger.error(`SLA summary ${key}: could not send to ${recipient}: ${error}`);
    }
  });
  ctx.logger.info(`SLA summary ${key}: sent to ${delivered.length} of ${sends.length} recipient(s)`);
  return { kind: "sent", key, delivered, failed };
}

/**
 * What fires the summary's runs: `cronSchedule` in the app. A test gives its own to fire the runs
 * of several app instances at a time it chooses, without waiting for a real cron minute. `run`
 * takes the time the run was scheduled for (its key) and never throws.
 */
export type SummarySchedule = (cron: string, timeZone: string, run: (scheduledFor: Date) => Promise<void>) => ScheduledJob;

/** node-cron: `cron` in `timeZone`, a run never started while the previous one is still going. */
export function cronSchedule(logger: SummaryJobContext["logger"]): SummarySchedule {
  return (cron, timeZone, run) => {
    const task = schedule(cron, (context) => run(context.date), { timezone: timeZone, name: "sla-summary", noOverlap: true });
    return {
      stop() {
        void Promise.resolve(task.destroy()).catch((error: unknown) => logger.warn(`Stopping the SLA summary schedule failed: ${String(error)}`));
      },
    };
  };
}

export function scheduleSlaSummary(ctx: SummaryJobContext, summary: SlaSummaryService, on: SummarySchedule = cronSchedule(ctx.logger)): ScheduledJob {
  const { managers, channel } = recipientsOf(ctx);
  const { cron, timeZone } = ctx.config.slaSummary;
  if (managers.length === 0 && !channel) {
    ctx.logger.info("SLA summaries are not scheduled: set SLA_MANAGER_USER_IDS and/or SLA_SUMMARY_CHANNEL_ID to receive them.");
    return { stop() {} };
  }
  return on(cron, timeZone, async (scheduledFor) => {
    try {
      await runSlaSummary(ctx, summary, scheduledFor);
    } catch (error) {
      ctx.logger.error(`SLA summary run at ${scheduledFor.toISOString()} failed`, error);
    }
  });
}
