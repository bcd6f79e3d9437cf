/**
 * The SLA charts: the trend (per period, response and resolution on time as lines, breaches as
 * bars) and the customers with the most breaches in the period (horizontal bars, response and
 * resolution deadlines stacked). Specs and alt texts are pure functions of the figures, the catalog
 * and the locale's formatting; `summaryCharts` and `customerTrendChart` render them to PNG files
 * ready for files.uploadV2. No chart is drawn without something to show: a trend needs two periods
 * of history (SlaTrend.history), the breaches chart a breach; the message says so instead.
 */
import type { TopLevelSpec } from "vega-lite";
import { DateTime } from "luxon";
import type { LocaleFormat } from "../i18n/format.js";
import type { TrendTexts } from "../i18n/catalog.js";
import type { SlaTrend, TrendPoint } from "../services/summary/service.js";
import { CHART_FONT, renderChart } from "./render.js";

/** Slack refuses longer alt text (files.getUploadURLExternal: alt_txt_too_large). */
export const ALT_TEXT_MAX = 1000;
/** Chart sizes in CSS pixels; the PNG is CHART_SCALE times that (1200 x 630 for the trend: sharp in a Slack message, ~60 ms of CPU to draw). */
export const CHART_WIDTH = 800;
export const TREND_HEIGHT = 420;
export const CHART_SCALE = 1.5;
/** The breaches chart: room for title, legend and axis, plus a band per customer. */
export const breachersHeight = (rows: number) => 130 + 34 * Math.max(1, rows);
const NAME_MAX = 40;
const TITLE_NAME_MAX = 60;

const COLORS = { breaches: "#f2a7a3", response: "#1f6fb4", resolution: "#2e9e4f", breachesResponse: "#e07b39", breachesResolution: "#b8322e" };

export type ChartFile = { filename: string; title: string; altText: string; png: Buffer; width: number; height: number };

const clipName = (name: string, max: number) => (name.length <= max ? name : `${name.slice(0, max - 1)}…`);

/** Percent on time, floored like the summary's (99.9% is not 100%); null when nothing counted. */
export const onTime = (inTime: number, total: number): number | null => (total === 0 ? null : Math.floor((inTime * 100) / total));

/** The label of a period on the x axis: the local day it ends on (the current one: today). */
function periodLabel(p: TrendPoint, format: LocaleFormat): string {
  return format.day(new Date(p.to.getTime() - 1));
}

const base = (width: number, height: number) => ({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  width,
  height,
  autosize: { type: "fit", contains: "padding" },
  padding: 16,
  background: "#ffffff",
  config: {
    font: CHART_FONT,
    view: { stroke: null },
    title: { fontSize: 18, subtitleFontSize: 13, subtitleColor: "#555555", anchor: "start", offset: 12 },
    axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: "normal", gridColor: "#e6e6e6" },
    legend: { labelFontSize: 13, orient: "top", title: null, symbolSize: 160, labelLimit: 400 },
  },
}) as const;

export type ChartSpec = { spec: TopLevelSpec; title: string; altText: string };

/** Fits alt text into Slack's limit, whatever the names: the end is cut with an ellipsis. */
const fitAlt = (text: string) => (text.length <= ALT_TEXT_MAX ? text : `${text.slice(0, ALT_TEXT_MAX - 1)}…`);

export function trendChartSpec(trend: SlaTrend, texts: TrendTexts, format: LocaleFormat, customerName?: string): ChartSpec {
  const points = trend.points;
  const title = texts.trendTitle(trend.period, points.length, customerName === undefined ? undefined : clipName(customerName, TITLE_NAME_MAX));
  const first = points[0];
  const last = points.at(-1);
  const range = first && last ? texts.range(format.dayYear(first.from), format.dayYear(new Date(last.to.getTime() - 1)), trend.timeZone) : "";
  const labels = points.map((p) => periodLabel(p, format));
  const rows = points.map((p, i) => ({
    x: labels[i],
    breaches: p.responseBreaches + p.resolutionBreaches,
    response: onTime(p.respondedInTime, p.responded),
    resolution: onTime(p.resolvedInTime, p.resolved),
  }));
  const lines = rows.flatMap((r) => [
    { x: r.x, series: texts.series.response, value: r.response },
    { x: r.x, series: texts.series.resolution, value: r.resolution },
  ]);
  const color = {
    scale: { domain: [texts.series.breaches, texts.series.response, texts.series.resolution], range: [COLORS.breaches, COLORS.response, COLORS.resolution] },
  };
  const spec = {
    ...base(CHART_WIDTH, TREND_HEIGHT),
    title: { text: title, subtitle: range },
    encoding: { x: { field: "x", type: "ordinal", scale: { domain: labels }, title: texts.xAxis[trend.period], axis: { labelAngle: 0, labelOverlap: false } } },
    layer: [
      {
        data: { values: rows },
        mark: { type: "bar", width: { band: 0.6 } },
        encoding: {
          y: { field: "breaches", type: "quantitative", title: texts.breachesAxis, axis: { orient: "left", format: ",d", tickMinStep: 1 } },
          color: { datum: texts.series.breaches, ...color },
        },
      },
      {
        data: { values: lines },
        mark: { type: "line", point: { size: 60, filled: true }, strokeWidth: 3 },
        encoding: {
          y: { field: "value", type: "quantitative", title: texts.onTimeAxis, scale: { domain: [0, 100] }, axis: { orient: "right", format: "d" } },
          color: { field: "series", type: "nominal", ...color },
        },
      },
    ],
    resolve: { scale: { y: "independent" } },
  } as unknown as TopLevelSpec;
  const pct = (v: number | null) => (v === null ? texts.none : texts.percent(format.int(v)));
  const altText = fitAlt(
    texts.trendAlt({
      title,
      range,
      period: trend.period,
      response: texts.list(rows.map((r) => pct(r.response))),
      resolution: texts.list(rows.map((r) => pct(r.resolution))),
      breaches: texts.list(rows.map((r) => format.int(r.breaches))),
    }),
  );
  return { spec, title, altText };
}

