/**
 * When the charts cannot be drawn (here the renderer is made to fail, as a missing font file or a
 * broken native binary would), `/sla summary` and `/sla trend` still answer with every figure and say
 * the charts are missing, and nothing is uploaded.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebClient } from "@slack/web-api";
import { ADMIN, BOT_TOKEN, CHANNEL, SIGNING_SECRET, eventually, memoryLogger, startTestApp, type TestApp } from "../support/app-harness.js";
import { loadConfig } from "../../src/config.js";
import { createSlaSummary } from "../../src/services/summary/service.js";
import { runSlaSummary } from "../../src/jobs/sla-summary-job.js";
import { seedTicketCustomers } from "../support/ticket-seed.js";
import { seedWeeklyHistory } from "../support/trend-seed.js";
import { testPeople } from "../support/people.js";

vi.mock("../../src/charts/render.js", async (original) => ({
  ...(await original<typeof import("../../src/charts/render.js")>()),
  renderChart: async () => {
    throw new Error("Cannot find the chart fonts (assets/fonts/DejaVuSans.ttf)");
  },
}));

const NOW = new Date("2025-03-12T10:00:00.000Z");
let app: TestApp;
beforeEach(async () => {
  app = await startTestApp({ clock: () => NOW, env: { SLA_SUMMARY_TIMEZONE: "Europe/Rome", SLA_SUMMARY_CRON: "0 3 29 2 *" } });
  const [acme] = await seedTicketCustomers(app.db, ["Acme Dental"]);
  await seedWeeklyHistory(app.db, acme!.id, NOW, 14);
});
afterEach(async () => app.close());

async function command(text: string) {
  const before = app.slack.ephemerals(ADMIN).length;
  await app.driver.command("/sla", text, { userId: ADMIN, channelId: CHANNEL });
  await eventually(() => app.slack.ephemerals(ADMIN).length > before, `a reply\n${app.slack.describeCalls()}`);
  return app.slack.ephemerals(ADMIN);
}

describe("SLA charts that cannot be drawn", () => {
  it("leave /sla summary with its figures and a note, and /sla trend with its weeks and a note", async () => {
    const [summary] = await command("summary week");
    const body = JSON.stringify(summary!.blocks);
    expect(body).toContain("*Response* 100% on time (4 of 4) ▲ 25 pts");
    expect(body).toContain("I couldn't draw the charts this time; the figures are complete.");
    await command("trend Acme Dental");
    await eventually(() => app.slack.ephemerals(ADMIN).length >= 3, "the note after the trend");
    expect(JSON.stringify(app.slack.ephemerals(ADMIN).at(-2)?.blocks)).toContain("*12 Mar* — response 100% (4/4)");
    expect(app.slack.ephemerals(ADMIN).at(-1)?.text).toBe("I couldn't draw the charts this time; the figures are complete. If it keeps happening, tell an admin.");
    expect(app.slack.uploads()).toEqual([]);
    expect(app.logs.join("\n")).toContain("SLA charts could not be drawn for U0ADMIN001");
  });

  it("leave the scheduled summary going out without them, logged", async () => {
    const logs: string[] = [];
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: app.slack.apiUrl,
      DATABASE_URL: app.testDb.url,
      SLA_SUMMARY_TIMEZONE: "Europe/Rome",
      SLA_SUMMARY_CHANNEL_ID: "C0MANAGERS",
    });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: app.slack.apiUrl, retryConfig: { retries: 0 } });
    const ctx = { config, db: app.db, client, logger: memoryLogger(logs), people: testPeople(client, config.defaultLocale) };
    expect(await runSlaSummary(ctx, createSlaSummary(ctx), NOW, "a")).toMatchObject({ kind: "sent", delivered: ["C0MANAGERS"], failed: [] });
    const sent = app.slack.messages("C0MANAGERS");
    expect(sent.map((m) => m.text?.slice(0, 22))).toEqual(["SLA summary, last 7 da"]);
    expect(JSON.stringify(sent[0]!.blocks)).toContain("I couldn't draw the charts this time; the figures are complete.");
    expect(app.slack.uploads()).toEqual([]);
    expect(logs.join("\n")).toContain("the charts could not be drawn; sending the summary without them");
  });
});
