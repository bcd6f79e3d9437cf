/**
 * Bulk writes of the CSV importer, on SQLite through better-sqlite3: prepared statements row by
 * row, and for batches the preview planned (WritePlan) one INSERT ... SELECT from SQLite's
 * jsonb_each per table.
 *
 * Why not Prisma here: measured on this machine, 100k customers through Prisma raw multi-row
 * INSERTs in 5,000-row transactions ran at ~27,000 rows/s and 350 MB RSS, against ~105,000 rows/s
 * for prepared statements (docs/measurements.md); the import must reach half of that. Everything
 * else goes through Prisma. The statements use the tables and column formats Prisma created
 * (ISO-8601 text timestamps with +00:00, like the Prisma SQLite adapter writes), so Prisma reads
 * these rows like its own.
 *
 * Each batch runs in one transaction together with the job's counters, so after a crash the job's
 * counts are exactly what was committed.
 */
import { randomFillSync } from "node:crypto";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { ContactImportRow, CustomerImportRow } from "../import/rows.js";
import { KeyIndex } from "../import/key-index.js";
import { nameKey as toNameKey } from "../domain/text.js";
import { sqliteFilePath } from "../db/sqlite-url.js";

export type RowFailure = { rowNumber: number; column: "sla" | "alertProfile" | "domains" | "customer"; reason: RowFailureReason };
export type RowFailureReason =
  | { code: "unknown_sla"; name: string }
  | { code: "unknown_alert_profile"; name: string }
  | { code: "domain_taken"; domain: string; owner: string }
  | { code: "domain_in_file"; domain: string; rowNumber: number }
  | { code: "unknown_customer"; name: string };

export type PrimaryChange = { rowNumber: number; customerName: string; email: string; replaced?: string };

export type BatchResult = {
  created: number;
  updated: number;
  unchanged: number;
  failures: RowFailure[];
  primaryChanges: PrimaryChange[];
  /** From a preview asked for one (`plan`), when every row of the batch is new: see WritePlan. */
  plan?: WritePlan;
};

/**
 * What a previewed batch of only new rows will write, worked out by the preview so that the import
 * does not look up, compare and bind every row a second time: the new rows as one JSON array each
 * (read by SQLite's jsonb_each in one INSERT ... SELECT), and what must still hold for the plan to
 * be right. applyPlan checks that, and a batch whose plan no longer holds (a customer created with
 * the same name since the preview, a domain or an email taken, an SLA deleted, a primary contact
 * changed) is imported row by row instead, as if there were no plan.
 */
export type WritePlan = { meta: PlanMeta; lines: PlanLines };
/** The small part of a plan, kept as an object. */
export type PlanMeta =
  | {
      kind: "customers";
      count: number;
      /** The SLAs and alert profiles the preview chose: [name key, or "" for the default; id]. */
      slas: [string, string][];
      profiles: [string, string][];
      /** How many domains the `domains` line holds. */
      domains: number;
    }
  | { kind: "contacts"; count: number; customers: number; primaries: number };
/**
 * The large part, as JSON text that goes to SQLite as it is (a string from the preview, the
 * spool's bytes in the import: SQLite reads either as text). Customers: `rows`
 * (PLAN_CUSTOMER_COLUMNS) and `domains` ([id, customerId, domain]). Contacts: `rows`
 * (PLAN_CONTACT_COLUMNS), `customers` ([id, name key] of their customers), `primaries` ([customer id, the new
 * primary contact's id, the primary contact the preview saw before]) and `claims` (the
 * FileState.primaryByCustomer entries the batch makes: [customer id, row number, email]).
 */
export type PlanText = string | Buffer;
export type PlanLines =
  | { kind: "customers"; rows: PlanText; domains: PlanText }
  | { kind: "contacts"; rows: PlanText; customers: PlanText; primaries: PlanText; claims: PlanText };
/** The lines of each kind of plan, in the order the spool keeps them. */
export const PLAN_LINES = { customers: ["rows", "domains"], contacts: ["rows", "customers", "primaries", "claims"] } as const;

export type BatchOptions = {
  /** false: classify only (the preview), nothing is written */
  write: boolean;
  /** with write false: also work out a WritePlan when every row of the batch is new */
  plan?: boolean;
  userId: string;
  now: Date;
  /** the job whose counters move with each written batch */
  jobId?: string;
  /** rows of this batch that failed validation before reaching the store, counted with the batch */
  rejectedBefore?: number;
  /** state that spans batches of one file */
  file: FileState;
};

/** What one file has claimed so far, so a later batch sees an earlier batch's effect. */
export type FileState = {
  /** domain -> the row that gave it to a customer */
  domainClaims: KeyIndex;
  /** customer id -> the row that made a contact its primary, with that contact's email as payload */
  primaryByCustomer: KeyIndex;
  /**
   * A preview's own record (it writes nothing) of the primary contacts the file has set so far:
   * customer id -> the contact's id as payload, empty for none. A later batch starts from it
   * rather than from the database, and its plan expects what the earlier batches will have written.
   */
  primaryNow: KeyIndex;
};
export const newFileState = (): FileState => ({ domainClaims: new KeyIndex(), primaryByCustomer: new KeyIndex(), primaryNow: new KeyIndex() });

const CUSTOMER_FIELDS = ["rank", "businessId", "phone", "fax", "address", "city", "country", "state", "zip", "notes"] as const;
const CONTACT_FIELDS = ["firstName", "lastName", "email", "phone", "mobile", "jobTitle", "department"] as const;
const CHUNK = 500;

