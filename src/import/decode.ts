/**
 * Which text encoding an uploaded file uses, and decoding it chunk by chunk.
 *
 * Accepted: UTF-8 with or without BOM, UTF-16 LE/BE with BOM (Excel's "Unicode Text"), and
 * Windows-1252 (Excel's "CSV (Comma delimited)" on Western-European Windows). A file without a
 * BOM is UTF-8 when its bytes are valid UTF-8, else Windows-1252 (which never fails to decode).
 * Other 8-bit code pages (Mac Roman, ISO-8859-2, Shift-JIS...) cannot be told apart from
 * Windows-1252 by their bytes and come out as Windows-1252.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { Transform, type TransformCallback } from "node:stream";
import { ImportFileError } from "./errors.js";
import { importMessages } from "./messages.js";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export type SniffResult =
  | { encoding: TextEncodingName; bomLength: number }
  | { error: "binary" | "empty" | "utf-32" | "mixed_encoding" };

/** How many bytes the reader collects before calling `sniffEncoding` (fewer only at end of file). */
export const SNIFF_BYTES = 8 * 1024;

/**
 * A text file has (almost) no control characters other than tab, CR, LF; a binary one has many.
 * 1% leaves room for a stray form feed or escape character in a real export.
 */
const MAX_CONTROL_SHARE = 0.01;

export function sniffEncoding(firstBytes: Uint8Array): SniffResult {
  const b = firstBytes;
  if (b.length === 0) return { error: "empty" };
  if (startsWith(b, 0xff, 0xfe, 0x00, 0x00) || startsWith(b, 0x00, 0x00, 0xfe, 0xff)) {
    return { error: "utf-32" };
  }
  const utf16: TextEncodingName | undefined = startsWith(b, 0xff, 0xfe)
    ? "utf-16le"
    : startsWith(b, 0xfe, 0xff)
      ? "utf-16be"
      : undefined;
  if (utf16) {
    if (b.length === 2) return { error: "empty" };
    const text = new TextDecoder(utf16).decode(b.subarray(0, b.length - (b.length % 2)));
    return controlShare(text) > MAX_CONTROL_SHARE ? { error: "binary" } : { encoding: utf16, bomLength: 2 };
  }
  if (startsWith(b, 0xef, 0xbb, 0xbf)) {
    if (b.length === 3) return { error: "empty" };
    return byteControlShare(b) > MAX_CONTROL_SHARE ? { error: "binary" } : { encoding: "utf-8", bomLength: 3 };
  }
  // Without a UTF-16 BOM a NUL byte means binary (or BOM-less UTF-16, which is not accepted).
  if (b.includes(0) || byteControlShare(b) > MAX_CONTROL_SHARE) return { error: "binary" };
  const complete = b.subarray(0, utf8CompleteLength(b));
  if (isUtf8(complete)) return { encoding: "utf-8", bomLength: 0 };
  return firstNonAsciiIsUtf8(complete) ? { error: "mixed_encoding" } : { encoding: "windows-1252", bomLength: 0 };
}

/**
 * Whether the first non-ASCII character of `bytes` is a valid UTF-8 sequence. Text that is not
 * valid UTF-8 as a whole is Windows-1252 only if it does not start out as UTF-8 (a Windows-1252
 * text whose first accented letters also form valid UTF-8, such as "Ã©", is not realistic).
 */
export function firstNonAsciiIsUtf8(bytes: Uint8Array): boolean {
  const start = bytes.findIndex((byte) => byte >= 0x80);
  if (start < 0) return false;
  const lead = bytes[start] as number;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return start + length <= bytes.length && isUtf8(bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, ...prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((byte, i) => bytes[i] === byte);
}

function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

function byteControlShare(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (isControl(byte)) count++;
  return count / bytes.length;
}

function controlShare(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) count++;
  return text.length === 0 ? 0 : count / text.length;
}

/**
 * The length of the prefix of `bytes` that does not end inside a UTF-8 multi-byte sequence,
 * so that a chunk boundary in the middle of "ü" is not taken for invalid UTF-8.
 */
export function utf8CompleteLength(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    if (byte < 0x80) return end;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return i + needed > end ? i : end;
  }
  return end;
}

/** The WHATWG windows-1252 table for 0x80-0x9F, where it differs from ISO-8859-1. */
const WINDOWS_1252_C1 =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";
const C1 = /[\u0080-\u009F]/;
const ALL_C1 = /[\u0080-\u009F]/g;

/**
 * Windows-1252 is decoded by hand: Node 20.18.3 and later decode "windows-1252" in TextDecoder as
 * ISO-8859-1, so 0x80 becomes U+0080 instead of "€" (nodejs/node#60888, measured on 20.20.2).
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return C1.test(latin1) ? latin1.replace(ALL_C1, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] as string) : latin1;
}

/**
 * A byte a decoder refuses, found anywhere in the file (not only in the sniffed bytes): a NUL, which
 * no text file holds (the file is damaged, or binary data was written into it), or text in a second
 * encoding (UTF-8 in a file that started as Windows-1252, or the other way round). `byte` is its
 * position in the file (0 is the first byte) and `before` what the decoder gives for the bytes before it,
 * so the reader can hand those to the CSV parser and name the row the byte is in.
 */
