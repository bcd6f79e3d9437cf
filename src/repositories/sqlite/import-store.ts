/**
 * The CSV importer's bulk writer on SQLite, through better-sqlite3 (see ../import-store.ts for what
 * both databases' writers share): prepared statements, new rows 100 to an INSERT, and for batches
 * the preview planned (WritePlan) one INSERT ... SELECT from SQLite's jsonb_each per table. The
 * statements write ISO-8601 text timestamps with +00:00, as the Prisma SQLite adapter does.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { ContactImportRow, CustomerImportRow } from "../../import/rows.js";
import { sqliteFilePath } from "../../db/sqlite-url.js";
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
  type Upkeep,
  type WritePlan,
} from "../import-store.js";

const CHUNK = 500;
const requireHere = createRequire(import.meta.url);

const sqlTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

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

export class SqliteImportStore implements ImportStore {
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
    // each checkpoint syncs the file twice. During an import the armed worker (startUpkeep)
    // checkpoints first, so this one only catches up when the worker falls behind. The WAL file is
    // cut back to 64 MB after a checkpoint so it does not keep its largest size on disk.
    this.db.pragma("wal_autocheckpoint = 32000");
    this.db.pragma("journal_size_limit = 67108864");
  }

  async close(): Promise<void> {
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
  private lookups(): Lookups {
    const slas = this.db.prepare(`SELECT id, nameKey, isDefault FROM Sla`).all() as { id: string; nameKey: string; isDefault: number }[];
    const profiles = this.db.prepare(`SELECT id, nameKey, isDefault FROM AlertThresholdProfile`).all() as typeof slas;
    return lookupsOf(slas, profiles);
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

  private customerReads(rows: readonly CustomerImportRow[]): CustomerReads {
    const existing = new Map(
      this.selectIn(`SELECT ${EXISTING_CUSTOMER_COLUMNS.join(", ")} FROM Customer WHERE nameKey IN`, rows.map((r) => r.nameKey), existingCustomer).map((c) => [c.nameKey, c]),
    );
    const owners = new Map(
      this.selectIn(
        `SELECT d.domain, d.customerId, c.name FROM CustomerDomain d JOIN Customer c ON c.id = d.customerId WHERE d.domain IN`,
        rows.flatMap((r) => r.domains ?? []),
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
    return { lookups: this.lookups(), existing, owners, currentDomains };
  }

  async customersBatch(rows: readonly CustomerImportRow[], o: BatchOptions): Promise<BatchResult> {
    return this.transaction(o.write, () => {
      const reads = this.customerReads(rows);
      const stamp = sqlTime(o.now);
      const writes = o.write ? this.customerWrites(o.userId, stamp) : undefined;
      const result = customersBatch(rows, reads, o, writes);
      writes?.finish();
      if (o.write && o.jobId) this.countBatch(o.jobId, o.owner, rows.length, result, o.rejectedBefore ?? 0, stamp);
      return result;
    });
  }

  /** Writes as they come: new rows ROWS_PER_INSERT to a statement, the rest one statement each. */
  private customerWrites(userId: string, stamp: string): CustomerWrites & { finish(): void } {
    const st = this.customerStatements();
    const newCustomers = new RowInserter(st.insertCustomer, st.insertCustomers, CUSTOMER_PARAMS);
    const newDomains = new RowInserter(st.insertDomain, st.insertDomains, DOMAIN_PARAMS);
    return {
      newCustomer(id, row, slaId, profileId) {
        // positional, as in the INSERT: id, name, nameKey, the ten optional fields, slaId, alertProfileId, createdBy, createdAt, updatedAt
        newCustomers.row(
          id, row.name, row.nameKey, row.rank ?? null, row.businessId ?? null, row.phone ?? null, row.fax ?? null, row.address ?? null,
          row.city ?? null, row.country ?? null, row.state ?? null, row.zip ?? null, row.notes ?? null, slaId, profileId, userId, stamp, stamp,
        );
      },
      newDomain(id, customerId, domain) {
        newDomains.row(id, customerId, domain);
      },
      updateCustomer(id, row, slaId, profileId) {
        // positional: name, the ten optional fields, slaId, alertProfileId, updatedAt, id
        st.updateCustomer.run(
          row.name, row.rank ?? null, row.businessId ?? null, row.phone ?? null, row.fax ?? null, row.address ?? null, row.city ?? null,
          row.country ?? null, row.state ?? null, row.zip ?? null, row.notes ?? null, slaId, profileId, stamp, id,
        );
      },
      replaceDomains(customerId, domains) {
        st.deleteDomains.run(customerId);
        for (const d of domains) st.insertDomain.run(uuidV7(), customerId, d);
      },
      finish() {
        newCustomers.finish();
        newDomains.finish();
      },
    };
  }

  private contactReads(rows: readonly ContactImportRow[], o: BatchOptions): ContactReads {
    const customers = new Map(
      this.selectIn(
        `SELECT id, nameKey, name, primaryContactId, rowid FROM Customer WHERE nameKey IN`,
        [...new Set(rows.map((r) => r.customerKey))],
        ([id, nameKey, name, primaryContactId, rowid]): ContactCustomer => ({
          id: id as string,
          nameKey: nameKey as string,
          name: name as string,
          primaryContactId: primaryContactId as string | null,
          ref: rowid as number,
        }),
      ).map((c) => [c.nameKey, c]),
    );
    previewPrimaries(customers.values(), o);
    const existing = new Map(
      this.selectIn(`SELECT ${EXISTING_CONTACT_COLUMNS.join(", ")} FROM Contact WHERE emailKey IN`, [...new Set(rows.map((r) => r.emailKey))], existingContact).map((c) => [
        contactKey(c.customerId, c.emailKey),
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
    return { customers, existing, primaryEmails };
  }

  async contactsBatch(rows: readonly ContactImportRow[], o: BatchOptions): Promise<BatchResult> {
    return this.transaction(o.write, () => {
      const reads = this.contactReads(rows, o);
      const stamp = sqlTime(o.now);
      const writes = o.write ? this.contactWrites(o.userId, stamp) : undefined;
      const result = contactsBatch(rows, reads, o, writes);
      writes?.finish();
      if (o.write && o.jobId) this.countBatch(o.jobId, o.owner, rows.length, result, o.rejectedBefore ?? 0, stamp);
      return result;
    });
  }

  private contactWrites(userId: string, stamp: string): ContactWrites & { finish(): void } {
    const st = this.contactStatements();
    // New contacts go in many rows to a statement: nothing in this batch reads them back.
    const newContacts = new RowInserter(st.insertContact, st.insertContacts, CONTACT_PARAMS);
    const primaries: [number, string | null][] = [];
    return {
      newContact(id, customerId, row) {
        newContacts.row(
          id, customerId, row.firstName, row.lastName, row.email, row.emailKey, row.phone ?? null, row.mobile ?? null, row.jobTitle ?? null,
          row.department ?? null, userId, stamp, stamp,
        );
      },
      updateContact(id, row) {
        // positional: firstName, lastName, email, phone, mobile, jobTitle, department, updatedAt, id
        st.updateContact.run(row.firstName, row.lastName, row.email, row.phone ?? null, row.mobile ?? null, row.jobTitle ?? null, row.department ?? null, stamp, id);
      },
      setPrimary(customer, contactId) {
        primaries.push([customer.ref as number, contactId]);
      },
      finish() {
        newContacts.finish();
        for (const [rowid, contactId] of primaries) st.setPrimary.run(contactId, stamp, rowid);
      },
    };
  }

  async applyPlan(plan: WritePlan, o: BatchOptions): Promise<BatchResult | undefined> {
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
            claims = planClaims(lines.claims);
            result.primaryChanges = reportPrimaries(claims, o.file, this.primariesNow(claimedCustomers(claims))); // before the primary contacts change
            if (meta.primaries > 0 && st.setPrimaries.run({ primaries: lines.primaries, stamp }).changes !== meta.primaries) throw new StalePlan();
          } else throw new Error("A plan's lines do not match its kind");
          if (o.jobId) this.countBatch(o.jobId, o.owner, meta.count, result, rejected, stamp);
          return result;
        })
        .immediate();
    } catch (e) {
      if (e instanceof StalePlan || isConstraintError(e) || isMalformedJson(e)) return undefined;
      throw e;
    }
    commitClaims(claims, o.file);
    return planned;
  }

  /** The customers' names and primary contacts' emails, for reportPrimaries. */
  private primariesNow(customerIds: string[]) {
    return new Map(
      this.selectIn(
        `SELECT c.id, c.name, k.email FROM Customer c LEFT JOIN Contact k ON k.id = c.primaryContactId WHERE c.id IN`,
        customerIds,
        ([id, name, email]) => [id as string, { name: name as string, email: email as string | null }] as const,
      ),
    );
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
   * import's checkpoint worker (startUpkeep) copies the log in the background.
   */
  async finishJob(jobId: string, status: string, finishedAt: Date, owner?: string): Promise<void> {
    const stamp = sqlTime(finishedAt);
    const changed = owner
      ? this.db.prepare(`UPDATE ImportJob SET status = ?, finishedAt = ?, updatedAt = ?, owner = NULL WHERE id = ? AND status = 'running' AND owner = ?`).run(status, stamp, stamp, jobId, owner)
      : this.db.prepare(`UPDATE ImportJob SET status = ?, finishedAt = ?, updatedAt = ? WHERE id = ?`).run(status, stamp, stamp, jobId);
    if (owner && changed.changes !== 1) throw new JobLost(jobId);
  }

  /**
   * The import's upkeep on SQLite: starts the worker thread that copies the write-ahead log into the database (a PASSIVE
   * checkpoint) while the import writes: every CHECKPOINT_EVERY_MS on its own connection, on the
   * other core, so the import's connection seldom reaches its own autocheckpoint (a million rows
   * went from 7.4-7.8 s to 6.0-6.1 s of writing here), and once more when the import tells it
   * (`finish`) it is over. Started at the import's start because a worker takes some
   * 50-100 ms to load the SQLite driver: an app write in that time after the import (the next
   * upload's job, say) would copy the whole log itself, on the event loop. With the worker's
   * checkpoint under way, such a write skips its own.
   */
  startUpkeep(): Upkeep {
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

  /** The job's counters, in the batch's transaction; with `owner`, only while the job is that instance's (else JobLost rolls the batch back). */
  private countBatch(jobId: string, owner: string | undefined, rows: number, r: BatchResult, rejectedBefore: number, stamp: string): void {
    const n = batchCounts(rows, r, rejectedBefore);
    const { changes } = this.db
      .prepare(
        `UPDATE ImportJob SET processedRows = processedRows + ?, created = created + ?, updated = updated + ?, unchanged = unchanged + ?,
           failed = failed + ?, updatedAt = ? WHERE id = ? AND (? IS NULL OR (status = 'running' AND owner = ?))`,
      )
      .run(n.processed, n.created, n.updated, n.unchanged, n.failed, stamp, jobId, owner ?? null, owner ?? null);
    if (changes !== 1) throw new JobLost(jobId);
  }
}

/** How often the upkeep worker copies what the import committed so far into the database. */
const CHECKPOINT_EVERY_MS = 250;

const isConstraintError = (e: unknown) => e instanceof Database.SqliteError && e.code.startsWith("SQLITE_CONSTRAINT");
/** A plan line that is not the JSON the preview wrote (a damaged spool): the batch goes row by row. */
const isMalformedJson = (e: unknown) => e instanceof SyntaxError || (e instanceof Database.SqliteError && /malformed JSON/i.test(e.message));
