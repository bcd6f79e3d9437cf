/**
 * CSV import of customers and contacts: preview (read every row, validate, classify against the
 * database, write nothing but a spool of what it learnt, with a write plan for each batch of only
 * new rows) and import (from the spool, the preview's 5,000-row batches, each in one transaction
 * with the job's counters: as planned when the plan still holds, else row by row). The file is
 * streamed, never held whole; without a spool (a cleaned temp folder) the import reads it again.
 * Knows nothing of Slack: the caller gives a function that opens the file as a byte stream.
 */
import fs from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { readCsvBatches, type CsvEvent, type RowEvent } from "../../import/reader.js";
import { createSpoolWriter, openSpool, partPath, SpoolDamaged, type RejectedRow, type SpoolBatch, type SpoolWriter, type Verdict } from "../../import/spool.js";
import { mapHeaders, type ContactMapping, type CustomerMapping, type HeaderMapping, type ImportKind } from "../../import/headers.js";
import { createDuplicateTracker, validateContactRow, validateCustomerRow, type ContactImportRow, type CustomerImportRow } from "../../import/rows.js";
import { BOM, csvLine } from "../../import/csv-writer.js";
import { ImportFileError } from "../../import/errors.js";
import { JobLost, newFileState, type BatchResult, type FileState, type ImportStore, type PrimaryChange, type RowFailure, type Upkeep } from "../../repositories/import-store.js";
import { JobStatus, type ImportJob, type ImportJobRepository } from "../../repositories/import-jobs.js";
import type { Catalog } from "../../i18n/catalog.js";
import { storeOutcome, type ImportOutcome } from "../../domain/stored-outcomes.js";

export type OpenFile = () => Promise<AsyncIterable<Uint8Array>>;

/** A problem getting the file (download refused, not a file): `outcome` is stored and told to the person in their language. */
export class ImportSourceError extends Error {
  override readonly name: string = "ImportSourceError";
  constructor(
    readonly outcome: ImportOutcome,
    options?: { cause?: unknown },
  ) {
    super(`Import source: ${outcome.code}`, options);
  }
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
      /** Import is refused after this (PREVIEW_VALID_HOURS), and the working copy deleted. */
      expiresAt: Date;
    }
  | { ok: false; outcome: ImportOutcome };

/**
 * What an Import click gets: the job is now the clicker's to run, someone got there first (or it
 * ended), its preview is too old, or this instance is stopping (SIGTERM) and takes no new import.
 */
export type ClaimOutcome = "claimed" | "taken" | "expired" | "stopping";

/** This instance is stopping (see ImportService.drain): the import or preview under way gave up after its last committed batch. */
export class ImportDrained extends Error {
  override readonly name = "ImportDrained";
  constructor(readonly jobId: string) {
    super(`ImportDrained: ${jobId}`); // a code for the log; the person reads the catalog's "interrupted" text
  }
}

/** Default of IMPORT_JOB_LEASE_SECONDS: a job whose owner has been silent this long is recovered by another instance. */
export const DEFAULT_JOB_LEASE_MS = 60_000;
/** The owner beats this many times per lease: a beat or two lost to a busy database does not lose the job. */
const BEATS_PER_LEASE = 6;

export type ImportResult = {
  tally: Tally;
  seconds: number;
  primaryChanges: PrimaryChange[];
  /** Failed rows with an added Error column; the caller uploads and deletes it. */
  errorCsvPath?: string;
  /**
   * The store's upkeep of the import (on SQLite: the copy of the database log into the database
   * file), finishing in the background once the import is over (see ImportStore.startUpkeep);
   * the caller reports its failure.
   */
  settled: Promise<void>;
};

export type Progress = Tally & { totalRows: number };

const BATCH_ROWS = 5_000;
/**
 * How long a preview stays valid, and so how long its spool is kept: Import is refused after it
 * (the book may have changed a lot since; upload the file again for a fresh preview), and the
 * spool of an import that stopped is deleted after it too (Import again then reads the file).
 */
