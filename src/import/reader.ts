/**
 * Streams an uploaded CSV file as rows of strings: encoding sniffed from the first bytes,
 * delimiter from the header line, records by csv-parse (fed one piece at a time: its parser emits
 * the records a piece completes synchronously). Memory stays flat: a chunk is read only when the
 * rows of the one before have been taken, and nothing is kept per row.
 *
 * Row numbers are the spreadsheet rows a person sees when opening the file in Excel or Google
 * Sheets: the n-th record is row n, a value with line breaks inside quotes is still one row,
 * and an empty line is an (empty) row. That is why the parser gives empty lines as records and
 * they are counted and skipped here.
 */
import type { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { asText, createCsvInputDecoder, DecodeProblem, SNIFF_BYTES, sniffEncoding, type TextEncodingName } from "./decode.js";
import { detectDelimiter, headerLineEnd, type Delimiter } from "./delimiter.js";
import { ImportFileError } from "./errors.js";

export interface ReadCsvOptions {
  /** Larger files fail with "too_large" as soon as this many bytes have arrived. */
  maxBytes: number;
}

export type CsvEvent =
  | {
      type: "header";
      headers: string[];
      /** As known when the header was read: a BOM-less "utf-8" file may still turn "windows-1252" further down. */
      encoding: TextEncodingName;
      delimiter: Delimiter;
      /** 1 unless the file starts with empty lines. */
      rowNumber: number;
    }
  | { type: "row"; rowNumber: number; cells: string[] };
export type RowEvent = Extract<CsvEvent, { type: "row" }>;

/**
 * A longer record is malformed (usually a quote that is never closed, which would otherwise swallow
 * the rest of the file into one value). The longest valid row is far below: 14 fields within LIMITS.
 */
const MAX_RECORD_CHARS = 256 * 1024;

/**
 * Where the decoder refused a byte (DecodeProblem): the reader feeds the parser what came before
 * it, then names the row the byte is in (the one after the last complete record).
 */
class Refused {
  constructor(readonly problem: DecodeProblem) {}
}
type Piece = Uint8Array | string | Refused;

/** Yields the header first, then each non-empty row; throws ImportFileError for file-level problems. */
export async function* readCsvRows(source: AsyncIterable<Uint8Array> | Readable, options: ReadCsvOptions): AsyncGenerator<CsvEvent, void, undefined> {
  for await (const events of readCsvBatches(source, options)) yield* events;
}

/**
 * readCsvRows a piece of the file at a time: the events of the records each piece completes, in
 * order (never an empty array). The importer takes them this way, which spares an async iteration
 * step (two promises and a result object) per row.
 */
export async function* readCsvBatches(
  source: AsyncIterable<Uint8Array> | Readable,
  options: ReadCsvOptions,
): AsyncGenerator<CsvEvent[], void, undefined> {
  const chunks = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let bytesRead = 0;
  const next = async (): Promise<Uint8Array | undefined> => {
    const result = await chunks.next();
    if (result.done) return undefined;
    const chunk: unknown = result.value;
    if (!(chunk instanceof Uint8Array)) throw new TypeError("readCsvRows needs a source of bytes (Buffer chunks), not text");
    bytesRead += chunk.byteLength;
    if (bytesRead > options.maxBytes) throw ImportFileError.tooLarge(options.maxBytes);
    return chunk;
  };

  try {
    // 1. Encoding, from the first SNIFF_BYTES bytes.
    const first: Uint8Array[] = [];
    let firstLength = 0;
    let ended = false;
    while (firstLength < SNIFF_BYTES) {
      const chunk = await next();
      if (!chunk) {
        ended = true;
        break;
      }
      first.push(chunk);
      firstLength += chunk.byteLength;
    }
    const prefix = Buffer.concat(first);
    // Sniffed from exactly SNIFF_BYTES, however the download was cut into chunks: what a file is
    // does not depend on the network. Everything after is checked by the decoder, byte by byte.
    const sniffed = sniffEncoding(prefix.subarray(0, SNIFF_BYTES));
    if ("error" in sniffed && sniffed.error === "empty") throw ImportFileError.empty();
    if ("error" in sniffed && sniffed.error === "binary") throw ImportFileError.binary();
    if ("error" in sniffed && sniffed.error === "utf-32") throw ImportFileError.utf32();
    // Mixed already in the sniffed bytes: the UTF-8 decoder finds the first byte that is not, and its row.
    const decoder = createCsvInputDecoder("error" in sniffed ? "utf-8" : sniffed.encoding);
    // The decoder checks every byte of the file (encoding, NUL): a refused byte ends the reading.
    let refused = false;
    const decode = (write: () => Uint8Array | string): Piece[] => {
      try {
        return [write()];
      } catch (error) {
        if (!(error instanceof DecodeProblem)) throw error;
        refused = true;
        return [error.before, new Refused(error)];
      }
    };

    // 2. Delimiter, from the whole header line (read on until its end, or the record size limit).
    const head: Piece[] = [];
    let headText = "";
    const keep = (pieces: Piece[]) => {
      for (const piece of pieces) {
        head.push(piece);
        if (!(piece instanceof Refused)) headText += asText(piece);
      }
    };
    keep(decode(() => decoder.write(prefix)));
    while (!ended && !refused && headerLineEnd(headText) < 0 && headText.length < MAX_RECORD_CHARS) {
      const chunk = await next();
      if (chunk) keep(decode(() => decoder.write(chunk)));
      else ended = true;
    }
    if (ended && !refused) head.push(...decode(() => decoder.end()));
    const delimiter = detectDelimiter(headText);

    // 3. Records, a piece of text at a time.
    const parser = recordParser(delimiter); // the BOM is already gone: the decoder drops it
    let rowNumber = 0;
    let headerSeen = false;
    let rowsSeen = false;
    const records: string[][] = [];
    let source: Iterator<Piece> = head.values();
    for (;;) {
      records.length = 0;
      const piece = source.next();
      if (!piece.done) {
        const value = piece.value;
        if (value instanceof Refused) {
          // Every record before the refused byte has been counted: it is in the next row.
          const { problem, byte } = value.problem;
          throw ImportFileError.decodeProblemAt(problem, rowNumber + 1, byte, value.problem);
        }
        if (value.length === 0) continue;
        parser.push(value, records);
      } else if (ended) {
        await parser.end(records);
      } else {
        const chunk = await next();
        if (chunk) source = decode(() => decoder.write(chunk)).values();
        else {
          ended = true;
          source = decode(() => decoder.end()).values();
        }
        continue;
      }
      const events: CsvEvent[] = [];
      for (const record of records) {
        rowNumber++;
        if (isBlank(record)) continue;
        if (!headerSeen) {
          headerSeen = true;
          events.push({ type: "header", headers: record, encoding: decoder.encoding, delimiter, rowNumber });
        } else {
          rowsSeen = true;
          events.push({ type: "row", rowNumber, cells: record });
        }
      }
      if (events.length > 0) yield events;
      if (piece.done) break;
    }
    if (!headerSeen) throw ImportFileError.empty();
    if (!rowsSeen) throw ImportFileError.noRows();
  } catch (error) {
    throw asImportError(error);
  } finally {
    // Not awaited: a source that is waiting for its next chunk must not hold up the caller.
    chunks.return?.().catch(() => undefined);
  }
}

function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell !== "" && cell.trim() !== "") return false;
  return true;
}

