/**
 * The reference figure an import is measured against (FACTS.md, "Throughput"): csv-parse
 * streaming straight into better-sqlite3, one prepared upsert, 5,000 rows per transaction.
 * Nothing of the app is used, so this is what the machine can do, not what the app does.
 *
 *   tsx bench/generate-csv.ts customers 100000 bench/.out/customers.csv
 *   tsx bench/import-baseline.ts baseline bench/.out/customers.csv bench/.out/baseline.db
 *   tsx bench/import-baseline.ts validate bench/.out/customers.csv
 *
 * Run each mode in its own process: peak RSS is process.resourceUsage().maxRSS, the peak of the
 * whole process so far (the kernel's ru_maxrss, in KB), not of the measured call alone.
 */
import { createReadStream, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { parse } from "csv-parse";
import { mapHeaders } from "../src/import/headers.js";
import { readCsvRows } from "../src/import/reader.js";
import { createDuplicateTracker, validateContactRow, validateCustomerRow } from "../src/import/rows.js";

export interface BenchResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** process.resourceUsage().maxRSS converted to MB: peak of the whole process. */
  peakRssMb: number;
}

const BATCH_ROWS = 5_000;
function result(rows: number, startedAt: number): BenchResult {
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    rows,
    seconds: Number(seconds.toFixed(3)),
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/**
 * Imports a customers or contacts file (template column order) into a fresh SQLite database at
 * dbPath: one upsert per row, keyed like the app (customer name; customer name + email).
 */
export async function runBaseline(csvPath: string, dbPath: string): Promise<BenchResult> {
  rmSync(dbPath, { force: true });
  for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(dbPath + suffix, { force: true });
  const db = new Database(dbPath);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const startedAt = performance.now();
    let rows = 0;
    let batch: string[][] = [];
    let insertBatch: ((batch: string[][]) => void) | undefined;
    const parser = createReadStream(csvPath).pipe(parse({ bom: true, relax_column_count: true }));
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!insertBatch) {
        insertBatch = prepare(db, cells);
        continue;
      }
      batch.push(cells);
      rows++;
      if (batch.length === BATCH_ROWS) {
        insertBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) insertBatch?.(batch);
    return result(rows, startedAt);
  } finally {
    db.close();
  }
}

/** Creates the table for this header and returns the batch upsert. */
function prepare(db: Database.Database, header: string[]): (batch: string[][]) => void {
  const contacts = header.some((h) => /^e-?mail$/i.test(h.trim()));
  const columns = header.map((_, i) => `c${i}`);
  db.exec(`CREATE TABLE rows (id INTEGER PRIMARY KEY, rowKey TEXT NOT NULL UNIQUE, ${columns.map((c) => `${c} TEXT`).join(", ")})`);
  const insert = db.prepare(
    `INSERT INTO rows (rowKey, ${columns.join(", ")}) VALUES (?, ${columns.map(() => "?").join(", ")})
     ON CONFLICT(rowKey) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(", ")}`,
  );
  const key = contacts
    ? (cells: string[]) => `${(cells[0] ?? "").trim().toLowerCase()}\n${(cells[3] ?? "").trim().toLowerCase()}`
    : (cells: string[]) => (cells[0] ?? "").trim().toLowerCase();
  return db.transaction((batch: string[][]) => {
    for (const cells of batch) insert.run(key(cells), ...columns.map((_, i) => cells[i] || null));
  });
}

/** The app's pure part on the same file: readCsvRows, header mapping, row validation, duplicates. */
export async function runParseAndValidate(csvPath: string): Promise<BenchResult & { invalidRows: number }> {
  const startedAt = performance.now();
  const duplicates = createDuplicateTracker();
  let mapping: ReturnType<typeof mapHeaders> | undefined;
  let rows = 0;
  let invalidRows = 0;
  for await (const event of readCsvRows(createReadStream(csvPath), { maxBytes: 1024 ** 3 })) {
    if (event.type === "header") {
      mapping = mapHeaders(event.headers);
      if ("error" in mapping) throw new Error(mapping.message);
      continue;
    }
    rows++;
    if (!mapping || "error" in mapping) continue;
    if (mapping.kind === "customers") {
      const checked = validateCustomerRow(event.cells, mapping, event.rowNumber);
      if (!checked.ok || duplicates.customer(checked.row, mapping)) invalidRows++;
    } else {
      const checked = validateContactRow(event.cells, mapping, event.rowNumber);
      if (!checked.ok || duplicates.contact(checked.row, mapping)) invalidRows++;
    }
  }
  return { ...result(rows, startedAt), invalidRows };
}

async function main([mode, csvPath, dbPath = "bench/.out/baseline.db"]: string[]): Promise<void> {
  if (mode === "baseline" && csvPath) console.log(JSON.stringify({ part: "baseline", ...(await runBaseline(csvPath, dbPath)) }));
  else if (mode === "validate" && csvPath) console.log(JSON.stringify({ part: "readCsvRows + validate", ...(await runParseAndValidate(csvPath)) }));
  else {
    console.error("usage: tsx bench/import-baseline.ts baseline|validate <customers.csv> [db path]");
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
