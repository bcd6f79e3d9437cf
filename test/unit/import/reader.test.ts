import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ImportFileError } from "../../../src/import/errors.js";
import { readCsvRows } from "../../../src/import/reader.js";
import { chunked, failureOf, headerOf, readAll, rowsOf, utf16be } from "./helpers.js";

const NAME = "Società Müller";

describe("readCsvRows: encodings", () => {
  it("reads UTF-8 without BOM", async () => {
    const events = await readAll(`Customer Name,City\n${NAME},Zürich\n`);
    expect(headerOf(events)).toMatchObject({ headers: ["Customer Name", "City"], encoding: "utf-8", delimiter: ",", rowNumber: 1 });
    expect(rowsOf(events)).toEqual([[2, [NAME, "Zürich"]]]);
  });

  it("reads UTF-8 with BOM, and the BOM is not part of the first header", async () => {
    const events = await readAll(`\uFEFFCustomer Name,City\r\n${NAME},Zürich\r\n`);
    expect(headerOf(events).headers).toEqual(["Customer Name", "City"]);
    expect(rowsOf(events)).toEqual([[2, [NAME, "Zürich"]]]);
  });

  it("reads Excel's Unicode Text: UTF-16LE with BOM, tab-delimited", async () => {
    const bytes = Buffer.from(`\uFEFFCustomer Name\tCity\r\n${NAME}\tZürich\r\n`, "utf16le");
    for (const chunkSize of [1, 3, 64 * 1024]) {
      const events = await readAll(bytes, { chunkSize });
      expect(headerOf(events)).toMatchObject({ encoding: "utf-16le", delimiter: "\t" });
      expect(rowsOf(events)).toEqual([[2, [NAME, "Zürich"]]]);
    }
  });

  it("reads UTF-16BE with BOM", async () => {
    const events = await readAll(utf16be(`\uFEFFCustomer Name;City\n${NAME};Zürich\n`));
    expect(headerOf(events)).toMatchObject({ encoding: "utf-16be", delimiter: ";" });
    expect(rowsOf(events)).toEqual([[2, [NAME, "Zürich"]]]);
  });

  it("reads Windows-1252, including 0x80 as the euro sign", async () => {
    const bytes = Buffer.concat([
      Buffer.from("Customer Name,Notes\r\nCaf"),
      Buffer.from([0xe0, 0x20, 0x4d, 0xfc]),
      Buffer.from("ller,costs 5"),
      Buffer.from([0x80]),
      Buffer.from("\r\n"),
    ]);
    const events = await readAll(bytes);
    expect(headerOf(events).encoding).toBe("windows-1252");
    expect(rowsOf(events)).toEqual([[2, ["Cafà Müller", "costs 5€"]]]);
  });

  it("reads a Windows-1252 file whose first accented letter comes after the sniffed bytes", async () => {
    const filler = Array.from({ length: 400 }, (_, i) => `Customer ${i},Plain ASCII row\r\n`).join("");
    const bytes = Buffer.concat([Buffer.from(`Customer Name,Notes\r\n${filler}M`), Buffer.from([0xfc]), Buffer.from("ller,5"), Buffer.from([0x80, 0x0d, 0x0a])]);
    const rows = rowsOf(await readAll(bytes, { chunkSize: 1000 }));
    expect(rows.at(-1)).toEqual([402, ["Müller", "5€"]]);
  });

  it("refuses a file that mixes UTF-8 and Windows-1252", async () => {
    const filler = "x".repeat(20_000);
    const bytes = Buffer.concat([Buffer.from(`Customer Name,Notes\nMüller,${filler}\nM`), Buffer.from([0xfc]), Buffer.from("ller,a\n")]);
    expect(await failureOf(readAll(bytes))).toMatchObject({ code: "unsupported_encoding" });
  });
});

