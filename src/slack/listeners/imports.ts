/**
 * CSV import through Slack: `/customer import` (templates), `/customer imports` (history), a CSV
 * uploaded where the app can see it (file_shared: preview in the file's thread), and the
 * Import / Cancel buttons. The importing itself is ImportService's.
 *
 * What the thread must end up showing (the preview's verdict, the final report, the error file,
 * the report of an import that stopped) goes through the delivery queue (delivery-queue.ts): if
 * Slack is down when the import ends, the report is posted when it is back, even after a restart.
 * Progress updates go straight to Slack: a missed one is overtaken by the next.
 */
import fs from "node:fs";
import type { App, BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Catalog } from "../../i18n/catalog.js";
import { storeOutcome, type ImportOutcome } from "../../domain/stored-outcomes.js";
import { customersTemplateCsv, contactsTemplateCsv } from "../../import/templates.js";
import { JobStatus, type ImportJob } from "../../repositories/import-jobs.js";
import { ImportDrained, ImportSourceError, PREVIEW_VALID_HOURS } from "../../services/import/service.js";
import { JobLost } from "../../repositories/import-store.js";
import type { SlackDeps } from "../context.js";
import { ActionId } from "../ids.js";
import { actionKey } from "../request-keys.js";
import { SlackFileError, openSlackFile, type SlackFileInfo } from "../files.js";
import { explainFailure, failureOutcome } from "../failures.js";
import type { SlackDeliveryQueue } from "../delivery-queue.js";
import { isSlackUnavailable } from "../slack-errors.js";
import {
  cannotReadMessage,
  checkingMessage,
  expiredMessage,
  failedMessage,
  storedReason,
  importsList,
  previewMessage,
  progressMessage,
  resultMessage,
  templateComment,
  templateOffer,
  textMessage,
} from "../views/imports.js";
import { slackText, type Text } from "../views/kit.js";
import type { SubcommandContext } from "./customer-command.js";

/**
 * One progress update per 1.5 s at most from this instance, and only when the shared chat.update
 * pacer (rate-pacer.ts) has a slot free now: ticket messages and reports wait for their slots,
 * progress never does (the next one overtakes it), so all instances together stay under Slack's ~50.
 */
export const PROGRESS_INTERVAL_MS = 1_500;

const ephemeral = (text: Text) => ({ response_type: "ephemeral" as const, text: slackText(text) });

export async function importSubcommand({ command, respond, deps, t }: SubcommandContext): Promise<void> {
  if (!(await deps.admins.isAdmin(command.user_id))) return void (await respond(ephemeral(t.admin.onlyAdmins(t.imports.onlyAdminsImport))));
  await respond({ response_type: "ephemeral", ...templateOffer(t) });
}

export async function importsSubcommand({ respond, deps, t }: SubcommandContext): Promise<void> {
  await respond({ response_type: "ephemeral", ...importsList(t, await deps.imports.recent(10), deps.clock()) });
}

function isCsv(file: SlackFileInfo): boolean {
  return /\.csv$/i.test(file.name ?? "") || file.filetype === "csv";
}

/**
 * The thread of the message that shared the file in this channel: the preview goes there. A file
 * shared as a reply gives its thread's parent (Slack: use the parent's ts as thread_ts, not a reply's).
 */
function shareTs(file: SlackFileInfo, channel: string): string | undefined {
  const share = file.shares?.public?.[channel]?.[0] ?? file.shares?.private?.[channel]?.[0];
  return share?.thread_ts ?? share?.ts;
}

