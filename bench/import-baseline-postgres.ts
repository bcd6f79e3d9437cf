/**
 * The PostgreSQL reference figures an import is measured against, with nothing of the app: the same
 * CSV file into one table of its 11 text columns with one unique key (the row's lower-case name,
 * or name + email for contacts), on a database of its own, one connection (`pg`).
 *   unnest: csv-parse, then per 5,000 rows one transaction with one
 *           INSERT ... SELECT FROM unnest($1::text[], ...) ON CONFLICT (rowKey) DO UPDATE
 *   copy:   COPY ... FROM STDIN (FORMAT csv) of the whole file (pg-copy-streams), into a table without
 *           the key: what PostgreSQL can load at most
 *   floor:  the unnest method writing the app's own tables (runSchemaFloor): what any import into this
 *           schema costs on PostgreSQL before validating or previewing a row
 *
 *   tsx bench/import-baseline-postgres.ts unnest|copy <file.csv> <postgresql:// URL of an empty database>
 *   tsx bench/import-baseline-postgres.ts floor <customers.csv> <contacts.csv> <URL of a migrated app database>
 * One mode per process: peak RSS is the process's (ru_maxrss).
 */
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { BenchResult } from "./import-baseline.js";
import { uuidV7 } from "../src/repositories/import-store.js";

const BATCH_ROWS = 5_000;

function result(rows: number, startedAt: number): BenchResult {
  const seconds = (performance.now() - startedAt) / 1000;
  return { rows, seconds: Number(seconds.toFixed(3)), rowsPerSecond: Math.round(rows / seconds), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

export async function runUnnestBaseline(csvPath: string, url: string): Promise<BenchResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const startedAt = performance.now();
    let rows = 0;
    let sql = "";
    let key: (cells: string[]) => string = () => "";
    let width = 0;
    let batch: string[][] = [];
    const write = async () => {
      const values: (string | null)[][] = [batch.map(key), ...Array.from({ length: width }, (_, i) => batch.map((cells) => cells[i] || null))];
      await client.query("BEGIN");
      await client.query(sql, values);
      await client.query("COMMIT");
      batch = [];
    };
    let header = true;
    for await (const cells of createReadStream(csvPath).pipe(parse({ bom: true, relax_column_count: true })) as AsyncIterable<string[]>) {
      if (header) {
        header = false;
        width = cells.length;
        const contacts = cells.some((h) => /^e-?mail$/i.test(h.trim()));
        key = contacts ? (c) => `${(c[0] ?? "").trim().toLowerCase()}\n${(c[3] ?? "").trim().toLowerCase()}` : (c) => (c[0] ?? "").trim().toLowerCase();
        const columns = cells.map((_, i) => `c${i}`);
        await client.query(`DROP TABLE IF EXISTS rows; CREATE TABLE rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "rowKey" text NOT NULL UNIQUE, ${columns.map((c) => `${c} text`).join(", ")})`);
        sql = `INSERT INTO rows ("rowKey", ${columns.join(", ")}) SELECT * FROM unnest(${["$1::text[]", ...columns.map((_, i) => `$${i + 2}::text[]`)].join(", ")})
          ON CONFLICT ("rowKey") DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(", ")}`;
        continue;
      }
      batch.push(cells);
      rows++;
      if (batch.length === BATCH_ROWS) await write();
    }
    if (batch.length) await write();
    return result(rows, startedAt);
  } finally {
    await client.end();
  }
}