describe("readCsvRows: refused files", () => {
  it("refuses binary files with a message saying what to do", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const failure = await failureOf(readAll(png));
    expect(failure).toBeInstanceOf(ImportFileError);
    expect(failure).toMatchObject({ code: "binary" });
    expect(failure.message).toMatch(/CSV UTF-8/);
  });

  it("refuses an empty file, a BOM alone, blank lines alone and a header without rows", async () => {
    for (const content of ["", "\uFEFF", "\r\n\r\n  \r\n", ",,,\n"]) {
      expect(await failureOf(readAll(content)), JSON.stringify(content)).toMatchObject({ code: "empty" });
    }
    const headerOnly = await failureOf(readAll("Customer Name,City\n\n"));
    expect(headerOnly).toMatchObject({ code: "empty" });
    expect(headerOnly.message).toMatch(/no data rows/);
  });

  it("refuses a file larger than maxBytes while it streams, without reading it all", async () => {
    let chunksPulled = 0;
    async function* endless() {
      yield Buffer.from("Customer Name,City\n");
      for (;;) {
        chunksPulled++;
        yield Buffer.from("Acme,Springfield\n".repeat(100));
      }
    }
    const failure = await failureOf(
      (async () => {
        for await (const _ of readCsvRows(endless(), { maxBytes: 50_000 })) void _;
      })(),
    );
    expect(failure).toMatchObject({ code: "too_large" });
    expect(failure.message).toMatch(/larger than 0\.05 MB|larger than/);
    expect(chunksPulled).toBeLessThan(40);
  });

  it("reports a quote that is never closed as malformed, with the row where it opens", async () => {
    const failure = await failureOf(readAll('Customer Name,Notes\nAcme,ok\n\nBeta,"never closed\nGamma,ok\n'));
    expect(failure).toMatchObject({ code: "malformed_csv" });
    expect(failure.message).toMatch(/^Row 4 of the file .*never closed/);
  });

  it("stops at a runaway quoted value instead of reading the rest of the file into one cell", async () => {
    const failure = await failureOf(readAll(`Customer Name,Notes\nAcme,"oops\n${"Beta,fine\n".repeat(40_000)}`));
    expect(failure).toMatchObject({ code: "malformed_csv" });
    expect(failure.message).toMatch(/^Row 2 of the file .*far too long/);
  });

  it("keeps text after a closing quote as written rather than refusing the file", async () => {
    expect(rowsOf(await readAll('Customer Name,Notes\n"Acme"x,ok\n'))).toEqual([[2, ['"Acme"x', "ok"]]]);
  });

  it("refuses text chunks instead of bytes", async () => {
    const failure = await failureOf(
      (async () => {
        for await (const _ of readCsvRows(Readable.from(["a,b\n"]), { maxBytes: 100 })) void _;
      })(),
    );
    expect(failure).toBeInstanceOf(TypeError);
  });
});

describe("readCsvRows: delimiters and quoting", () => {
  it("detects comma, semicolon and tab from the header line", async () => {
    for (const delimiter of [",", ";", "\t"] as const) {
      const events = await readAll(`Customer Name${delimiter}City${delimiter}Zip Code\nAcme${delimiter}Springfield${delimiter}62701\n`);
      expect(headerOf(events).delimiter).toBe(delimiter);
      expect(rowsOf(events)).toEqual([[2, ["Acme", "Springfield", "62701"]]]);
    }
  });

  it("keeps commas, doubled quotes and line breaks inside quoted values", async () => {
    const csv = 'Customer Name,Notes,City\n"Acme, Inc.","He said ""hi""\nand left",Springfield\nBeta,"",Leeds\r\n';
    expect(rowsOf(await readAll(csv))).toEqual([
      [2, ["Acme, Inc.", 'He said "hi"\nand left', "Springfield"]],
      [3, ["Beta", "", "Leeds"]],
    ]);
  });

  it("numbers rows as a spreadsheet shows them: a multi-line value is one row, an empty line is a row", async () => {
    const csv = 'Customer Name,Notes\n"Acme","one\ntwo\nthree"\n\nBeta,x\n,\nGamma,y';
    expect(rowsOf(await readAll(csv, { chunkSize: 5 }))).toEqual([
      [2, ["Acme", "one\ntwo\nthree"]],
      [4, ["Beta", "x"]],
      [6, ["Gamma", "y"]],
    ]);
  });

  it("accepts CRLF, LF and CR line ends, even mixed in one file", async () => {
    expect(rowsOf(await readAll("Customer Name,City\r\nAcme,Rome\nBeta,Leeds\rGamma,Oslo\r\n"))).toEqual([
      [2, ["Acme", "Rome"]],
      [3, ["Beta", "Leeds"]],
      [4, ["Gamma", "Oslo"]],
    ]);
  });

  it("accepts rows with fewer or more cells than the header and a stray quote inside a value", async () => {
    expect(rowsOf(await readAll('Customer Name,City\nAcme\nBeta,Leeds,extra\n5" screens,Rome\n'))).toEqual([
      [2, ["Acme"]],
      [3, ["Beta", "Leeds", "extra"]],
      [4, ['5" screens', "Rome"]],
    ]);
  });

  it("stops reading the source when the caller stops early", async () => {
    const source = Readable.from(chunked(Buffer.from(`Customer Name\n${"Acme\n".repeat(100_000)}`), 1024));
    let rows = 0;
    for await (const event of readCsvRows(source, { maxBytes: 10_000_000 })) {
      if (event.type === "row" && ++rows === 3) break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);
  });
});