/** Spaces the progress updates of every import this instance runs (then each asks the shared pacer for a free slot). */
class ProgressPacer {
  private last = 0;
  constructor(private readonly intervalMs: number) {}
  /** Whether an update would go now (nothing is taken). */
  due(now = Date.now()): boolean {
    return now - this.last >= this.intervalMs;
  }
  /** Takes the turn: true when an update may go now. */
  ready(now = Date.now()): boolean {
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}

export function registerImports(app: App, deps: SlackDeps): void {
  const pacer = new ProgressPacer(PROGRESS_INTERVAL_MS);

  app.event("file_shared", async ({ event, client, context, logger }) => {
    // Slack also sends file_shared for the files this app shares (error reports, templates).
    if (context.botUserId && event.user_id === context.botUserId) return;
    const info = await client.files.info({ file: event.file_id });
    const file = info.file as SlackFileInfo | undefined;
    if (!file || !isCsv(file)) return; // other files are none of our business
    const channel = event.channel_id;
    const threadTs = shareTs(file, channel) ?? event.event_ts;
    const { job, isNew } = await deps.imports.register({ fileId: file.id, fileName: file.name ?? file.id, uploadedBy: event.user_id, channelId: channel, threadTs });
    if (!isNew) return; // Slack retried the event (to this instance or another): this file is already being handled
    await deps.imports.track(checkFile(job, file, channel, threadTs, event.user_id, client, logger));
  });

  const checkFile = async (job: ImportJob, file: SlackFileInfo, channel: string, threadTs: string, userId: string, client: WebClient, logger: SlackDeps["logger"]) => {
    // The thread is read by whoever is in the conversation: DEFAULT_LOCALE in a channel, the uploader's language in a DM.
    const { t } = await deps.people.readerIn(channel, userId);
    const m = t.imports;
    const reply = (message: { text: string; blocks?: unknown[] }) => client.chat.postMessage({ channel, thread_ts: threadTs, ...message } as never);

    if (!(await deps.admins.isAdmin(userId))) {
      await deps.imports.refuse(job.id, { code: "not_admin" });
      await reply(textMessage(m.refused(userId)));
      return;
    }
    if ((file.size ?? 0) > deps.imports.maxBytes) {
      const outcome = { code: "upload_too_large", file: job.fileName, maxBytes: deps.imports.maxBytes } as const;
      await deps.imports.fail(job.id, outcome);
      await reply(textMessage(m.outcome(outcome)));
      return;
    }
    const posted = await reply(checkingMessage(t, job.fileName));
    const messageTs = posted.ts as string;
    await deps.imports.attachMessage(job.id, messageTs);
    const verdict = (message: { text: string; blocks: unknown[] }) =>
      deps.deliveries.enqueue({ key: `import:${job.id}:preview`, orderKey: threadKey(job), method: "chat.update", args: { channel, ts: messageTs, ...message } });
    try {
      const preview = await deps.imports.preview(t, job, () => openSlackFile(file, deps.botToken));
      await verdict(preview.ok ? previewMessage(t, job, preview) : cannotReadMessage(t, job.fileName, m.outcome(preview.outcome)));
    } catch (error) {
      // Another instance took this preview for dead and said so in the thread.
      if (error instanceof JobLost) return void logger.warn(`The preview of file ${file.id} was recovered by another instance; this one stopped it`);
      // Said in the file's thread, where the preview was to be: the reason, or a ref to the log line.
      const outcome: ImportOutcome =
        error instanceof ImportDrained
          ? { code: "interrupted_preview" }
          : error instanceof SlackFileError
            ? error.outcome
            : isSlackUnavailable(error)
              ? { code: "slack_unavailable_preview" }
              : failureOutcome(explainFailure(t, error, logger, `the preview of file ${file.id} shared by ${userId}`));
      await deps.imports.fail(job.id, outcome);
      await verdict(cannotReadMessage(t, job.fileName, m.outcome(outcome)));
    }
  };

  app.action<BlockAction<ButtonAction>>(ActionId.importConfirm, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    const userId = body.user.id;
    const { t } = await deps.people.reader(userId);
    if (!(await deps.admins.isAdmin(userId))) return void (await respond(ephemeral(t.admin.onlyAdmins(t.imports.onlyAdminsImport))));
    const jobId = action.value ?? "";
    // A replayed click does not start the import again (say, after it failed: Import again is a new click).
    // An instance that is stopping takes no import and gives the click back (another instance may take it).
    const claimed = await deps.claims.once(actionKey(body, action), () => deps.imports.claim(jobId, userId), (outcome) => outcome !== "stopping");
    if (claimed.kind === "repeat") return;
    if (claimed.value === "stopping") return void (await respond(ephemeral(t.imports.restarting)));
    if (claimed.value === "expired") return void (await tellExpired(t, respond, deps, jobId));
    if (claimed.value === "taken") return void (await respond(ephemeral(t.imports.alreadyRunning)));
    const job = await deps.imports.get(jobId);
    if (!job || !job.messageTs) return;
    await deps.imports.track(runImport(t, client, respond, job, userId, deps, pacer, logger));
  });