export async function runCopyBaseline(csvPath: string, url: string): Promise<BenchResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const startedAt = performance.now();
    const header = await new Promise<string[]>((resolve, reject) => {
      const p = createReadStream(csvPath).pipe(parse({ bom: true, to_line: 1 }));
      p.once("data", (cells: string[]) => resolve(cells));
      p.once("error", reject);
    });
    const columns = header.map((_, i) => `c${i}`);
    await client.query(`DROP TABLE IF EXISTS copied; CREATE TABLE copied (${columns.map((c) => `${c} text`).join(", ")})`);
    await pipeline(createReadStream(csvPath), client.query(copyFrom(`COPY copied FROM STDIN (FORMAT csv, HEADER true)`)));
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM copied`);
    return result(rows[0]?.n ?? 0, startedAt);
  } finally {
    await client.end();
  }
}

/**
 * The floor under the app's import on PostgreSQL: the unnest baseline's own method (csv-parse, one
 * transaction per 5,000 rows, each table's rows in one INSERT ... SELECT FROM unnest) writing the
 * app's tables as the app's import writes them: customers with their domains, then contacts, each
 * customer's primary contact set by one UPDATE ... FROM unnest per batch. No validation, no
 * preview, no lookups beyond the contacts' customers: the cost of the schema itself, its indexes
 * (the search's pg_trgm and expression indexes among them) and its foreign keys, which the one-key
 * table of the unnest baseline does not have.
 */
export async function runSchemaFloor(customersCsv: string, contactsCsv: string, url: string): Promise<{ customers: BenchResult; contacts: BenchResult }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const stamp = new Date().toISOString();
    const byName = async (table: string) => new Map((await client.query({ text: `SELECT "nameKey", "id" FROM "${table}"`, rowMode: "array" })).rows as [string, string][]);
    const defaultOf = async (table: string) => (await client.query(`SELECT "id" FROM "${table}" ORDER BY "isDefault" DESC LIMIT 1`)).rows[0]?.id as string;
    const slas = await byName("Sla");
    const profiles = await byName("AlertThresholdProfile");
    const [defaultSla, defaultProfile] = [await defaultOf("Sla"), await defaultOf("AlertThresholdProfile")];
    const unnest = (n: number) => `unnest(${Array.from({ length: n }, (_, i) => `$${i + 1}::text[]`).join(", ")})`;
    const insertCustomers = `INSERT INTO "Customer" ("id", "name", "nameKey", "rank", "businessId", "phone", "fax", "address", "city", "country", "state", "zip", "notes", "slaId", "alertProfileId", "ticketsOnlyFromPrimary", "createdBy", "createdAt", "updatedAt")
      SELECT u.*, false, 'bench', $16::timestamp, $16::timestamp FROM ${unnest(15)} AS u`;
    const insertDomains = `INSERT INTO "CustomerDomain" ("id", "customerId", "domain") SELECT * FROM ${unnest(3)}`;
    const insertContacts = `INSERT INTO "Contact" ("id", "customerId", "firstName", "lastName", "email", "emailKey", "phone", "mobile", "jobTitle", "department", "noEmailTickets", "createdBy", "createdAt", "updatedAt")
      SELECT u.*, false, 'bench', $11::timestamp, $11::timestamp FROM ${unnest(10)} AS u`;
    const setPrimaries = `UPDATE "Customer" c SET "primaryContactId" = u.k, "updatedAt" = $3::timestamp FROM unnest($1::text[], $2::text[]) AS u(id, k) WHERE c."id" = u.id`;
    const key = (cell: string | undefined) => (cell ?? "").trim().toLowerCase();
    const cell = (cells: string[], i: number) => cells[i] || null;
    const columnsOf = (rows: (string | null | undefined)[][], width: number) => Array.from({ length: width }, (_, i) => rows.map((r) => r[i] ?? null));
    const inTransaction = async (work: () => Promise<void>) => {
      await client.query("BEGIN");
      await work();
      await client.query("COMMIT");
    };

    const customers = await inBatches(customersCsv, async (batch) => {
      const rows: (string | null | undefined)[][] = [];
      const domains: string[][] = [];
      for (const c of batch) {
        const id = uuidV7();
        const sla = c[12] ? slas.get(key(c[12])) : defaultSla;
        const profile = c[13] ? profiles.get(key(c[13])) : defaultProfile;
        rows.push([id, c[0], key(c[0]), cell(c, 1), cell(c, 3), cell(c, 4), cell(c, 5), cell(c, 6), cell(c, 7), cell(c, 8), cell(c, 9), cell(c, 10), cell(c, 11), sla, profile]);
        for (const domain of (c[2] ?? "").split(/[,; ]+/).filter(Boolean)) domains.push([uuidV7(), id, domain.toLowerCase()]);
      }
      await inTransaction(async () => {
        await client.query(insertCustomers, [...columnsOf(rows, 15), stamp]);
        await client.query(insertDomains, columnsOf(domains, 3));
      });
    });
    const contacts = await inBatches(contactsCsv, async (batch) => {
      await inTransaction(async () => {
        // The batch's customers by name, one query, as the app reads them per batch.
        const ids = new Map(
          (await client.query({ text: `SELECT "nameKey", "id" FROM "Customer" WHERE "nameKey" = ANY($1::text[])`, values: [[...new Set(batch.map((c) => key(c[0])))]], rowMode: "array" })).rows as [string, string][],
        );
        const rows: (string | null | undefined)[][] = [];
        const primaries: string[][] = [];
        for (const c of batch) {
          const id = uuidV7();
          const customerId = ids.get(key(c[0]));
          rows.push([id, customerId, c[1], c[2], c[3], key(c[3]), cell(c, 4), cell(c, 5), cell(c, 6), cell(c, 7)]);
          if (customerId && /^(yes|y|true|1)$/i.test(c[8] ?? "")) primaries.push([customerId, id]);
        }
        await client.query(insertContacts, [...columnsOf(rows, 10), stamp]);
        if (primaries.length) await client.query(setPrimaries, [...columnsOf(primaries, 2), stamp]);
      });
    });
    // It did the work: every row is in, every contact found its customer.
    const count = async (sql: string) => Number((await client.query({ text: sql, rowMode: "array" })).rows[0]?.[0] ?? 0);
    if ((await count(`SELECT count(*) FROM "Customer"`)) < customers.rows || (await count(`SELECT count(*) FROM "Contact" WHERE "customerId" IS NOT NULL`)) < contacts.rows) {
      throw new Error("The schema floor did not write every row");
    }
    return { customers, contacts };
  } finally {
    await client.end();
  }
}

/** Streams a CSV through csv-parse and hands its rows to `write`, 5,000 at a time (awaited: one batch at a time). */
async function inBatches(csvPath: string, write: (batch: string[][]) => Promise<void>): Promise<BenchResult> {
  const startedAt = performance.now();
  let rows = 0;
  let header = true;
  let batch: string[][] = [];
  for await (const cells of createReadStream(csvPath).pipe(parse({ bom: true, relax_column_count: true })) as AsyncIterable<string[]>) {
    if (header) {
      header = false;
      continue;
    }
    batch.push(cells);
    rows++;
    if (batch.length === BATCH_ROWS) {
      await write(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await write(batch);
  return result(rows, startedAt);
}

async function main([mode, csvPath, url, floorUrl]: string[]): Promise<void> {
  if (mode === "unnest" && csvPath && url) console.log(JSON.stringify({ part: "postgres unnest baseline", ...(await runUnnestBaseline(csvPath, url)) }));
  else if (mode === "copy" && csvPath && url) console.log(JSON.stringify({ part: "postgres copy baseline", ...(await runCopyBaseline(csvPath, url)) }));
  else if (mode === "floor" && csvPath && url && floorUrl) console.log(JSON.stringify({ part: "postgres schema floor", ...(await runSchemaFloor(csvPath, url, floorUrl)) }));
  else {
    console.error("usage: tsx bench/import-baseline-postgres.ts unnest|copy <file.csv> <postgresql:// URL>\n       tsx bench/import-baseline-postgres.ts floor <customers.csv> <contacts.csv> <URL of a migrated app database>");
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
