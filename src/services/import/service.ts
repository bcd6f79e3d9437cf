/**
 * CSV import of customers and contacts: preview (read every row, validate, classify against the
 * database, write nothing) and import (the same pass again, writing 5,000-row batches, each in
 * one transaction with the job's counters). The file is streamed both times, never held whole.
 * Knows nothing of Slack: the caller gives a function that opens the file as a byte stream.
 */
import fs from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { readCsvBatches, type CsvEvent } from "../../import/reader.js";
import { createSpoolWriter, readSpoolBatches, type SpoolEvent, type SpoolWriter, type Verdict } from "../../import/spool.js";
import { mapHeaders, type ContactMapping, type CustomerMapping, type HeaderMapping, type ImportKind } from "../../import/headers.js";
import { createDuplicateTracker, validateContactRow, validateCustomerRow, type ContactImportRow, type CustomerImportRow } from "../../import/rows.js";
import { BOM, csvLine } from "../../import/csv-writer.js";
import { ImportFileError } from "../../import/errors.js";
import { importMessages } from "../../import/messages.js";
import { newFileState, type BatchResult, type PrimaryChange, type RowFailure, type SqliteImportStore } from "../../repositories/import-store.js";
import { JobStatus, type ImportJob, type ImportJobRepository } from "../../repositories/import-jobs.js";
import { t } from "../../i18n/en.js";

export type OpenFile = () => Promise<AsyncIterable<Uint8Array>>;

/** A problem getting the file (download refused, not a file): its message is for the person. */
export class ImportSourceError extends Error {
  override readonly name: string = "ImportSourceError";
}
export type RowProblem = { rowNumber: number; column: string; reason: string };

export type Tally = { rows: number; created: number; updated: number; unchanged: number; failed: number };

export type PreviewResult =
  | {
      ok: true;
      kind: ImportKind;
      tally: Tally;
      problems: RowProblem[];
      unknownColumns: string[];
      ignoredDuplicateColumns: string[];
      warnings: string[];
      primaryChanges: PrimaryChange[];
    }
  | { ok: false; message: string };

export type ImportResult = {
  tally: Tally;
  seconds: number;
  primaryChanges: PrimaryChange[];
  /** Failed rows with an added Error column; the caller uploads and deletes it. */
  errorCsvPath?: string;
};

export type Progress = Tally & { totalRows: number };

const BATCH_ROWS = 5_000;
const KEEP_PROBLEMS = 20;
const KEEP_PRIMARY_CHANGES = 20;

export class ImportService {
  constructor(
    private readonly deps: {
      jobs: ImportJobRepository;
      store: SqliteImportStore;
      maxBytes: number;
      clock: () => Date;
      tmpDir?: string;
    },
  ) {}

  get maxBytes(): number {
    return this.deps.maxBytes;
  }

  /** Records an uploaded file once; a retried Slack event finds the same job (`isNew` false). */
  register(input: { fileId: string; fileName: string; uploadedBy: string; channelId: string; threadTs: string }) {
    return this.deps.jobs.register(input);
  }

  get(jobId: string): Promise<ImportJob | null> {
    return this.deps.jobs.get(jobId);
  }

  async refuse(jobId: string, reason: string): Promise<void> {
    await this.deps.jobs.update(jobId, { status: JobStatus.refused, errorMessage: reason, finishedAt: this.deps.clock() });
  }

  async fail(jobId: string, reason: string): Promise<void> {
    await this.deps.jobs.update(jobId, { status: JobStatus.previewFailed, errorMessage: reason, finishedAt: this.deps.clock() });
  }

  async attachMessage(jobId: string, messageTs: string): Promise<void> {
    await this.deps.jobs.update(jobId, { messageTs });
  }

