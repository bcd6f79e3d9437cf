/**
 * LOG_FORMAT: the real entry point in a child process. json: every line it writes, from start-up
 * to the stop (its own lines, Bolt's and the app's), is one JSON object with level, time and msg.
 * text (the default): readable lines as before. Not database-specific: SQLite only.
 */
import { afterEach, describe, expect, it } from "vitest";
import { BOT_TOKEN, SIGNING_SECRET } from "../support/app-harness.js";
import { startChildApp } from "../support/child-app.js";
import { clockEnv } from "../support/child-env.js";
import { createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";

let slack: FakeSlack | undefined;
let testDb: TestDb | undefined;
afterEach(async () => {
  await slack?.close();
  await testDb?.close();
  slack = testDb = undefined;
});

/** Runs the app with this LOG_FORMAT: a forged Slack request (logged as a warning), then SIGTERM; its output lines. */
async function runWith(format: string | undefined): Promise<{ code: unknown; lines: string[] }> {
  slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
  testDb = await createTestDb();
  const app = await startChildApp({
    ...clockEnv(),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: testDb.url,
    ...(format ? { LOG_FORMAT: format } : {}),
  });
  const ts = Math.floor(Date.now() / 1000);
  const forged = await fetch(`http://127.0.0.1:${app.port}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": `v0=${"0".repeat(64)}` },
    body: "command=%2Fcustomer&text=",
  });
  expect(forged.status).toBe(401);
  app.child.kill("SIGTERM");
  const code = await app.exited;
  return { code, lines: app.output().split("\n").filter((l) => l.trim() !== "") };
}

describe.skipIf(onPostgres)("LOG_FORMAT", () => {
  it("json: every line is one JSON object with level, time and msg, from start-up to the stop", async () => {
    const { code, lines } = await runWith("json");
    expect(code).toBe(0);
    const entries = lines.map((line) => {
      let parsed: unknown;
      expect(() => (parsed = JSON.parse(line)), line).not.toThrow();
      return parsed as { level: unknown; time: unknown; msg: unknown };
    });
    for (const e of entries) {
      expect(["debug", "info", "warn", "error"]).toContain(e.level);
      expect(typeof e.time).toBe("number");
      expect(typeof e.msg).toBe("string");
    }
    const msgs = entries.map((e) => String(e.msg));
    expect(msgs.some((m) => m.startsWith("Customer Book is running: HTTP mode"))).toBe(true);
    expect(entries.some((e) => e.level === "warn" && String(e.msg).includes("signature does not match SLACK_SIGNING_SECRET"))).toBe(true);
    expect(msgs.some((m) => m.startsWith("SIGTERM received, stopping"))).toBe(true);
    expect(lines.join("\n")).not.toContain(SIGNING_SECRET);
  }, 60_000);

  it("text (the default): readable lines, none of them JSON", async () => {
    const { code, lines } = await runWith(undefined);
    expect(code).toBe(0);
    expect(lines.find((l) => l.startsWith("Customer Book is running: HTTP mode"))).toBeDefined();
    expect(lines.find((l) => l.startsWith("SIGTERM received, stopping"))).toBeDefined();
    expect(lines.find((l) => l.startsWith("[WARN] customer-book") && l.includes("signature does not match"))).toBeDefined();
    for (const line of lines) expect(line.trimStart().startsWith("{"), line).toBe(false);
  }, 60_000);
});
