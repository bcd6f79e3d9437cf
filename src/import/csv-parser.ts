/**
 * The CSV record parser of the import: text in (in pieces of any size), records out.
 *
 * It reads exactly what csv-parse 7 reads with the options the importer used before
 * (`relax_quotes`, `relax_column_count`, record delimiters CRLF, LF and CR, a one-character
 * delimiter, `"` as quote and escape, `max_record_size`), and test/unit/import/csv-parser.test.ts
 * checks that against csv-parse on generated files. It exists because csv-parse, which works
 * byte by byte through a resizable buffer per field, was about a third of the preview's time;
 * this one cuts fields out of the text with `slice`, several times faster.
 *
 * - A field that starts with `"` is quoted: delimiters and line breaks inside are text, `""` is
 *   one `"`. A closing quote followed by something other than a delimiter or line end does not
 *   close the field: the field keeps its quotes and goes on as unquoted text (`"Acme"x` is
 *   `"Acme"x`), as csv-parse's relax_quotes does.
 * - A `"` anywhere else is an ordinary character.
 * - An empty line is a record with one empty field; the text after the last line end, if any,
 *   is the last record.
 * - A record longer than `maxRecordSize` throws CsvSyntaxError "record_too_long", a quote still
 *   open at the end of the text "quote_not_closed"; `records` says how many records came before.
 *   The size is counted as csv-parse counts it: the characters of the record's earlier fields
 *   plus the UTF-8 bytes of the current one.
 */
export class CsvSyntaxError extends Error {
  override readonly name: string = "CsvSyntaxError";
  constructor(
    readonly code: "quote_not_closed" | "record_too_long",
    /** Records completed before the one that failed. */
    readonly records: number,
  ) {
    super(`CSV ${code.replaceAll("_", " ")} after ${records} records`);
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Not complete in the text at hand: wait for more, or (at the end) finish or fail. */
const INCOMPLETE = -1;

export class CsvRecordParser {
  /** Records emitted so far (empty lines included). */
  records = 0;
  private rest = "";
  private readonly delimiter: number;

  constructor(
    delimiter: string,
    private readonly maxRecordSize: number,
  ) {
    if (delimiter.length !== 1) throw new Error("The delimiter must be one character");
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Parses `text` after what came before; returns the records it completes. */
  push(text: string, out: string[][] = []): string[][] {
    const s = this.rest === "" ? text : this.rest + text;
    this.rest = s.slice(this.parse(s, false, out));
    return out;
  }

  /** The end of the text: returns the last record, if any, or throws for an open quote. */
  end(out: string[][] = []): string[][] {
    const s = this.rest;
    this.rest = "";
    this.parse(s, true, out);
    return out;
  }

  /** Parses whole records from `s`; returns where the first incomplete one starts. */
  private parse(s: string, atEnd: boolean, out: string[][]): number {
    const len = s.length;
    const delimiter = this.delimiter;
    let pos = 0;
    while (pos < len) {
      const recordStart = pos;
      const record: string[] = [];
      let recordChars = 0; // csv-parse's record_length: characters of the fields before this one
      for (;;) {
        // One field, starting at pos.
        let value: string;
        let end: number; // the position after the field: a delimiter, a line end, or len
        if (pos < len && s.charCodeAt(pos) === QUOTE) {
          const quoted = this.quoted(s, pos + 1, atEnd, recordChars);
          if (quoted === undefined) return recordStart;
          value = quoted.value;
          end = quoted.end;
        } else {
          end = unquotedEnd(s, pos, delimiter);
          value = s.slice(pos, end);
        }
        if (end === len && !atEnd) {
          this.checkSize(recordChars, value);
          return recordStart;
        }
        this.checkSize(recordChars, value);
        record.push(value);
        recordChars += value.length;
        if (end === len) {
          pos = len;
          break;
        }
        const c = s.charCodeAt(end);
        if (c === delimiter) {
          pos = end + 1;
          continue;
        }
        if (c === CR) {
          if (end + 1 === len && !atEnd) return recordStart; // CR LF cut in two
          pos = end + 1 < len && s.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
        } else pos = end + 1; // LF
        break;
      }
      out.push(record);
      this.records++;
    }
    return pos;
  }

  /**
   * A quoted field whose text starts at `from` (after the opening quote). Undefined when it does
   * not end within `s` and more text may come.
   */
  private quoted(s: string, from: number, atEnd: boolean, recordChars: number): { value: string; end: number } | undefined {
    const len = s.length;
    let value = "";
    let segment = from;
    for (;;) {
      const q = s.indexOf('"', segment);
      if (q < 0 || (q + 1 === len && !atEnd)) {
        // No closing quote yet (or one whose next character is not here yet).
        this.checkSize(recordChars, value + s.slice(segment, q < 0 ? len : q));
        if (atEnd) throw new CsvSyntaxError("quote_not_closed", this.records);
        return undefined;
      }
      value += s.slice(segment, q);
      if (q + 1 === len) return { value, end: len }; // closing quote at the end of the text
      const next = s.charCodeAt(q + 1);
      if (next === QUOTE) {
        value += '"';
        segment = q + 2;
        continue;
      }
      if (next === this.delimiter || next === CR || next === LF) return { value, end: q + 1 };
      // relax_quotes: not a closing quote after all; the rest of the field is plain text.
      const end = unquotedEnd(s, q + 1, this.delimiter);
      return { value: `"${value}"${s.slice(q + 1, end)}`, end };
    }
  }

  /** csv-parse's max_record_size check: earlier fields' characters plus this field's UTF-8 bytes. */
  private checkSize(recordChars: number, value: string): void {
    const room = this.maxRecordSize + 1 - recordChars;
    if (value.length * 3 < room) return; // cannot be over, whatever its characters
    if (Buffer.byteLength(value, "utf8") > room) throw new CsvSyntaxError("record_too_long", this.records);
  }
}

/** The end of an unquoted field: the next delimiter or line end, or the end of the text. */
function unquotedEnd(s: string, from: number, delimiter: number): number {
  const len = s.length;
  let p = from;
  while (p < len) {
    const c = s.charCodeAt(p);
    if (c === delimiter || c === LF || c === CR) return p;
    p++;
  }
  return len;
}
