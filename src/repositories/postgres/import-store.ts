/**
 * The CSV importer's bulk writer on PostgreSQL, through `pg` (see ../import-store.ts for what both
 * databases' writers share). A batch is a handful of round trips whatever its size: its lookups
 * are one query each (`= ANY($1)` over the batch's keys), and each kind of write is one statement
 * over the whole batch, its rows sent as one array per column and read with `unnest`. Batches the
 * preview planned go to one INSERT ... SELECT per table from the plan's JSON lines
 * (jsonb_array_elements), as sent by the spool.
 *
 * Race-safety: the SQLite writer relies on SQLite's single writer (its write transactions are
 * IMMEDIATE). Here a written batch takes SHARE ROW EXCLUSIVE locks on Customer, CustomerDomain and
 * Contact first: other writers of those tables (an edit in Slack, an email creating a contact,
 * another instance's import) wait until the batch commits, and readers are never blocked, so what
 * the batch classified is still true when it writes. The lock is taken before anything is read;
 * a deadlock there (another transaction holding one table and asking for another) is retried.
 * A preview reads one REPEATABLE READ, READ ONLY snapshot.
 *
 * Timestamps are sent as ISO text in UTC into the schema's `timestamp(3)` columns, as Prisma writes them.
 */
import pg from "pg";
import type { ContactImportRow, CustomerImportRow } from "../../import/rows.js";
import { postgresPoolConfig } from "../../db/url.js";
import {
  EXISTING_CONTACT_COLUMNS,
  EXISTING_CUSTOMER_COLUMNS,
  PLAN_CONTACT_COLUMNS,
  PLAN_CUSTOMER_COLUMNS,
  StalePlan,
  JobLost,
  batchCounts,
  claimedCustomers,
  commitClaims,
  contactKey,
  contactsBatch,
  customersBatch,
  existingContact,
  existingCustomer,
  lookupsOf,
  planClaims,
  previewPrimaries,
  reportPrimaries,
  uuidV7,
  type BatchOptions,
  type BatchResult,
  type ContactCustomer,
  type ContactReads,
  type ContactWrites,
  type CustomerReads,
  type CustomerWrites,
  type ImportStore,
  type Lookups,
  type PlanText,
  type Upkeep,
  type WritePlan,
} from "../import-store.js";

const q = (column: string) => `"${column}"`;
const columns = (names: readonly string[]) => names.map(q).join(", ");
/** `unnest($1::text[], …, $n::text[]) AS u(a, b, …)` for these columns, parameters from `first`. */
const unnestOf = (names: readonly string[], first: number) =>
  `unnest(${names.map((_, i) => `$${first + i}::text[]`).join(", ")}) AS u(${columns(names)})`;

const CUSTOMER_INSERT_COLUMNS = PLAN_CUSTOMER_COLUMNS; // id, name, nameKey, the ten fields, slaId, alertProfileId
const CUSTOMER_UPDATE_COLUMNS = ["id", "name", "rank", "businessId", "phone", "fax", "address", "city", "country", "state", "zip", "notes", "slaId", "alertProfileId"] as const;
const CONTACT_INSERT_COLUMNS = PLAN_CONTACT_COLUMNS; // id, customerId, firstName, lastName, email, emailKey, phone, mobile, jobTitle, department
const CONTACT_UPDATE_COLUMNS = ["id", "firstName", "lastName", "email", "phone", "mobile", "jobTitle", "department"] as const;
/** Updated to the file's value, or (an empty cell) kept. */
const KEEP_WHEN_EMPTY = new Set(["rank", "businessId", "phone", "fax", "address", "city", "country", "state", "zip", "notes", "mobile", "jobTitle", "department"]);
const setFrom = (names: readonly string[], table: string) =>
  names
    .filter((c) => c !== "id")
    .map((c) => (KEEP_WHEN_EMPTY.has(c) ? `${q(c)} = COALESCE(u.${q(c)}, ${table}.${q(c)})` : `${q(c)} = u.${q(c)}`))
    .join(", ");

