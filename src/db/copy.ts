/**
 * Copies a whole SQLite customer book into an empty PostgreSQL database (`npm run db:copy`,
 * scripts/db-copy.ts): every table of the schema, every row with its ids and history, in batches.
 *
 * - The SQLite file is only read, in one read transaction: one consistent snapshot even if an app
 *   still writes to it (stop the app first, or its later writes are not copied).
 * - The PostgreSQL database gets the migrations first (the same `migrate deploy` as the app's
 *   start), then the rows, all in ONE transaction together with the count check at the end: a copy
 *   that stops half-way (an error, Ctrl-C, a lost connection) leaves the database empty, so it can
 *   simply be run again; a database that already has rows is refused, so it never duplicates.
 * - Tables go parents first (from the foreign keys in PostgreSQL's catalog); a foreign key that
 *   closes a cycle (Customer.primaryContactId -> Contact -> Customer) is written NULL first and set
 *   once both sides are there.
 * - Values are converted by the column's PostgreSQL type: SQLite's 0/1 to booleans, its date text
 *   (`2026-11-26T12:00:00.000+00:00`, or `2026-11-26 12:00:00` from CURRENT_TIMESTAMP defaults) and
 *   epoch milliseconds to UTC timestamps, as Prisma reads them.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb } from "./client.js";
import { listMigrations, migrate } from "./migrations.js";
import { sqliteFilePath } from "./sqlite-url.js";
import { databaseKind, postgresPoolConfig } from "./url.js";

/** Why a copy was not made; the message says what to do. */
export class CopyRefused extends Error {
  override readonly name = "CopyRefused";
}

export type CopyProgress = { table: string; copied: number; total: number };
export type CopyResult = { tables: { table: string; rows: number }[]; seconds: number };

const BATCH_ROWS = 5_000;

type Column = { name: string; type: string; nullable: boolean };
type Table = { name: string; columns: Column[]; primaryKey: string[] };
type ForeignKey = { table: string; column: string; references: string };

export async function copyDatabase(o: { from: string; to: string; projectRoot: string; onProgress?: (p: CopyProgress) => void }): Promise<CopyResult> {
  const started = performance.now();
  if (databaseKind(o.from) !== "sqlite") throw new CopyRefused(`--from must be a SQLite URL such as file:./data/app.db (got ${o.from.split(":")[0]}:…)`);
  if (databaseKind(o.to) !== "postgresql") throw new CopyRefused("--to must be a PostgreSQL URL such as postgresql://user:password@localhost:5432/customerbook");
  const file = sqliteFilePath(o.from);
  if (!fs.existsSync(file)) throw new CopyRefused(`There is no SQLite database at ${file}.`);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    checkSourceMigrations(sqlite, path.join(o.projectRoot, "prisma", "migrations"), file);
    const target = createDb(o.to);
    try {
      await migrate(target, { projectRoot: o.projectRoot, databaseUrl: o.to });
    } finally {
      await target.$disconnect();
    }
    const client = new pg.Client(postgresPoolConfig(o.to));
    await client.connect();
    try {
      return await copyRows(sqlite, client, o.onProgress, started);
    } finally {
      await client.end();
    }
  } finally {
    sqlite.close();
  }
}

/** The SQLite database must have every SQLite migration of this version applied, and no other: then both schemas are the same. */
function checkSourceMigrations(sqlite: Database.Database, dir: string, file: string): void {
  let applied: string[];
  try {
    applied = (sqlite.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[]).map((r) => r.migration_name);
  } catch {
    throw new CopyRefused(`${file} is not a Customer Book database (it has no _prisma_migrations table).`);
  }
  const known = listMigrations(dir);
  const missing = known.filter((m) => !applied.includes(m));
  const unknown = applied.filter((m) => !known.includes(m));
  if (unknown.length) throw new CopyRefused(`${file} has migrations this version of the app does not know (${unknown.join(", ")}): run db:copy from the version that wrote it, or newer.`);
  if (missing.length) throw new CopyRefused(`${file} lacks migrations (${missing.join(", ")}): start the app on it once (or run DATABASE_URL=file:${file} npm run db:migrate), then copy.`);
}

