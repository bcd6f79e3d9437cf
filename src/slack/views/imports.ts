/** Pure builders of the import thread messages: preview, progress, result, and the imports list. */
import type { KnownBlock } from "@slack/types";
import { t } from "../../i18n/en.js";
import type { ImportJob } from "../../repositories/import-jobs.js";
import { PREVIEW_VALID_HOURS, type PreviewResult, type Progress, type ImportResult } from "../../services/import/service.js";
import { TEMPLATE_COLUMNS } from "../../import/templates.js";
import { ActionId } from "../ids.js";
import { actions, button, clip, context, header, joinMd, message, md, section, type SlackMessage, type Text } from "./kit.js";

type Message = SlackMessage;
const m = t.imports;
const MAX_PROBLEMS_SHOWN = 10;

export function checkingMessage(fileName: string): Message {
  return message(m.checking(fileName), [section(m.checking(fileName))]);
}

export function textMessage(text: Text): Message {
  return message(text, [section(text)]);
}

export function cannotReadMessage(fileName: string, reason: string): Message {
  const text = `${m.cannotRead(fileName)}\n${reason}`;
  return message(text, [section(text)]);
}

export function previewMessage(job: ImportJob, p: Extract<PreviewResult, { ok: true }>): Message {
  const kind = m.kindLabel[p.kind] ?? p.kind;
  const blocks: KnownBlock[] = [
    header(m.previewHeader(job.fileName)),
    section(m.previewCounts(kind, p.tally.rows, p.tally.created, p.tally.updated, p.tally.unchanged, p.tally.failed)),
  ];
  if (p.problems.length > 0) {
    const shown = p.problems.slice(0, MAX_PROBLEMS_SHOWN);
    const lines = shown.map((x) => m.problemLine(x.rowNumber, x.column, clip(x.reason, 250)));
    blocks.push(section([m.problemsHeading(shown.length, p.tally.failed), ...lines].join("\n")));
  }
  if (p.primaryChanges.length > 0) {
    blocks.push(section(p.primaryChanges.slice(0, 5).map((c) => m.primaryChange(c.rowNumber, c.email, c.customerName, c.replaced ?? undefined)).join("\n")));
  }
  const notes = [
    ...(p.unknownColumns.length ? [m.unknownColumns(p.unknownColumns)] : []),
    ...(p.ignoredDuplicateColumns.length ? [m.duplicateColumns(p.ignoredDuplicateColumns)] : []),
    ...p.warnings,
  ];
  if (notes.length) blocks.push(context(...notes));
  const until = p.expiresAt;
  const fallback = `${until.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  blocks.push(context(md`${m.previewFooter} ${m.previewValidUntil(PREVIEW_VALID_HOURS, Math.floor(until.getTime() / 1000), fallback)}`));
  const importable = p.tally.created + p.tally.updated + p.tally.unchanged > 0;
  blocks.push(
    actions(`import_${job.id}`, [
      ...(importable ? [{ ...button(ActionId.importConfirm, m.importButton, { value: job.id, style: "primary" }), confirm: confirmDialog(p.tally.rows - p.tally.failed) }] : []),
      button(ActionId.importCancel, m.cancelButton, { value: job.id }),
    ]),
  );
  return message(m.previewHeader(job.fileName), blocks);
}

function confirmDialog(rows: number) {
  return {
    title: { type: "plain_text" as const, text: m.confirmTitle },
    text: { type: "plain_text" as const, text: m.confirmText(rows) },
    confirm: { type: "plain_text" as const, text: m.confirmYes },
    deny: { type: "plain_text" as const, text: m.confirmNo },
  };
}

export function progressBar(done: number, total: number, width = 20): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `\`${"█".repeat(filled)}${"░".repeat(width - filled)}\` ${Math.floor(ratio * 100)}%`;
}

export function progressMessage(job: ImportJob, p: Progress, userId: string): Message {
  const done = p.rows;
  const text = md`${m.running(userId)}\n${progressBar(done, p.totalRows)}\n${m.progress(done, p.totalRows, p.created, p.updated, p.unchanged, p.failed)}`;
  return message(m.running(userId), [header(m.previewHeader(job.fileName)), section(text)]);
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function resultMessage(job: ImportJob, r: ImportResult, userId: string): Message {
  const t2 = r.tally;
  const blocks: KnownBlock[] = [header(m.doneHeader(job.fileName)), section(m.doneCounts(t2.created, t2.updated, t2.unchanged, t2.failed, formatSeconds(r.seconds)))];
  if (r.primaryChanges.length) blocks.push(section(r.primaryChanges.slice(0, 10).map((c) => m.primaryChange(c.rowNumber, c.email, c.customerName, c.replaced ?? undefined)).join("\n")));
  blocks.push(context(m.doneBy(userId)));
  return message(m.doneHeader(job.fileName), blocks);
}

/** An import that stopped (crash, restart, error): what was saved, and a way to finish it. */
export function failedMessage(job: ImportJob): Message {
  const counts = m.doneCounts(job.created, job.updated, job.unchanged, job.failed, "—").replace(/ · took —$/, "");
  return message(m.failedHeader(job.fileName), [
    header(m.failedHeader(job.fileName)),
    section(`${job.errorMessage ?? ""}\n${counts}`),
    actions(`import_${job.id}`, [button(ActionId.importConfirm, m.importAgainButton, { value: job.id, style: "primary" })]),
  ]);
}

/** A preview that was not imported in time: no buttons any more. */
export function expiredMessage(job: ImportJob): Message {
  return textMessage(m.expiredNotice(job.fileName, PREVIEW_VALID_HOURS));
}

export function templateOffer(): Message {
  return message(m.templateIntro, [
    section(m.templateIntro),
    actions("import_templates", [
      button(`${ActionId.importTemplatePrefix}customers`, m.templateButtons.customers ?? "Customers", { value: "customers" }),
      button(`${ActionId.importTemplatePrefix}contacts`, m.templateButtons.contacts ?? "Contacts", { value: "contacts" }),
    ]),
  ]);
}

export function templateComment(kind: "customers" | "contacts"): string {
  const required = TEMPLATE_COLUMNS[kind].filter((c) => c.required).map((c) => c.header).join(", ");
  return m.templateComment(m.kindLabel[kind] ?? kind, required);
}

export function importsList(jobs: ImportJob[], now: Date): Message {
  if (jobs.length === 0) return textMessage(m.listEmpty);
  const lines = jobs.map((j) => {
    const counts = j.status === "completed" || j.status === "failed" || j.status === "running" ? m.listCounts(j.created, j.updated, j.unchanged, j.failed) : "";
    return m.listLine(relativeTime(j.createdAt, now), j.fileName, m.kindLabel[j.kind ?? ""] ?? "?", m.status[j.status] ?? j.status, j.importedBy ?? j.uploadedBy, counts);
  });
  return message(m.listHeader, [header(m.listHeader), section(joinMd(lines, "\n"))]);
}

function relativeTime(then: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return m.when.justNow;
  if (minutes < 60) return m.when.minutesAgo(minutes);
  if (minutes < 48 * 60) return m.when.hoursAgo(Math.round(minutes / 60));
  return then.toISOString().slice(0, 10);
}