const SQL = {
  slas: `SELECT "id", "nameKey", "isDefault" FROM "Sla"`,
  profiles: `SELECT "id", "nameKey", "isDefault" FROM "AlertThresholdProfile"`,
  existingCustomers: `SELECT ${columns(EXISTING_CUSTOMER_COLUMNS)} FROM "Customer" WHERE "nameKey" = ANY($1::text[])`,
  domainOwners: `SELECT d."domain", d."customerId", c."name" FROM "CustomerDomain" d JOIN "Customer" c ON c."id" = d."customerId" WHERE d."domain" = ANY($1::text[])`,
  domainsOf: `SELECT "customerId", "domain" FROM "CustomerDomain" WHERE "customerId" = ANY($1::text[])`,
  insertCustomers: `INSERT INTO "Customer" (${columns(CUSTOMER_INSERT_COLUMNS)}, "ticketsOnlyFromPrimary", "createdBy", "createdAt", "updatedAt")
    SELECT ${CUSTOMER_INSERT_COLUMNS.map((c) => `u.${q(c)}`).join(", ")}, false, $${CUSTOMER_INSERT_COLUMNS.length + 1}, $${CUSTOMER_INSERT_COLUMNS.length + 2}::timestamp, $${CUSTOMER_INSERT_COLUMNS.length + 2}::timestamp
    FROM ${unnestOf(CUSTOMER_INSERT_COLUMNS, 1)}`,
  updateCustomers: `UPDATE "Customer" c SET ${setFrom(CUSTOMER_UPDATE_COLUMNS, "c")}, "updatedAt" = $${CUSTOMER_UPDATE_COLUMNS.length + 1}::timestamp
    FROM ${unnestOf(CUSTOMER_UPDATE_COLUMNS, 1)} WHERE c."id" = u."id"`,
  deleteDomains: `DELETE FROM "CustomerDomain" WHERE "customerId" = ANY($1::text[])`,
  insertDomains: `INSERT INTO "CustomerDomain" ("id", "customerId", "domain") SELECT u."id", u."customerId", u."domain" FROM ${unnestOf(["id", "customerId", "domain"], 1)}`,
  contactCustomers: `SELECT "id", "nameKey", "name", "primaryContactId" FROM "Customer" WHERE "nameKey" = ANY($1::text[])`,
  existingContacts: `SELECT ${columns(EXISTING_CONTACT_COLUMNS)} FROM "Contact" WHERE "emailKey" = ANY($1::text[])`,
  contactEmails: `SELECT "id", "email" FROM "Contact" WHERE "id" = ANY($1::text[])`,
  insertContacts: `INSERT INTO "Contact" (${columns(CONTACT_INSERT_COLUMNS)}, "noEmailTickets", "createdBy", "createdAt", "updatedAt")
    SELECT ${CONTACT_INSERT_COLUMNS.map((c) => `u.${q(c)}`).join(", ")}, false, $${CONTACT_INSERT_COLUMNS.length + 1}, $${CONTACT_INSERT_COLUMNS.length + 2}::timestamp, $${CONTACT_INSERT_COLUMNS.length + 2}::timestamp
    FROM ${unnestOf(CONTACT_INSERT_COLUMNS, 1)}`,
  updateContacts: `UPDATE "Contact" k SET ${setFrom(CONTACT_UPDATE_COLUMNS, "k")}, "updatedAt" = $${CONTACT_UPDATE_COLUMNS.length + 1}::timestamp
    FROM ${unnestOf(CONTACT_UPDATE_COLUMNS, 1)} WHERE k."id" = u."id"`,
  setPrimaries: `UPDATE "Customer" c SET "primaryContactId" = u."contactId", "updatedAt" = $3::timestamp
    FROM ${unnestOf(["id", "contactId"], 1)} WHERE c."id" = u."id"`,
  primariesNow: `SELECT c."id", c."name", k."email" FROM "Customer" c LEFT JOIN "Contact" k ON k."id" = c."primaryContactId" WHERE c."id" = ANY($1::text[])`,
  countBatch: `UPDATE "ImportJob" SET "processedRows" = "processedRows" + $1, "created" = "created" + $2, "updated" = "updated" + $3,
    "unchanged" = "unchanged" + $4, "failed" = "failed" + $5, "updatedAt" = $6::timestamp WHERE "id" = $7 AND ($8::text IS NULL OR ("status" = 'running' AND "owner" = $8::text))`,
  finishJob: `UPDATE "ImportJob" SET "status" = $1, "finishedAt" = $2::timestamp, "updatedAt" = $2::timestamp WHERE "id" = $3`,
  finishOwnJob: `UPDATE "ImportJob" SET "status" = $1, "finishedAt" = $2::timestamp, "updatedAt" = $2::timestamp, "owner" = NULL WHERE "id" = $3 AND "status" = 'running' AND "owner" = $4`,
  lock: `LOCK TABLE "Customer", "CustomerDomain", "Contact" IN SHARE ROW EXCLUSIVE MODE`,
  // A plan's lines: JSON arrays of positional rows (see WritePlan).
  planCustomers: `INSERT INTO "Customer" (${columns(PLAN_CUSTOMER_COLUMNS)}, "ticketsOnlyFromPrimary", "createdBy", "createdAt", "updatedAt")
    SELECT ${PLAN_CUSTOMER_COLUMNS.map((_, i) => `r->>${i}`).join(", ")}, false, $2, $3::timestamp, $3::timestamp FROM jsonb_array_elements($1::jsonb) r`,
  planDomains: `INSERT INTO "CustomerDomain" ("id", "customerId", "domain") SELECT r->>0, r->>1, r->>2 FROM jsonb_array_elements($1::jsonb) r`,
  planContacts: `INSERT INTO "Contact" (${columns(PLAN_CONTACT_COLUMNS)}, "noEmailTickets", "createdBy", "createdAt", "updatedAt")
    SELECT ${PLAN_CONTACT_COLUMNS.map((_, i) => `r->>${i}`).join(", ")}, false, $2, $3::timestamp, $3::timestamp FROM jsonb_array_elements($1::jsonb) r`,
  planCustomersThere: `SELECT count(*)::int FROM jsonb_array_elements($1::jsonb) j JOIN "Customer" c ON c."id" = j->>0 AND c."nameKey" = j->>1`,
  planPrimariesAsSeen: `SELECT count(*)::int FROM jsonb_array_elements($1::jsonb) p JOIN "Customer" c ON c."id" = p->>0 WHERE c."primaryContactId" IS NOT DISTINCT FROM p->>2`,
  planSetPrimaries: `UPDATE "Customer" c SET "primaryContactId" = p->>1, "updatedAt" = $2::timestamp FROM jsonb_array_elements($1::jsonb) p WHERE c."id" = p->>0`,
} as const;

