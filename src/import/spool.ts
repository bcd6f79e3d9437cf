/**
 * What the preview learnt of a file, kept on disk between the preview and the Import click, so
 * that the import neither downloads, decodes and parses the file again nor repeats the checks
 * that do not depend on the database. Written and read as a stream, a batch at a time.
 *
 * One JSON value per line (JSON never holds a raw line break inside a value):
 *   {"headers": [...], "version": 2}           the file's header row
 * then for each batch of the preview, in order:
 *   {"rejected": [[rowNumber, cells, column, reason], ...], "accepted": n, "plan": PlanMeta | null}
 *   [[rowNumber, cells], ...]                   the n rows that passed the preview's own checks
 *   the plan's rows, and for customers its domains (see WritePlan), when the batch has a plan
 *
 * Rejected rows (invalid, or a repeat of an earlier row of the file) carry the preview's verdict:
 * those checks do not depend on the database, so the import takes the verdict as it is. The
 * accepted rows' line is parsed only when the batch is imported row by row (no plan, or a plan
 * that no longer holds). A spool of another version is not read: the import reads the file again.
 */
import fs from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { PlanMeta, WritePlan } from "../repositories/import-store.js";
import type { CsvEvent } from "./reader.js";

const VERSION = 2;

/** Why the preview refused a row by itself. */
export type Verdict = { column: string; reason: string };
type RowEvent = Extract<CsvEvent, { type: "row" }>;
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
  /** Resolves at once, or when the disk has taken what is buffered (so memory stays flat). */
  batch(b: { accepted: readonly RowEvent[]; rejected: readonly RejectedRow[]; plan?: WritePlan }): Promise<void> | undefined;
  close(): Promise<void>;
  discard(): void;
};

export function createSpoolWriter(path: string): SpoolWriter {
  const out = fs.createWriteStream(path, { encoding: "utf8", highWaterMark: 1024 * 1024 });
  // A write error (disk full) is reported by close(); after discard(), queued writes fail quietly.
  let failure: Error | undefined;
  let discarded = false;
  out.on("error", (e) => {
    if (!discarded) failure ??= e;
  });
  return {
    header(headers) {
      out.write(`${JSON.stringify({ headers, version: VERSION })}\n`);
    },
    batch({ accepted, rejected, plan }) {
      const meta = { rejected: rejected.map((r) => [r.rowNumber, r.cells, r.verdict.column, r.verdict.reason]), accepted: accepted.length, plan: plan?.meta ?? null };
      let text = `${JSON.stringify(meta)}\n${JSON.stringify(accepted.map((e) => [e.rowNumber, e.cells]))}\n`;
      if (plan) text += plan.meta.kind === "customers" ? `${plan.rows}\n${plan.domains ?? "[]"}\n` : `${plan.rows}\n`;
      return out.write(text) ? undefined : once(out, "drain").then(() => undefined);
    },
    async close() {
      out.end();
      await finished(out).catch((e: unknown) => {
        failure ??= e as Error;
      });
      if (failure) throw failure;
    },
    discard() {
      discarded = true;
      const remove = () => fs.rmSync(path, { force: true });
      // The file may be created after this call (the stream opens it asynchronously): remove it
      // now, and again once the stream has closed.
      if (!out.closed) out.once("close", remove);
      out.destroy();
      remove();
    },
  };
}

/**
 * The header and batches of a spool, or undefined when the spool is of another version (or has no
 * header line): then the caller reads the file itself again.
 */
export async function openSpool(path: string): Promise<{ headers: string[]; batches: AsyncGenerator<SpoolBatch, void, undefined> } | undefined> {
  const lines = readLines(path);
  const first = await lines.next();
  const header = first.done ? undefined : (JSON.parse(first.value) as { headers?: string[]; version?: number });
  if (!header?.headers || header.version !== VERSION) {
    await lines.return(undefined);
    return undefined;
  }
  return { headers: header.headers, batches: batchesOf(lines, path) };
}

async function* batchesOf(lines: AsyncGenerator<string, void, undefined>, path: string): AsyncGenerator<SpoolBatch, void, undefined> {
  const line = async () => {
    const next = await lines.next();
    if (next.done) throw new Error(`Import spool ${path} ends inside a batch`);
    return next.value;
  };
  try {
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const meta = JSON.parse(next.value) as { rejected: [number, string[], string, string][]; accepted: number; plan: PlanMeta | null };
      const acceptedLine = await line();
      const batch: SpoolBatch = {
        rejected: meta.rejected.map(([rowNumber, cells, column, reason]) => ({ rowNumber, cells, verdict: { column, reason } })),
        accepted: meta.accepted,
        acceptedRows: () => (JSON.parse(acceptedLine) as [number, string[]][]).map(([rowNumber, cells]) => ({ type: "row", rowNumber, cells })),
      };
      if (meta.plan) batch.plan = meta.plan.kind === "customers" ? { meta: meta.plan, rows: await line(), domains: await line() } : { meta: meta.plan, rows: await line() };
      yield batch;
    }
  } finally {
    await lines.return(undefined);
  }
}

/** The lines of a UTF-8 text file, without their line breaks; the last line may lack one. */
async function* readLines(path: string): AsyncGenerator<string, void, undefined> {
  let parts: string[] = [];
  for await (const piece of fs.createReadStream(path, { encoding: "utf8", highWaterMark: 1024 * 1024 }) as AsyncIterable<string>) {
    let from = 0;
    for (let end = piece.indexOf("\n"); end >= 0; end = piece.indexOf("\n", from)) {
      parts.push(piece.slice(from, end));
      yield parts.length === 1 ? (parts[0] as string) : parts.join("");
      parts = [];
      from = end + 1;
    }
    if (from < piece.length) parts.push(piece.slice(from));
  }
  if (parts.length > 0) yield parts.join("");
}
