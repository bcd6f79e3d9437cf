import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SpoolDamaged, createSpoolWriter, openSpool, type SpoolBatch } from "../../../src/import/spool.js";
import type { WritePlan } from "../../../src/repositories/import-store.js";
import { readSpoolLines, writeSpoolLines } from "../../support/spool-files.js";
import zlib from "node:zlib";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spool-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<{ headers: string[]; batches: SpoolBatch[] } | undefined> {
  const spool = await openSpool(file);
  if (!spool) return undefined;
  const batches: SpoolBatch[] = [];
  for await (const b of spool.batches) batches.push(b);
  return { headers: spool.headers, batches };
}

describe("import spool", () => {
  it("gives back every batch: its rows with their cells exactly, the preview's verdicts and the write plan", async () => {
    const file = path.join(dir, "a.ndjson.gz");
    const spool = createSpoolWriter(file);
    spool.header(["Customer Name", "Notes"]);
    const odd = ['line\nbreak, "quoted"', "tab\tand \r return", "é😀\u2028", "", "\\"];
    const plan: WritePlan = {
      meta: { kind: "customers", count: 2, slas: [["", "s1"]], profiles: [["servers", "p1"]], domains: 1 },
      lines: { kind: "customers", rows: JSON.stringify([["id1", "Acme\nLtd é"], ["id2", "Beta"]]), domains: JSON.stringify([["d1", "id1", "acme.com"]]) },
    };
    for (let b = 0; b < 40; b++) {
      const accepted = Array.from({ length: 500 }, (_, i) => ({ type: "row" as const, rowNumber: b * 1000 + i + 2, cells: [`Customer ${i}`, odd[i % odd.length] as string] }));
      const rejected = b % 3 === 0 ? [{ rowNumber: b * 1000 + 900, cells: ["", odd[0] as string], verdict: { column: "Customer Name", reason: `bad ${b}` } }] : [];
      await spool.batch({ accepted, rejected, ...(b % 2 === 0 ? { plan } : {}) });
    }
    await spool.close();

    const read = await readAll(file);
    expect(read?.headers).toEqual(["Customer Name", "Notes"]);
    expect(read?.batches).toHaveLength(40);
    const [first, second] = read?.batches ?? [];
    expect(first?.accepted).toBe(500);
    expect(first?.acceptedRows()[3]).toEqual({ type: "row", rowNumber: 5, cells: ["Customer 3", odd[3]] });
    expect(first?.acceptedRows()[0]?.cells[1]).toBe(odd[0]);
    expect(first?.rejected).toEqual([{ rowNumber: 900, cells: ["", odd[0]], verdict: { column: "Customer Name", reason: "bad 0" } }]);
    expect(first?.plan?.meta).toEqual(plan.meta);
    // The plan's lines come back as the bytes of the same JSON text, for SQLite to read as they are.
    expect(first?.plan?.lines.kind).toBe("customers");
    const lines = first?.plan?.lines as { rows: Buffer; domains: Buffer };
    expect(lines.rows.toString("utf8")).toBe(plan.lines.rows);
    expect(lines.domains.toString("utf8")).toBe((plan.lines as { domains: string }).domains);
    expect(second?.plan).toBeUndefined();
    expect(second?.rejected).toEqual([]);
    expect(read?.batches.at(-1)?.acceptedRows().at(-1)?.rowNumber).toBe(39 * 1000 + 501);
  });

  it("is not read when another version of the app wrote it: the import reads the file again", async () => {
    const file = path.join(dir, "old.ndjson.gz");
    // Version 4 and before: uncompressed.
    fs.writeFileSync(file, `${JSON.stringify({ headers: ["Customer Name"], version: 4 })}\n${JSON.stringify([2, ["Acme"]])}\n`);
    expect(await readAll(file)).toBeUndefined();
    // Version 2 had plans of another shape.
    writeSpoolLines(file, [JSON.stringify({ headers: ["Customer Name"], version: 2 }), ""]);
    expect(await readAll(file)).toBeUndefined();
  });

  it("exists at its name only once complete: a spool being written, or cut off while written, is not read", async () => {
    const file = path.join(dir, "cut.ndjson.gz");
    const spool = createSpoolWriter(file);
    spool.header(["Customer Name"]);
    await spool.batch({ accepted: [{ type: "row", rowNumber: 2, cells: ["Acme"] }], rejected: [] });
    await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.part`)).toBe(true);
    expect(await readAll(file)).toBeUndefined();
    expect(await spool.close()).toBe(true);
    expect(fs.existsSync(`${file}.part`)).toBe(false);
    expect((await readAll(file))?.batches).toHaveLength(1);
  });

  it("is compressed: a file's rows take a fraction of their JSON text on disk", async () => {
    const file = path.join(dir, "small.ndjson.gz");
    const spool = createSpoolWriter(file);
    spool.header(["Customer Name", "Domains", "City"]);
    let text = 0;
    for (let b = 0; b < 10; b++) {
      const accepted = Array.from({ length: 5000 }, (_, i) => ({ type: "row" as const, rowNumber: b * 5000 + i + 2, cells: [`Customer ${b}-${i}`, `c${b}x${i}.example.com`, "Springfield"] }));
      text += JSON.stringify(accepted.map((e) => [e.rowNumber, e.cells])).length;
      await spool.batch({ accepted, rejected: [] });
    }
    await spool.close();
    expect(fs.statSync(file).size).toBeLessThan(text / 4);
    expect((await readAll(file))?.batches).toHaveLength(10);
  });

  it("is dropped when it would grow past its budget, so the import reads the file again", async () => {
    const file = path.join(dir, "budget.ndjson.gz");
    const spool = createSpoolWriter(file, { maxBytes: 64 * 1024 });
    spool.header(["Customer Name"]);
    for (let b = 0; b < 40; b++) {
      const accepted = Array.from({ length: 2000 }, (_, i) => ({ type: "row" as const, rowNumber: i, cells: [`${Math.random()}${Math.random()}`] }));
      await spool.batch({ accepted, rejected: [] });
      await new Promise((r) => setTimeout(r, 5)); // let compression and the disk catch up, as the preview's reading does
    }
    expect(await spool.close()).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(file) || fs.existsSync(`${file}.part`)).toBe(false);
    expect(await readAll(file)).toBeUndefined();
  });

  it("throws SpoolDamaged where its compressed data is cut short or garbled, after the batches before", async () => {
    const file = path.join(dir, "truncated.ndjson.gz");
    const spool = createSpoolWriter(file);
    spool.header(["Customer Name"]);
    for (let b = 0; b < 20; b++) {
      await spool.batch({ accepted: Array.from({ length: 2000 }, (_, i) => ({ type: "row" as const, rowNumber: b * 2000 + i, cells: [`${Math.random()}`] })), rejected: [] });
    }
    await spool.close();
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readAll(file)).rejects.toThrow(SpoolDamaged);
    const garbled = Buffer.from(bytes);
    garbled.fill(0x55, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64);
    fs.writeFileSync(file, garbled);
    await expect(readAll(file)).rejects.toThrow(SpoolDamaged);
    expect(zlib.gunzipSync(bytes).length).toBeGreaterThan(bytes.length);
  });

  describe("damaged inside", () => {
    async function twoBatches(file: string) {
      const spool = createSpoolWriter(file);
      spool.header(["Customer Name"]);
      await spool.batch({ accepted: [{ type: "row", rowNumber: 2, cells: ["Acme"] }], rejected: [] });
      await spool.batch({ accepted: [{ type: "row", rowNumber: 3, cells: ["Beta"] }], rejected: [] });
      await spool.close();
      return readSpoolLines(file);
    }

    it("stops at a batch line that is not one, with SpoolDamaged, after giving the batches before it", async () => {
      const file = path.join(dir, "garbled-meta.ndjson.gz");
      const lines = await twoBatches(file);
      lines[3] = `${lines[3]?.slice(0, 10)}\u0000\u0000`;
      writeSpoolLines(file, lines);
      const spool = await openSpool(file);
      const seen: number[] = [];
      await expect(
        (async () => {
          for await (const b of spool?.batches ?? []) seen.push(b.accepted);
        })(),
      ).rejects.toThrow(SpoolDamaged);
      expect(seen).toEqual([1]);
    });

    it("throws SpoolDamaged when a batch's rows cannot be read", async () => {
      const file = path.join(dir, "garbled-rows.ndjson.gz");
      const lines = await twoBatches(file);
      lines[4] = '[[3, ["Be';
      writeSpoolLines(file, lines);
      const read = await readAll(file);
      expect(read?.batches[0]?.acceptedRows()).toEqual([{ type: "row", rowNumber: 2, cells: ["Acme"] }]);
      expect(() => read?.batches[1]?.acceptedRows()).toThrow(SpoolDamaged);
    });

    it.each([
      ["a rejected row of another shape", (l: string[]) => (l[3] = '{"rejected":[[7]],"accepted":1,"plan":null}')],
      ["a plan of an unknown kind", (l: string[]) => (l[3] = '{"rejected":[],"accepted":1,"plan":{"kind":"tickets","count":1}}')],
      ["an object where the batch's first line should be", (l: string[]) => (l[3] = "{}")],
    ])("throws SpoolDamaged for %s", async (_what, damage) => {
      const file = path.join(dir, "shape.ndjson.gz");
      const lines = await twoBatches(file);
      damage(lines);
      writeSpoolLines(file, lines);
      await expect(readAll(file)).rejects.toThrow(SpoolDamaged);
    });

    it("throws SpoolDamaged when a batch's rows are not rows", async () => {
      const file = path.join(dir, "not-rows.ndjson.gz");
      const lines = await twoBatches(file);
      lines[4] = "[3]";
      writeSpoolLines(file, lines);
      const read = await readAll(file);
      expect(() => read?.batches[1]?.acceptedRows()).toThrow(SpoolDamaged);
    });

    it("throws SpoolDamaged when a whole batch is missing (the end line counts them)", async () => {
      const file = path.join(dir, "missing-batch.ndjson.gz");
      const lines = await twoBatches(file);
      lines.splice(3, 2);
      writeSpoolLines(file, lines);
      await expect(readAll(file)).rejects.toThrow(/end line says 2 batches, after 1/);
    });
  });
});