describe("readCsvRows: encoding and NUL bytes are checked over the whole file", () => {
  const cp1252 = (text: string) => Buffer.from(text, "latin1");
  /** Enough plain rows that what follows is far beyond the sniffed first bytes. */
  const filler = (from: number) => Array.from({ length: 600 }, (_, i) => `Customer ${from + i},Plain ASCII row\r\n`).join("");

  it("refuses a Windows-1252 file that holds UTF-8 further down, naming the row and byte, whatever the chunk size", async () => {
    const start = cp1252(`Customer Name,Notes\r\nCaf\xe9 One,ok\r\n${filler(1)}`);
    const bytes = Buffer.concat([start, Buffer.from("Café Four,garbled\r\n", "utf8")]);
    for (const chunkSize of [1000, start.length - 3, start.length + 3, 64 * 1024]) {
      const failure = await failureOf(readAll(bytes, { chunkSize }));
      expect(failure, `chunks of ${chunkSize}`).toMatchObject({ code: "unsupported_encoding" });
      expect(failure.message).toContain(`Row ${2 + 600 + 1} of the file (byte ${(start.length + 4).toLocaleString("en-US")}) is saved as UTF-8`);
      expect(failure.message).toContain("CSV UTF-8");
    }
  });

  it("refuses a UTF-8 file that goes on in Windows-1252 far from its start, naming the row", async () => {
    const bytes = Buffer.concat([Buffer.from(`Customer Name,Notes\nMüller,${filler(1)}`), cp1252("Caf\xe9 Two,x\n")]);
    const failure = await failureOf(readAll(bytes, { chunkSize: 4096 }));
    expect(failure).toMatchObject({ code: "unsupported_encoding" });
    expect(failure.message).toMatch(/^Row 602 of the file \(byte [\d,]+\) is not UTF-8, but the rows before it are/);
  });

  it("refuses a NUL byte after the sniffed bytes, in UTF-8, Windows-1252 and UTF-16 alike, naming its row", async () => {
    const utf8 = Buffer.from(`Customer Name,Notes\nAcme,${filler(1)}Bad\0Name,x\n`);
    const latin = cp1252(`Customer Name,Notes\nCaf\xe9,${filler(1)}Bad\0Name,x\n`);
    const utf16 = Buffer.from(`\uFEFFCustomer Name\tNotes\nAcme\t${filler(1).replaceAll(",", "\t")}Bad\0Name\tx\n`, "utf16le");
    for (const [what, bytes] of [["utf-8", utf8], ["windows-1252", latin], ["utf-16le", utf16]] as const) {
      const failure = await failureOf(readAll(bytes, { chunkSize: 4096 }));
      expect(failure, what).toMatchObject({ code: "binary" });
      expect(failure.message, what).toMatch(/^Row 602 of the file \(byte [\d,]+\) holds a NUL character/);
    }
    const at = utf8.indexOf(0);
    expect((await failureOf(readAll(utf8, { chunkSize: 4096 }))).message).toContain(`(byte ${(at + 1).toLocaleString("en-US")})`);
  });

  it("still reads a Windows-1252 file whose accents all come after the sniffed bytes", async () => {
    const bytes = cp1252(`Customer Name,Notes\r\n${filler(1)}M\xfcller \xc0 la carte,5\x80\r\n`);
    expect(rowsOf(await readAll(bytes, { chunkSize: 1000 })).at(-1)).toEqual([602, ["Müller À la carte", "5€"]]);
  });
});
