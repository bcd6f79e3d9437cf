/**
 * Starts the real application in HTTP mode on a free port, against a fake Slack Web API and a
 * fresh SQLite file, with a driver that sends signed requests like Slack does.
 */
import type { Logger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import { loadConfig } from "../../src/config.js";
import { buildApplication, type Application, type AppOverrides } from "../../src/app.js";
import { createTestDb, type TestDb } from "./db.js";
import { startFakeSlack, type FakeSlack } from "./fake-slack/index.js";
import { SlackDriver } from "./slack-driver.js";
import type { DeliveryQueueOptions } from "../../src/slack/delivery-queue.js";
import type { SenderOptions } from "../../src/services/email-out/sender.js";
import type { RatePacerOptions } from "../../src/slack/rate-pacer.js";

export const BOT_TOKEN = "xoxb-test-000-bot-token";
export const SIGNING_SECRET = "test-signing-secret-0123456789";
export const ADMIN = "U0ADMIN001";
export const OWNER = "U0OWNER001";
export const TECH = "U0TECH0001";
export const LISTED_ADMIN = "U0LISTED01";
export const CHANNEL = "C0GENERAL1";

export type TestApp = {
  slack: FakeSlack;
  driver: SlackDriver;
  db: TestDb["db"];
  testDb: TestDb;
  application: Application;
  port: number;
  logs: string[];
  close(): Promise<void>;
};

/** A logger that keeps what it is told, so a test can assert on it and output stays quiet. */
export function memoryLogger(lines: string[]): Logger {
  const log = (level: string) => (...msg: unknown[]) => {
    lines.push(`${level} ${msg.map((m) => (m instanceof Error ? `${m.message}\n${m.stack}` : typeof m === "string" ? m : JSON.stringify(m))).join(" ")}`);
  };
  return {
    debug: () => undefined,
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

/** The delivery queue's timing in tests: a Slack that comes back is noticed within a fraction of a second. */
export const TEST_DELIVERIES: DeliveryQueueOptions = { pollMs: 100, baseBackoffMs: 50, maxBackoffMs: 400 };
/**
 * The shared chat.update pacer in tests: slots 20 ms apart, so that a test's few updates do not wait
 * 1.3 s each (test/db/rate-pacer.test.ts and the two-instance test check the production rate).
 */
export const TEST_RATE_PACER: RatePacerOptions = { perMinute: { "chat.update": 3_000 } };
/** The email sender's timing in tests: a mail server that comes back is noticed within a fraction of a second. */
export const TEST_OUTBOX: SenderOptions = { pollMs: 100, baseBackoffMs: 50, maxBackoffMs: 400 };

/**
 * `slack`: a fake Slack to share (a restarted app, a second instance): it is not closed with the app.
 * `deliveries`: the delivery queue's timing (TEST_DELIVERIES unless told).
 */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    enforceRateLimits?: boolean;
    clock?: () => Date;
    testDb?: TestDb;
    slack?: FakeSlack;
    deliveries?: DeliveryQueueOptions;
    customerSearch?: AppOverrides["customerSearch"];
    outbox?: SenderOptions;
    ratePacer?: RatePacerOptions;
    peopleTtlMs?: number;
    summarySchedule?: AppOverrides["summarySchedule"];
  } = {},
): Promise<TestApp> {
  const ownSlack = opts.slack === undefined;
  const slack = opts.slack ?? (await startFakeSlack({ botToken: BOT_TOKEN, enforceRateLimits: opts.enforceRateLimits ?? true, logRejections: false }));
  if (ownSlack) {
    slack.addUser({ id: ADMIN, name: "ada", isAdmin: true });
    slack.addUser({ id: OWNER, name: "olive", isOwner: true });
    slack.addUser({ id: TECH, name: "tom" });
    slack.addUser({ id: LISTED_ADMIN, name: "lisa" });
  }
  const testDb = opts.testDb ?? (await createTestDb());
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_API_RETRIES: "0",
    SLACK_ADMIN_USER_IDS: LISTED_ADMIN,
    DATABASE_URL: testDb.url,
    PORT: "0",
    LOG_LEVEL: "error",
    ...opts.env,
  });
  const logs: string[] = [];
  const application = await buildApplication(config, {
    db: testDb.db,
    logger: memoryLogger(logs),
    deliveries: opts.deliveries ?? TEST_DELIVERIES,
    outbox: opts.outbox ?? TEST_OUTBOX,
    ratePacer: opts.ratePacer ?? TEST_RATE_PACER,
    ...(opts.peopleTtlMs !== undefined ? { peopleTtlMs: opts.peopleTtlMs } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.summarySchedule ? { summarySchedule: opts.summarySchedule } : {}),
    ...(opts.customerSearch ? { customerSearch: opts.customerSearch } : {}),
  });
  const port = (await application.start(0)) ?? 0;
  const driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, slack });
  return {
    slack,
    driver,
    db: testDb.db,
    testDb,
    application,
    port,
    logs,
    async close() {
      // The drain waits for requests in flight (their work after the ack included) at most 2 s
      // here: a test may stop the app on purpose while Slack does not answer.
      await application.stop({ inFlightMs: 2_000 });
      if (ownSlack) await slack.close();
      await testDb.close();
    },
  };
}

/** Waits until `check` holds (for work the app does after acknowledging). */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs an interaction the app answers with an asynchronous Web API call, and waits for that call. */
export async function andWaitFor<T>(app: TestApp, method: string, action: () => Promise<T>): Promise<T> {
  const before = app.slack.callsTo(method).length;
  const result = await action();
  await eventually(() => app.slack.callsTo(method).length > before, `a ${method} call\n${app.slack.describeCalls()}`);
  const call = app.slack.callsTo(method).at(-1);
  if (call && !call.ok) throw new Error(`${method} was refused: ${JSON.stringify(call.response)}`);
  return result;
}