async function copyRows(sqlite: Database.Database, client: pg.Client, onProgress: ((p: CopyProgress) => void) | undefined, started: number): Promise<CopyResult> {
  const tables = await schemaOf(client);
  const fks = await foreignKeys(client);
  const { order, deferred } = copyOrder(tables, fks);
  const sourceTables = new Set((sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
  for (const t of tables) {
    if (!sourceTables.has(t.name)) throw new CopyRefused(`The SQLite database has no table ${t.name}: are both at the same migration?`);
    const sourceColumns = new Set((sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(t.name) as { name: string }[]).map((r) => r.name));
    const missing = t.columns.filter((c) => !sourceColumns.has(c.name));
    if (missing.length) throw new CopyRefused(`The SQLite table ${t.name} has no column ${missing.map((c) => c.name).join(", ")}: are both at the same migration?`);
  }

  await client.query("BEGIN");
  try {
    // Nothing else may write while the copy runs; the empty check below stays true until COMMIT.
    await client.query(`LOCK TABLE ${tables.map((t) => `"${t.name}"`).join(", ")} IN EXCLUSIVE MODE`);
    for (const t of tables) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM "${t.name}" LIMIT 1) x`);
      if ((rows[0]?.n ?? 0) > 0) {
        throw new CopyRefused(
          `The PostgreSQL database is not empty (${t.name} has rows): db:copy copies into an empty database only, so it never duplicates. ` +
            `If an earlier copy finished, it is done; otherwise use a new, empty database.`,
        );
      }
    }
    sqlite.prepare("BEGIN").run(); // one read snapshot of the SQLite file for every table (taken at the first read)
    const copied: { table: string; rows: number }[] = [];
    try {
      for (const t of order) {
        const total = (sqlite.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n;
        const late = deferred.filter((d) => d.table === t.name).map((d) => d.column);
        let n = 0;
        onProgress?.({ table: t.name, copied: 0, total });
        const select = sqlite.prepare(`SELECT ${t.columns.map((c) => `"${c.name}"`).join(", ")} FROM "${t.name}" ORDER BY rowid`).raw(true);
        let batch: unknown[][] = [];
        for (const row of select.iterate() as IterableIterator<unknown[]>) {
          batch.push(row);
          if (batch.length === BATCH_ROWS) {
            await insertBatch(client, t, batch, late);
            n += batch.length;
            batch = [];
            onProgress?.({ table: t.name, copied: n, total });
          }
        }
        if (batch.length) {
          await insertBatch(client, t, batch, late);
          n += batch.length;
          onProgress?.({ table: t.name, copied: n, total });
        }
        copied.push({ table: t.name, rows: n });
      }
      // The foreign keys written NULL first, now that both sides are there.
      for (const d of deferred) {
        const t = tables.find((x) => x.name === d.table) as Table;
        const keys = t.primaryKey;
        const select = sqlite
          .prepare(`SELECT ${[...keys, d.column].map((c) => `"${c}"`).join(", ")} FROM "${t.name}" WHERE "${d.column}" IS NOT NULL ORDER BY rowid`)
          .raw(true);
        let batch: unknown[][] = [];
        const flush = async () => {
          const columns = [...keys, d.column].map((name) => t.columns.find((c) => c.name === name) as Column);
          await client.query(
            `UPDATE "${t.name}" t SET "${d.column}" = u."${d.column}" FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")}) AS u(${columns.map((c) => `"${c.name}"`).join(", ")})
             WHERE ${keys.map((k) => `t."${k}" = u."${k}"`).join(" AND ")}`,
            columns.map((c, i) => batch.map((r) => convert(r[i], c))),
          );
          batch = [];
        };
        for (const row of select.iterate() as IterableIterator<unknown[]>) {
          batch.push(row);
          if (batch.length === BATCH_ROWS) await flush();
        }
        if (batch.length) await flush();
      }
      // The count check: every table has as many rows as in the SQLite file.
      for (const c of copied) {
        const source = (sqlite.prepare(`SELECT count(*) AS n FROM "${c.table}"`).get() as { n: number }).n;
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${c.table}"`);
        const target = rows[0]?.n ?? -1;
        if (source !== target || target !== c.rows) throw new Error(`Count check failed for ${c.table}: ${source} rows in SQLite, ${target} in PostgreSQL. Nothing was copied.`);
      }
      await client.query("COMMIT");
      await client.query(`ANALYZE`);
      return { tables: copied.sort((a, b) => a.table.localeCompare(b.table)), seconds: (performance.now() - started) / 1000 };
    } finally {
      sqlite.prepare("COMMIT").run();
    }
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  }
}

