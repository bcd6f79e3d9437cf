/**
 * Wizard latency, end to end over loopback: the real app in HTTP mode, signed requests from the
 * test driver, the fake Slack Web API recording calls. Prints one JSON line.
 *   (a) signed `/customer new` sent -> views.open received by the fake Slack
 *   (b) final step submitted -> answer received (the customer is committed before the app answers)
 * Run: npm run bench -- wizard   (or: tsx bench/wizard.ts [runs])
 */
import { ADMIN, startTestApp } from "../test/support/app-harness.js";
import { peakRssMb, summarise } from "./stats.js";

export async function benchWizard(runs: number) {
  const { slack, driver, db, logs, close } = await startTestApp({ enforceRateLimits: false });
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
  const customers = await db.customer.count();
  await close();
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