type ExistingCustomer = Record<(typeof CUSTOMER_FIELDS)[number], string | null> & {
  id: string;
  name: string;
  nameKey: string;
  slaId: string;
  alertProfileId: string;
};
type ExistingContact = Record<(typeof CONTACT_FIELDS)[number], string | null> & { id: string; customerId: string; emailKey: string };

/** The columns customersBatch compares, in the order existingCustomer reads them. */
const EXISTING_CUSTOMER_COLUMNS = `id, name, nameKey, ${CUSTOMER_FIELDS.join(", ")}, slaId, alertProfileId`;
type Cell = string | null;
function existingCustomer(v: unknown[]): ExistingCustomer {
  const c = v as Cell[];
  return {
    id: c[0] as string,
    name: c[1] as string,
    nameKey: c[2] as string,
    rank: c[3] ?? null,
    businessId: c[4] ?? null,
    phone: c[5] ?? null,
    fax: c[6] ?? null,
    address: c[7] ?? null,
    city: c[8] ?? null,
    country: c[9] ?? null,
    state: c[10] ?? null,
    zip: c[11] ?? null,
    notes: c[12] ?? null,
    slaId: c[13] as string,
    alertProfileId: c[14] as string,
  };
}
function existingContact(v: unknown[]): ExistingContact {
  const c = v as Cell[];
  return {
    id: c[0] as string,
    customerId: c[1] as string,
    emailKey: c[2] as string,
    firstName: c[3] ?? null,
    lastName: c[4] ?? null,
    email: c[5] ?? null,
    phone: c[6] ?? null,
    mobile: c[7] ?? null,
    jobTitle: c[8] ?? null,
    department: c[9] ?? null,
  };
}

const requireHere = createRequire(import.meta.url);

const sqlTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * Ids for imported rows: UUID version 7 (RFC 9562), a millisecond timestamp followed by random bits.
 * Rows of one import get ascending ids, so the primary-key index grows at its end instead of
 * splitting pages all over the tree as random v4 ids do (measured: the difference between ~25k and
 * ~70k rows/s on 1M customers).
 */