/** How often a written batch tries again to take its locks after a deadlock. */
const LOCK_ATTEMPTS = 5;

export class PostgresImportStore implements ImportStore {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    // Three connections: two imports at once (each batch holds one for its transaction) and a finishJob.
    this.pool = new pg.Pool(postgresPoolConfig(databaseUrl, { max: 3, applicationName: "customer-book-import" }));
    this.pool.on("error", () => undefined); // an idle connection the server closed: the next query opens another
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  startUpkeep(): Upkeep {
    // PostgreSQL needs nothing done beside an import: autovacuum analyses the new rows.
    return { finish: async () => undefined };
  }

  async finishJob(jobId: string, status: string, finishedAt: Date, owner?: string): Promise<void> {
    const { rowCount } = owner
      ? await this.pool.query(SQL.finishOwnJob, [status, finishedAt.toISOString(), jobId, owner])
      : await this.pool.query(SQL.finishJob, [status, finishedAt.toISOString(), jobId]);
    if (owner && rowCount !== 1) throw new JobLost(jobId);
  }

  /** Runs `work` in one transaction: written batches first take the tables' locks (see the header), previews read one snapshot. */
  private async transaction<T>(write: boolean, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      for (let attempt = 1; ; attempt++) {
        await client.query(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        try {
          if (write) await client.query(SQL.lock);
        } catch (e) {
          await client.query("ROLLBACK");
          if (sqlState(e) === "40P01" && attempt < LOCK_ATTEMPTS) continue; // deadlock while waiting for a lock: nothing was done yet
          throw e;
        }
        try {
          const result = await work(client);
          await client.query("COMMIT");
          return result;
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {
            broken = true;
          });
          throw e;
        }
      }
    } catch (e) {
      if (sqlState(e) === undefined) broken = true; // not the server's answer (a dropped connection): do not reuse it
      throw e;
    } finally {
      client.release(broken);
    }
  }

  private async lookups(c: pg.PoolClient): Promise<Lookups> {
    const [slas, profiles] = [await c.query(SQL.slas), await c.query(SQL.profiles)];
    return lookupsOf(slas.rows, profiles.rows);
  }

  /** Rows as arrays (cheaper than pg's row objects); none without a query when the first parameter is an empty list. */
  private async arrays(c: pg.PoolClient, text: string, values: unknown[]): Promise<unknown[][]> {
    if (Array.isArray(values[0]) && values[0].length === 0) return [];
    return (await c.query({ text, values, rowMode: "array" })).rows as unknown[][];
  }

  private async customerReads(c: pg.PoolClient, rows: readonly CustomerImportRow[]): Promise<CustomerReads> {
    const lookups = await this.lookups(c);
    const existing = new Map((await this.arrays(c, SQL.existingCustomers, [rows.map((r) => r.nameKey)])).map((v) => existingCustomer(v)).map((x) => [x.nameKey, x]));
    const owners = new Map(
      (await this.arrays(c, SQL.domainOwners, [rows.flatMap((r) => r.domains ?? [])])).map(([domain, customerId, name]) => [domain as string, { customerId: customerId as string, name: name as string }]),
    );
    const currentDomains = new Map<string, string[]>();
    if (existing.size > 0) {
      for (const [customerId, domain] of await this.arrays(c, SQL.domainsOf, [[...existing.values()].map((x) => x.id)])) {
        const list = currentDomains.get(customerId as string);
        if (list) list.push(domain as string);
        else currentDomains.set(customerId as string, [domain as string]);
      }
    }
    return { lookups, existing, owners, currentDomains };
  }

  async customersBatch(rows: readonly CustomerImportRow[], o: BatchOptions): Promise<BatchResult> {
    return this.transaction(o.write, async (c) => {
      const reads = await this.customerReads(c, rows);
      const writes = o.write ? new CustomerColumns() : undefined;
      const result = customersBatch(rows, reads, o, writes);
      const stamp = o.now.toISOString();
      if (writes) {
        if (writes.replaced.length) await c.query(SQL.deleteDomains, [writes.replaced]);
        if (writes.updates.id.length) await c.query(SQL.updateCustomers, [...CUSTOMER_UPDATE_COLUMNS.map((k) => writes.updates[k]), stamp]);
        if (writes.inserts.id.length) await c.query(SQL.insertCustomers, [...CUSTOMER_INSERT_COLUMNS.map((k) => writes.inserts[k]), o.userId, stamp]);
        if (writes.domains.id.length) await c.query(SQL.insertDomains, [writes.domains.id, writes.domains.customerId, writes.domains.domain]);
      }
      if (o.write && o.jobId) await this.countBatch(c, o.jobId, o.owner, rows.length, result, o.rejectedBefore ?? 0, stamp);
      return result;
    });
  }

  private async contactReads(c: pg.PoolClient, rows: readonly ContactImportRow[], o: BatchOptions): Promise<ContactReads> {
    const customers = new Map(
      (await this.arrays(c, SQL.contactCustomers, [[...new Set(rows.map((r) => r.customerKey))]])).map(([id, nameKey, name, primaryContactId]): [string, ContactCustomer] => [
        nameKey as string,
        { id: id as string, nameKey: nameKey as string, name: name as string, primaryContactId: primaryContactId as string | null, ref: id as string },
      ]),
    );
    previewPrimaries(customers.values(), o);
    const existing = new Map(
      (await this.arrays(c, SQL.existingContacts, [[...new Set(rows.map((r) => r.emailKey))]])).map((v) => existingContact(v)).map((x) => [contactKey(x.customerId, x.emailKey), x]),
    );
    const primaryIds = [...customers.values()].map((x) => x.primaryContactId).filter((x): x is string => Boolean(x));
    const primaryEmails = new Map(primaryIds.length ? (await this.arrays(c, SQL.contactEmails, [primaryIds])).map(([id, email]) => [id as string, email as string]) : []);
    return { customers, existing, primaryEmails };
  }

  async contactsBatch(rows: readonly ContactImportRow[], o: BatchOptions): Promise<BatchResult> {
    return this.transaction(o.write, async (c) => {
      const reads = await this.contactReads(c, rows, o);
      const writes = o.write ? new ContactColumns() : undefined;
      const result = contactsBatch(rows, reads, o, writes);
      const stamp = o.now.toISOString();
      if (writes) {
        if (writes.inserts.id.length) await c.query(SQL.insertContacts, [...CONTACT_INSERT_COLUMNS.map((k) => writes.inserts[k]), o.userId, stamp]);
        if (writes.updates.id.length) await c.query(SQL.updateContacts, [...CONTACT_UPDATE_COLUMNS.map((k) => writes.updates[k]), stamp]);
        if (writes.primaries.id.length) await c.query(SQL.setPrimaries, [writes.primaries.id, writes.primaries.contactId, stamp]);
      }
      if (o.write && o.jobId) await this.countBatch(c, o.jobId, o.owner, rows.length, result, o.rejectedBefore ?? 0, stamp);
      return result;
    });
  }

  async applyPlan(plan: WritePlan, o: BatchOptions): Promise<BatchResult | undefined> {
    const stamp = o.now.toISOString();
    const rejected = o.rejectedBefore ?? 0;
    let claims: [string, number, string][] = [];
    let planned: BatchResult;
    try {
      planned = await this.transaction(true, async (c) => {
        const { meta, lines } = plan;
        const result: BatchResult = { created: meta.count, updated: 0, unchanged: 0, failures: [], primaryChanges: [] };
        const count = async (text: string, line: PlanText) => Number((await this.arrays(c, text, [json(line)]))[0]?.[0] ?? -1);
        if (meta.kind === "customers" && lines.kind === "customers") {
          // Each SLA and profile name (or the default) still means what it meant to the preview.
          const now = await this.lookups(c);
          if (meta.slas.some(([key, id]) => (key === "" ? now.defaultSlaId : now.slaByKey.get(key)) !== id)) throw new StalePlan();
          if (meta.profiles.some(([key, id]) => (key === "" ? now.defaultProfileId : now.profileByKey.get(key)) !== id)) throw new StalePlan();
          // A name or domain taken since the preview breaks a unique index: StalePlan below.
          if ((await c.query(SQL.planCustomers, [json(lines.rows), o.userId, stamp])).rowCount !== meta.count) throw new StalePlan();
          if ((await c.query(SQL.planDomains, [json(lines.domains)])).rowCount !== meta.domains) throw new StalePlan();
        } else if (meta.kind === "contacts" && lines.kind === "contacts") {
          // Every customer is still there under the name the file gives, and has the primary contact the preview saw.
          if ((await count(SQL.planCustomersThere, lines.customers)) !== meta.customers) throw new StalePlan();
          if (meta.primaries > 0 && (await count(SQL.planPrimariesAsSeen, lines.primaries)) !== meta.primaries) throw new StalePlan();
          if ((await c.query(SQL.planContacts, [json(lines.rows), o.userId, stamp])).rowCount !== meta.count) throw new StalePlan();
          claims = planClaims(lines.claims);
          const ids = claimedCustomers(claims);
          const now = new Map(
            ids.length
              ? (await this.arrays(c, SQL.primariesNow, [ids])).map(([id, name, email]) => [id as string, { name: name as string, email: email as string | null }])
              : [],
          );
          result.primaryChanges = reportPrimaries(claims, o.file, now); // before the primary contacts change
          if (meta.primaries > 0 && (await c.query(SQL.planSetPrimaries, [json(lines.primaries), stamp])).rowCount !== meta.primaries) throw new StalePlan();
        } else throw new Error("A plan's lines do not match its kind");
        if (o.jobId) await this.countBatch(c, o.jobId, o.owner, meta.count, result, rejected, stamp);
        return result;
      });
    } catch (e) {
      if (e instanceof StalePlan || e instanceof SyntaxError || isConstraintError(e) || isMalformedJson(e)) return undefined;
      throw e;
    }
    commitClaims(claims, o.file);
    return planned;
  }

  /** The job's counters, in the batch's transaction; with `owner`, only while the job is that instance's (else JobLost rolls the batch back). */
  private async countBatch(c: pg.PoolClient, jobId: string, owner: string | undefined, rows: number, r: BatchResult, rejectedBefore: number, stamp: string): Promise<void> {
    const n = batchCounts(rows, r, rejectedBefore);
    const { rowCount } = await c.query(SQL.countBatch, [n.processed, n.created, n.updated, n.unchanged, n.failed, stamp, jobId, owner ?? null]);
    if (rowCount !== 1) throw new JobLost(jobId);
  }
}

