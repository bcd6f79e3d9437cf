import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SpoolDamaged, createSpoolWriter, openSpool, type SpoolBatch } from "../../../src/import/spool.js";
import type { WritePlan } from "../../../src/repositories/import-store.js";

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
    const file = path.join(dir, "a.ndjson");
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
    const file = path.join(dir, "old.ndjson");
    fs.writeFileSync(file, `${JSON.stringify({ headers: ["Customer Name"], verdicts: true })}\n${JSON.stringify([2, ["Acme"]])}\n`);
    expect(await readAll(file)).toBeUndefined();
    // Version 2 had plans of another shape.
    fs.writeFileSync(file, `${JSON.stringify({ headers: ["Customer Name"], version: 2 })}\n`);
    expect(await readAll(file)).toBeUndefined();
  });

  it("is not read when it was cut short (no end line), inside a batch or between two: the import reads the file again", async () => {
    const file = path.join(dir, "cut.ndjson");
    const spool = createSpoolWriter(file);
    spool.header(["Customer Name"]);
    await spool.batch({ accepted: [{ type: "row", rowNumber: 2, cells: ["Acme"] }], rejected: [] });
    await spool.batch({ accepted: [{ type: "row", rowNumber: 3, cells: ["Beta"] }], rejected: [] });
    await spool.close();
    const text = fs.readFileSync(file, "utf8");
    expect((await readAll(file))?.batches).toHaveLength(2);
    fs.writeFileSync(file, text.slice(0, text.lastIndexOf("[[")));
    expect(await readAll(file)).toBeUndefined();
    fs.writeFileSync(file, text.slice(0, text.lastIndexOf("{")));
    expect(await readAll(file)).toBeUndefined();
  });

  describe("damaged inside", () => {
    async function twoBatches(file: string) {
      const spool = createSpoolWriter(file);
      spool.header(["Customer Name"]);
      await spool.batch({ accepted: [{ type: "row", rowNumber: 2, cells: ["Acme"] }], rejected: [] });
      await spool.batch({ accepted: [{ type: "row", rowNumber: 3, cells: ["Beta"] }], rejected: [] });
      await spool.close();
      return fs.readFileSync(file, "utf8").split("\n");
    }

    it("stops at a batch line that is not one, with SpoolDamaged, after giving the batches before it", async () => {
      const file = path.join(dir, "garbled-meta.ndjson");
      const lines = await twoBatches(file);
      lines[3] = `${lines[3]?.slice(0, 10)}\u0000\u0000`;
      fs.writeFileSync(file, lines.join("\n"));
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
      const file = path.join(dir, "garbled-rows.ndjson");
      const lines = await twoBatches(file);
      lines[4] = '[[3, ["Be';
      fs.writeFileSync(file, lines.join("\n"));
      const read = await readAll(file);
      expect(read?.batches[0]?.acceptedRows()).toEqual([{ type: "row", rowNumber: 2, cells: ["Acme"] }]);
      expect(() => read?.batches[1]?.acceptedRows()).toThrow(SpoolDamaged);
    });

    it.each([
      ["a rejected row of another shape", (l: string[]) => (l[3] = '{"rejected":[[7]],"accepted":1,"plan":null}')],
      ["a plan of an unknown kind", (l: string[]) => (l[3] = '{"rejected":[],"accepted":1,"plan":{"kind":"tickets","count":1}}')],
      ["an object where the batch's first line should be", (l: string[]) => (l[3] = "{}")],
    ])("throws SpoolDamaged for %s", async (_what, damage) => {
      const file = path.join(dir, "shape.ndjson");
      const lines = await twoBatches(file);
      damage(lines);
      fs.writeFileSync(file, lines.join("\n"));
      await expect(readAll(file)).rejects.toThrow(SpoolDamaged);
    });

    it("throws SpoolDamaged when a batch's rows are not rows", async () => {
      const file = path.join(dir, "not-rows.ndjson");
      const lines = await twoBatches(file);
      lines[4] = "[3]";
      fs.writeFileSync(file, lines.join("\n"));
      const read = await readAll(file);
      expect(() => read?.batches[1]?.acceptedRows()).toThrow(SpoolDamaged);
    });

    it("throws SpoolDamaged when a whole batch is missing (the end line counts them)", async () => {
      const file = path.join(dir, "missing-batch.ndjson");
      const lines = await twoBatches(file);
      lines.splice(3, 2);
      fs.writeFileSync(file, lines.join("\n"));
      await expect(readAll(file)).rejects.toThrow(/end line says 2 batches, after 1/);
    });
  });
});
