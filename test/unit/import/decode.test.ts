import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  createChunkDecoder,
  createDecodeStream,
  decodeWindows1252,
  sniffEncoding,
  utf8CompleteLength,
} from "../../../src/import/decode.js";
import { ImportFileError } from "../../../src/import/errors.js";
import { utf16be } from "./helpers.js";

const TEXT = "Customer Name,City\r\nSocietà Müller,Zürich\r\n";
const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);

async function decodeThroughStream(encoding: Parameters<typeof createDecodeStream>[0], bytes: Buffer, chunkSize: number) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  let text = "";
  for await (const piece of Readable.from(chunks).pipe(createDecodeStream(encoding))) text += piece as string;
  return text;
}

describe("sniffEncoding", () => {
  it("reads UTF-8 with and without BOM", () => {
    expect(sniffEncoding(Buffer.from(TEXT))).toEqual({ encoding: "utf-8", bomLength: 0 });
    expect(sniffEncoding(Buffer.concat([BOM_UTF8, Buffer.from(TEXT)]))).toEqual({ encoding: "utf-8", bomLength: 3 });
  });

  it("reads UTF-16 LE and BE by their BOM", () => {
    expect(sniffEncoding(Buffer.from(`\uFEFF${TEXT}`, "utf16le"))).toEqual({ encoding: "utf-16le", bomLength: 2 });
    expect(sniffEncoding(utf16be(`\uFEFF${TEXT}`))).toEqual({ encoding: "utf-16be", bomLength: 2 });
  });

  it("takes bytes that are not valid UTF-8 for Windows-1252", () => {
    expect(sniffEncoding(Buffer.from([0x43, 0x61, 0x66, 0xe0, 0x2c, 0xfc, 0x80, 0x0a]))).toEqual({
      encoding: "windows-1252",
      bomLength: 0,
    });
  });

  it("does not take a UTF-8 character cut at the end of the sample for invalid UTF-8", () => {
    const bytes = Buffer.from("abc ü");
    expect(sniffEncoding(bytes.subarray(0, bytes.length - 1))).toEqual({ encoding: "utf-8", bomLength: 0 });
  });

  it("calls NUL bytes without a UTF-16 BOM, control characters and workbooks binary", () => {
    expect(sniffEncoding(Buffer.from("Customer Name\0,City\n"))).toEqual({ error: "binary" });
    expect(sniffEncoding(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).toEqual({ error: "binary" }); // .xlsx (zip)
    expect(sniffEncoding(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toEqual({ error: "binary" }); // .xls
    const controls = Buffer.alloc(200, 0x41);
    for (let i = 0; i < 200; i += 10) controls[i] = 0x01;
    expect(sniffEncoding(controls)).toEqual({ error: "binary" });
  });

  it("calls a file with nothing, or only a BOM, empty", () => {
    expect(sniffEncoding(new Uint8Array(0))).toEqual({ error: "empty" });
    expect(sniffEncoding(BOM_UTF8)).toEqual({ error: "empty" });
    expect(sniffEncoding(Buffer.from([0xff, 0xfe]))).toEqual({ error: "empty" });
  });

  it("refuses UTF-32", () => {
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0, 0, 0]))).toEqual({ error: "utf-32" });
  });

  it("calls text that starts as UTF-8 and goes on in another encoding mixed", () => {
    const bytes = Buffer.concat([Buffer.from("Müller,"), Buffer.from([0x4d, 0xfc, 0x6c, 0x0a])]);
    expect(sniffEncoding(bytes)).toEqual({ error: "mixed_encoding" });
  });
});

describe("decoding", () => {
  it("maps Windows-1252 0x80-0x9F as Windows does, not as ISO-8859-1", () => {
    expect(decodeWindows1252(Buffer.from([0xe0, 0xfc, 0x80, 0x92, 0x93, 0x94, 0x9f, 0x81]))).toBe("àü€’“”Ÿ\u0081");
  });

  it("finds where a chunk stops on a character boundary", () => {
    const bytes = Buffer.from("aü€😀");
    expect(utf8CompleteLength(bytes)).toBe(bytes.length);
    expect(utf8CompleteLength(bytes.subarray(0, bytes.length - 1))).toBe(bytes.length - 4);
    expect(utf8CompleteLength(bytes.subarray(0, 2))).toBe(1);
  });

  it("decodes every supported encoding as a stream, whatever the chunk size, without the BOM", async () => {
    const cases = [
      ["utf-8", Buffer.from(TEXT)],
      ["utf-8", Buffer.concat([BOM_UTF8, Buffer.from(TEXT)])],
      ["utf-16le", Buffer.from(`\uFEFF${TEXT}`, "utf16le")],
      ["utf-16be", utf16be(`\uFEFF${TEXT}`)],
    ] as const;
    for (const [encoding, bytes] of cases) {
      for (const size of [1, 2, 3, 7, 1024]) {
        expect(await decodeThroughStream(encoding, bytes, size), `${encoding} in chunks of ${size}`).toBe(TEXT);
      }
    }
    const cp1252 = Buffer.from([0x43, 0x61, 0x66, 0xe0, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x2c, 0x35, 0x80]);
    expect(await decodeThroughStream("windows-1252", cp1252, 3)).toBe("Cafà Müller,5€");
  });

  it("switches a BOM-less UTF-8 file to Windows-1252 at its first non-UTF-8 byte when all before was ASCII", () => {
    const decoder = createChunkDecoder("utf-8");
    expect(decoder.write(Buffer.from("Name\nCaf"))).toBe("Name\nCaf");
    expect(decoder.write(Buffer.from([0xe9]))).toBe(""); // could still be the start of a UTF-8 character
    expect(decoder.write(Buffer.from(",5\x80\n", "latin1"))).toBe("é,5€\n");
    expect(decoder.encoding).toBe("windows-1252");
    expect(decoder.end()).toBe("");
  });

  it("takes a lone 0xE9 at the very end of an ASCII file for Windows-1252", () => {
    const decoder = createChunkDecoder("utf-8");
    expect(decoder.write(Buffer.from([0x43, 0x61, 0x66, 0xe9])) + decoder.end()).toBe("Café");
  });

  it("refuses a file that mixes UTF-8 and another encoding", () => {
    const decoder = createChunkDecoder("utf-8");
    decoder.write(Buffer.from("Müller\n"));
    const mixed = () => decoder.write(Buffer.from([0x4d, 0xfc, 0x6c, 0x0a]));
    expect(mixed).toThrow(ImportFileError);
    expect(mixed).toThrow(/mixes two text encodings/);
  });
});