export function breachersChartSpec(trend: SlaTrend, periodName: string, texts: TrendTexts, format: LocaleFormat): ChartSpec {
  const title = texts.breachersTitle(periodName);
  const seen = new Set<string>();
  const rows = trend.topBreachers.map((b) => {
    let name = clipName(b.customerName ?? texts.unassigned, NAME_MAX);
    while (seen.has(name)) name = `${name} `; // two rows never share a band
    seen.add(name);
    return { ...b, name };
  });
  const bars = rows.flatMap((r) => [
    { name: r.name, clock: texts.clock.response, count: r.response, stack: 0 },
    { name: r.name, clock: texts.clock.resolution, count: r.resolution, stack: 1 },
  ]);
  const spec = {
    ...base(CHART_WIDTH, breachersHeight(rows.length)),
    title: { text: title },
    encoding: { y: { field: "name", type: "nominal", scale: { domain: rows.map((r) => r.name) }, title: null, axis: { labelFontSize: 13, labelLimit: 300 } } },
    layer: [
      {
        data: { values: bars },
        mark: { type: "bar", height: { band: 0.7 } },
        encoding: {
          x: { field: "count", type: "quantitative", stack: "zero", title: texts.breachersAxis, axis: { format: ",d", tickMinStep: 1 } },
          color: { field: "clock", type: "nominal", scale: { domain: [texts.clock.response, texts.clock.resolution], range: [COLORS.breachesResponse, COLORS.breachesResolution] } },
          order: { field: "stack" },
        },
      },
      {
        data: { values: rows.map((r) => ({ name: r.name, total: r.total, label: format.int(r.total) })) },
        mark: { type: "text", align: "left", dx: 6, fontSize: 13 },
        encoding: { x: { field: "total", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  } as unknown as TopLevelSpec;
  // As many customers as fit Slack's limit, the rest counted.
  const described = rows.map((r) => texts.breacherAlt(r.name, format.int(r.total), format.int(r.response), format.int(r.resolution)));
  let shown = described.length;
  while (shown > 0 && texts.breachersAlt(title, described.slice(0, shown), described.length - shown).length > ALT_TEXT_MAX) shown--;
  return { spec, title, altText: fitAlt(texts.breachersAlt(title, described.slice(0, shown), described.length - shown)) };
}

async function toFile(chart: ChartSpec, filename: string, format: LocaleFormat): Promise<ChartFile> {
  const { png, width, height } = await renderChart(chart.spec, format, CHART_SCALE);
  return { filename, title: chart.title, altText: chart.altText, png, width, height };
}

const fileDate = (trend: SlaTrend) => DateTime.fromJSDate(trend.now, { zone: trend.timeZone }).toISODate() ?? "today";

/** The summary's charts: the trend when there are two periods of history, the breaches chart when there is a breach. */
export async function summaryCharts(trend: SlaTrend, periodName: string, texts: TrendTexts, format: LocaleFormat): Promise<ChartFile[]> {
  if (trend.history !== "ok") return [];
  const files = [await toFile(trendChartSpec(trend, texts, format), texts.fileName("trend", trend.period, fileDate(trend)), format)];
  if (trend.topBreachers.length > 0) files.push(await toFile(breachersChartSpec(trend, periodName, texts, format), texts.fileName("breaches", trend.period, fileDate(trend)), format));
  return files;
}

/** One customer's trend chart, or undefined without two periods of history. */
export async function customerTrendChart(trend: SlaTrend, customerName: string, texts: TrendTexts, format: LocaleFormat): Promise<ChartFile | undefined> {
  if (trend.history !== "ok") return undefined;
  return toFile(trendChartSpec(trend, texts, format, customerName), texts.fileName("trend", trend.period, fileDate(trend)), format);
}