export const PREVIEW_VALID_HOURS = 24;
const PREVIEW_VALID_MS = PREVIEW_VALID_HOURS * 3600_000;
/** A spool may take this many times IMPORT_MAX_BYTES on disk. */
const SPOOL_BUDGET_FILES = 2;
/** Spools (see spoolPath): this version's, its ".part" while written, and older versions' uncompressed ones. */
const SPOOL_NAME = /^customer-book-import-([0-9a-f-]{36})\.ndjson(\.gz(\.part)?)?$/;
/** The error CSV an import writes as it goes (uploaded and removed at its end). */
const ERROR_CSV_NAME = /^import-errors-([0-9a-f-]{36})\.csv$/;
const ENDED = new Set<string>([JobStatus.completed, JobStatus.cancelled, JobStatus.refused, JobStatus.previewFailed, JobStatus.expired]);
const KEEP_PROBLEMS = 20;
const KEEP_PRIMARY_CHANGES = 20;

/**
 * Several instances on one database: a job being checked or imported has an owner (the instance's
 * id) that renews its heartbeat every leaseMs / 6 on the machine's clock (not the app's clock, which
 * tests pin to a date). Any instance recovers a job whose heartbeat is older than leaseMs (at
 * start-up and every leaseMs / 2, jobs/import-sweep.ts), with one conditional update on the
 * heartbeat it read, so a job is recovered once even when two instances sweep at once, and never
 * while its owner beats. Each written batch commits only while the job is still running as its
 * owner's (BatchOptions.owner): an owner taken for dead never writes into the next run.
 */
export type JobLease = { owner?: string; leaseMs?: number; now?: () => number };