let lastMs = 0;
let seq = 0;
const pool = Buffer.alloc(8 * 4096);
let poolAt = pool.length;
const HEX = Buffer.from("0123456789abcdef", "latin1");
/** The id being built: "tttttttt-tttt-7ccc-vrrr-rrrrrrrrrrrr", made into one flat string at the end. */
const text = Buffer.from("00000000-0000-7000-8000-000000000000", "latin1");
const hexByte = (at: number, byte: number) => {
  text[at] = HEX[byte >> 4] as number;
  text[at + 1] = HEX[byte & 15] as number;
};
export function uuidV7(now = Date.now()): string {
  if (now <= lastMs) seq++;
  else {
    lastMs = now;
    seq = 0;
    // 48-bit millisecond timestamp: characters 0-7 and 9-12
    const high = Math.floor(now / 0x10000);
    const low = now % 0x10000;
    hexByte(0, (high >>> 24) & 0xff);
    hexByte(2, (high >>> 16) & 0xff);
    hexByte(4, (high >>> 8) & 0xff);
    hexByte(6, high & 0xff);
    hexByte(9, low >>> 8);
    hexByte(11, low & 0xff);
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const p = poolAt;
  poolAt += 8;
  // version 7 and a 12-bit counter, then the variant (binary 10) and 62 random bits
  const counter = seq & 0xfff;
  text[15] = HEX[counter >> 8] as number;
  hexByte(16, counter & 0xff);
  hexByte(19, ((pool[p] as number) & 0x3f) | 0x80);
  hexByte(21, pool[p + 1] as number);
  for (let i = 0; i < 6; i++) hexByte(24 + 2 * i, pool[p + 2 + i] as number);
  return text.toString("latin1", 0, 36);
}

/**
 * New rows are inserted ROWS_PER_INSERT to a statement: one call into SQLite per 100 rows instead
 * of per row (measured: the inserts of 100k customers and their domains took about a third less).
 */
const ROWS_PER_INSERT = 100;
const CUSTOMER_PARAMS = 18;
const DOMAIN_PARAMS = 3;
const CONTACT_PARAMS = 13;

/**
 * Collects the values of new rows and inserts them ROWS_PER_INSERT at a time, into one reused
 * array; `finish` writes the rest one row at a time.
 */
class RowInserter {
  private readonly values: unknown[];
  private n = 0;

  constructor(
    private readonly one: Database.Statement,
    private readonly many: Database.Statement,
    private readonly width: number,
  ) {
    this.values = new Array<unknown>(width * ROWS_PER_INSERT).fill(null);
  }

  /** Adds one row: exactly `width` values, in the statement's column order. */
  row(...values: unknown[]): void {
    for (const v of values) this.values[this.n++] = v;
    if (this.n === this.values.length) {
      this.many.run(this.values);
      this.n = 0;
    }
  }

  finish(): void {
    for (let at = 0; at < this.n; at += this.width) this.one.run(this.values.slice(at, at + this.width));
    this.n = 0;
  }
}

export class SqliteImportStore {
  private readonly db: Database.Database;
  private readonly file: string;
  private readonly inCache = new Map<string, Database.Statement>();

  constructor(databaseUrl: string) {
    this.file = sqliteFilePath(databaseUrl);
    this.db = new Database(this.file, { timeout: 15_000 });
    this.db.pragma("journal_mode = WAL");
    // Foreign keys are not checked on this connection: every id it writes comes from a lookup in the
    // same transaction (SLA, alert profile, the customer a domain or contact belongs to), and the
    // checks cost a parent-key search per reference on every inserted row.
    this.db.pragma("foreign_keys = OFF");
    // WAL with synchronous=NORMAL is still durable when the process dies (only an OS crash or power
    // loss can drop the last commits); a larger page cache keeps the indexes of big tables in memory.
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("cache_size = -16384");
    // Fewer, larger checkpoints during bulk writes (SQLite's default is every 1,000 pages): every
    // 32,000 pages (128 MB) instead of 8,000 took about a tenth off a 100k-contact import here, as
    // each checkpoint syncs the file twice. During an import the armed worker (armCheckpoint)
    // checkpoints first, so this one only catches up when the worker falls behind. The WAL file is
    // cut back to 64 MB after a checkpoint so it does not keep its largest size on disk.
    this.db.pragma("wal_autocheckpoint = 32000");
    this.db.pragma("journal_size_limit = 67108864");
  }

  close(): void {
    // Told to stop rather than terminated: a worker terminated while better-sqlite3 throws an
    // error (its database just deleted, say) aborts the whole process.
    for (const worker of this.checkpointers) worker.postMessage(false);
    this.checkpointers.clear();
    this.db.close();
  }

  private contactStatementCache?: ReturnType<SqliteImportStore["prepareContactStatements"]>;
  private contactStatements() {
    this.contactStatementCache ??= this.prepareContactStatements();
    return this.contactStatementCache;
  }

  private prepareContactStatements() {
    const insertContact = `INSERT INTO Contact (id, customerId, firstName, lastName, email, emailKey, phone, mobile, jobTitle, department, noEmailTickets, createdBy, createdAt, updatedAt) VALUES `;
    const contactValues = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)";
    return {
      insertContact: this.db.prepare(insertContact + contactValues),
      insertContacts: this.db.prepare(insertContact + Array(ROWS_PER_INSERT).fill(contactValues).join(", ")),
      // An empty cell (NULL) leaves the stored value as it is.
      updateContact: this.db.prepare(
        `UPDATE Contact SET firstName = ?, lastName = ?, email = ?, phone = COALESCE(?, phone), mobile = COALESCE(?, mobile),
           jobTitle = COALESCE(?, jobTitle), department = COALESCE(?, department), updatedAt = ? WHERE id = ?`,
      ),
      // By rowid (read with the customer): one B-tree search less than by the id column's index.
      setPrimary: this.db.prepare(`UPDATE Customer SET primaryContactId = ?, updatedAt = ? WHERE rowid = ?`),
    };
  }

  private statements?: ReturnType<SqliteImportStore["prepareCustomerStatements"]>;
  private customerStatements() {
    this.statements ??= this.prepareCustomerStatements();
    return this.statements;
  }

  private prepareCustomerStatements() {
    const optional = "rank, businessId, phone, fax, address, city, country, state, zip, notes";
    const insertCustomer = `INSERT INTO Customer (id, name, nameKey, ${optional}, ticketsOnlyFromPrimary, slaId, alertProfileId, createdBy, createdAt, updatedAt) VALUES `;
    const customerValues = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)";
    const insertDomain = `INSERT INTO CustomerDomain (id, customerId, domain) VALUES `;
    return {
      insertCustomer: this.db.prepare(insertCustomer + customerValues),
      insertCustomers: this.db.prepare(insertCustomer + Array(ROWS_PER_INSERT).fill(customerValues).join(", ")),
      insertDomains: this.db.prepare(insertDomain + Array(ROWS_PER_INSERT).fill("(?, ?, ?)").join(", ")),
      // An empty cell (NULL) leaves the stored value as it is.
      updateCustomer: this.db.prepare(
        `UPDATE Customer SET name = ?, ${optional
          .split(", ")
          .map((f) => `${f} = COALESCE(?, ${f})`)
          .join(", ")}, slaId = ?, alertProfileId = ?, updatedAt = ? WHERE id = ?`,
      ),
      deleteDomains: this.db.prepare(`DELETE FROM CustomerDomain WHERE customerId = ?`),
      insertDomain: this.db.prepare(`${insertDomain}(?, ?, ?)`),
    };
  }

  /** SLA and alert profile ids by name key, and the defaults for new customers. */
  lookups() {
    const slas = this.db.prepare(`SELECT id, nameKey, isDefault FROM Sla`).all() as { id: string; nameKey: string; isDefault: number }[];
    const profiles = this.db.prepare(`SELECT id, nameKey, isDefault FROM AlertThresholdProfile`).all() as typeof slas;
    return {
      slaByKey: new Map(slas.map((s) => [s.nameKey, s.id])),
      profileByKey: new Map(profiles.map((p) => [p.nameKey, p.id])),
      defaultSlaId: slas.find((s) => s.isDefault)?.id ?? slas[0]?.id,
      defaultProfileId: profiles.find((p) => p.isDefault)?.id ?? profiles[0]?.id,
    };
  }

  /** SELECT ... WHERE column IN (...) over any number of keys, in chunks with cached statements. */
  private selectIn<T>(sqlPrefix: string, keys: readonly string[], row: (values: unknown[]) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const part = keys.slice(i, i + CHUNK);
      const sql = `${sqlPrefix} (${part.map(() => "?").join(",")})`;
      let stmt = this.inCache.get(sql);
      if (!stmt) {
        // Rows as arrays, made into objects here: better-sqlite3's own row objects cost about
        // twice as much (measured on 100k customers looked up by name).
        stmt = this.db.prepare(sql).raw(true);
        this.inCache.set(sql, stmt);
      }
      for (const values of stmt.all(part) as unknown[][]) out.push(row(values));
    }
    return out;
  }


  private transaction<T>(write: boolean, fn: () => T): T {
    // A read-only preview still reads one consistent snapshot.
    return write ? this.db.transaction(fn).immediate() : this.db.transaction(fn).deferred();
  }

  customersBatch(rows: readonly CustomerImportRow[], o: BatchOptions): BatchResult {
    return this.transaction(o.write, () => {
      const lookups = this.lookups();
      const existing = new Map(
        this.selectIn(`SELECT ${EXISTING_CUSTOMER_COLUMNS} FROM Customer WHERE nameKey IN`, rows.map((r) => r.nameKey), existingCustomer).map((c) => [c.nameKey, c]),
      );
      const rowDomains = rows.flatMap((r) => r.domains ?? []);
      const owners = new Map(
        this.selectIn(
          `SELECT d.domain, d.customerId, c.name FROM CustomerDomain d JOIN Customer c ON c.id = d.customerId WHERE d.domain IN`,
          rowDomains,
          ([domain, customerId, name]) => ({ domain: domain as string, customerId: customerId as string, name: name as string }),
        ).map((d) => [d.domain, d]),
      );
      const currentDomains = new Map<string, string[]>();
      for (const d of this.selectIn(
        `SELECT customerId, domain FROM CustomerDomain WHERE customerId IN`,
        [...existing.values()].map((c) => c.id),
        ([customerId, domain]) => ({ customerId: customerId as string, domain: domain as string }),
      )) {
        currentDomains.set(d.customerId, [...(currentDomains.get(d.customerId) ?? []), d.domain]);
      }

      const result: BatchResult = { created: 0, updated: 0, unchanged: 0, failures: [], primaryChanges: [] };
      const stamp = sqlTime(o.now);
      const st = this.customerStatements();
      // Writing: earlier batches are committed, so the owners query sees their domains; only this
      // batch's claims are needed. Previewing writes nothing, so claims span the whole file.
      if (o.write) o.file.domainClaims.clear();
      // New rows go in ROWS_PER_INSERT to a statement. A domain cannot change hands within one
      // batch (its owner is read before the batch: see checkDomains), so writing them as they
      // come, among the updates below, gives the same result as row by row.
      const newCustomers = new RowInserter(st.insertCustomer, st.insertCustomers, CUSTOMER_PARAMS);
      const newDomains = new RowInserter(st.insertDomain, st.insertDomains, DOMAIN_PARAMS);
      // The plan's rows, while every row so far is new (undefined from the first one that is not).
      const planRows: unknown[][] | undefined = o.plan && !o.write ? [] : undefined;
      const planDomains: string[][] = [];
      const planSlas = new Map<string, string>();
      const planProfiles = new Map<string, string>();

      for (const row of rows) {
        const current = existing.get(row.nameKey);
        const slaId = row.slaName ? lookups.slaByKey.get(toNameKey(row.slaName)) : (current?.slaId ?? lookups.defaultSlaId);
        if (!slaId) {
          result.failures.push({ rowNumber: row.rowNumber, column: "sla", reason: { code: "unknown_sla", name: row.slaName ?? "" } });
          continue;
        }
        const profileId = row.alertProfileName
          ? lookups.profileByKey.get(toNameKey(row.alertProfileName))
          : (current?.alertProfileId ?? lookups.defaultProfileId);
        if (!profileId) {
          result.failures.push({ rowNumber: row.rowNumber, column: "alertProfile", reason: { code: "unknown_alert_profile", name: row.alertProfileName ?? "" } });
          continue;
        }
        const domainFailure = this.checkDomains(row, current, owners, o.file);
        if (domainFailure) {
          result.failures.push(domainFailure);
          continue;
        }
        if (row.domains) for (const d of row.domains) o.file.domainClaims.set(d, row.rowNumber);

        if (!current) {
          result.created++;
          if (planRows) {
            planSlas.set(row.slaName ? toNameKey(row.slaName) : "", slaId);
            planProfiles.set(row.alertProfileName ? toNameKey(row.alertProfileName) : "", profileId);
            const id = uuidV7();
            // positional, as in PLAN_CUSTOMER_COLUMNS
            planRows.push([
              id, row.name, row.nameKey, row.rank ?? null, row.businessId ?? null, row.phone ?? null, row.fax ?? null, row.address ?? null,
              row.city ?? null, row.country ?? null, row.state ?? null, row.zip ?? null, row.notes ?? null, slaId, profileId,
            ]);
            if (row.domains) for (const d of row.domains) planDomains.push([uuidV7(), id, d]);
          }
          if (o.write) {
            const id = uuidV7();
            // positional, as in the INSERT: id, name, nameKey, the ten optional fields, slaId, alertProfileId, createdBy, createdAt, updatedAt
            newCustomers.row(
              id, row.name, row.nameKey, row.rank ?? null, row.businessId ?? null, row.phone ?? null, row.fax ?? null, row.address ?? null,
              row.city ?? null, row.country ?? null, row.state ?? null, row.zip ?? null, row.notes ?? null, slaId, profileId, o.userId, stamp, stamp,
            );
            if (row.domains) for (const d of row.domains) newDomains.row(uuidV7(), id, d);
          }
          continue;
        }
        const domainsChanged = row.domains !== undefined && !sameSet(row.domains, currentDomains.get(current.id) ?? []);
        const changed =
          domainsChanged ||
          current.name !== row.name ||
          current.slaId !== slaId ||
          current.alertProfileId !== profileId ||
          CUSTOMER_FIELDS.some((f) => row[f] !== undefined && row[f] !== current[f]);
        if (!changed) {
          result.unchanged++;
          continue;
        }
        result.updated++;
        if (o.write) {
          // positional: name, the ten optional fields, slaId, alertProfileId, updatedAt, id
          const fields = [row.rank ?? null, row.businessId ?? null, row.phone ?? null, row.fax ?? null, row.address ?? null, row.city ?? null, row.country ?? null, row.state ?? null, row.zip ?? null, row.notes ?? null];
          st.updateCustomer.run(row.name, ...fields, slaId, profileId, stamp, current.id);
          if (domainsChanged) {
            st.deleteDomains.run(current.id);
            for (const d of row.domains ?? []) st.insertDomain.run(uuidV7(), current.id, d);
          }
        }
      }
      if (o.write) {
        newCustomers.finish();
        newDomains.finish();
      }
      if (planRows && result.created === rows.length && rows.length > 0) {
        result.plan = {
          meta: {
            kind: "customers",
            count: planRows.length,
            slas: [...planSlas],
            profiles: [...planProfiles],
            domains: planDomains.length,
          },
          lines: { kind: "customers", rows: JSON.stringify(planRows), domains: JSON.stringify(planDomains) },
        };
      }
      if (o.write && o.jobId) this.countBatch(o.jobId, rows.length + (o.rejectedBefore ?? 0), result, o.rejectedBefore ?? 0, stamp);
      return result;
    });
  }

  private checkDomains(
    row: CustomerImportRow,
    current: ExistingCustomer | undefined,
    owners: Map<string, { customerId: string; name: string }>,
    file: FileState,
  ): RowFailure | undefined {
    for (const domain of row.domains ?? []) {
      const owner = owners.get(domain);
      if (owner && owner.customerId !== current?.id) {
        // An owner that this same file moves the domain away from is still an owner until then: refuse.
        return { rowNumber: row.rowNumber, column: "domains", reason: { code: "domain_taken", domain, owner: owner.name } };
      }
      // Any earlier claim is another customer's: a customer's second row is a duplicate, refused before.
      const claimedBy = file.domainClaims.get(domain);
      if (claimedBy !== undefined && claimedBy !== row.rowNumber) {
        return { rowNumber: row.rowNumber, column: "domains", reason: { code: "domain_in_file", domain, rowNumber: claimedBy } };
      }
    }
    return undefined;
  }

  contactsBatch(rows: readonly ContactImportRow[], o: BatchOptions): BatchResult {
    return this.transaction(o.write, () => {
      const customers = new Map(
        this.selectIn(
          `SELECT id, nameKey, name, primaryContactId, rowid FROM Customer WHERE nameKey IN`,
          [...new Set(rows.map((r) => r.customerKey))],
          ([id, nameKey, name, primaryContactId, rowid]) => ({
            id: id as string,
            nameKey: nameKey as string,
            name: name as string,
            primaryContactId: primaryContactId as string | null,
            rowid: rowid as number,
          }),
        ).map((c) => [c.nameKey, c]),
      );
      if (!o.write && o.file.primaryNow.size > 0) {
        for (const c of customers.values()) if (o.file.primaryNow.has(c.id)) c.primaryContactId = o.file.primaryNow.payload(c.id) || null;
      }
      const existing = new Map(
        this.selectIn(
          `SELECT id, customerId, emailKey, firstName, lastName, email, phone, mobile, jobTitle, department FROM Contact WHERE emailKey IN`,
          [...new Set(rows.map((r) => r.emailKey))],
          existingContact,
        ).map((c) => [
          `${c.customerId}\n${c.emailKey}`,
          c,
        ]),
      );
      const primaryEmails = new Map(
        this.selectIn(
          `SELECT id, email FROM Contact WHERE id IN`,
          [...customers.values()].map((c) => c.primaryContactId).filter((x): x is string => Boolean(x)),
          ([id, email]) => [id as string, email as string] as const,
        ),
      );
      const result: BatchResult = { created: 0, updated: 0, unchanged: 0, failures: [], primaryChanges: [] };
      const stamp = sqlTime(o.now);
      const st = this.contactStatements();
      const newContacts = new RowInserter(st.insertContact, st.insertContacts, CONTACT_PARAMS); // see customersBatch
      const newPrimaries = new Map<number, string | null>(); // customer rowid -> its primary contact id
      // A plan (see customersBatch), with the primary contacts it sets: customer id -> [the new
      // one, the one the preview saw before the batch], and the FileState claims it makes.
      const planRows: unknown[][] | undefined = o.plan && !o.write ? [] : undefined;
      const planPrimaries = new Map<string, [string, string | null]>();
      const planClaims: [string, number, string][] = [];

      for (const row of rows) {
        const customer = customers.get(row.customerKey);
        if (!customer) {
          result.failures.push({ rowNumber: row.rowNumber, column: "customer", reason: { code: "unknown_customer", name: row.customerName } });
          continue;
        }
        const contactKey = `${customer.id}\n${row.emailKey}`;
        const current = existing.get(contactKey);
        // A preview needs an id only to tell new contacts apart within the batch: no UUID for it,
        // unless it makes a plan.
        const id = current?.id ?? (o.write || planRows ? uuidV7() : `new:${row.rowNumber}`);
        let changed = !current || CONTACT_FIELDS.some((f) => row[f] !== undefined && row[f] !== current[f]);
        const wasPrimary = current !== undefined && customer.primaryContactId === current.id;
        let newPrimary: string | null | undefined;
        if (row.primary === true && !wasPrimary) newPrimary = id;
        if (row.primary === false && wasPrimary) newPrimary = null;
        if (newPrimary !== undefined) {
          changed = true;
          if (newPrimary) {
            if (result.primaryChanges.length < REPORTED_PRIMARY_CHANGES) {
              const earlierRow = o.file.primaryByCustomer.get(customer.id);
              const earlier = earlierRow === undefined ? undefined : { rowNumber: earlierRow, email: o.file.primaryByCustomer.payload(customer.id) ?? "" };
              const previousEmail = earlier?.email ?? (customer.primaryContactId ? primaryEmails.get(customer.primaryContactId) : undefined);
              result.primaryChanges.push({
                rowNumber: row.rowNumber,
                customerName: customer.name,
                email: row.email,
                ...(previousEmail ? { replaced: earlier ? `${previousEmail} (row ${earlier.rowNumber})` : previousEmail } : {}),
              });
            }
            o.file.primaryByCustomer.set(customer.id, row.rowNumber, row.email);
            planClaims.push([customer.id, row.rowNumber, row.email]);
          }
          if (planRows && newPrimary) {
            const before = planPrimaries.has(customer.id) ? (planPrimaries.get(customer.id)?.[1] ?? null) : customer.primaryContactId;
            planPrimaries.set(customer.id, [newPrimary, before]);
          }
          customer.primaryContactId = newPrimary;
          if (!o.write) o.file.primaryNow.set(customer.id, 0, newPrimary ?? "");
          if (newPrimary) primaryEmails.set(newPrimary, row.email);
        }
        if (!current) result.created++;
        else if (changed) result.updated++;
        else result.unchanged++;
        if (!o.write) {
          // A second row for the same customer and email never gets here (ImportService refuses
          // repeats first), so a new contact need not be remembered for the rest of the batch.
          // positional, as in PLAN_CONTACT_COLUMNS
          if (!current) planRows?.push([id, customer.id, row.firstName, row.lastName, row.email, row.emailKey, row.phone ?? null, row.mobile ?? null, row.jobTitle ?? null, row.department ?? null]);
          continue;
        }
        // positional: firstName, lastName, email, phone, mobile, jobTitle, department
        const phone = row.phone ?? null;
        const mobile = row.mobile ?? null;
        const jobTitle = row.jobTitle ?? null;
        const department = row.department ?? null;
        // New contacts go in many rows to a statement: nothing in this batch reads them back.
        if (!current) newContacts.row(id, customer.id, row.firstName, row.lastName, row.email, row.emailKey, phone, mobile, jobTitle, department, o.userId, stamp, stamp);
        else if (changed) st.updateContact.run(row.firstName, row.lastName, row.email, phone, mobile, jobTitle, department, stamp, id);
        if (newPrimary !== undefined) newPrimaries.set(customer.rowid, newPrimary);
      }
      newContacts.finish();
      // A customer's primary contact is written once per batch, with the batch's last choice: the
      // same end state as one update per row (every value is a distinct contact of that customer,
      // so the unique index on primaryContactId cannot object in between either).
      for (const [rowid, contactId] of newPrimaries) st.setPrimary.run(contactId, stamp, rowid);
      if (planRows && result.created === rows.length && rows.length > 0) {
        const planCustomers = new Map<string, string>(); // id -> the name key the preview found it by
        for (const c of customers.values()) planCustomers.set(c.id, c.nameKey);
        const customerKeys = [...new Set(planRows.map((r) => r[1] as string))].map((id) => [id, planCustomers.get(id)]);
        result.plan = {
          meta: { kind: "contacts", count: planRows.length, customers: customerKeys.length, primaries: planPrimaries.size },
          lines: {
            kind: "contacts",
            rows: JSON.stringify(planRows),
            customers: JSON.stringify(customerKeys),
            primaries: JSON.stringify([...planPrimaries].map(([customerId, [contactId, before]]) => [customerId, contactId, before])),
            claims: JSON.stringify(planClaims),
          },
        };
      }
      if (o.write && o.jobId) this.countBatch(o.jobId, rows.length + (o.rejectedBefore ?? 0), result, o.rejectedBefore ?? 0, stamp);
      return result;
    });
  }

  /**
   * Writes a batch the preview planned (see WritePlan) in one transaction with the job's counters,
   * or writes nothing and returns undefined when the plan no longer holds: the caller then imports
   * the batch row by row.
   */
  applyPlan(plan: WritePlan, o: BatchOptions): BatchResult | undefined {
    const st = this.planStatements();
    const stamp = sqlTime(o.now);
    const rejected = o.rejectedBefore ?? 0;
    let claims: [string, number, string][] = [];
    let planned: BatchResult;
    try {
      planned = this.db
        .transaction((): BatchResult => {
          const { meta, lines } = plan;
          const result: BatchResult = { created: meta.count, updated: 0, unchanged: 0, failures: [], primaryChanges: [] };
          if (meta.kind === "customers" && lines.kind === "customers") {
            // Each SLA and profile name (or the default) still means what it meant to the preview.
            const now = this.lookups();
            if (meta.slas.some(([key, id]) => (key === "" ? now.defaultSlaId : now.slaByKey.get(key)) !== id)) throw new StalePlan();
            if (meta.profiles.some(([key, id]) => (key === "" ? now.defaultProfileId : now.profileByKey.get(key)) !== id)) throw new StalePlan();
            // A name or domain taken since the preview breaks a unique index: StalePlan below.
            if (st.customers.run({ rows: lines.rows, user: o.userId, stamp }).changes !== meta.count) throw new StalePlan();
            if (st.domains.run(lines.domains).changes !== meta.domains) throw new StalePlan();
          } else if (meta.kind === "contacts" && lines.kind === "contacts") {
            // Every customer is still there under the name the file gives, and has the primary contact the preview saw.
            if (st.customersThere.get(lines.customers) !== meta.customers) throw new StalePlan();
            if (meta.primaries > 0 && st.primariesAsSeen.get(lines.primaries) !== meta.primaries) throw new StalePlan();
            if (st.contacts.run({ rows: lines.rows, user: o.userId, stamp }).changes !== meta.count) throw new StalePlan();
            claims = JSON.parse(String(lines.claims)) as [string, number, string][];
            if (!Array.isArray(claims)) throw new StalePlan();
            result.primaryChanges = this.reportPrimaries(claims, o.file); // before the primary contacts change
            if (meta.primaries > 0 && st.setPrimaries.run({ primaries: lines.primaries, stamp }).changes !== meta.primaries) throw new StalePlan();
          } else throw new Error("A plan's lines do not match its kind");
          if (o.jobId) this.countBatch(o.jobId, meta.count + rejected, result, rejected, stamp);
          return result;
        })
        .immediate();
    } catch (e) {
      if (e instanceof StalePlan || isConstraintError(e) || isMalformedJson(e)) return undefined;
      throw e;
    }
    // Committed: the file's record of who made whom primary moves on, as row by row it would.
    for (const [customerId, rowNumber, email] of claims) o.file.primaryByCustomer.set(customerId, rowNumber, email);
    return planned;
  }

  /**
   * The primary contact changes a planned batch of contacts reports, worded as contactsBatch words
   * them: from the file's earlier claims and the customers' names and primary contacts as they are
   * now (the preview's own wording could be out of date: a customer renamed, an email edited, an
   * import run again after a crash).
   */
  private reportPrimaries(claims: readonly [string, number, string][], file: FileState): PrimaryChange[] {
    const shown = claims.slice(0, REPORTED_PRIMARY_CHANGES);
    const now = new Map(
      this.selectIn(
        `SELECT c.id, c.name, k.email FROM Customer c LEFT JOIN Contact k ON k.id = c.primaryContactId WHERE c.id IN`,
        [...new Set(shown.map(([customerId]) => customerId))],
        ([id, name, email]) => [id as string, { name: name as string, email: email as string | null }] as const,
      ),
    );
    const inBatch = new Map<string, { rowNumber: number; email: string }>();
    return shown.map(([customerId, rowNumber, email]) => {
      const earlierRow = file.primaryByCustomer.get(customerId);
      const earlier = inBatch.get(customerId) ?? (earlierRow === undefined ? undefined : { rowNumber: earlierRow, email: file.primaryByCustomer.payload(customerId) ?? "" });
      const previousEmail = earlier?.email ?? now.get(customerId)?.email ?? undefined;
      inBatch.set(customerId, { rowNumber, email });
      return {
        rowNumber,
        customerName: now.get(customerId)?.name ?? "",
        email,
        ...(previousEmail ? { replaced: earlier ? `${previousEmail} (row ${earlier.rowNumber})` : previousEmail } : {}),
      };
    });
  }

  private planStatementCache?: ReturnType<SqliteImportStore["preparePlanStatements"]>;
  private planStatements() {
    this.planStatementCache ??= this.preparePlanStatements();
    return this.planStatementCache;
  }

  private preparePlanStatements() {
    const from = (columns: readonly string[]) => columns.map((_, i) => `value->>${i}`).join(", ");
    // jsonb_each: the array is parsed once, and each row's values are read from its binary form.
    // CAST: the spool's bytes come as a blob, to be read as the JSON text they are.
    return {
      customers: this.db.prepare(
        `INSERT INTO Customer (${PLAN_CUSTOMER_COLUMNS.join(", ")}, ticketsOnlyFromPrimary, createdBy, createdAt, updatedAt)
         SELECT ${from(PLAN_CUSTOMER_COLUMNS)}, 0, @user, @stamp, @stamp FROM jsonb_each(CAST(@rows AS TEXT))`,
      ),
      domains: this.db.prepare(`INSERT INTO CustomerDomain (id, customerId, domain) SELECT value->>0, value->>1, value->>2 FROM jsonb_each(CAST(? AS TEXT))`),
      contacts: this.db.prepare(
        `INSERT INTO Contact (${PLAN_CONTACT_COLUMNS.join(", ")}, noEmailTickets, createdBy, createdAt, updatedAt)
         SELECT ${from(PLAN_CONTACT_COLUMNS)}, 0, @user, @stamp, @stamp FROM jsonb_each(CAST(@rows AS TEXT))`,
      ),
      customersThere: this.db.prepare(`SELECT count(*) FROM jsonb_each(CAST(? AS TEXT)) j JOIN Customer c ON c.id = j.value->>0 AND c.nameKey = j.value->>1`).pluck(),
      // "+": compare, rather than search the primary contact index for every customer without one.
      primariesAsSeen: this.db.prepare(`SELECT count(*) FROM jsonb_each(CAST(? AS TEXT)) p JOIN Customer c ON c.id = p.value->>0 WHERE +c.primaryContactId IS p.value->>2`).pluck(),
      setPrimaries: this.db.prepare(
        `UPDATE Customer SET primaryContactId = p.value->>1, updatedAt = @stamp FROM jsonb_each(CAST(@primaries AS TEXT)) p WHERE Customer.id = p.value->>0`,
      ),
    };
  }

  /**
   * Marks a job finished on this connection. Through Prisma's connection, this first small commit
   * after the import's batches made that connection copy the whole write-ahead log into the
   * database (SQLite checkpoints after a commit once the log passes 1,000 pages): 130-170 ms per
   * 100k rows before the final report. This connection checkpoints only past 32,000 pages; the
   * import's checkpoint worker (armCheckpoint) copies the log in the background.
   */
  finishJob(jobId: string, status: string, finishedAt: Date): void {
    this.db.prepare(`UPDATE ImportJob SET status = ?, finishedAt = ?, updatedAt = ? WHERE id = ?`).run(status, sqlTime(finishedAt), sqlTime(finishedAt), jobId);
  }

  /**
   * Starts the worker thread that copies the write-ahead log into the database (a PASSIVE
   * checkpoint) while the import writes: every CHECKPOINT_EVERY_MS on its own connection, on the
   * other core, so the import's connection seldom reaches its own autocheckpoint (a million rows
   * went from 7.4-7.8 s to 6.0-6.1 s of writing here), and once more when the import tells it
   * (`finish`) it is over. Started at the import's start because a worker takes some
   * 50-100 ms to load the SQLite driver: an app write in that time after the import (the next
   * upload's job, say) would copy the whole log itself, on the event loop. With the worker's
   * checkpoint under way, such a write skips its own.
   */
  armCheckpoint(): Checkpointer {
    const code = `const { parentPort } = require("node:worker_threads");
      const Database = require(${JSON.stringify(requireHere.resolve("better-sqlite3"))});
      const db = new Database(${JSON.stringify(this.file)}, { timeout: 15000 });
      const checkpoint = () => db.pragma("wal_checkpoint(PASSIVE)");
      const timer = setInterval(checkpoint, ${CHECKPOINT_EVERY_MS});
      parentPort.once("message", (finish) => {
        clearInterval(timer);
        try { if (finish) checkpoint(); } finally { db.close(); parentPort.close(); }
      });`;
    const worker = new Worker(code, { eval: true });
    worker.unref(); // an armed worker never keeps the process alive
    const done = new Promise<void>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", (exitCode) => (exitCode === 0 ? resolve() : reject(new Error(`The checkpoint worker stopped with exit code ${exitCode}`))));
    });
    done.catch(() => undefined); // reported to whoever awaits finish()
    this.checkpointers.add(worker);
    void done.finally(() => this.checkpointers.delete(worker)).catch(() => undefined);
    return {
      finish: () => {
        worker.ref();
        worker.postMessage(true);
        return done;
      },
    };
  }

  /** The checkpoint workers of imports still running or finishing (each import has its own). */
  private readonly checkpointers = new Set<Worker>();

  private countBatch(jobId: string, processed: number, r: BatchResult, rejectedBefore: number, stamp: string): void {
    this.db
      .prepare(
        `UPDATE ImportJob SET processedRows = processedRows + ?, created = created + ?, updated = updated + ?, unchanged = unchanged + ?,
           failed = failed + ?, updatedAt = ? WHERE id = ?`,
      )
      .run(processed, r.created, r.updated, r.unchanged, r.failures.length + rejectedBefore, stamp, jobId);
  }
}

