import { readCsvRows, type CsvEvent, type ReadCsvOptions } from "../../../src/import/reader.js";

/** The bytes as a stream of chunks of `size` bytes, the way a download arrives. */
export async function* chunked(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield Buffer.from(bytes.subarray(offset, offset + size));
  }
}

export async function readAll(
  bytes: Uint8Array | string,
  options: Partial<ReadCsvOptions> & { chunkSize?: number } = {},
): Promise<CsvEvent[]> {
  const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  const events: CsvEvent[] = [];
  for await (const event of readCsvRows(chunked(data, options.chunkSize), { maxBytes: options.maxBytes ?? 10_000_000 })) {
    events.push(event);
  }
  return events;
}

/** Rows only, as [rowNumber, cells]. */
export function rowsOf(events: CsvEvent[]): [number, string[]][] {
  return events.flatMap((event) => (event.type === "row" ? [[event.rowNumber, event.cells] as [number, string[]]] : []));
}

export function headerOf(events: CsvEvent[]): Extract<CsvEvent, { type: "header" }> {
  const header = events[0];
  if (header?.type !== "header") throw new Error("no header event first");
  return header;
}

/** Rejects with the ImportFileError code (or the error itself when it is something else). */
export async function failureOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error("expected a failure");
}

export function utf16be(text: string): Buffer {
  return Buffer.from(text, "utf16le").swap16();
}
