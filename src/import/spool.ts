/**
 * What the preview learnt of a file, kept on disk between the preview and the Import click, so
 * that the import neither downloads, decodes and parses the file again nor repeats the checks
 * that do not depend on the database. Written and read as a stream, a batch at a time.
 *
 * One JSON value per line (JSON never holds a raw line break inside a value):
 *   {"headers": [...], "version": 5}           the file's header row
 * then for each batch of the preview, in order:
 *   {"rejected": [[rowNumber, cells, column, reason], ...], "accepted": n, "plan": PlanMeta | null}
 *   [[rowNumber, cells], ...]                   the n rows that passed the preview's own checks
 *   the plan's lines (PLAN_LINES, see WritePlan), when the batch has a plan
 * and last, once the preview is done:
 *   {"end": batches}
 *
 * The lines are gzip-compressed (level 1, on libuv's thread pool, so the preview's thread does not
 * wait for it): the JSON of a file's rows, written twice (the cells, and a plan's rows with their
 * ids), took 4-8.5 times the CSV's size on disk (a 48 MB file made a 406 MB spool); compressed it
 * is about as large as the CSV or smaller. The spool is written under a ".part" name and renamed
 * when it is complete, so a spool cut short by a crash is never read; one that would grow past its
 * budget (`maxBytes`) is dropped and the import reads the file again instead.
 *
 * Rejected rows (invalid, or a repeat of an earlier row of the file) carry the preview's verdict:
 * those checks do not depend on the database, so the import takes the verdict as it is. The
 * accepted rows' line is parsed only when the batch is imported row by row (no plan, or a plan
 * that no longer holds), and the plan's lines go to SQLite as the bytes they are: lines are read as
 * bytes and decoded only when needed. A spool of another version is not read: the import reads
 * the file again. One damaged inside (a line that is not what it should be, or compressed data cut
 * short or garbled) stops the import where it is found, with SpoolDamaged.
 */
import fs from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import zlib from "node:zlib";
import { PLAN_LINES, type PlanLines, type PlanMeta, type WritePlan } from "../repositories/import-store.js";
import type { RowEvent } from "./reader.js";

/** 3: write plans (PlanMeta, PlanLines); 4: the end line; 5: gzip. */
const VERSION = 5;
/** The file a spool is written to until it is complete (see createSpoolWriter). */
export const partPath = (path: string) => `${path}.part`;
/** How much text may wait for compression before the preview waits for it (memory stays bounded). */
const PENDING_TEXT_BYTES = 8 * 1024 * 1024;

/** A spool that cannot be read as written: the import stops, and its next run reads the file again. */
export class SpoolDamaged extends Error {
  constructor(path: string, what: string) {
    super(`Import spool ${path} is damaged: ${what}`);
  }
}

/** Why the preview refused a row by itself. */
export type Verdict = { column: string; reason: string };
export type RejectedRow = { rowNumber: number; cells: string[]; verdict: Verdict };

export type SpoolBatch = {
  rejected: RejectedRow[];
  /** How many rows passed the preview's own checks. */
  accepted: number;
  /** Those rows, read from their line on demand. */
  acceptedRows(): RowEvent[];
  plan?: WritePlan;
};

export type SpoolWriter = {
  header(headers: string[]): void;
  /** Resolves at once, or when compression and the disk have taken what is buffered (so memory stays flat). */
  batch(b: { accepted: readonly RowEvent[]; rejected: readonly RejectedRow[]; plan?: WritePlan }): Promise<void> | undefined;
  /** Finishes the spool: true when it is complete at its path, false when it went over its budget and was dropped. */
  close(): Promise<boolean>;
  discard(): void;
};

export type SpoolWriterOptions = {
  /** The most the spool may take on disk (compressed); past it, it is dropped (see close). */
  maxBytes?: number;
};

export function createSpoolWriter(path: string, o: SpoolWriterOptions = {}): SpoolWriter {
  const part = partPath(path);
  const file = fs.createWriteStream(part, { highWaterMark: 1024 * 1024 });
  // Compression runs on the thread pool and overlaps the reading of the next batch: write() says
  // false once PENDING_TEXT_BYTES of text wait for it, and the batch then waits for "drain".
  const gzip = zlib.createGzip({ level: 1, chunkSize: 64 * 1024, writableHighWaterMark: PENDING_TEXT_BYTES } as zlib.ZlibOptions);
  gzip.pipe(file);
  // A write error (disk full) is reported by close(); after discard(), queued writes fail quietly.
  let failure: Error | undefined;
  let discarded = false;
  let overBudget = false;
  let batches = 0;
  const onError = (e: Error) => {
    if (!discarded) failure ??= e;
  };
  // A write error (disk full) fails the batch waiting for compression too, not only close().
  file.on("error", (e) => {
    onError(e);
    if (!discarded) gzip.destroy(e);
  });
  gzip.on("error", onError);
  const remove = () => {
    fs.rmSync(part, { force: true });
    fs.rmSync(path, { force: true });
  };
  const drop = () => {
    discarded = true;
    gzip.unpipe(file);
    gzip.destroy();
    // The file may be created after this call (the stream opens it asynchronously): remove it
    // now, and again once the stream has closed.
    if (!file.closed) file.once("close", remove);
    file.destroy();
    remove();
  };
  return {
    header(headers) {
      gzip.write(`${JSON.stringify({ headers, version: VERSION })}\n`);
    },
    batch({ accepted, rejected, plan }) {
      if (discarded) return undefined;
      if (o.maxBytes !== undefined && file.bytesWritten + file.writableLength > o.maxBytes) {
        overBudget = true;
        drop();
        return undefined;
      }
      const meta = { rejected: rejected.map((r) => [r.rowNumber, r.cells, r.verdict.column, r.verdict.reason]), accepted: accepted.length, plan: plan?.meta ?? null };
      let text = `${JSON.stringify(meta)}\n${JSON.stringify(accepted.map((e) => [e.rowNumber, e.cells]))}\n`;
      if (plan) for (const name of PLAN_LINES[plan.lines.kind]) text += `${String((plan.lines as Record<string, string | Buffer>)[name])}\n`;
      batches++;
      return gzip.write(text) ? undefined : once(gzip, "drain").then(() => undefined);
    },
    async close() {
      if (overBudget) return false;
      gzip.end(`${JSON.stringify({ end: batches })}\n`);
      await finished(file).catch((e: unknown) => {
        failure ??= e as Error;
      });
      if (failure) {
        remove();
        throw failure;
      }
      if (o.maxBytes !== undefined && file.bytesWritten > o.maxBytes) {
        remove();
        return false;
      }
      fs.renameSync(part, path); // complete: from now on the import may read it
      return true;
    },
    discard() {
      drop();
    },
  };
}