type Cell = string | null;
const columnArrays = <K extends string>(names: readonly K[]) => Object.fromEntries(names.map((k) => [k, [] as Cell[]])) as Record<K, Cell[]>;

/** The writes of a customers batch, collected as one array per column (sent once, read with unnest). */
class CustomerColumns implements CustomerWrites {
  readonly inserts = columnArrays(CUSTOMER_INSERT_COLUMNS);
  readonly updates = columnArrays(CUSTOMER_UPDATE_COLUMNS);
  readonly domains = columnArrays(["id", "customerId", "domain"] as const);
  /** customers whose domains are replaced: deleted first, then inserted with the new ones */
  readonly replaced: string[] = [];

  newCustomer(id: string, row: CustomerImportRow, slaId: string, profileId: string): void {
    const i = this.inserts;
    i.id.push(id);
    i.name.push(row.name);
    i.nameKey.push(row.nameKey);
    i.rank.push(row.rank ?? null);
    i.businessId.push(row.businessId ?? null);
    i.phone.push(row.phone ?? null);
    i.fax.push(row.fax ?? null);
    i.address.push(row.address ?? null);
    i.city.push(row.city ?? null);
    i.country.push(row.country ?? null);
    i.state.push(row.state ?? null);
    i.zip.push(row.zip ?? null);
    i.notes.push(row.notes ?? null);
    i.slaId.push(slaId);
    i.alertProfileId.push(profileId);
  }

