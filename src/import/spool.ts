/**
 * The rows of a previewed file, kept on disk between the preview and the Import click: one JSON
 * line per CSV record, the header first. The import reads this instead of downloading, decoding
 * and parsing the file a second time. Both sides stream.
 *
 * Each row line is `[rowNumber, cells]`, or `[rowNumber, cells, column, reason]` for a row the
 * preview refused on its own (invalid, or a repeat of an earlier row of the file): those checks do
 * not depend on the database, so the import takes the preview's verdict instead of validating and
 * tracking duplicates again. The header line says so (`verdicts: true`); a spool without it (from
 * an older version of the app) is read as rows without verdicts.
 */
import fs from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { CsvEvent } from "./reader.js";

/** Why the preview refused a row by itself. */
export type Verdict = { column: string; reason: string };
export type SpoolEvent =
  | (Extract<CsvEvent, { type: "header" }> & { verdicts: boolean })
  | (Extract<CsvEvent, { type: "row" }> & { rejected?: Verdict });

export type SpoolWriter = {
  /** Resolves at once, or when the disk has taken what is buffered (so memory stays flat). */
  write(event: CsvEvent, rejected?: Verdict): Promise<void> | undefined;
  close(): Promise<void>;
  discard(): void;
};

/**
 * Lines are collected into pieces of about PIECE_CHARS and handed to the stream a piece at a time:
 * one write per line (with the stream's default 16 KB high-water mark) cost a wait for "drain",
 * a thread-pool round trip, every hundred lines or so.
 */
const PIECE_CHARS = 256 * 1024;

export function createSpoolWriter(path: string): SpoolWriter {
  const out = fs.createWriteStream(path, { encoding: "utf8", highWaterMark: 1024 * 1024 });
  // A write error (disk full) is reported by close(); after discard(), queued writes fail quietly.
  let failure: Error | undefined;
  let discarded = false;
  out.on("error", (e) => {
    if (!discarded) failure ??= e;
  });
  let piece = "";
  return {
    write(event, rejected) {
      piece +=
        event.type === "header"
          ? `${JSON.stringify({ headers: event.headers, verdicts: true })}\n`
          : `${JSON.stringify(rejected ? [event.rowNumber, event.cells, rejected.column, rejected.reason] : [event.rowNumber, event.cells])}\n`;
      if (piece.length < PIECE_CHARS) return undefined;
      const full = out.write(piece);
      piece = "";
      return full ? undefined : once(out, "drain").then(() => undefined);
    },
    async close() {
      if (piece !== "") out.write(piece);
      piece = "";
      out.end();
      await finished(out).catch((e: unknown) => {
        failure ??= e as Error;
      });
      if (failure) throw failure;
    },
    discard() {
      discarded = true;
      piece = "";
      const remove = () => fs.rmSync(path, { force: true });
      // The file may be created after this call (the stream opens it asynchronously): remove it
      // now, and again once the stream has closed.
      if (!out.closed) out.once("close", remove);
      out.destroy();
      remove();
    },
  };
}

/** Reads a spool back as the events readCsvRows yields, with the preview's verdicts. */
export async function* readSpool(path: string): AsyncGenerator<SpoolEvent, void, undefined> {
  for await (const events of readSpoolBatches(path)) yield* events;
}

/**
 * readSpool a piece at a time (never an empty array). JSON never holds a raw line break inside a
 * value, so the text is cut at line breaks, and the complete lines of each piece read are parsed
 * with one JSON.parse.
 */
export async function* readSpoolBatches(path: string): AsyncGenerator<SpoolEvent[], void, undefined> {
  let rest = "";
  let first = true;
  for await (const piece of fs.createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 }) as AsyncIterable<string>) {
    let text = rest + piece;
    const end = text.lastIndexOf("\n");
    if (end < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(end + 1);
    text = text.slice(0, end);
    const events: SpoolEvent[] = [];
    if (first) {
      first = false;
      const headerEnd = text.indexOf("\n");
      const header = JSON.parse(headerEnd < 0 ? text : text.slice(0, headerEnd)) as { headers: string[]; verdicts?: boolean };
      events.push({ type: "header", headers: header.headers, encoding: "utf-8", delimiter: ",", rowNumber: 1, verdicts: header.verdicts === true });
      text = headerEnd < 0 ? "" : text.slice(headerEnd + 1);
    }
    rowsOf(text, events);
    yield events;
  }
  if (rest !== "") {
    if (first) throw new Error(`Import spool ${path} has no complete header line`);
    const events: SpoolEvent[] = [];
    rowsOf(rest, events);
    yield events;
  }
}

function rowsOf(lines: string, out: SpoolEvent[]): void {
  if (lines === "") return;
  const rows = JSON.parse(`[${lines.replaceAll("\n", ",")}]`) as ([number, string[]] | [number, string[], string, string])[];
  for (const row of rows) {
    out.push(
      row.length === 4
        ? { type: "row", rowNumber: row[0], cells: row[1], rejected: { column: row[2], reason: row[3] } }
        : { type: "row", rowNumber: row[0], cells: row[1] },
    );
  }
}
