/**
 * The app removed from Slack: a signed app_uninstalled (or tokens_revoked for its bot token)
 * stops the scheduled SLA summaries and every call to Slack, logs one line, and is recorded, so
 * that a restart with the same token is refused while a new installation's token starts normally.
 * The schedule runs every second here, so that "it stopped" is seen within seconds.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { buildApplication, type Application } from "../../src/app.js";
import { StartupError } from "../../src/startup-error.js";
import { BOT_TOKEN, SIGNING_SECRET, eventually, memoryLogger, startTestApp, type TestApp } from "../support/app-harness.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";

const MANAGER = "U0MANAGER1";
const EVERY_SECOND = { SLA_MANAGER_USER_IDS: MANAGER, SLA_SUMMARY_CRON: "* * * * * *" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: TestApp | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await app?.close();
  app = undefined;
});

async function scheduledApp(testDb?: TestDb): Promise<TestApp> {
  const a = await startTestApp({ env: EVERY_SECOND, ...(testDb ? { testDb } : {}) });
  a.slack.addUser({ id: MANAGER, name: "manager" });
  return a;
}

const summaryLines = (a: TestApp) => a.logs.filter((l) => l.startsWith("info SLA summary sla-summary:")).length;
const revokedLines = (a: TestApp) => a.logs.filter((l) => l.includes("Customer Book was removed from Slack workspace")).length;

/** The app as configured by `env`, on `testDb`, against `slack`; with its log. */
async function build(slack: FakeSlack, testDb: TestDb, token: string): Promise<{ application: Application; logs: string[] }> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_API_RETRIES: "0",
    DATABASE_URL: testDb.url,
    PORT: "0",
    ...EVERY_SECOND,
  });
  const logs: string[] = [];
  return { application: await buildApplication(config, { db: testDb.db, logger: memoryLogger(logs) }), logs };
}

describe("app_uninstalled", () => {
  it("stops the scheduled summaries and every call to Slack, logs one line and records it", async () => {
    app = await scheduledApp();
    const a = app;
    await eventually(() => summaryLines(a) > 0, "a scheduled summary run", 5000);

    a.slack.revokeTokens(); // Slack revokes the tokens, then tells the app
    const res = await a.driver.event({ type: "app_uninstalled" });
    expect(res.status).toBe(200);
    await eventually(() => revokedLines(a) === 1, "the log line");
    expect(a.logs.find((l) => l.includes("was removed from Slack workspace"))).toMatch(
      /^warn Customer Book was removed from Slack workspace T0FAKETEAM \(app_uninstalled\): the scheduled SLA summaries and every call to Slack are stopped/,
    );

    const lines = summaryLines(a);
    const calls = a.slack.calls.length;
    await sleep(2500); // two scheduled seconds and more
    expect(summaryLines(a)).toBe(lines);
    // Whatever still tries to call Slack is answered by the app's own client, without a request.
    await expect(a.application.app.client.chat.postMessage({ channel: MANAGER, text: "still there?" })).rejects.toMatchObject({ data: { error: "token_revoked" } });
    expect(a.slack.calls.length).toBe(calls);

    expect(await a.db.slackRevocation.findMany({ select: { teamId: true, event: true } })).toEqual([{ teamId: "T0FAKETEAM", event: "app_uninstalled" }]);
    const record = await a.db.slackRevocation.findFirstOrThrow();
    expect(record.tokenFingerprint).not.toContain(BOT_TOKEN);

    // Slack retrying the event changes nothing and logs nothing more.
    await a.driver.event({ type: "app_uninstalled" }, { retryNum: 1, retryReason: "http_timeout" });
    await sleep(100);
    expect(revokedLines(a)).toBe(1);
  }, 30_000);

  it("is not resumed by a restart with the same token; a new installation's token starts and schedules again", async () => {
    const testDb = await createTestDb();
    app = await scheduledApp(testDb);
    const a = app;
    a.slack.revokeTokens();
    await a.driver.event({ type: "app_uninstalled" });
    await eventually(() => revokedLines(a) === 1, "the log line");
    await a.application.stop();
    app = undefined;
    cleanups.push(() => a.slack.close(), () => testDb.close());

    const restart = a.slack; // the same Slack, the same (revoked) token
    const refused = build(restart, testDb, BOT_TOKEN);
    await expect(refused).rejects.toBeInstanceOf(StartupError);
    await expect(refused).rejects.toThrow(
      /^Customer Book was removed from Slack workspace T0FAKETEAM on \d{4}-\d\d-\d\dT[\d:.]+Z \(app_uninstalled\), and Slack revoked SLACK_BOT_TOKEN then: install the app again/,
    );
    expect(restart.callsTo("auth.test")).toHaveLength(1); // the first start's: the restart asked nothing with the dead token

    const reinstalled = await startFakeSlack({ botToken: "xoxb-2-new-installation", logRejections: false });
    reinstalled.addUser({ id: MANAGER, name: "manager" });
    cleanups.push(() => reinstalled.close());
    const { application, logs } = await build(reinstalled, testDb, "xoxb-2-new-installation");
    cleanups.push(() => application.stop());
    await application.start(0);
    await eventually(() => logs.some((l) => l.startsWith("info SLA summary sla-summary:")), "a scheduled summary run after reinstalling", 5000);
  }, 30_000);
});

describe("tokens_revoked", () => {
  it("of user tokens only changes nothing: the app uses its bot token alone", async () => {
    app = await scheduledApp();
    const a = app;
    await a.driver.event({ type: "tokens_revoked", tokens: { oauth: ["U0SOMEONE1"] } });
    await sleep(1500);
    expect(revokedLines(a)).toBe(0);
    expect(await a.db.slackRevocation.count()).toBe(0);
    const lines = summaryLines(a);
    await eventually(() => summaryLines(a) > lines, "the schedule going on", 3000);
  }, 30_000);

  it("of the bot token stops the app's calls to Slack like an uninstall", async () => {
    app = await scheduledApp();
    const a = app;
    a.slack.revokeTokens();
    await a.driver.event({ type: "tokens_revoked", tokens: { bot: [a.slack.botUserId] } });
    await eventually(() => revokedLines(a) === 1, "the log line");
    expect(a.logs.find((l) => l.includes("was removed from Slack workspace"))).toContain("(tokens_revoked)");
    const lines = summaryLines(a);
    await sleep(2000);
    expect(summaryLines(a)).toBe(lines);
    expect(await a.db.slackRevocation.findMany({ select: { event: true } })).toEqual([{ event: "tokens_revoked" }]);
  }, 30_000);
});