/**
 * The header and batches of a spool, or undefined when there is none, or it is of another version
 * (or not compressed as this version writes it): then the caller reads the file itself again.
 */
export async function openSpool(path: string): Promise<{ headers: string[]; batches: AsyncGenerator<SpoolBatch, void, undefined> } | undefined> {
  if (!fs.existsSync(path)) return undefined;
  const lines = readLines(path);
  let first: IteratorResult<Buffer, void>;
  try {
    first = await lines.next();
  } catch {
    await lines.return(undefined).catch(() => undefined);
    return undefined; // not gzip: an older version's spool
  }
  const header = first.done ? undefined : (parseOr(first.value) as { headers?: string[]; version?: number } | undefined);
  if (!header?.headers || header.version !== VERSION) {
    await lines.return(undefined);
    return undefined;
  }
  return { headers: header.headers, batches: batchesOf(lines, path) };
}

type BatchMeta = { rejected: [number, string[], string, string][]; accepted: number; plan: PlanMeta | null };

/** A batch's first line as the writer writes it (its shape; a value changed within it is not caught). */
function isBatchMeta(meta: unknown): meta is BatchMeta {
  const m = meta as Partial<BatchMeta> | undefined;
  return (
    typeof m === "object" &&
    m !== null &&
    Number.isInteger(m.accepted) &&
    Array.isArray(m.rejected) &&
    m.rejected.every((r) => Array.isArray(r) && typeof r[0] === "number" && Array.isArray(r[1]) && typeof r[2] === "string" && typeof r[3] === "string") &&
    (m.plan === null || (typeof m.plan === "object" && m.plan !== undefined && Object.hasOwn(PLAN_LINES, m.plan.kind) && Number.isInteger(m.plan.count)))
  );
}

function parseOr(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString("utf8"));
  } catch {
    return undefined;
  }
}

async function* batchesOf(lines: AsyncGenerator<Buffer, void, undefined>, path: string): AsyncGenerator<SpoolBatch, void, undefined> {
  const damaged = (what: string) => new SpoolDamaged(path, what);
  const read = async () => {
    try {
      return await lines.next();
    } catch (error) {
      throw damaged(`its compressed data cannot be read (${(error as Error).message})`);
    }
  };
  const line = async () => {
    const next = await read();
    if (next.done) throw damaged("it ends inside a batch");
    return next.value;
  };
  try {
    for (let n = 0; ; n++) {
      const next = await read();
      if (next.done) throw damaged("it has no end line");
      const meta = parseOr(next.value) as BatchMeta | { end?: number } | undefined;
      if (meta && "end" in meta && meta.end !== undefined) {
        if (meta.end !== n || !(await read()).done) throw damaged(`its end line says ${meta.end} batches, after ${n}`);
        return;
      }
      if (!isBatchMeta(meta)) throw damaged(`line ${next.value.toString("utf8").slice(0, 40)}… is not a batch's first line`);
      const acceptedLine = await line();
      const batch: SpoolBatch = {
        rejected: meta.rejected.map(([rowNumber, cells, column, reason]) => ({ rowNumber, cells, verdict: { column, reason } })),
        accepted: meta.accepted,
        acceptedRows: () => {
          const rows = parseOr(acceptedLine) as [number, string[]][] | undefined;
          const readable = Array.isArray(rows) && rows.length === meta.accepted && rows.every((r) => Array.isArray(r) && typeof r[0] === "number" && Array.isArray(r[1]));
          if (!readable) throw damaged(`the rows of batch ${n + 1} cannot be read`);
          return rows.map(([rowNumber, cells]) => ({ type: "row", rowNumber, cells }));
        },
      };
      if (meta.plan) {
        const planLines: Record<string, Buffer | string> = { kind: meta.plan.kind };
        for (const name of PLAN_LINES[meta.plan.kind]) planLines[name] = await line();
        batch.plan = { meta: meta.plan, lines: planLines as PlanLines };
      }
      yield batch;
    }
  } finally {
    await lines.return(undefined);
  }
}

/**
 * The lines of a gzip file, as bytes without their line breaks (0x0A never occurs inside a UTF-8
 * character); the last may lack one. Data that is not gzip, or cut short, throws.
 */
async function* readLines(path: string): AsyncGenerator<Buffer, void, undefined> {
  let parts: Buffer[] = [];
  const source = fs.createReadStream(path, { highWaterMark: 1024 * 1024 });
  const gunzip = zlib.createGunzip({ chunkSize: 1024 * 1024 });
  source.on("error", (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    let from = 0;
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a, from)) {
      const piece = chunk.subarray(from, end);
      yield parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      from = end + 1;
    }
    if (from < chunk.length) parts.push(chunk.subarray(from));
  }
  if (parts.length > 0) yield Buffer.concat(parts);
}
