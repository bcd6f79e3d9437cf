/** Pure builders of the import thread messages: preview, progress, result, and the imports list. */
import type { KnownBlock } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import { parseStored, type ImportOutcome } from "../../domain/stored-outcomes.js";
import type { ImportJob } from "../../repositories/import-jobs.js";
import { PREVIEW_VALID_HOURS, type PreviewResult, type Progress, type ImportResult } from "../../services/import/service.js";
import { templateHeaders } from "../../import/templates.js";
import type { Locale } from "../../i18n/locale.js";
import { ActionId } from "../ids.js";
import { actions, button, clip, context, header, joinMd, message, md, section, type SlackMessage, type Text } from "./kit.js";

type Message = SlackMessage;
const MAX_PROBLEMS_SHOWN = 10;

export function checkingMessage(t: Catalog, fileName: string): Message {
  return message(t.imports.checking(fileName), [section(t.imports.checking(fileName))]);
}

export function textMessage(text: Text): Message {
  return message(text, [section(text)]);
}

export function cannotReadMessage(t: Catalog, fileName: string, reason: string): Message {
  const text = `${t.imports.cannotRead(fileName)}\n${reason}`;
  return message(text, [section(text)]);
}

export function previewMessage(t: Catalog, job: ImportJob, p: Extract<PreviewResult, { ok: true }>): Message {
  const kind = t.imports.kindLabel[p.kind] ?? p.kind;
  const blocks: KnownBlock[] = [
    header(t.imports.previewHeader(job.fileName)),
    section(t.imports.previewCounts(kind, p.tally.rows, p.tally.created, p.tally.updated, p.tally.unchanged, p.tally.failed)),
  ];
  if (p.problems.length > 0) {
    const shown = p.problems.slice(0, MAX_PROBLEMS_SHOWN);
    const lines = shown.map((x) => t.imports.problemLine(x.rowNumber, x.column, clip(x.reason, 250)));
    blocks.push(section([t.imports.problemsHeading(shown.length, p.tally.failed), ...lines].join("\n")));
  }
  if (p.primaryChanges.length > 0) {
    blocks.push(section(p.primaryChanges.slice(0, 5).map((c) => t.imports.primaryChange(c.rowNumber, c.email, c.customerName, c.replaced ?? undefined)).join("\n")));
  }
  const notes = [
    ...(p.unknownColumns.length ? [t.imports.unknownColumns(p.unknownColumns)] : []),
    ...(p.ignoredDuplicateColumns.length ? [t.imports.duplicateColumns(p.ignoredDuplicateColumns)] : []),
    ...p.warnings,
  ];
  if (notes.length) blocks.push(context(...notes));
  const until = p.expiresAt;
  const fallback = `${until.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  blocks.push(context(md`${t.imports.previewFooter} ${t.imports.previewValidUntil(PREVIEW_VALID_HOURS, Math.floor(until.getTime() / 1000), fallback)}`));
  const importable = p.tally.created + p.tally.updated + p.tally.unchanged > 0;
  blocks.push(
    actions(`import_${job.id}`, [
      ...(importable ? [{ ...button(ActionId.importConfirm, t.imports.importButton, { value: job.id, style: "primary" }), confirm: confirmDialog(t, p.tally.rows - p.tally.failed) }] : []),
      button(ActionId.importCancel, t.imports.cancelButton, { value: job.id }),
    ]),
  );
  return message(t.imports.previewHeader(job.fileName), blocks);
}

function confirmDialog(t: Catalog, rows: number) {
  return {
    title: { type: "plain_text" as const, text: t.imports.confirmTitle },
    text: { type: "plain_text" as const, text: t.imports.confirmText(rows) },
    confirm: { type: "plain_text" as const, text: t.imports.confirmYes },
    deny: { type: "plain_text" as const, text: t.imports.confirmNo },
  };
}

export function progressBar(done: number, total: number, width = 20): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `\`${"█".repeat(filled)}${"░".repeat(width - filled)}\` ${Math.floor(ratio * 100)}%`;
}