  newDomain(id: string, customerId: string, domain: string): void {
    this.domains.id.push(id);
    this.domains.customerId.push(customerId);
    this.domains.domain.push(domain);
  }

  updateCustomer(id: string, row: CustomerImportRow, slaId: string, profileId: string): void {
    const u = this.updates;
    u.id.push(id);
    u.name.push(row.name);
    u.rank.push(row.rank ?? null);
    u.businessId.push(row.businessId ?? null);
    u.phone.push(row.phone ?? null);
    u.fax.push(row.fax ?? null);
    u.address.push(row.address ?? null);
    u.city.push(row.city ?? null);
    u.country.push(row.country ?? null);
    u.state.push(row.state ?? null);
    u.zip.push(row.zip ?? null);
    u.notes.push(row.notes ?? null);
    u.slaId.push(slaId);
    u.alertProfileId.push(profileId);
  }

  replaceDomains(customerId: string, domains: readonly string[]): void {
    this.replaced.push(customerId);
    for (const d of domains) this.newDomain(uuidV7(), customerId, d);
  }
}

class ContactColumns implements ContactWrites {
  readonly inserts = columnArrays(CONTACT_INSERT_COLUMNS);
  readonly updates = columnArrays(CONTACT_UPDATE_COLUMNS);
  readonly primaries = columnArrays(["id", "contactId"] as const);

