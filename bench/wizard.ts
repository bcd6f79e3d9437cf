/**
 * Wizard latency, end to end over loopback: the real app in HTTP mode, signed requests from the
 * test driver, the fake Slack Web API recording calls. Prints one JSON line.
 *   (a) signed `/customer new` sent -> views.open received by the fake Slack
 *   (b) final step submitted -> answer received (the customer is committed before the app answers)
 * Run: npm run bench -- wizard   (or: tsx bench/wizard.ts [runs])
 */
import { createTestDb } from "../test/support/db.js";
import { ADMIN, BOT_TOKEN, SIGNING_SECRET, memoryLogger } from "../test/support/app-harness.js";
import { startFakeSlack } from "../test/support/fake-slack/index.js";
import { SlackDriver } from "../test/support/slack-driver.js";
import { loadConfig } from "../src/config.js";
import { buildApplication } from "../src/app.js";
import { peakRssMb, summarise } from "./stats.js";

export async function benchWizard(runs: number) {
  const slack = await startFakeSlack({ botToken: BOT_TOKEN, enforceRateLimits: false, logRejections: true });
  slack.addUser({ id: ADMIN, name: "ada", isAdmin: true });
  const testDb = createTestDb();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_API_RETRIES: "0",
    DATABASE_URL: testDb.url,
    LOG_LEVEL: "error",
  });
  const logs: string[] = [];
  const application = await buildApplication(config, { db: testDb.db, logger: memoryLogger(logs) });
  const port = await application.start(0);
  const driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, slack });
  const open: number[] = [];
  const commit: number[] = [];
  const warmup = Math.min(50, Math.ceil(runs / 10));
  for (let i = 0; i < runs + warmup; i++) {
    const opened = slack.callsTo("views.open").length;
    const t0 = performance.now();
    const waiting = slack.waitForCall("views.open", () => slack.callsTo("views.open").length > opened);
    await driver.command("/customer", `new Bench customer ${i}`, { userId: ADMIN });
    await waiting;
    const t1 = performance.now();
    const viewId = driver.currentView(ADMIN)?.id;
    if (!viewId) throw new Error(`run ${i}: no view opened\n${logs.join("\n")}`);
    await driver.submitView(viewId, { userId: ADMIN, values: { customer_domains: `bench${i}.example.com` } });
    const updates = slack.callsTo("views.update").length;
    const skipped = slack.waitForCall("views.update", () => slack.callsTo("views.update").length > updates);
    await driver.clickButton(viewId, "wizard_skip_contract", { userId: ADMIN });
    await skipped;
    await driver.submitView(viewId, { userId: ADMIN });
    const t2 = performance.now();
    const final = await driver.submitView(viewId, {
      userId: ADMIN,
      values: { contact_first_name: "Bench", contact_last_name: `Person ${i}`, contact_email: `p${i}@bench${i}.example.com` },
    });
    const t3 = performance.now();
    if (final.outcome !== "updated") throw new Error(`run ${i}: final step answered ${final.outcome} ${JSON.stringify(final.errors)}`);
    await driver.closeView(viewId, { userId: ADMIN });
    if (i >= warmup) {
      open.push(t1 - t0);
      commit.push(t3 - t2);
    }
  }
  const customers = await testDb.db.customer.count();
  await application.stop();
  await slack.close();
  await testDb.close();
  if (customers !== runs + warmup) throw new Error(`expected ${runs + warmup} customers, found ${customers}`);
  return { part: "wizard", runs, openMs: summarise(open), finalSubmitMs: summarise(commit), peakRssMb: peakRssMb() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchWizard(Number(process.argv[2] ?? 1000)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