export type DecodeProblemKind = "nul" | "utf8_after_1252" | "not_utf8_after_utf8";

export class DecodeProblem extends ImportFileError {
  constructor(
    readonly problem: DecodeProblemKind,
    readonly byte: number,
    readonly before: Uint8Array | string,
  ) {
    super(
      problem === "nul" ? "binary" : "unsupported_encoding",
      problem === "nul" ? importMessages.file.binary : importMessages.file.mixedEncoding,
      problem === "nul" ? { kind: "binary" } : { kind: "mixed_encoding" },
    );
  }
}

/** Decodes one file chunk by chunk; a character split across chunks is decoded whole. Throws DecodeProblem. */
export interface ChunkDecoder {
  /** The encoding in use now: a BOM-less "utf-8" file turns "windows-1252" at its first non-UTF-8 byte. */
  readonly encoding: TextEncodingName;
  write(bytes: Uint8Array): string;
  end(): string;
}

/**
 * Like ChunkDecoder, but UTF-8 comes out as the file's own bytes (checked, BOM dropped, cut at
 * character boundaries) instead of a string. csv-parse works on UTF-8 bytes, so this spares
 * decoding to a string and encoding back; other encodings come out as strings.
 */
export interface CsvInputDecoder {
  readonly encoding: TextEncodingName;
  write(bytes: Uint8Array): Uint8Array | string;
  end(): Uint8Array | string;
}

/** A string decoder for a file whose first bytes `sniffEncoding` read as `encoding`; the BOM is dropped. */
export function createChunkDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding === "windows-1252") return new CheckedWindows1252(0);
  if (encoding === "utf-8") {
    const checked = new CheckedUtf8();
    return {
      get encoding() {
        return checked.encoding;
      },
      write: (bytes) => asText(checked.write(bytes)),
      end: () => asText(checked.end()),
    };
  }
  return new CheckedUtf16(encoding);
}

/** The input decoder the CSV reader uses: UTF-8 checked and passed through, the rest decoded. */
export function createCsvInputDecoder(encoding: TextEncodingName): CsvInputDecoder {
  return encoding === "utf-8" ? new CheckedUtf8() : createChunkDecoder(encoding);
}

/** A piece from a CsvInputDecoder as text. */
export function asText(piece: Uint8Array | string): string {
  return typeof piece === "string" ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString("utf8");
}

const EMPTY = new Uint8Array(0);
const asBuffer = (b: Uint8Array) => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** How many bytes the UTF-8 sequence led by `lead` has (1 for ASCII and for bytes that lead none). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Where the first byte that is not part of valid UTF-8 is, in bytes that isUtf8 refused (a sequence cut at the end counts as invalid). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(lead);
    if (lead < 0xc2 || lead > 0xf4 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

/**
 * UTF-8, checked chunk by chunk. A file that sniffed as "utf-8" on a plain-ASCII prefix may still
 * turn out to be Windows-1252 further down: while every byte so far was ASCII (the same in both)
 * it switches to Windows-1252 from there on (and is checked as that from then on). After non-ASCII
 * UTF-8 was read (in an earlier chunk or earlier in this one), an invalid byte is a DecodeProblem
 * "not_utf8_after_utf8": the file mixes encodings. A NUL byte anywhere is "nul".
 */
class CheckedUtf8 implements CsvInputDecoder {
  encoding: TextEncodingName = "utf-8";
  private onlyAsciiSoFar = true;
  private atStart = true;
  /** Bytes of the file before the held-back ones. */
  private offset = 0;
  /** The start of a character cut by the chunk boundary, kept for the next chunk. */
  private heldBack: Uint8Array = EMPTY;
  private fallback?: CheckedWindows1252;

  write(bytes: Uint8Array): Uint8Array | string {
    if (this.fallback) return this.fallback.write(bytes);
    const data = this.heldBack.length > 0 ? Buffer.concat([this.heldBack, bytes]) : bytes;
    const complete = utf8CompleteLength(data);
    let body = data.subarray(0, complete);
    let bom = 0;
    if (this.atStart && body.length > 0) {
      this.atStart = false;
      if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) bom = 3;
    }
    if (!isUtf8(body)) return this.fallBack(data, bom);
    const nul = asBuffer(body).indexOf(0, bom);
    if (nul >= 0) throw new DecodeProblem("nul", this.offset + nul, body.subarray(bom, nul));
    if (this.onlyAsciiSoFar && !isAscii(body)) this.onlyAsciiSoFar = false;
    this.heldBack = complete < data.length ? Uint8Array.from(data.subarray(complete)) : EMPTY; // a copy: 1-3 bytes
    this.offset += complete;
    if (bom > 0) body = body.subarray(bom);
    return body;
  }

  end(): Uint8Array | string {
    if (this.fallback) return this.fallback.end();
    if (this.heldBack.length === 0) return EMPTY;
    const tail = asText(this.fallBack(this.heldBack, 0)); // the file ends inside a multi-byte sequence
    const fallback = this.fallback as CheckedWindows1252 | undefined;
    return tail + (fallback?.end() ?? "");
  }

  private fallBack(data: Uint8Array, bom: number): Uint8Array | string {
    if (!this.onlyAsciiSoFar || firstNonAsciiIsUtf8(data)) {
      const bad = firstInvalidUtf8(data);
      const nul = asBuffer(data).subarray(0, bad).indexOf(0, bom);
      if (nul >= 0) throw new DecodeProblem("nul", this.offset + nul, data.subarray(bom, nul));
      throw new DecodeProblem("not_utf8_after_utf8", this.offset + bad, data.subarray(bom, bad));
    }
    this.encoding = "windows-1252";
    this.heldBack = EMPTY;
    this.fallback = new CheckedWindows1252(this.offset);
    return this.fallback.write(bom > 0 ? data.subarray(bom) : data, bom);
  }
}

