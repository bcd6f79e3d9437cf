/**
 * The SLA charts as files: the PNG decodes, has the size the spec gives it and is drawn (the lines'
 * and bars' colours are in it), its alt text states the figures and fits Slack's 1,000 characters,
 * and every text follows the catalog and the locale it is given.
 */
import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { ALT_TEXT_MAX, CHART_SCALE, CHART_WIDTH, TREND_HEIGHT, breachersChartSpec, breachersHeight, customerTrendChart, summaryCharts, trendChartSpec } from "../../src/charts/sla-charts.js";
import { en as english } from "../../src/i18n/en.js";
const trendText = english.trend;
import { localeFormat } from "../../src/i18n/format.js";
import type { SlaTrend, TrendPoint } from "../../src/services/summary/service.js";

const NOW = new Date("2025-04-09T08:00:00.000Z");
const WEEK = 7 * 86_400_000;
const en = localeFormat("en-GB", "Europe/Rome");

function point(i: number, o: Partial<TrendPoint> = {}): TrendPoint {
  const to = new Date(NOW.getTime() + 1 - (11 - i) * WEEK);
  return {
    from: new Date(to.getTime() - WEEK),
    to,
    responded: 100,
    respondedInTime: 80 + i,
    medianResponseMinutes: 40,
    resolved: 50,
    resolvedInTime: 40,
    medianResolutionMinutes: 300,
    responseBreaches: i,
    resolutionBreaches: 1,
    opened: 120,
    openAtEnd: 30,
    ...o,
  };
}

function trendOf(o: Partial<SlaTrend> = {}): SlaTrend {
  return {
    period: "week",
    now: NOW,
    timeZone: "Europe/Rome",
    firstTicketAt: new Date("2024-06-01T00:00:00Z"),
    points: Array.from({ length: 12 }, (_, i) => point(i)),
    history: "ok",
    topBreachers: [
      { customerId: "c1", customerName: "Acme Dental", response: 5, resolution: 7, total: 12 },
      { customerId: null, customerName: null, response: 2, resolution: 0, total: 2 },
    ],
    ...o,
  };
}

const decode = (png: Buffer) => PNG.sync.read(png);
/** How many pixels are (nearly) this colour. */
function pixelsOf(image: PNG, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (Math.abs(image.data[i]! - r!) < 8 && Math.abs(image.data[i + 1]! - g!) < 8 && Math.abs(image.data[i + 2]! - b!) < 8) n++;
  }
  return n;
}

