/**
 * The reference figure an import is measured against (docs/measurements.md, "Throughput"): csv-parse
 * streaming straight into better-sqlite3, one prepared upsert, 5,000 rows per transaction.
 * Nothing of the app is used, so this is what the machine can do, not what the app does.
 *
 *   tsx bench/generate-csv.ts customers 100000 bench/.out/customers.csv
 *   tsx bench/import-baseline.ts baseline bench/.out/customers.csv bench/.out/baseline.db
 *   tsx bench/import-baseline.ts validate bench/.out/customers.csv
 *   tsx bench/import-baseline.ts floor bench/.out/customers.csv bench/.out/contacts.csv bench/.out/app.db
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
import { uuidV7 } from "../src/repositories/import-store.js";

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
    let insertBatch: ((batch: string[][]) => void) | undefined;
    return await inBatches(
      csvPath,
      (batch) => insertBatch?.(batch),
      (header) => (insertBatch = prepare(db, header)),
    );
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

/**
 * The floor under the app's import: the baseline's own method (csv-parse straight into
 * better-sqlite3, 5,000 rows per transaction) writing the app's tables instead of one table with
 * one index: customers with their domains (SLA and alert profile by name), then contacts that
 * make themselves their customer's primary contact, each table filled by one
 * `INSERT ... SELECT ... FROM jsonb_each(?)` per batch, as the app's planned batches are. No
 * validation, no duplicate check, no preview, no Slack: what any import of these files into this
 * schema costs at least, on this machine. `dbPath` is a migrated app database with the SLA and
 * alert profile names the files use; it is written in place.
 */
export async function runSchemaFloor(customersCsv: string, contactsCsv: string, dbPath: string): Promise<{ customers: BenchResult; contacts: BenchResult }> {
  const db = new Database(dbPath);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = OFF"); // as on the app's import connection
    db.pragma("wal_autocheckpoint = 32000"); // as on the app's import connection
    const stamp = new Date().toISOString();
    const byName = (table: string) => new Map(db.prepare(`SELECT nameKey, id FROM ${table}`).raw(true).all() as [string, string][]);
    const defaultOf = (table: string) => db.prepare(`SELECT id FROM ${table} ORDER BY isDefault DESC LIMIT 1`).pluck().get() as string;
    const slas = byName("Sla");
    const profiles = byName("AlertThresholdProfile");
    const [defaultSla, defaultProfile] = [defaultOf("Sla"), defaultOf("AlertThresholdProfile")];
    const values = (n: number) => Array.from({ length: n }, (_, i) => `value->>${i}`).join(", ");
    const insertCustomers = db.prepare(
      `INSERT INTO Customer (id, name, nameKey, rank, businessId, phone, fax, address, city, country, state, zip, notes, slaId, alertProfileId, createdBy, createdAt, updatedAt)
       SELECT ${values(15)}, 'bench', @stamp, @stamp FROM jsonb_each(CAST(@rows AS TEXT))`,
    );
    const insertDomains = db.prepare(`INSERT INTO CustomerDomain (id, customerId, domain) SELECT ${values(3)} FROM jsonb_each(CAST(? AS TEXT))`);
    const insertContacts = db.prepare(
      `INSERT INTO Contact (id, customerId, firstName, lastName, email, emailKey, phone, mobile, jobTitle, department, createdBy, createdAt, updatedAt)
       SELECT ${values(10)}, 'bench', @stamp, @stamp FROM jsonb_each(CAST(@rows AS TEXT))`,
    );
    const setPrimaries = db.prepare(
      `UPDATE Customer SET primaryContactId = p.value->>1, updatedAt = @stamp FROM jsonb_each(CAST(@primaries AS TEXT)) p WHERE Customer.id = p.value->>0`,
    );
    const key = (cell: string | undefined) => (cell ?? "").trim().toLowerCase();
    const cell = (cells: string[], i: number) => cells[i] || null;

    const customers = await inBatches(customersCsv, (batch) => {
      const rows: unknown[] = [];
      const domains: unknown[] = [];
      for (const c of batch) {
        const id = uuidV7();
        const sla = c[12] ? slas.get(key(c[12])) : defaultSla;
        const profile = c[13] ? profiles.get(key(c[13])) : defaultProfile;
        rows.push([id, c[0], key(c[0]), cell(c, 1), cell(c, 3), cell(c, 4), cell(c, 5), cell(c, 6), cell(c, 7), cell(c, 8), cell(c, 9), cell(c, 10), cell(c, 11), sla, profile]);
        for (const domain of (c[2] ?? "").split(/[,; ]+/).filter(Boolean)) domains.push([uuidV7(), id, domain.toLowerCase()]);
      }
      db.transaction(() => {
        insertCustomers.run({ rows: JSON.stringify(rows), stamp });
        insertDomains.run(JSON.stringify(domains));
      })();
    });
    // The contacts' customers by name, read once as the app reads them per batch.
    const customerIds = byName("Customer");
    const contacts = await inBatches(contactsCsv, (batch) => {
      const rows: unknown[] = [];
      const primaries: unknown[] = [];
      for (const c of batch) {
        const id = uuidV7();
        const customerId = customerIds.get(key(c[0]));
        rows.push([id, customerId, c[1], c[2], c[3], key(c[3]), cell(c, 4), cell(c, 5), cell(c, 6), cell(c, 7)]);
        if (/^(yes|y|true|1)$/i.test(c[8] ?? "")) primaries.push([customerId, id]);
      }
      db.transaction(() => {
        insertContacts.run({ rows: JSON.stringify(rows), stamp });
        setPrimaries.run({ primaries: JSON.stringify(primaries), stamp });
      })();
    });
    // It did the work: every row is in, every contact found its customer.
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    if (count(`SELECT count(*) FROM Customer`) < customers.rows || count(`SELECT count(*) FROM Contact WHERE customerId IS NOT NULL`) < contacts.rows) {
      throw new Error("The schema floor did not write every row");
    }
    return { customers, contacts };
  } finally {
    db.close();
  }
}

/** Streams a CSV through csv-parse and hands its rows to `write`, 5,000 at a time, the header to `onHeader`. */
async function inBatches(csvPath: string, write: (batch: string[][]) => void, onHeader?: (header: string[]) => void): Promise<BenchResult> {
  const startedAt = performance.now();
  let rows = 0;
  let header = true;
  let batch: string[][] = [];
  for await (const cells of createReadStream(csvPath).pipe(parse({ bom: true, relax_column_count: true })) as AsyncIterable<string[]>) {
    if (header) {
      header = false;
      onHeader?.(cells);
      continue;
    }
    batch.push(cells);
    rows++;
    if (batch.length === BATCH_ROWS) {
      write(batch);
      batch = [];
    }
  }
  if (batch.length > 0) write(batch);
  return result(rows, startedAt);
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

async function main([mode, csvPath, dbPath = "bench/.out/baseline.db", floorDb]: string[]): Promise<void> {
  if (mode === "floor" && csvPath && floorDb) console.log(JSON.stringify({ part: "schema floor", ...(await runSchemaFloor(csvPath, dbPath, floorDb)) }));
  else if (mode === "baseline" && csvPath) console.log(JSON.stringify({ part: "baseline", ...(await runBaseline(csvPath, dbPath)) }));
  else if (mode === "validate" && csvPath) console.log(JSON.stringify({ part: "readCsvRows + validate", ...(await runParseAndValidate(csvPath)) }));
  else {
    console.error("usage: tsx bench/import-baseline.ts baseline|validate <customers.csv> [db path]\n       tsx bench/import-baseline.ts floor <customers.csv> <contacts.csv> <migrated app db>");
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