export function progressMessage(t: Catalog, job: ImportJob, p: Progress, userId: string): Message {
  const done = p.rows;
  const text = md`${t.imports.running(userId)}\n${progressBar(done, p.totalRows)}\n${t.imports.progress(done, p.totalRows, p.created, p.updated, p.unchanged, p.failed)}`;
  return message(t.imports.running(userId), [header(t.imports.previewHeader(job.fileName)), section(text)]);
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function resultMessage(t: Catalog, job: ImportJob, r: ImportResult, userId: string): Message {
  const t2 = r.tally;
  const blocks: KnownBlock[] = [header(t.imports.doneHeader(job.fileName)), section(t.imports.doneCounts(t2.created, t2.updated, t2.unchanged, t2.failed, formatSeconds(r.seconds)))];
  if (r.primaryChanges.length) blocks.push(section(r.primaryChanges.slice(0, 10).map((c) => t.imports.primaryChange(c.rowNumber, c.email, c.customerName, c.replaced ?? undefined)).join("\n")));
  blocks.push(context(t.imports.doneBy(userId)));
  return message(t.imports.doneHeader(job.fileName), blocks);
}

/** Why a job stopped or could not be read, in the reader's language (rows from before outcomes were codes keep their text). */
export function storedReason(t: Catalog, job: Pick<ImportJob, "errorOutcome" | "errorMessage">): string {
  const outcome = parseStored<ImportOutcome>(job.errorOutcome);
  return outcome ? t.imports.outcome(outcome) : (job.errorMessage ?? "");
}

/** An import that stopped (crash, restart, error): what was saved, and a way to finish it. */
export function failedMessage(t: Catalog, job: ImportJob): Message {
  const counts = t.imports.stoppedCounts(job.created, job.updated, job.unchanged, job.failed);
  return message(t.imports.failedHeader(job.fileName), [
    header(t.imports.failedHeader(job.fileName)),
    section(`${storedReason(t, job)}\n${counts}`),
    actions(`import_${job.id}`, [button(ActionId.importConfirm, t.imports.importAgainButton, { value: job.id, style: "primary" })]),
  ]);
}

/** A preview that was not imported in time: no buttons any more. */
export function expiredMessage(t: Catalog, job: ImportJob): Message {
  return textMessage(t.imports.expiredNotice(job.fileName, PREVIEW_VALID_HOURS));
}

export function templateOffer(t: Catalog): Message {
  return message(t.imports.templateIntro, [
    section(t.imports.templateIntro),
    actions("import_templates", [
      button(`${ActionId.importTemplatePrefix}customers`, t.imports.templateButtons.customers ?? "Customers", { value: "customers" }),
      button(`${ActionId.importTemplatePrefix}contacts`, t.imports.templateButtons.contacts ?? "Contacts", { value: "contacts" }),
    ]),
  ]);
}

export function templateComment(t: Catalog, locale: Locale, kind: "customers" | "contacts"): string {
  const required = templateHeaders(kind, locale).filter((c) => c.required).map((c) => c.header).join(", ");
  return t.imports.templateComment(t.imports.kindLabel[kind] ?? kind, required);
}

export function importsList(t: Catalog, jobs: ImportJob[], now: Date): Message {
  if (jobs.length === 0) return textMessage(t.imports.listEmpty);
  const lines = jobs.map((j) => {
    const counts = j.status === "completed" || j.status === "failed" || j.status === "running" ? t.imports.listCounts(j.created, j.updated, j.unchanged, j.failed) : "";
    return t.imports.listLine(relativeTime(t, j.createdAt, now), j.fileName, t.imports.kindLabel[j.kind ?? ""] ?? "?", t.imports.status[j.status] ?? j.status, j.importedBy ?? j.uploadedBy, counts);
  });
  return message(t.imports.listHeader, [header(t.imports.listHeader), section(joinMd(lines, "\n"))]);
}

function relativeTime(t: Catalog, then: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return t.imports.when.justNow;
  if (minutes < 60) return t.imports.when.minutesAgo(minutes);
  if (minutes < 48 * 60) return t.imports.when.hoursAgo(Math.round(minutes / 60));
  return then.toISOString().slice(0, 10);
}