describe("SLA trend chart", () => {
  it("is a PNG of the expected size with the bars and both lines drawn, and alt text stating every figure", async () => {
    const [trend, breaches] = await summaryCharts(trendOf(), "last 7 days", trendText, en);
    expect(trend!.filename).toBe("sla-trend-week-2025-04-09.png");
    const image = decode(trend!.png);
    expect([image.width, image.height]).toEqual([CHART_WIDTH * CHART_SCALE, TREND_HEIGHT * CHART_SCALE]);
    expect([trend!.width, trend!.height]).toEqual([image.width, image.height]);
    expect(pixelsOf(image, "#f2a7a3")).toBeGreaterThan(5000); // breach bars
    expect(pixelsOf(image, "#1f6fb4")).toBeGreaterThan(2000); // response line
    expect(pixelsOf(image, "#2e9e4f")).toBeGreaterThan(2000); // resolution line
    expect(trend!.altText).toBe(
      "SLA trend — last 12 weeks, 15 Jan 2025 – 9 Apr 2025 (Europe/Rome), period by period from the oldest. " +
        "Response on time: 80%, 81%, 82%, 83%, 84%, 85%, 86%, 87%, 88%, 89%, 90%, 91%. " +
        "Resolution on time: 80%, 80%, 80%, 80%, 80%, 80%, 80%, 80%, 80%, 80%, 80%, 80%. " +
        "Breaches (SLA deadlines missed): 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12.",
    );
    expect(breaches!.filename).toBe("sla-breaches-week-2025-04-09.png");
    const bars = decode(breaches!.png);
    expect([bars.width, bars.height]).toEqual([CHART_WIDTH * CHART_SCALE, breachersHeight(2) * CHART_SCALE]);
    expect(pixelsOf(bars, "#b8322e")).toBeGreaterThan(1000);
    expect(breaches!.altText).toBe("Most SLA breaches — last 7 days: Acme Dental 12 (5 response, 7 resolution); Unassigned (triage) 2 (2 response, 0 resolution).");
  });

  it("says 'none' for a period with nothing answered, and draws no breaches chart without a breach", async () => {
    const points = [point(10, { responded: 0, respondedInTime: 0, resolved: 0, resolvedInTime: 0 }), point(11)];
    const files = await summaryCharts(trendOf({ points, topBreachers: [] }), "last 7 days", trendText, en);
    expect(files).toHaveLength(1);
    expect(files[0]!.altText).toContain("SLA trend — last 2 weeks");
    expect(files[0]!.altText).toContain("Response on time: none, 91%. Resolution on time: none, 80%. Breaches (SLA deadlines missed): 11, 12.");
  });

  it("draws nothing without two periods of history", async () => {
    expect(await summaryCharts(trendOf({ history: "short", points: [point(11)] }), "last 7 days", trendText, en)).toEqual([]);
    expect(await summaryCharts(trendOf({ history: "none", points: [], firstTicketAt: null }), "last 7 days", trendText, en)).toEqual([]);
    expect(await customerTrendChart(trendOf({ history: "short", points: [point(11)] }), "Acme", trendText, en)).toBeUndefined();
  });

  it("keeps the alt text within Slack's 1,000 characters with ten long customer names, counting those left out", () => {
    const topBreachers = Array.from({ length: 10 }, (_, i) => ({ customerId: `c${i}`, customerName: `Studio Dentistico Associato Numero ${i} di Roma e Provincia`, response: 100 + i, resolution: 200, total: 300 + i }));
    const { altText } = breachersChartSpec(trendOf({ topBreachers }), "last 30 days", trendText, en);
    expect(altText.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(altText).toContain("Studio Dentistico Associato Numero 0 di… 300 (100 response, 200 resolution)");
    expect(altText).toContain("Numero 9 di… 309 (109 response, 200 resolution).");
    // a wordier catalog (another language): the customers that do not fit are counted instead
    const wordy = { ...trendText, breacherAlt: (name: string, total: string, response: string, resolution: string) => `${name}, with ${total} missed deadlines: ${response} for the first response and ${resolution} for the resolution` };
    const fitted = breachersChartSpec(trendOf({ topBreachers }), "last 30 days", wordy, en).altText;
    expect(fitted.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(fitted).toMatch(/; and [1-9] more\.$/);
  });

  it("names the customer in a customer's chart, clipped, and puts it in the image as text, not markup", async () => {
    const chart = await customerTrendChart(trendOf({ topBreachers: [] }), "Acme <b>&</b> Sons", trendText, en);
    expect(chart!.title).toBe("SLA trend — Acme <b>&</b> Sons, last 12 weeks");
    expect(chart!.altText.startsWith("SLA trend — Acme <b>&</b> Sons, last 12 weeks,")).toBe(true);
    expect(decode(chart!.png).width).toBe(CHART_WIDTH * CHART_SCALE);
  });

  it("formats dates and numbers with the locale given, and takes every text from the catalog given", () => {
    const it = localeFormat("it-IT", "Europe/Rome");
    const big = trendOf({ points: [point(10, { responseBreaches: 12344 }), point(11, { responseBreaches: 49999 })] });
    const catalog = { ...trendText, series: { response: "Risposta in tempo", resolution: "Risoluzione in tempo", breaches: "Violazioni" }, xAxis: { ...trendText.xAxis, week: "Settimana fino al" } };
    const { spec, altText } = trendChartSpec(big, catalog, it);
    expect(altText).toContain("26 mar 2025 – 9 apr 2025");
    expect(altText).toContain("12.345, 50.000"); // Italian groups from five digits
    const json = JSON.stringify(spec);
    for (const text of ["Risposta in tempo", "Risoluzione in tempo", "Violazioni", "Settimana fino al", "2 apr", "9 apr"]) expect(json).toContain(text);
  });
});