export class ImportService {
  private readonly owner: string;
  private readonly leaseMs: number;
  private readonly now: () => number;
  private draining = false;
  /** Previews and imports under way on this instance (drain waits for them). */
  private readonly active = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      jobs: ImportJobRepository;
      store: ImportStore;
      maxBytes: number;
      clock: () => Date;
      tmpDir?: string;
    } & JobLease,
  ) {
    this.owner = deps.owner ?? `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.leaseMs = deps.leaseMs ?? DEFAULT_JOB_LEASE_MS;
    this.now = deps.now ?? Date.now;
  }

  /** This instance's id, as ImportJob.owner holds it. */
  get instanceId(): string {
    return this.owner;
  }

  get maxBytes(): number {
    return this.deps.maxBytes;
  }

  /** Records an uploaded file once; a retried Slack event finds the same job (`isNew` false). */
  register(input: { fileId: string; fileName: string; uploadedBy: string; channelId: string; threadTs: string }) {
    return this.deps.jobs.register({ ...input, owner: this.owner, heartbeatAt: new Date(this.now()) });
  }

  get(jobId: string): Promise<ImportJob | null> {
    return this.deps.jobs.get(jobId);
  }

  async refuse(jobId: string, outcome: ImportOutcome): Promise<void> {
    await this.deps.jobs.update(jobId, { status: JobStatus.refused, errorOutcome: storeOutcome(outcome), finishedAt: this.deps.clock() });
  }

  async fail(jobId: string, outcome: ImportOutcome): Promise<void> {
    await this.deps.jobs.update(jobId, { status: JobStatus.previewFailed, errorOutcome: storeOutcome(outcome), finishedAt: this.deps.clock() });
  }

  async attachMessage(jobId: string, messageTs: string): Promise<void> {
    await this.deps.jobs.update(jobId, { messageTs });
  }

  /** Reads the whole file and says what an import would do. Writes only the job's preview figures. */
  async preview(t: Catalog, job: ImportJob, open: OpenFile): Promise<PreviewResult> {
    if (this.draining) throw new ImportDrained(job.id);
    // A job registered without an owner (by a version before owners) becomes this instance's.
    if (!job.owner) await this.deps.jobs.transition(job.id, [JobStatus.checking], JobStatus.checking, { owner: this.owner, heartbeatAt: new Date(this.now()) }, { owner: null });
    return this.owned(job.id, [JobStatus.checking], (between) => this.previewOwned(t, job, open, between));
  }

  private async previewOwned(t: Catalog, job: ImportJob, open: OpenFile, between: () => void): Promise<PreviewResult> {
    // The spool's budget: twice the largest file accepted (compressed, a spool is 0.7 times its
    // file for the template's columns, 1.3 times for rows of a name and a domain). Past it the
    // spool is dropped and Import reads the file again.
    const spool = createSpoolWriter(this.spoolPath(job.id), { maxBytes: SPOOL_BUDGET_FILES * this.deps.maxBytes });
    try {
      const pass = await this.pass(t, job, readCsvBatches(await open(), { maxBytes: this.deps.maxBytes }), { write: false, spool, between });
      await spool.close();
      const expiresAt = new Date(this.deps.clock().getTime() + PREVIEW_VALID_MS);
      const saved = await this.deps.jobs.transition(job.id, [JobStatus.checking], JobStatus.awaiting, {
        owner: null,
        previewExpiresAt: expiresAt,
        kind: pass.kind,
        totalRows: pass.tally.rows,
        previewCreate: pass.tally.created,
        previewUpdate: pass.tally.updated,
        previewUnchanged: pass.tally.unchanged,
        previewErrors: pass.tally.failed,
      }, { owner: this.owner });
      if (!saved) throw new JobLost(job.id);
      return {
        ok: true,
        kind: pass.kind,
        tally: pass.tally,
        problems: pass.problems,
        unknownColumns: pass.mapping.unknown,
        ignoredDuplicateColumns: pass.mapping.duplicates,
        warnings: pass.mapping.kind === "contacts" && pass.mapping.splitsFullName ? [t.imports.fullNameSplit] : [],
        primaryChanges: pass.primaryChanges,
        expiresAt,
      };
    } catch (e) {
      spool.discard();
      if (!(e instanceof ImportFileError)) throw e;
      const outcome: ImportOutcome = { code: "file", problem: e.fileProblem };
      await this.deps.jobs.update(job.id, { status: JobStatus.previewFailed, errorOutcome: storeOutcome(outcome) });
      return { ok: false, outcome };
    }
  }

  /** Where the preview keeps the file's rows for the import (see src/import/spool.ts). */
  private spoolPath(jobId: string): string {
    return path.join(this.deps.tmpDir ?? os.tmpdir(), `customer-book-import-${jobId}.ndjson.gz`);
  }

  private dropSpool(jobId: string): void {
    const file = this.spoolPath(jobId);
    fs.rmSync(file, { force: true });
    fs.rmSync(partPath(file), { force: true });
  }

  /**
   * Claims the job for importing: "taken" when it is already running, done or cancelled (a double
   * click), "expired" when its preview is older than PREVIEW_VALID_HOURS (the job ends; its spool goes).
   * A stopped import (Import again) does not expire: it finishes what was started.
   */
  async claim(jobId: string, userId: string): Promise<ClaimOutcome> {
    if (this.draining) return "stopping";
    const now = this.deps.clock();
    const start = {
      owner: this.owner,
      heartbeatAt: new Date(this.now()),
      importedBy: userId,
      startedAt: now,
      finishedAt: null,
      errorMessage: null,
      processedRows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
    };
    const valid = { OR: [{ previewExpiresAt: null }, { previewExpiresAt: { gt: now } }] };
    if (await this.deps.jobs.transition(jobId, [JobStatus.awaiting], JobStatus.running, start, valid)) return "claimed";
    if (await this.deps.jobs.transition(jobId, [JobStatus.failed], JobStatus.running, start)) return "claimed";
    if (await this.deps.jobs.transition(jobId, [JobStatus.awaiting], JobStatus.expired, { finishedAt: now })) {
      this.dropSpool(jobId);
      return "expired";
    }
    return (await this.deps.jobs.get(jobId))?.status === JobStatus.expired ? "expired" : "taken";
  }

  /** Ends the previews no longer valid at `now` (see PREVIEW_VALID_HOURS) and deletes their spools; returns them, to say so in their threads. */
  async expirePreviews(): Promise<ImportJob[]> {
    const now = this.deps.clock();
    const ended: ImportJob[] = [];
    for (const job of await this.deps.jobs.expiredPreviews(now)) {
      if (!(await this.deps.jobs.transition(job.id, [JobStatus.awaiting], JobStatus.expired, { finishedAt: now }))) continue;
      this.dropSpool(job.id);
      ended.push({ ...job, status: JobStatus.expired, finishedAt: now });
    }
    return ended;
  }

  async cancel(jobId: string): Promise<boolean> {
    const cancelled = await this.deps.jobs.transition(jobId, [JobStatus.awaiting], JobStatus.cancelled, { finishedAt: this.deps.clock() });
    if (cancelled) this.dropSpool(jobId);
    return cancelled;
  }

  /** Imports a claimed job. Each batch commits with the job's counters; a crash leaves exact counts. */
  async run(t: Catalog, job: ImportJob, open: OpenFile, onProgress: (p: Progress) => void, verify?: () => Promise<void>): Promise<ImportResult> {
    return this.owned(job.id, [JobStatus.running], (between) => this.runOwned(t, job, open, onProgress, between, verify));
  }

  private async runOwned(t: Catalog, job: ImportJob, open: OpenFile, onProgress: (p: Progress) => void, between: () => void, verify?: () => Promise<void>): Promise<ImportResult> {
    const started = performance.now();
    const errorCsvPath = path.join(this.deps.tmpDir ?? os.tmpdir(), `import-errors-${job.id}.csv`);
    const errorCsv = fs.createWriteStream(errorCsvPath, { encoding: "utf8" });
    let errorCsvFailure: Error | undefined;
    errorCsv.on("error", (e) => {
      errorCsvFailure ??= e; // checked after the pass; after destroy() below, late writes fail quietly
    });
    let upkeep: Upkeep | undefined;
    try {
      upkeep = this.deps.store.startUpkeep();
    } catch {
      // Only a speed-up: without it, SQLite checkpoints on the import's own connection.
    }
    let readingSpool = false;
    try {
      await verify?.(); // e.g. the file was deleted from Slack since the preview: stop, import nothing
      // What the preview kept, or (after a clean-up of the temp folder) the file again.
      const spoolPath = this.spoolPath(job.id);
      const spool = fs.existsSync(spoolPath) ? await openSpool(spoolPath) : undefined;
      readingSpool = spool !== undefined;
      const pass = spool
        ? await this.spoolPass(t, job, spool, { errorCsv, onProgress, between })
        : await this.pass(t, job, readCsvBatches(await open(), { maxBytes: this.deps.maxBytes }), { write: true, errorCsv, onProgress, between });
      errorCsv.end();
      await finished(errorCsv).catch(() => undefined);
      if (errorCsvFailure) throw errorCsvFailure;
      const seconds = (performance.now() - started) / 1000;
      await this.deps.store.finishJob(job.id, JobStatus.completed, this.deps.clock(), this.owner);
      if (pass.tally.failed === 0) fs.rmSync(errorCsvPath, { force: true });
      this.dropSpool(job.id);
      const settled = upkeep?.finish() ?? Promise.resolve();
      return { tally: pass.tally, seconds, primaryChanges: pass.primaryChanges, ...(pass.tally.failed > 0 ? { errorCsvPath } : {}), settled };
    } catch (e) {
      errorCsv.destroy();
      fs.rmSync(errorCsvPath, { force: true });
      // An import that failed while reading its spool does not read it again (it may be what is
      // wrong): Import again reads the file from Slack.
      if (readingSpool) this.dropSpool(job.id);
      void upkeep?.finish().catch(() => undefined); // what was committed is tidied up all the same
      // Another instance recovered the job (this one was taken for dead) and told its thread: nothing here to record.
      if (e instanceof JobLost) throw e;
      const outcome: ImportOutcome =
        e instanceof ImportDrained
          ? { code: "interrupted" }
          : e instanceof ImportFileError
          ? { code: "file", problem: e.fileProblem }
          : e instanceof ImportSourceError
            ? e.outcome
            : e instanceof SpoolDamaged
              ? { code: "spool_damaged" }
              : { code: "failed_unexpectedly" };
      const given = { owner: null, finishedAt: this.deps.clock(), errorOutcome: storeOutcome(outcome) };
      if (!(await this.deps.jobs.transition(job.id, [JobStatus.running], JobStatus.failed, given, { owner: this.owner }))) throw new JobLost(job.id);
      throw e;
    }
  }

  /**
   * Jobs whose instance died while checking or importing them (no heartbeat for leaseMs): marked
   * failed (counts kept: Import again finishes) or, for a preview, preview_failed. Each is
   * recovered once, by the one conditional update that still finds the heartbeat it read; a job
   * whose owner beats is left alone. At start-up (with the sweep of working copies, sweepSpools);
   * recoverStale alone every leaseMs / 2 (jobs/import-sweep.ts).
   */
  async recoverInterrupted(): Promise<ImportJob[]> {
    const out = await this.recoverStale();
    await this.sweepSpools();
    return out;
  }

  async recoverStale(): Promise<ImportJob[]> {
    const out: ImportJob[] = [];
    for (const job of await this.deps.jobs.stale([JobStatus.running, JobStatus.checking], new Date(this.now() - this.leaseMs))) {
      // A file still being checked wrote nothing: it only needs uploading again.
      const [status, outcome] =
        job.status === JobStatus.running
          ? [JobStatus.failed, { code: "interrupted" } as const]
          : [JobStatus.previewFailed, { code: "interrupted_preview" } as const];
      const errorOutcome = storeOutcome(outcome);
      const asRead = { owner: job.owner, heartbeatAt: job.heartbeatAt };
      if (await this.deps.jobs.transition(job.id, [job.status], status, { owner: null, finishedAt: this.deps.clock(), errorOutcome }, asRead)) {
        out.push({ ...job, status, errorOutcome });
      }
    }
    return out;
  }

  /** How often an instance looks for jobs whose owner died (recoverInterrupted). */
  get recoveryEveryMs(): number {
    return this.leaseMs / 2;
  }

  /**
   * SIGTERM: takes no new preview or import; each under way gives up after its batch in progress
   * commits (the import is marked failed with its exact counts, so Import again on any instance
   * finishes it at once, without waiting for the heartbeat to lapse; a preview is marked to be
   * uploaded again). Resolves when they have, or after `timeoutMs` (a batch stuck behind a lock:
   * its job is then recovered by another instance once the heartbeat lapses).
   */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    if (this.active.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.active]), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  /**
   * Runs `work` as the owner of a job in `statuses`: beats every leaseMs / BEATS_PER_LEASE, and
   * gives `work` a check for between batches that stops it once the job is lost (JobLost) or the
   * instance is stopping (ImportDrained).
   */
  private async owned<T>(jobId: string, statuses: string[], work: (between: () => void) => Promise<T>): Promise<T> {
    let lost = false;
    const timer = setInterval(() => {
      this.deps.jobs.beat(jobId, this.owner, statuses, new Date(this.now())).then(
        (mine) => void (lost ||= !mine),
        () => undefined, // a busy database: the next beat tries again (a lease is six beats long)
      );
    }, this.leaseMs / BEATS_PER_LEASE);
    timer.unref();
    const between = () => {
      if (lost) throw new JobLost(jobId);
      if (this.draining) throw new ImportDrained(jobId);
    };
    try {
      return await this.track(work(between));
    } finally {
      clearInterval(timer);
    }
  }

  /** Work about a job (the preview or import with what the caller does after it) that drain waits for. */
  async track<T>(work: Promise<T>): Promise<T> {
    this.active.add(work);
    try {
      return await work;
    } finally {
      this.active.delete(work);
    }
  }

  /** True once drain began: the caller says so rather than start anything. */
  get stopping(): boolean {
    return this.draining;
  }

  /**
   * Removes the spools no import will read: of jobs that ended (completed, cancelled, refused,
   * expired, or whose preview failed), of previews no longer valid, and any older than
   * PREVIEW_VALID_HOURS (a stopped import's Import again then reads the file). The spools of
   * previews waiting for Import, or of stopped imports, stay until then; so does the ".part" of a
   * preview still being made. Also the error CSVs of imports cut off by a crash: Import again writes
   * its own from the start. A file whose job this database does not know may be another
   * instance's: only its age counts. Run at start-up and every hour (jobs/import-sweep.ts).
   */
  async sweepSpools(): Promise<number> {
    const dir = this.deps.tmpDir ?? os.tmpdir();
    const now = this.deps.clock();
    const oldest = now.getTime() - PREVIEW_VALID_MS;
    let removed = 0;
    for (const name of fs.readdirSync(dir)) {
      const spool = SPOOL_NAME.exec(name);
      const spoolOf = spool?.[1];
      const errorsOf = ERROR_CSV_NAME.exec(name)?.[1];
      const jobId = spoolOf ?? errorsOf;
      if (!jobId) continue;
      const file = path.join(dir, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat) continue;
      const job = await this.deps.jobs.get(jobId);
      const expired = job?.status === JobStatus.awaiting && job.previewExpiresAt !== null && job.previewExpiresAt <= now;
      const beingWritten = spool?.[3] !== undefined && job?.status === JobStatus.checking;
      const unused = spoolOf ? job && !beingWritten && (ENDED.has(job.status) || expired || (spool?.[3] !== undefined && job.status !== JobStatus.checking)) : job && job.status !== JobStatus.running;
      if (unused || stat.mtimeMs < oldest) {
        fs.rmSync(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  recent(limit = 10): Promise<ImportJob[]> {
    return this.deps.jobs.recent(limit);
  }

  /** One pass over the file: validation, duplicate detection, batches to the store. */
  private async pass(t: Catalog, 
    job: ImportJob,
    events: AsyncGenerator<CsvEvent[], void, undefined>,
    o: { write: boolean; errorCsv?: fs.WriteStream; spool?: SpoolWriter; onProgress?: (p: Progress) => void; between?: () => void },
  ) {
    try {
      return await this.passOver(t, job, events, o);
    } catch (e) {
      await events.return(undefined).catch(() => undefined); // stop reading the file
      throw e;
    }
  }

  private async passOver(t: Catalog, 
    job: ImportJob,
    events: AsyncGenerator<CsvEvent[], void, undefined>,
    o: { write: boolean; errorCsv?: fs.WriteStream; spool?: SpoolWriter; onProgress?: (p: Progress) => void; between?: () => void },
  ) {
    const firstPiece = await events.next();
    const first = firstPiece.done ? undefined : firstPiece.value[0];
    if (!first || first.type !== "header") throw ImportFileError.empty();
    const mapping = this.mappingOf(first.headers, job);
    o.spool?.header(first.headers);
    const books = this.books(t, job, mapping, o);
    const tracker = createDuplicateTracker(t.importRow);
    const fileState = newFileState();

    let rows: (CustomerImportRow | ContactImportRow)[] = [];
    let accepted: RowEvent[] = []; // for the spool
    let cells = new Map<number, string[]>(); // for the error file
    let rejected: RejectedRow[] = [];

    const flush = async () => {
      if (rows.length === 0 && rejected.length === 0) return;
      const options = { ...this.batchOptions(job, o.write, fileState), rejectedBefore: rejected.length, plan: o.spool !== undefined };
      const result: BatchResult =
        mapping.kind === "customers"
          ? await this.deps.store.customersBatch(rows as CustomerImportRow[], options)
          : await this.deps.store.contactsBatch(rows as ContactImportRow[], options);
      const written = o.spool?.batch({ accepted, rejected, ...(result.plan ? { plan: result.plan } : {}) });
      if (written) await written;
      const counted = rows.length + rejected.length;
      const rowCells = cells;
      rows = [];
      accepted = [];
      cells = new Map();
      const refused = rejected;
      rejected = [];
      await books.account(result, refused, counted, (n) => rowCells.get(n));
    };

    // The events come a piece of the file at a time; awaiting only when the disk or a batch needs it.
    const take = async (piece: readonly CsvEvent[], from: number) => {
      for (let i = from; i < piece.length; i++) {
        const event = piece[i] as CsvEvent;
        if (event.type !== "row") continue;
        if (o.errorCsv) cells.set(event.rowNumber, event.cells);
        const checked = this.validate(t, event, mapping);
        let refused: Verdict | undefined;
        if (!checked.ok) refused = checked.verdict;
        else {
          refused =
            mapping.kind === "customers"
              ? tracker.customer(checked.row as CustomerImportRow, mapping)
              : tracker.contact(checked.row as ContactImportRow, mapping as ContactMapping);
          if (!refused) {
            rows.push(checked.row);
            if (o.spool) accepted.push(event);
          }
        }
        if (refused) rejected.push({ rowNumber: event.rowNumber, cells: event.cells, verdict: refused });
        if (rows.length + rejected.length >= BATCH_ROWS) await flush();
      }
    };
    await take(firstPiece.value ?? [], 1);
    for (let piece = await events.next(); !piece.done; piece = await events.next()) await take(piece.value, 0);
    await flush();
    if (books.tally.rows === 0) throw ImportFileError.noRows();
    return { kind: mapping.kind, mapping, tally: books.tally, problems: books.problems, primaryChanges: books.primaryChanges };
  }

  /**
   * The import of a previewed file from its spool, batch by batch as the preview cut it: a batch
   * with a plan is written as planned when the plan still holds, any other batch row by row.
   */
  private async spoolPass(
    t: Catalog,
    job: ImportJob,
    spool: { headers: string[]; batches: AsyncGenerator<SpoolBatch, void, undefined> },
    o: { errorCsv: fs.WriteStream; onProgress?: (p: Progress) => void; between?: () => void },
  ) {
    try {
      const mapping = this.mappingOf(spool.headers, job);
      const books = this.books(t, job, mapping, o);
      const fileState = newFileState();
      for await (const batch of spool.batches) {
        const options = this.batchOptions(job, true, fileState);
        const cells = new Map(batch.rejected.map((r) => [r.rowNumber, r.cells]));
        const planned = batch.plan ? await this.deps.store.applyPlan(batch.plan, { ...options, write: true, rejectedBefore: batch.rejected.length }) : undefined;
        if (planned) {
          await books.account(planned, batch.rejected, batch.accepted + batch.rejected.length, (n) => cells.get(n));
          continue;
        }
        const rows: (CustomerImportRow | ContactImportRow)[] = [];
        const rejected = [...batch.rejected];
        for (const event of batch.acceptedRows()) {
          cells.set(event.rowNumber, event.cells);
          const checked = this.validate(t, event, mapping);
          if (checked.ok) rows.push(checked.row);
          else rejected.push({ rowNumber: event.rowNumber, cells: event.cells, verdict: checked.verdict });
        }
        const rowOptions = { ...options, rejectedBefore: rejected.length };
        const result =
          mapping.kind === "customers"
            ? await this.deps.store.customersBatch(rows as CustomerImportRow[], rowOptions)
            : await this.deps.store.contactsBatch(rows as ContactImportRow[], rowOptions);
        await books.account(result, rejected, rows.length + rejected.length, (n) => cells.get(n));
      }
      if (books.tally.rows === 0) throw ImportFileError.noRows();
      return { kind: mapping.kind, mapping, tally: books.tally, problems: books.problems, primaryChanges: books.primaryChanges };
    } finally {
      await spool.batches.return(undefined).catch(() => undefined);
    }
  }

  private batchOptions(job: ImportJob, write: boolean, file: FileState) {
    return { write, userId: job.importedBy ?? job.uploadedBy, now: this.deps.clock(), jobId: job.id, file, ...(write ? { owner: this.owner } : {}) };
  }

  /** One row's own checks: the import row, or the preview's verdict (the first column it names, and every reason). */
  private validate(t: Catalog, event: RowEvent, mapping: HeaderMapping): { ok: true; row: CustomerImportRow | ContactImportRow } | { ok: false; verdict: Verdict } {
    const checked =
      mapping.kind === "customers"
        ? validateCustomerRow(event.cells, mapping, event.rowNumber, t.importRow)
        : validateContactRow(event.cells, mapping as ContactMapping, event.rowNumber, t.importRow);
    if (checked.ok) return checked;
    const reason = checked.errors.map((e, n) => (n === 0 ? e.reason : `${e.column}: ${e.reason}`)).join(" ");
    return { ok: false, verdict: { column: checked.errors[0]?.column ?? "", reason } };
  }

  /** The running counts of a pass, the problems it keeps for the preview, and the error file. */
  private books(t: Catalog, job: ImportJob, mapping: HeaderMapping, o: { errorCsv?: fs.WriteStream; onProgress?: (p: Progress) => void; between?: () => void }) {
    o.errorCsv?.write(BOM + csvLine([...mapping.headers, t.imports.errorColumn]));
    const tally: Tally = { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
    const problems: RowProblem[] = [];
    const primaryChanges: PrimaryChange[] = [];
    const account = async (result: BatchResult, rejected: readonly RejectedRow[], rows: number, cellsOf: (rowNumber: number) => string[] | undefined) => {
      const failed = [
        ...rejected.map((r) => ({ rowNumber: r.rowNumber, column: r.verdict.column, reason: r.verdict.reason })),
        ...result.failures.map((f) => ({ rowNumber: f.rowNumber, column: this.failureColumn(mapping, f), reason: failureReason(t, f) })),
      ].sort((a, b) => a.rowNumber - b.rowNumber);
      tally.rows += rows;
      tally.created += result.created;
      tally.updated += result.updated;
      tally.unchanged += result.unchanged;
      tally.failed += failed.length;
      for (const p of failed) {
        if (problems.length < KEEP_PROBLEMS) problems.push(p);
        if (o.errorCsv && !o.errorCsv.write(csvLine([...(cellsOf(p.rowNumber) ?? []), p.reason]))) await once(o.errorCsv, "drain");
      }
      for (const c of result.primaryChanges) if (primaryChanges.length < KEEP_PRIMARY_CHANGES) primaryChanges.push(c);
      o.onProgress?.({ ...tally, totalRows: job.totalRows });
      o.between?.(); // the batch is committed: stop here if the instance is stopping or lost the job
      // Let Slack requests (a Cancel click, other people's commands) through between batches.
      await new Promise((r) => setImmediate(r));
    };
    return { tally, problems, primaryChanges, account };
  }

  private mappingOf(headers: string[], job: ImportJob): HeaderMapping {
    const mapping = mapHeaders(headers, (job.kind as ImportKind | null) ?? undefined);
    if ("error" in mapping) throw ImportFileError.headers({ kind: mapping.error });
    if (mapping.missingRequired.length > 0) throw ImportFileError.headers({ kind: "missing_required", columns: [...mapping.missingRequired] });
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

function failureReason(t: Catalog, f: RowFailure): string {
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
