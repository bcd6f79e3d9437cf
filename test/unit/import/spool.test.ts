import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSpoolWriter, readSpool, type SpoolEvent } from "../../../src/import/spool.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spool-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<SpoolEvent[]> {
  const out: SpoolEvent[] = [];
  for await (const e of readSpool(file)) out.push(e);
  return out;
}

describe("import spool", () => {
  it("gives back every row, its cells exactly and the preview's verdict, across many pieces", async () => {
    const file = path.join(dir, "a.ndjson");
    const spool = createSpoolWriter(file);
    await spool.write({ type: "header", headers: ["Customer Name", "Notes"], encoding: "utf-8", delimiter: ",", rowNumber: 1 });
    const odd = ['line\nbreak, "quoted"', "tab\tand \r return", "é😀\u2028", "", "\\"];
    for (let n = 2; n < 20_000; n++) {
      const cells = [`Customer ${n}`, odd[n % odd.length] as string];
      await spool.write({ type: "row", rowNumber: n, cells }, n % 1000 === 0 ? { column: "Customer Name", reason: `bad ${n}` } : undefined);
    }
    await spool.close();
    const events = await readAll(file);
    expect(events[0]).toMatchObject({ type: "header", headers: ["Customer Name", "Notes"], verdicts: true });
    expect(events).toHaveLength(20_000 - 1);
    expect(events[1]).toEqual({ type: "row", rowNumber: 2, cells: ["Customer 2", odd[2]] });
    expect(events.find((e) => e.type === "row" && e.rowNumber === 3000)).toEqual({
      type: "row",
      rowNumber: 3000,
      cells: ["Customer 3000", odd[0]],
      rejected: { column: "Customer Name", reason: "bad 3000" },
    });
    expect(events.filter((e) => e.type === "row" && e.rejected)).toHaveLength(19);
  });

  it("reads a spool written without verdicts as rows to check again", async () => {
    const file = path.join(dir, "old.ndjson");
    fs.writeFileSync(file, `${JSON.stringify({ headers: ["Customer Name"] })}\n${JSON.stringify([2, ["Acme"]])}\n`);
    expect(await readAll(file)).toEqual([
      { type: "header", headers: ["Customer Name"], encoding: "utf-8", delimiter: ",", rowNumber: 1, verdicts: false },
      { type: "row", rowNumber: 2, cells: ["Acme"] },
    ]);
  });
});
