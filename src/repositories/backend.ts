/**
 * The parts of the data layer that differ between SQLite and PostgreSQL, picked once from
 * DATABASE_URL's kind by the composition root (src/app.ts). Everything else is the same Prisma
 * code on either database; these are the pieces whose SQL or driver is the database's own:
 * - the importer's bulk writer (ImportStore): sqlite/import-store.ts, postgres/import-store.ts;
 * - the customer search (CustomerSearch): sqlite/customer-search.ts (FTS5), postgres/customer-search.ts (pg_trgm);
 * - transactions' race-safety: src/db/transaction.ts;
 * - database error codes: src/db/errors.ts.
 */
import { kindOf, type Db } from "../db/client.js";
import { databaseKind } from "../db/url.js";
import type { CustomerSearch } from "./customer-search.js";
import { PostgresCustomerSearch } from "./postgres/customer-search.js";
import { SqliteCustomerSearch } from "./sqlite/customer-search.js";
import type { ImportStore } from "./import-store.js";
import { PostgresImportStore } from "./postgres/import-store.js";
import { SqliteImportStore } from "./sqlite/import-store.js";

export type { ImportStore };

/** The importer's bulk writer for DATABASE_URL, on its own connection(s). */
export function createImportStore(databaseUrl: string): ImportStore {
  return databaseKind(databaseUrl) === "postgresql" ? new PostgresImportStore(databaseUrl) : new SqliteImportStore(databaseUrl);
}

/** The customer search of the database this client talks to. */
export function createCustomerSearch(db: Db): CustomerSearch {
  return kindOf(db) === "postgresql" ? new PostgresCustomerSearch(db) : new SqliteCustomerSearch(db);
}
