/**
 * The two schemas cannot drift apart: prisma/postgresql/schema.prisma is what the generator makes of
 * prisma/schema.prisma, both migrations folders have the same migrations, and (on PostgreSQL) the
 * PostgreSQL migrations build exactly the schema prisma/postgresql/schema.prisma describes, apart
 * from the hand-written objects listed here.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PROJECT_ROOT } from "../../src/app.js";
import { listMigrations } from "../../src/db/migrations.js";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchema } from "../../scripts/postgres-schema.js";
import { createPostgresDatabase, createTestDb, onPostgres, type TestDb } from "../support/db.js";

describe("one source of truth for the models", () => {
  it("prisma/postgresql/schema.prisma is generated from prisma/schema.prisma and up to date (npm run db:schema)", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("every SQLite migration has its PostgreSQL counterpart of the same name, and no other (npm run db:port)", () => {
    const sqlite = listMigrations(path.join(PROJECT_ROOT, "prisma", "migrations"));
    const postgres = listMigrations(path.join(PROJECT_ROOT, "prisma", "postgresql", "migrations"));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });

  it("refuses a schema it cannot carry over (a native type)", () => {
    const text = fs.readFileSync(SQLITE_SCHEMA, "utf8").replace("  name                   String\n", "  name                   String @db.Text\n");
    expect(() => postgresSchema(text)).toThrow(/native types/);
  });
});

/** What the hand-written SQL of prisma/postgresql/migrations adds to Prisma's schema. */
const HAND_WRITTEN = [
  'column Customer.nameKey collation "C"', // 20261126000000_init: search keys by code point
  'column CustomerDomain.domain collation "C"',
  // 20261203060000_customer_search: the search's pg_trgm and name-start indexes on expressions
  'index CREATE INDEX "Contact_search_idx" ON public."Contact" USING gin (contact_search_doc("firstName", "lastName", email, phone, mobile) gin_trgm_ops)',
  'index CREATE INDEX "Customer_search_ids_idx" ON public."Customer" USING gin (customer_search_ids("businessId", phone, fax) gin_trgm_ops)',
  'index CREATE INDEX "Customer_search_name_idx" ON public."Customer" USING gin (customer_search_fold(name) gin_trgm_ops)',
  'index CREATE INDEX "Customer_search_name_start_idx" ON public."Customer" USING btree (customer_search_fold(name) COLLATE "C")',
];

describe.skipIf(!onPostgres)("the PostgreSQL migrations", () => {
  let migrated: TestDb;
  let fromSchema: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    migrated = await createTestDb();
    fromSchema = await createPostgresDatabase();
    // The schema file's SQL from nothing, the way Prisma would create it (no migrations involved).
    const out = path.join(PROJECT_ROOT, "test", ".tmp", `from-schema-${process.pid}.sql`);
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/prisma/build/index.js"), "migrate", "diff", "--from-empty", "--to-schema-datamodel", POSTGRES_SCHEMA, "--script", "-o", out], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: "file:./test/.tmp/unused.db" },
      stdio: "pipe",
    });
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query(fs.readFileSync(out, "utf8"));
    await client.end();
    fs.rmSync(out, { force: true });
  });
  afterAll(async () => {
    await migrated?.close();
    await fromSchema?.drop();
  });

  async function catalog(url: string): Promise<string[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const columns = await client.query(
        `SELECT format('column %s.%s %s %s default %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END,
            coalesce(pg_get_expr(d.adbin, d.adrelid), '-')) AS line,
          CASE WHEN a.attcollation <> 0 AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'default') THEN format('column %s.%s collation %s', c.relname, a.attname, (SELECT quote_ident(collname) FROM pg_collation WHERE oid = a.attcollation)) END AS collation
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`,
      );
      const indexes = await client.query(`SELECT 'index ' || indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
      const constraints = await client.query(
        `SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS line FROM pg_constraint
         WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
      );
      return [
        ...columns.rows.flatMap((r: { line: string; collation: string | null }) => [r.line, ...(r.collation ? [r.collation] : [])]),
        ...indexes.rows.map((r: { line: string }) => r.line),
        ...constraints.rows.map((r: { line: string }) => r.line),
      ].sort();
    } finally {
      await client.end();
    }
  }

  it("build exactly the tables, columns, indexes and constraints of prisma/postgresql/schema.prisma, plus the hand-written ones listed", async () => {
    const fromMigrations = await catalog(migrated.url);
    const described = await catalog(fromSchema.url);
    expect(fromMigrations.filter((l) => !described.includes(l))).toEqual(HAND_WRITTEN);
    expect(described.filter((l) => !fromMigrations.includes(l))).toEqual([]);
  });
});