  newContact(id: string, customerId: string, row: ContactImportRow): void {
    const i = this.inserts;
    i.id.push(id);
    i.customerId.push(customerId);
    i.firstName.push(row.firstName);
    i.lastName.push(row.lastName);
    i.email.push(row.email);
    i.emailKey.push(row.emailKey);
    i.phone.push(row.phone ?? null);
    i.mobile.push(row.mobile ?? null);
    i.jobTitle.push(row.jobTitle ?? null);
    i.department.push(row.department ?? null);
  }

  updateContact(id: string, row: ContactImportRow): void {
    const u = this.updates;
    u.id.push(id);
    u.firstName.push(row.firstName);
    u.lastName.push(row.lastName);
    u.email.push(row.email);
    u.phone.push(row.phone ?? null);
    u.mobile.push(row.mobile ?? null);
    u.jobTitle.push(row.jobTitle ?? null);
    u.department.push(row.department ?? null);
  }

  setPrimary(customer: ContactCustomer, contactId: string | null): void {
    this.primaries.id.push(customer.id);
    this.primaries.contactId.push(contactId);
  }
}

/** A plan line as the text parameter of a `$n::jsonb` (a Buffer would go as bytea). */
const json = (line: PlanText): string => (typeof line === "string" ? line : line.toString("utf8"));

/** The SQLSTATE of a PostgreSQL error, or undefined for anything else. */
export function sqlState(e: unknown): string | undefined {
  return e instanceof pg.DatabaseError ? e.code : undefined;
}
/** Class 23: integrity constraint violation (unique, foreign key, not null, check). */
const isConstraintError = (e: unknown) => sqlState(e)?.startsWith("23") === true;
/**
 * A plan line that is not the JSON the preview wrote (a damaged spool): not JSON at all
 * (invalid_text_representation), or JSON that is not an array (invalid_parameter_value from
 * jsonb_array_elements). The batch then goes row by row.
 */
const isMalformedJson = (e: unknown) => sqlState(e) === "22P02" || sqlState(e) === "22023";
