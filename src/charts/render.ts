/**
 * Charts rendered on the server: a Vega-Lite spec is compiled to Vega, drawn to SVG by Vega's
 * headless renderer, and rasterised to PNG by resvg (a native binary shipped as an npm optional
 * dependency). No browser, no network, no system fonts: text is set in the DejaVu Sans files the
 * project ships in assets/fonts, so a chart looks the same on any machine. The chart's size is
 * exactly its spec's width x height (autosize "fit"), times `scale`. Numbers on axes follow the
 * locale's separators. bench/summary.ts measures the render time.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { renderAsync } from "@resvg/resvg-js";
import type { LocaleFormat } from "../i18n/format.js";

// vega exports locale() (vega-format's: formatters from a d3 number locale definition), but vega-typings 2.3 does not declare it.
declare module "vega" {
  export function locale(numberSpec?: { decimal: string; thousands: string; grouping: number[]; currency: [string, string] }, timeSpec?: object): import("vega-typings").LocaleFormatters;
}

export const CHART_FONT = "DejaVu Sans";
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

/** assets/fonts above this module: found by walking up, so it holds for src/ (tsx) and dist/src/ (built). */
function findFontDir(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "assets", "fonts");
    if (fs.existsSync(path.join(candidate, FONT_FILES[0]!))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the chart fonts (assets/fonts/${FONT_FILES[0]}) above ${start}`);
  }
}

let fontFiles: string[] | undefined;
const fonts = () => (fontFiles ??= FONT_FILES.map((f) => path.join(findFontDir(path.dirname(fileURLToPath(import.meta.url))), f)));

export type RenderedChart = { png: Buffer; width: number; height: number };

/** The spec's texts in the chart font, sizes in CSS pixels; `scale` 2 gives a sharp image on high-density screens. */
export async function renderChart(spec: TopLevelSpec, format: LocaleFormat, scale = 2): Promise<RenderedChart> {
  const { decimal, group } = format.separators;
  const view = new vega.View(vega.parse(compile(spec).spec), {
    renderer: "none",
    locale: vega.locale({ decimal, thousands: group, grouping: [3], currency: ["", ""] }, undefined),
  });
  try {
    const svg = await view.toSVG();
    // Rasterised on libuv's thread pool, not the event loop (vega's SVG and the PNG encoding stay on it: ~50-100 ms a chart).
    const image = await renderAsync(svg, {
      fitTo: { mode: "zoom", value: scale },
      background: "#ffffff",
      font: { fontFiles: fonts(), loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    });
    return { png: image.asPng(), width: image.width, height: image.height };
  } finally {
    view.finalize();
  }
}