  app.action<BlockAction<ButtonAction>>(ActionId.importCancel, async ({ ack, body, action, client, respond }) => {
    await ack();
    const userId = body.user.id;
    const { t } = await deps.people.reader(userId);
    if (!(await deps.admins.isAdmin(userId))) return void (await respond(ephemeral(t.admin.onlyAdmins(t.imports.onlyAdminsImport))));
    const job = await deps.imports.get(action.value ?? "");
    if (!job?.messageTs) return;
    if (job.status === JobStatus.expired) return void (await tellExpired(t, respond, deps, job.id));
    if (!(await deps.imports.cancel(job.id))) return void (await respond(ephemeral(t.imports.alreadyRunning)));
    const thread = await deps.people.readerIn(job.channelId, job.uploadedBy);
    await client.chat.update({ channel: job.channelId, ts: job.messageTs, ...textMessage(thread.t.imports.cancelled(userId)) });
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ActionId.importTemplatePrefix}`), async ({ ack, body, action, client, respond }) => {
    await ack();
    const userId = body.user.id;
    const { t, locale } = await deps.people.reader(userId);
    const m = t.imports;
    if (!(await deps.admins.isAdmin(userId))) return void (await respond(ephemeral(t.admin.onlyAdmins(m.onlyAdminsImport))));
    const kind = action.value === "contacts" ? "contacts" : "customers";
    const sent = await deps.claims.once(actionKey(body, action), async () => {
      const dm = await client.conversations.open({ users: userId });
      const channel = dm.channel?.id ?? userId;
      const content = kind === "customers" ? customersTemplateCsv(await deps.templateNames(), locale) : contactsTemplateCsv(locale);
      await client.files.uploadV2({
        channel_id: channel,
        filename: m.templateFileName(kind),
        title: m.templateTitle(kind),
        file: Buffer.from(content, "utf8"),
        initial_comment: slackText(templateComment(t, locale, kind)),
      });
    });
    if (sent.kind === "repeat") return; // one template per click
    await respond({ ...ephemeral(m.templateSent(m.kindLabel[kind] ?? kind)), replace_original: false });
  });
}

/** The order of what goes to one import's thread (see delivery-queue.ts). */
const threadKey = (job: Pick<ImportJob, "channelId" | "threadTs">) => `thread:${job.channelId}:${job.threadTs}`;

/** A click on a preview that is too old: the person is told, and the preview loses its buttons. */
async function tellExpired(t: Catalog, respond: RespondFn, deps: SlackDeps, jobId: string): Promise<void> {
  await respond(ephemeral(t.imports.previewExpired(PREVIEW_VALID_HOURS)));
  const job = await deps.imports.get(jobId);
  if (!job?.messageTs) return;
  const thread = await deps.people.readerIn(job.channelId, job.uploadedBy);
  await deps.deliveries.enqueue({ key: `import:${job.id}:expired`, orderKey: threadKey(job), method: "chat.update", args: { channel: job.channelId, ts: job.messageTs, ...expiredMessage(thread.t, job) } });
}

/** `mine`: the catalog of who pressed Import; the thread is written in the thread's own (readerIn). */
async function runImport(
  mine: Catalog,
  client: WebClient,
  respond: RespondFn,
  job: ImportJob,
  userId: string,
  deps: SlackDeps,
  pacer: ProgressPacer,
  logger: SlackDeps["logger"],
): Promise<void> {
  const channel = job.channelId;
  const ts = job.messageTs ?? "";
  const { t } = await deps.people.readerIn(channel, job.uploadedBy);
  const m = t.imports;
  // Each run (Import, Import again) reports once: its deliveries are keyed by when it started.
  const run = `import:${job.id}:${(job.startedAt ?? new Date()).getTime()}`;
  const report = (what: string, message: { text: string; blocks: unknown[] }) =>
    deps.deliveries.enqueue({ key: `${run}:${what}`, orderKey: threadKey(job), method: "chat.update", args: { channel, ts, ...message } });
  let inFlight: Promise<unknown> = Promise.resolve();
  // In order, each after the one before; a progress update goes only when the shared pacer has a
  // slot free now (the next one overtakes a skipped one), the first waits for its slot.
  // This instance's spacing is decided last, right before the call (the slot is asked of the
  // database first, which an import's batch can hold up on SQLite).
  const update = (message: { text: string; blocks: unknown[] }, o: { spaced?: ProgressPacer } = {}) => {
    inFlight = inFlight
      .then(async () => {
        if (!(await deps.ratePacer.slot("chat.update", o.spaced ? { waitMs: 0 } : {}))) return;
        if (o.spaced && !o.spaced.ready()) return;
        await client.chat.update({ channel, ts, ...message } as never);
      })
      .catch((e: unknown) => logger.warn(`Progress update of import ${job.id} failed`, e));
    return inFlight;
  };
  void update(progressMessage(t, job, { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, totalRows: job.totalRows }, userId));
  try {
    // files.info runs inside the service's run, so that its failure (a file deleted since the
    // preview) fails the job instead of leaving it running. Slack not answering is said as such.
    const slackSaid = async <T>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        if (isSlackUnavailable(error)) throw new ImportSourceError({ code: "slack_unavailable" }, { cause: error });
        throw error;
      }
    };
    const info = async () => slackSaid(async () => (await client.files.info({ file: job.fileId })).file as SlackFileInfo);
    const open = async () => openSlackFile(await info(), deps.botToken);
    const result = await deps.imports.run(
      t,
      job,
      open,
      (p) => {
        if (pacer.due()) void update(progressMessage(t, job, p, userId), { spaced: pacer });
      },
      async () => void (await info()),
    );
    void result.settled.catch((e: unknown) => logger.warn(`Copying the database log after import ${job.id} failed`, e));
    const { created, updated, unchanged, failed } = result.tally;
    deps.metrics.importRows({ created, updated, unchanged, failed });
    await inFlight;
    await report("report", resultMessage(t, job, result, userId));
    if (result.errorCsvPath) {
      // The import is done whatever happens here: the file is queued with the report, and removed from the temp folder.
      try {
        await deps.deliveries.enqueue({
          key: `${run}:errors`,
          orderKey: threadKey(job),
          method: "files.uploadV2",
          args: { channel_id: channel, thread_ts: job.threadTs, filename: job.fileName.replace(/(\.csv)?$/i, "-errors.csv"), initial_comment: slackText(m.errorFileComment(result.tally.failed)) },
          file: fs.readFileSync(result.errorCsvPath),
          purpose: `import_errors:${job.id}:${result.tally.failed}`,
        });
      } catch (error) {
        logger.error(`Queuing the error report of import ${job.id} failed`, error);
        await client.chat.postMessage({ channel, thread_ts: job.threadTs, text: slackText(m.errorFileFailed(result.tally.failed)) }).catch(() => undefined);
      } finally {
        fs.rmSync(result.errorCsvPath, { force: true });
      }
    }
  } catch (error) {
    if (error instanceof JobLost) {
      // This instance was taken for dead (no heartbeat for IMPORT_JOB_LEASE_SECONDS): the one that recovered the job told the thread.
      await inFlight;
      return void logger.warn(`Import ${job.id} was recovered by another instance; this one stopped it (its last batch was not written)`);
    }
    const unavailable = error instanceof ImportSourceError && isSlackUnavailable(error.cause);
    if (error instanceof ImportDrained) logger.info(`Import ${job.id} given up after its last committed batch: the app is stopping`);
    else if (!(error instanceof SlackFileError) && !unavailable) logger.error(`Import ${job.id} failed`, error);
    // Slack did not answer: whoever pressed Import is told through the click's response_url (Slack's
    // hooks, often up when the Web API is not); the thread says it once Slack is back.
    if (unavailable) await respond(ephemeral(mine.imports.slackUnavailable)).catch(() => logger.warn(`Slack is not answering: the import ${job.id} stopped, and nobody could be told yet`));
    await inFlight;
    const failed = await deps.imports.get(job.id);
    if (failed) await report("stopped", failedMessage(t, error instanceof SlackFileError ? { ...failed, errorOutcome: storeOutcome(error.outcome) } : failed));
  }
}

/** The error file of an import that Slack refused for good: the thread says so. */
export function registerImportDeliveries(queue: SlackDeliveryQueue, deps: Pick<SlackDeps, "imports" | "deliveries" | "logger" | "people">): void {
  queue.on("import_errors", async (ref, outcome) => {
    if (outcome.kind !== "failed") return;
    const [jobId = "", failed = "0"] = ref.split(":");
    const job = await deps.imports.get(jobId);
    if (!job) return;
    const { t } = await deps.people.readerIn(job.channelId, job.uploadedBy);
    await deps.deliveries.enqueue({
      key: `import:${job.id}:errors-refused:${job.startedAt?.getTime() ?? 0}`,
      orderKey: threadKey(job),
      method: "chat.postMessage",
      args: { channel: job.channelId, thread_ts: job.threadTs, text: slackText(t.imports.errorFileFailed(Number(failed))) },
    });
  });
}

/**
 * Imports (and previews) whose instance died are reported in their threads, with Import again: at
 * start-up (`startUp`, which also sweeps the temp folder) and every IMPORT_JOB_LEASE_SECONDS / 2.
 * Only jobs whose owner stopped beating, each once (ImportService.recoverStale).
 */
export async function reportInterruptedImports(deps: SlackDeps, startUp = true): Promise<void> {
  for (const job of await (startUp ? deps.imports.recoverInterrupted() : deps.imports.recoverStale())) {
    if (!job.messageTs) continue;
    const { t } = await deps.people.readerIn(job.channelId, job.uploadedBy);
    const message = job.status === "failed" ? failedMessage(t, job) : cannotReadMessage(t, job.fileName, storedReason(t, job));
    await deps.deliveries.enqueue({
      key: `import:${job.id}:interrupted:${job.startedAt?.getTime() ?? job.createdAt.getTime()}`,
      orderKey: threadKey(job),
      method: "chat.update",
      args: { channel: job.channelId, ts: job.messageTs, ...message },
    });
  }
}
