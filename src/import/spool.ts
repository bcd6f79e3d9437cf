/**
 * The rows of a previewed file, kept on disk between the preview and the Import click: one JSON
 * line per CSV record (`[rowNumber, cells]`), the header first. The import reads this instead of
 * downloading, decoding and parsing the file a second time. Both sides stream: a line at a time.
 */
import fs from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import type { CsvEvent } from "./reader.js";

export type SpoolWriter = {
  /** Resolves at once, or when the disk has taken what is buffered (so memory stays flat). */
  write(event: CsvEvent): Promise<void> | undefined;
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
    write(event) {
      piece += event.type === "header" ? `${JSON.stringify({ headers: event.headers })}\n` : `${JSON.stringify([event.rowNumber, event.cells])}\n`;
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

/** Reads a spool back as the same events readCsvRows yields. */
export async function* readSpool(path: string): AsyncGenerator<CsvEvent, void, undefined> {
  const lines = createInterface({ input: fs.createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 }), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      const { headers } = JSON.parse(line) as { headers: string[] };
      yield { type: "header", headers, encoding: "utf-8", delimiter: ",", rowNumber: 1 };
      continue;
    }
    if (line === "") continue;
    const [rowNumber, cells] = JSON.parse(line) as [number, string[]];
    yield { type: "row", rowNumber, cells };
  }
}