/**
 * UTF-8 multi-byte sequences read as Windows-1252 text ("Ã©" for "é", "â€™" for "’"): a file that
 * is Windows-1252 up to here and holds UTF-8 from here on. Checked with isUtf8 on each match, so
 * only valid sequences count. Genuine Windows-1252 text very seldom has one (an uppercase accented
 * letter followed by a symbol such as "É’" would): such a file is refused with the advice to save
 * it as UTF-8, rather than imported with garbled names.
 */
const UTF8_AS_1252 = /[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}/g;

/**
 * Windows-1252, checked over the whole file: a NUL byte is "nul", a UTF-8 sequence
 * "utf8_after_1252" (see UTF8_AS_1252). A possible sequence cut by the chunk boundary is held back
 * until the next chunk shows whether it is one.
 */
class CheckedWindows1252 implements ChunkDecoder {
  readonly encoding: TextEncodingName = "windows-1252";
  private held: Uint8Array = EMPTY;

  constructor(private offset: number) {}

  /** `skip`: bytes at the start of `bytes` already counted by the caller (a BOM). */
  write(bytes: Uint8Array, skip = 0): string {
    this.offset += skip;
    const data = this.held.length > 0 ? Buffer.concat([this.held, bytes]) : bytes;
    const keep = cutSequence(data);
    const body = data.subarray(0, data.length - keep);
    this.check(body);
    this.held = keep > 0 ? Uint8Array.from(data.subarray(data.length - keep)) : EMPTY;
    this.offset += body.length;
    return decodeWindows1252(body);
  }

  end(): string {
    const rest = this.held;
    this.held = EMPTY;
    this.check(rest);
    this.offset += rest.length;
    return decodeWindows1252(rest);
  }

  private check(body: Uint8Array): void {
    const latin1 = asBuffer(body).toString("latin1");
    const nul = latin1.indexOf("\0");
    UTF8_AS_1252.lastIndex = 0;
    let utf8 = -1;
    for (let m = UTF8_AS_1252.exec(latin1); m && (nul < 0 || m.index < nul); m = UTF8_AS_1252.exec(latin1)) {
      if (isUtf8(body.subarray(m.index, m.index + m[0].length))) {
        utf8 = m.index;
        break;
      }
      UTF8_AS_1252.lastIndex = m.index + 1;
    }
    const at = utf8 >= 0 ? utf8 : nul;
    if (at < 0) return;
    throw new DecodeProblem(utf8 >= 0 ? "utf8_after_1252" : "nul", this.offset + at, decodeWindows1252(body.subarray(0, at)));
  }
}

/** How many bytes at the end of `data` could be the start of a UTF-8 sequence that the next chunk completes. */
function cutSequence(data: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= data.length; back++) {
    const byte = data[data.length - back] as number;
    if (byte >= 0x80 && byte < 0xc0) continue; // a continuation byte: look further back for its lead
    return byte >= 0xc2 && byte <= 0xf4 && sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

/** UTF-16 (with BOM), checked for NUL characters, which no text file holds. */
class CheckedUtf16 implements ChunkDecoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  /** Code units decoded so far, the BOM included. */
  private units = 0;
  private bomSeen = false;

  constructor(readonly encoding: "utf-16le" | "utf-16be") {
    this.decoder = new TextDecoder(encoding);
  }

  write(bytes: Uint8Array): string {
    return this.checked(this.decoder.decode(bytes, { stream: true }));
  }

  end(): string {
    return this.checked(this.decoder.decode());
  }

  private checked(text: string): string {
    if (!this.bomSeen && text.length > 0) {
      this.bomSeen = true;
      this.units++; // TextDecoder drops the BOM
    }
    const nul = text.indexOf("\0");
    if (nul >= 0) throw new DecodeProblem("nul", 2 * (this.units + nul), text.slice(0, nul));
    this.units += text.length;
    return text;
  }
}

/**
 * A Transform from Buffer chunks to string chunks (readable side in object mode, so each decoded
 * piece is one string). The BOM is dropped; errors are ImportFileError.
 */
export function createDecodeStream(encoding: TextEncodingName): Transform {
  const decoder = createChunkDecoder(encoding);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      try {
        const text = decoder.write(chunk);
        callback(null, text === "" ? undefined : text);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        const text = decoder.end();
        callback(null, text === "" ? undefined : text);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