  /** Reads the whole file and says what an import would do. Writes only the job's preview figures. */
  async preview(job: ImportJob, open: OpenFile): Promise<PreviewResult> {
    const spool = createSpoolWriter(this.spoolPath(job.id));
    try {
      const pass = await this.pass(job, readCsvBatches(await open(), { maxBytes: this.deps.maxBytes }), { write: false, spool });
      await spool.close();
      await this.deps.jobs.update(job.id, {
        kind: pass.kind,
        status: JobStatus.awaiting,
        totalRows: pass.tally.rows,
        previewCreate: pass.tally.created,
        previewUpdate: pass.tally.updated,
        previewUnchanged: pass.tally.unchanged,
        previewErrors: pass.tally.failed,
      });
      return {
        ok: true,
        kind: pass.kind,
        tally: pass.tally,
        problems: pass.problems,
        unknownColumns: pass.mapping.unknown,
        ignoredDuplicateColumns: pass.mapping.duplicates,
        warnings: pass.mapping.kind === "contacts" && pass.mapping.splitsFullName ? [importMessages.headers.fullNameSplit] : [],
        primaryChanges: pass.primaryChanges,
      };
    } catch (e) {
      spool.discard();
      if (!(e instanceof ImportFileError)) throw e;
      await this.deps.jobs.update(job.id, { status: JobStatus.previewFailed, errorMessage: e.message });
      return { ok: false, message: e.message };
    }
  }

  /** Where the preview keeps the file's rows for the import (see src/import/spool.ts). */
  private spoolPath(jobId: string): string {
    return path.join(this.deps.tmpDir ?? os.tmpdir(), `customer-book-import-${jobId}.ndjson`);
  }

  private dropSpool(jobId: string): void {
    fs.rmSync(this.spoolPath(jobId), { force: true });
  }

