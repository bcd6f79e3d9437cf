import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCustomersCsv } from "../../../bench/generate-csv.js";
import { runParseAndValidate } from "../../../bench/import-baseline.js";

/** Not a timed assertion (CI machines vary): it logs the figure and checks that every row came through. */
describe("throughput", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-throughput-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads and validates 100k customer rows", async () => {
    const file = path.join(dir, "customers.csv");
    await generateCustomersCsv(file, 100_000);
    const result = await runParseAndValidate(file);
    console.log(
      `readCsvRows + validate: ${result.rows} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB in ${result.seconds} s = ` +
        `${result.rowsPerSecond} rows/s (peak RSS of the test process ${result.peakRssMb} MB)`,
    );
    expect(result).toMatchObject({ rows: 100_000, invalidRows: 0 });
  });
});