/** The columns of a plan's rows, in order. */
const PLAN_CUSTOMER_COLUMNS = ["id", "name", "nameKey", ...CUSTOMER_FIELDS, "slaId", "alertProfileId"] as const;
const PLAN_CONTACT_COLUMNS = ["id", "customerId", "firstName", "lastName", "email", "emailKey", "phone", "mobile", "jobTitle", "department"] as const;

/** A batch reports at most this many primary contact changes: the import's report lists the first 20 (ImportService). */
const REPORTED_PRIMARY_CHANGES = 20;

/** Thrown inside applyPlan's transaction to roll it back. */
class StalePlan extends Error {}

/** The background checkpoint of one import (see armCheckpoint). */
export type Checkpointer = {
  /** Tells the worker the import is over: it checkpoints once more and exits. Resolves then. */
  finish(): Promise<void>;
};

/** How often the armed checkpoint worker copies what the import committed so far into the database. */
const CHECKPOINT_EVERY_MS = 250;

const isConstraintError = (e: unknown) => e instanceof Database.SqliteError && e.code.startsWith("SQLITE_CONSTRAINT");
/** A plan line that is not the JSON the preview wrote (a damaged spool): the batch goes row by row. */
const isMalformedJson = (e: unknown) => e instanceof SyntaxError || (e instanceof Database.SqliteError && /malformed JSON/i.test(e.message));

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(b);
  return a.every((x) => s.has(x));
}
