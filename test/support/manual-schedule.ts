/**
 * A SummarySchedule a test fires by hand: every app instance started with it registers its
 * summary run here (as each would with node-cron), and `fire(at)` starts all of them at once for
 * the run scheduled at `at`, as the same cron minute would on several instances. No real cron
 * minute is waited for, and the run's time is the test's, not the machine's.
 */
import type { SummarySchedule } from "../../src/jobs/sla-summary-job.js";

export type ManualSchedule = {
  schedule: SummarySchedule;
  /** How many instances have their run registered (and not stopped). */
  readonly registered: number;
  /** Runs every registered instance's job for the run scheduled at `at`, at once; resolves when all are done. */
  fire(at: Date): Promise<void>;
};

export function manualSchedule(): ManualSchedule {
  const runs = new Set<{ cron: string; timeZone: string; run: (at: Date) => Promise<void> }>();
  return {
    schedule(cron, timeZone, run) {
      const entry = { cron, timeZone, run };
      runs.add(entry);
      return { stop: () => void runs.delete(entry) };
    },
    get registered() {
      return runs.size;
    },
    async fire(at) {
      await Promise.all([...runs].map((r) => r.run(at)));
    },
  };
}
