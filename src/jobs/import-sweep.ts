/**
 * Every hour: previews not imported within PREVIEW_VALID_HOURS end (their threads say so and lose
 * their buttons), and the temp folder loses the working copies (spools) no import will read. At
 * start-up the same sweep runs once (ImportService.recoverInterrupted). Several instances may run it
 * at once: each ends a preview through one atomic status change, so a thread is told once.
 *
 * Every IMPORT_JOB_LEASE_SECONDS / 2 (scheduleImportRecovery): imports and previews whose instance
 * died (no heartbeat for the lease) are reported stopped, each once (ImportService.recoverStale).
 */
import type { Logger } from "@slack/bolt";
import type { ImportService } from "../services/import/service.js";
import type { SlackDeliveries } from "../slack/delivery-queue.js";
import { expiredMessage } from "../slack/views/imports.js";
import type { People } from "../slack/people.js";

export type ImportSweepDeps = { imports: ImportService; deliveries: SlackDeliveries; logger: Logger; people: People };

const EVERY_MS = 3600_000;

export async function sweepImports(deps: ImportSweepDeps): Promise<{ expired: number; removed: number }> {
  const expired = await deps.imports.expirePreviews();
  for (const job of expired) {
    if (!job.messageTs) continue;
    const { t } = await deps.people.readerIn(job.channelId, job.uploadedBy);
    await deps.deliveries.enqueue({
      key: `import:${job.id}:expired`,
      orderKey: `thread:${job.channelId}:${job.threadTs}`,
      method: "chat.update",
      args: { channel: job.channelId, ts: job.messageTs, ...expiredMessage(t, job) },
    });
  }
  return { expired: expired.length, removed: await deps.imports.sweepSpools() };
}

export function scheduleImportSweep(deps: ImportSweepDeps, everyMs = EVERY_MS): { stop(): void } {
  const timer = setInterval(() => {
    sweepImports(deps).catch((e: unknown) => deps.logger.error("The hourly sweep of import previews failed", e));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Runs `recover` every `everyMs` (one run at a time); a failure is logged and the next run tries again. */
export function scheduleImportRecovery(recover: () => Promise<void>, everyMs: number, logger: Logger): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    recover()
      .catch((e: unknown) => logger.error("Looking for imports whose instance stopped failed; it is tried again shortly", e))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