/**
 * csv-parse, fed a piece of text (or UTF-8 bytes, passed through) at a time; `push` hands over
 * the records the piece completed, `end` the last ones. A parse error is thrown from the call that
 * met it.
 */
function recordParser(delimiter: Delimiter) {
  const pending: string[][] = [];
  let failure: unknown;
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
    record_delimiter: ["\r\n", "\n", "\r"],
  });
  parser.on("data", (record: string[]) => pending.push(record));
  parser.on("error", (error: unknown) => {
    failure ??= error;
  });
  const finished = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("error", () => resolve());
  });
  const take = (out: string[][]) => {
    if (failure) throw failure;
    for (const record of pending) out.push(record);
    pending.length = 0;
  };
  return {
    push(piece: Uint8Array | string, out: string[][]): void {
      parser.write(typeof piece === "string" ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      take(out);
    },
    async end(out: string[][]): Promise<void> {
      parser.end();
      await finished;
      take(out);
    },
  };
}

function asImportError(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const problem =
    error.code === "CSV_QUOTE_NOT_CLOSED"
      ? "quote_not_closed"
      : error.code === "CSV_INVALID_CLOSING_QUOTE"
        ? "invalid_closing_quote"
        : error.code === "CSV_MAX_RECORD_SIZE"
          ? "record_too_long"
          : "other";
  // csv-parse counts every record it emitted (empty lines too, see above), so the bad one is the next row.
  const records = (error as CsvError & { records?: unknown }).records;
  return ImportFileError.malformed(typeof records === "number" ? records + 1 : undefined, problem, error);
}