async function insertBatch(client: pg.Client, t: Table, rows: unknown[][], late: string[]): Promise<void> {
  const values = t.columns.map((c, i) => rows.map((r) => (late.includes(c.name) ? null : convert(r[i], c))));
  await client.query(
    `INSERT INTO "${t.name}" (${t.columns.map((c) => `"${c.name}"`).join(", ")})
     SELECT * FROM unnest(${t.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")})`,
    values,
  );
}

/** A SQLite value as the text or value `pg` sends for a column of this PostgreSQL type. */
function convert(v: unknown, c: Column): unknown {
  if (v === null || v === undefined) return null;
  if (c.type === "boolean") return v === 1 || v === 1n || v === true || v === "1" || v === "true";
  if (c.type.startsWith("timestamp")) {
    const d = typeof v === "number" || typeof v === "bigint" ? new Date(Number(v)) : new Date(String(v).includes("T") || /[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(" ", "T")}Z`);
    if (Number.isNaN(d.getTime())) throw new Error(`${c.name}: ${String(v)} is not a date`);
    return d.toISOString();
  }
  if (typeof v === "bigint") return v.toString();
  if (Buffer.isBuffer(v)) return c.type === "bytea" ? v : v.toString("utf8");
  return v;
}

/** The app's tables in the PostgreSQL database, with their columns' types (as casts: text, integer, timestamp, boolean, …). */
async function schemaOf(client: pg.Client): Promise<Table[]> {
  const { rows } = await client.query<{ table: string; column: string; type: string; nullable: string }>(
    `SELECT c.table_name AS "table", c.column_name AS "column", format_type(a.atttypid, NULL) AS "type", c.is_nullable AS "nullable"
     FROM information_schema.columns c
     JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
     WHERE c.table_schema = current_schema() AND c.table_name <> '_prisma_migrations'
       AND c.table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const keys = await client.query<{ table: string; column: string }>(
    `SELECT tc.table_name AS "table", k.column_name AS "column" FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
     WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position`,
  );
  const tables = new Map<string, Table>();
  for (const r of rows) {
    const t = tables.get(r.table) ?? { name: r.table, columns: [], primaryKey: [] };
    t.columns.push({ name: r.column, type: r.type, nullable: r.nullable === "YES" });
    tables.set(r.table, t);
  }
  for (const k of keys.rows) tables.get(k.table)?.primaryKey.push(k.column);
  return [...tables.values()];
}

async function foreignKeys(client: pg.Client): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(
    `SELECT c.conrelid::regclass::text AS "table", a.attname AS "column", c.confrelid::regclass::text AS "references"
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
  );
  const unquote = (s: string) => s.replace(/^"|"$/g, "");
  return rows.map((r) => ({ table: unquote(r.table), column: r.column, references: unquote(r.references) }));
}

/**
 * Parents before children. A table that waits only on tables later in a cycle is taken with those
 * nullable foreign keys written NULL first (`deferred`) and set afterwards.
 */
export function copyOrder(tables: Table[], fks: ForeignKey[]): { order: Table[]; deferred: { table: string; column: string }[] } {
  const order: Table[] = [];
  const deferred: { table: string; column: string }[] = [];
  const done = new Set<string>();
  const left = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  const waitsOn = (t: Table) => fks.filter((f) => f.table === t.name && f.references !== t.name && !done.has(f.references) && !deferred.some((d) => d.table === t.name && d.column === f.column));
  while (left.length) {
    let i = left.findIndex((t) => waitsOn(t).length === 0);
    if (i < 0) {
      // A cycle: take the first table whose remaining foreign keys are all nullable, and defer them.
      i = left.findIndex((t) => waitsOn(t).every((f) => t.columns.find((c) => c.name === f.column)?.nullable));
      if (i < 0) throw new Error(`Cannot order the tables for copying: ${left.map((t) => t.name).join(", ")} wait on each other through required columns`);
      for (const f of waitsOn(left[i] as Table)) deferred.push({ table: f.table, column: f.column });
    }
    const [t] = left.splice(i, 1) as [Table];
    // A table's own foreign keys to itself (none today) would need the same treatment.
    if (fks.some((f) => f.table === t.name && f.references === t.name)) throw new Error(`${t.name} refers to itself: not supported by db:copy`);
    order.push(t);
    done.add(t.name);
  }
  return { order, deferred };
}
