import { describe, expect, it } from "vitest";
import { parse } from "csv-parse";
import { CsvRecordParser, CsvSyntaxError } from "../../../src/import/csv-parser.js";

/**
 * A failed parse is compared on its error alone: csv-parse drops the records it had buffered
 * when it fails, and the importer refuses the whole file then anyway.
 */
type Outcome = { records: string[][] } | { error: { code: string; records: number } };

/** What csv-parse 7 gives with the options the importer used before this parser. */
async function csvParse(text: string, delimiter: string, maxRecordSize: number, chunkBytes: number): Promise<Outcome> {
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, max_record_size: maxRecordSize, record_delimiter: ["\r\n", "\n", "\r"] });
  const records: string[][] = [];
  const bytes = Buffer.from(text, "utf8");
  const done = (async () => {
    for await (const record of parser as AsyncIterable<string[]>) records.push(record);
  })();
  for (let i = 0; i < bytes.length; i += chunkBytes) parser.write(bytes.subarray(i, i + chunkBytes));
  parser.end();
  try {
    await done;
    return { records };
  } catch (e) {
    const err = e as { code: string; records: number };
    const code = err.code === "CSV_QUOTE_NOT_CLOSED" ? "quote_not_closed" : err.code === "CSV_MAX_RECORD_SIZE" ? "record_too_long" : err.code;
    return { error: { code, records: err.records } };
  }
}

function ours(text: string, delimiter: string, maxRecordSize: number, chunkChars: number): Outcome {
  const parser = new CsvRecordParser(delimiter, maxRecordSize);
  const records: string[][] = [];
  try {
    for (let i = 0; i < text.length; i += chunkChars) parser.push(text.slice(i, i + chunkChars), records);
    parser.end(records);
    return { records };
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    return { error: { code: e.code, records: e.records } };
  }
}

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const PIECES = ["a", "b", "Acme", " ", ",", ";", "\t", '"', '""', "\n", "\r", "\r\n", "é", "ü€", "😀", '"x"', ",,"];

describe("CsvRecordParser reads what csv-parse reads", () => {
  it("on thousands of generated texts, cut into pieces of every size", async () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const length = Math.floor(next() * 40);
      let text = "";
      for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      const delimiter = [",", ";", "\t"][seed % 3] as string;
      const max = seed % 4 === 0 ? 12 : 1000;
      const chunk = 1 + Math.floor(next() * 8);
      const expected = await csvParse(text, delimiter, max, chunk);
      expect(ours(text, delimiter, max, chunk), `seed ${seed}: ${JSON.stringify(text)}`).toEqual(expected);
      expect(ours(text, delimiter, max, 1 << 20), `seed ${seed} whole: ${JSON.stringify(text)}`).toEqual(expected);
    }
  });

  it("on the cases the importer's tests name", async () => {
    const cases = [
      'Customer Name,Notes\n"Acme"x,ok\n',
      'a,"He said ""hi""\nand left",b\nBeta,"",Leeds\r\n',
      'Customer Name,Notes\nAcme,ok\n\nBeta,"never closed\nGamma,ok\n',
      "Customer Name,City\r\nAcme,Rome\nBeta,Leeds\rGamma,Oslo\r\n",
      'Customer Name,City\nAcme\nBeta,Leeds,extra\n5" screens,Rome\n',
      `Customer Name,Notes\nAcme,"oops\n${"Beta,fine\n".repeat(3000)}`,
      `a,${"ü".repeat(40)}\n`,
      `a,"${"ü".repeat(40)}"\n`,
      "",
      "\n",
      "a,",
      '"',
      '""',
    ];
    for (const text of cases) {
      for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
        expect(ours(text, ",", 100, chunk), JSON.stringify(text.slice(0, 60))).toEqual(await csvParse(text, ",", 100, chunk));
      }
    }
  });
});
