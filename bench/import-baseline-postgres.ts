/**
 * The PostgreSQL reference figures an import is measured against, with nothing of the app: the same
 * CSV file into one table of its 11 text columns with one unique key (the row's lower-case name,
 * or name + email for contacts), on a database of its own, one connection (`pg`).
 *   unnest: csv-parse, then per 5,000 rows one transaction with one
 *           INSERT ... SELECT FROM unnest($1::text[], ...) ON CONFLICT (rowKey) DO UPDATE
 *   copy:   COPY ... FROM STDIN (FORMAT csv) of the whole file (pg-copy-streams), into a table without
 *           the key: what PostgreSQL can load at most
 *
 *   tsx bench/import-baseline-postgres.ts unnest|copy <file.csv> <postgresql:// URL of an empty database>
 * One mode per process: peak RSS is the process's (ru_maxrss).
 */
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { BenchResult } from "./import-baseline.js";

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

async function main([mode, csvPath, url]: string[]): Promise<void> {
  if (mode === "unnest" && csvPath && url) console.log(JSON.stringify({ part: "postgres unnest baseline", ...(await runUnnestBaseline(csvPath, url)) }));
  else if (mode === "copy" && csvPath && url) console.log(JSON.stringify({ part: "postgres copy baseline", ...(await runCopyBaseline(csvPath, url)) }));
  else {
    console.error("usage: tsx bench/import-baseline-postgres.ts unnest|copy <file.csv> <postgresql:// URL>");
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