  /** Claims the job for importing; false when it is already running, done or cancelled (a double click). */
  claim(jobId: string, userId: string): Promise<boolean> {
    return this.deps.jobs.transition(jobId, [JobStatus.awaiting, JobStatus.failed], JobStatus.running, {
      importedBy: userId,
      startedAt: this.deps.clock(),
      finishedAt: null,
      errorMessage: null,
      processedRows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
  }

  async cancel(jobId: string): Promise<boolean> {
    const cancelled = await this.deps.jobs.transition(jobId, [JobStatus.awaiting], JobStatus.cancelled, { finishedAt: this.deps.clock() });
    if (cancelled) this.dropSpool(jobId);
    return cancelled;
  }

  /** Imports a claimed job. Each batch commits with the job's counters; a crash leaves exact counts. */
  async run(job: ImportJob, open: OpenFile, onProgress: (p: Progress) => void, verify?: () => Promise<void>): Promise<ImportResult> {
    const started = performance.now();
    const errorCsvPath = path.join(this.deps.tmpDir ?? os.tmpdir(), `import-errors-${job.id}.csv`);
    const errorCsv = fs.createWriteStream(errorCsvPath, { encoding: "utf8" });
    let errorCsvFailure: Error | undefined;
    errorCsv.on("error", (e) => {
      errorCsvFailure ??= e; // checked after the pass; after destroy() below, late writes fail quietly
    });
    try {
      await verify?.(); // e.g. the file was deleted from Slack since the preview: stop, import nothing
      // The rows the preview kept, or (after a clean-up of the temp folder) the file again.
      const spool = this.spoolPath(job.id);
      const events = fs.existsSync(spool) ? readSpoolBatches(spool) : readCsvBatches(await open(), { maxBytes: this.deps.maxBytes });
      const pass = await this.pass(job, events, { write: true, errorCsv, onProgress });
      errorCsv.end();
      await finished(errorCsv).catch(() => undefined);
      if (errorCsvFailure) throw errorCsvFailure;
      const seconds = (performance.now() - started) / 1000;
      await this.deps.jobs.update(job.id, { status: JobStatus.completed, finishedAt: this.deps.clock() });
      if (pass.tally.failed === 0) fs.rmSync(errorCsvPath, { force: true });
      this.dropSpool(job.id);
      return { tally: pass.tally, seconds, primaryChanges: pass.primaryChanges, ...(pass.tally.failed > 0 ? { errorCsvPath } : {}) };
    } catch (e) {
      errorCsv.destroy();
      fs.rmSync(errorCsvPath, { force: true });
      const message = e instanceof ImportFileError || e instanceof ImportSourceError ? e.message : t.imports.failedUnexpectedly;
      await this.deps.jobs.update(job.id, { status: JobStatus.failed, finishedAt: this.deps.clock(), errorMessage: message });
      throw e;
    }
  }

  /** After a restart: jobs that were running when the process died are marked failed, counts kept. */
  async recoverInterrupted(): Promise<ImportJob[]> {
    const out: ImportJob[] = [];
    for (const job of await this.deps.jobs.withStatus([JobStatus.running, JobStatus.checking])) {
      // A file still being checked wrote nothing: it only needs uploading again.
      const [status, errorMessage] =
        job.status === JobStatus.running ? [JobStatus.failed, t.imports.interrupted] : [JobStatus.previewFailed, t.imports.interruptedPreview];
      if (await this.deps.jobs.transition(job.id, [job.status], status, { finishedAt: this.deps.clock(), errorMessage })) {
        out.push({ ...job, status, errorMessage });
      }
    }
    return out;
  }

  recent(limit = 10): Promise<ImportJob[]> {
    return this.deps.jobs.recent(limit);
  }

  /** One pass over the file: validation, duplicate detection, batches to the store. */
  private async pass(
    job: ImportJob,
    events: AsyncGenerator<(CsvEvent | SpoolEvent)[], void, undefined>,
    o: { write: boolean; errorCsv?: fs.WriteStream; spool?: SpoolWriter; onProgress?: (p: Progress) => void },
  ) {
    try {
      return await this.passOver(job, events, o);
    } catch (e) {
      await events.return(undefined).catch(() => undefined); // stop reading the file or spool
      throw e;
    }
  }

  private async passOver(
    job: ImportJob,
    events: AsyncGenerator<(CsvEvent | SpoolEvent)[], void, undefined>,
    o: { write: boolean; errorCsv?: fs.WriteStream; spool?: SpoolWriter; onProgress?: (p: Progress) => void },
  ) {
    const firstPiece = await events.next();
    const first = firstPiece.done ? undefined : firstPiece.value[0];
    if (!first || first.type !== "header") throw ImportFileError.empty();
    const mapping = this.mappingOf(first, job);
    await o.spool?.write(first);
    // Rows read back from the preview's spool carry its verdict: no second validation of refused
    // rows and no duplicate tracking (the same rows in the same order give the same answers).
    const verdicts = "verdicts" in first && first.verdicts;
    o.errorCsv?.write(BOM + csvLine([...mapping.headers, t.imports.errorColumn]));

    const tally: Tally = { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
    const problems: RowProblem[] = [];
    const primaryChanges: PrimaryChange[] = [];
    const tracker = verdicts ? undefined : createDuplicateTracker();
    const fileState = newFileState();
    const columnOf = (f: RowFailure) => this.failureColumn(mapping, f);

    let rows: (CustomerImportRow | ContactImportRow)[] = [];
    let cells = new Map<number, string[]>();
    let rejected: RowProblem[] = [];

    const flush = async () => {
      if (rows.length === 0 && rejected.length === 0) return;
      const options = { write: o.write, userId: job.importedBy ?? job.uploadedBy, now: this.deps.clock(), jobId: job.id, rejectedBefore: rejected.length, file: fileState };
      const result: BatchResult =
        mapping.kind === "customers"
          ? this.deps.store.customersBatch(rows as CustomerImportRow[], options)
          : this.deps.store.contactsBatch(rows as ContactImportRow[], options);
      const failed = [...rejected, ...result.failures.map((f) => ({ rowNumber: f.rowNumber, column: columnOf(f), reason: failureReason(f) }))].sort(
        (a, b) => a.rowNumber - b.rowNumber,
      );
      tally.rows += rows.length + rejected.length;
      tally.created += result.created;
      tally.updated += result.updated;
      tally.unchanged += result.unchanged;
      tally.failed += failed.length;
      for (const p of failed) {
        if (problems.length < KEEP_PROBLEMS) problems.push(p);
        if (o.errorCsv && !o.errorCsv.write(csvLine([...(cells.get(p.rowNumber) ?? []), p.reason]))) await once(o.errorCsv, "drain");
      }
      for (const c of result.primaryChanges) if (primaryChanges.length < KEEP_PRIMARY_CHANGES) primaryChanges.push(c);
      rows = [];
      cells = new Map();
      rejected = [];
      o.onProgress?.({ ...tally, totalRows: job.totalRows });
      // Let Slack requests (a Cancel click, other people's commands) through between batches.
      await new Promise((r) => setImmediate(r));
    };

    // The events come a piece of the file at a time; awaiting only when the disk or a batch needs it.
    const take = async (piece: readonly (CsvEvent | SpoolEvent)[], from: number) => {
      for (let i = from; i < piece.length; i++) {
        const event = piece[i] as CsvEvent | SpoolEvent;
        if (event.type !== "row") continue;
        if (o.errorCsv) cells.set(event.rowNumber, event.cells);
        let refused: Verdict | undefined = "rejected" in event ? event.rejected : undefined;
        if (!refused) {
          const checked =
            mapping.kind === "customers"
              ? validateCustomerRow(event.cells, mapping, event.rowNumber)
              : validateContactRow(event.cells, mapping as ContactMapping, event.rowNumber);
          if (!checked.ok) {
            // One problem per row: the first column it names, and every reason.
            const reason = checked.errors.map((e, n) => (n === 0 ? e.reason : `${e.column}: ${e.reason}`)).join(" ");
            refused = { column: checked.errors[0]?.column ?? "", reason };
          } else {
            refused =
              tracker === undefined
                ? undefined
                : mapping.kind === "customers"
                  ? tracker.customer(checked.row as CustomerImportRow, mapping)
                  : tracker.contact(checked.row as ContactImportRow, mapping as ContactMapping);
            if (!refused) rows.push(checked.row);
          }
        }
        if (refused) rejected.push({ rowNumber: event.rowNumber, column: refused.column, reason: refused.reason });
        const drained = o.spool?.write(event, refused);
        if (drained) await drained;
        if (rows.length + rejected.length >= BATCH_ROWS) await flush();
      }
    };
    await take(firstPiece.value ?? [], 1);
    for (let piece = await events.next(); !piece.done; piece = await events.next()) await take(piece.value, 0);
    await flush();
    if (tally.rows === 0) throw ImportFileError.noRows();
    return { kind: mapping.kind, mapping, tally, problems, primaryChanges };
  }

  private mappingOf(header: Extract<CsvEvent, { type: "header" }>, job: ImportJob): HeaderMapping {
    const mapping = mapHeaders(header.headers, (job.kind as ImportKind | null) ?? undefined);
    if ("error" in mapping) throw new ImportFileError("malformed_csv", mapping.message);
    if (mapping.missingRequired.length > 0) throw new ImportFileError("malformed_csv", importMessages.headers.missingRequired(mapping.missingRequired));
    return mapping;
  }

  private failureColumn(mapping: HeaderMapping, f: RowFailure): string {
    const label = (field: string, fallback: string) => {
      const i = (mapping.columns as readonly (string | null)[]).indexOf(field);
      return i >= 0 ? (mapping.headers[i] ?? fallback) : fallback;
    };
    switch (f.column) {
      case "sla":
        return label("slaName", "SLA");
      case "alertProfile":
        return label("alertProfileName", "Alert Profile");
      case "domains":
        return label("domains", "Domains");
      case "customer":
        return label("customerName", "Customer Name");
    }
  }
}

function failureReason(f: RowFailure): string {
  const m = t.imports.rowFailure;
  switch (f.reason.code) {
    case "unknown_sla":
      return m.unknownSla(f.reason.name);
    case "unknown_alert_profile":
      return m.unknownAlertProfile(f.reason.name);
    case "domain_taken":
      return m.domainTaken(f.reason.domain, f.reason.owner);
    case "domain_in_file":
      return m.domainInFile(f.reason.domain, f.reason.rowNumber);
    case "unknown_customer":
      return m.unknownCustomer(f.reason.name);
  }
}

export type { CustomerMapping };
