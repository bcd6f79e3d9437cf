/**
 * The CSV importer's bulk writer, as the import service sees it (ImportStore), and what both
 * databases' writers share: the types of a batch and of a preview's write plan, and the
 * classification of a batch's rows against what the database holds (customersBatch,
 * contactsBatch), which is the same on either database. A writer reads what a batch needs in
 * a few queries, hands it to the classification with a sink for the writes (undefined for a
 * preview, which writes nothing), and writes the batch in one transaction together with the job's
 * counters, so after a crash the job's counts are exactly what was committed.
 *
 * The writers (chosen at start-up, src/repositories/backend.ts):
 * - sqlite/import-store.ts: better-sqlite3 prepared statements, 100 rows to an INSERT, planned
 *   batches with one INSERT ... SELECT from SQLite's jsonb_each per table;
 * - postgres/import-store.ts: pg, every table's rows of a batch in one statement from arrays
 *   (unnest), planned batches with one INSERT ... SELECT from jsonb_array_elements per table.
 *
 * Why not Prisma here: measured on this machine, 100k customers through Prisma raw multi-row
 * INSERTs in 5,000-row transactions ran at ~27,000 rows/s and 350 MB RSS, against ~105,000 rows/s
 * for prepared statements; the import must reach half of what the database can do. Everything else
 * goes through Prisma. The writers use the tables and column formats Prisma created, so Prisma
 * reads these rows like its own.
 */
import { randomFillSync } from "node:crypto";
import type { ContactImportRow, CustomerImportRow } from "../import/rows.js";
import { KeyIndex } from "../import/key-index.js";
import { nameKey as toNameKey } from "../domain/text.js";

/** The importer's bulk writer on one database. */
export interface ImportStore {
  /** Classifies (and with `write`, writes) one batch of customer rows, in one transaction. */
  customersBatch(rows: readonly CustomerImportRow[], o: BatchOptions): Promise<BatchResult>;
  /** The same for contact rows. */
  contactsBatch(rows: readonly ContactImportRow[], o: BatchOptions): Promise<BatchResult>;
  /**
   * Writes a batch the preview planned (see WritePlan) in one transaction with the job's counters,
   * or writes nothing and answers undefined when the plan no longer holds: the caller then imports
   * the batch row by row.
   */
  applyPlan(plan: WritePlan, o: BatchOptions): Promise<BatchResult | undefined>;
  /**
   * Marks a job finished on the writer's own connection (see the SQLite writer for why). With
   * `owner`, only while that instance still runs it (else JobLost: another instance recovered it).
   */
  finishJob(jobId: string, status: string, finishedAt: Date, owner?: string): Promise<void>;
  /**
   * Starts what the database needs done in the background while one import writes (SQLite: the
   * worker that copies the write-ahead log into the database; PostgreSQL: nothing), finished by
   * the import itself.
   */
  startUpkeep(): Upkeep;
  close(): Promise<void>;
}

/** The background upkeep of one import (see ImportStore.startUpkeep). */
export type Upkeep = {
  /** Tells it the import is over: it does its last work and stops. Resolves then. */
  finish(): Promise<void>;
};

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
 * (read by the database's JSON functions in one INSERT ... SELECT), and what must still hold for
 * the plan to be right. applyPlan checks that, and a batch whose plan no longer holds (a customer
 * created with the same name since the preview, a domain or an email taken, an SLA deleted, a
 * primary contact changed) is imported row by row instead, as if there were no plan.
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
 * The large part, as JSON text that goes to the database as it is (a string from the preview, the
 * spool's bytes in the import). Customers: `rows` (PLAN_CUSTOMER_COLUMNS) and `domains` ([id,
 * customerId, domain]). Contacts: `rows` (PLAN_CONTACT_COLUMNS), `customers` ([id, name key] of
 * their customers), `primaries` ([customer id, the new primary contact's id, the primary contact
 * the preview saw before]) and `claims` (the FileState.primaryByCustomer entries the batch makes:
 * [customer id, row number, email]).
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
  /**
   * the instance running the job: a written batch commits only while the job is still running
   * and still this instance's (else JobLost and the batch rolls back), so an instance that was
   * taken for dead and lost its job never writes into the run another instance started since
   */
  owner?: string;
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

export const CUSTOMER_FIELDS = ["rank", "businessId", "phone", "fax", "address", "city", "country", "state", "zip", "notes"] as const;
export const CONTACT_FIELDS = ["firstName", "lastName", "email", "phone", "mobile", "jobTitle", "department"] as const;
/** The columns of a plan's rows, in order. */
export const PLAN_CUSTOMER_COLUMNS = ["id", "name", "nameKey", ...CUSTOMER_FIELDS, "slaId", "alertProfileId"] as const;
export const PLAN_CONTACT_COLUMNS = ["id", "customerId", "firstName", "lastName", "email", "emailKey", "phone", "mobile", "jobTitle", "department"] as const;

/** A batch reports at most this many primary contact changes: the import's report lists the first 20 (ImportService). */
export const REPORTED_PRIMARY_CHANGES = 20;

/** Thrown inside a writer's applyPlan transaction to roll it back. */
export class StalePlan extends Error {}

/** The job is no longer running as this instance's (another instance recovered it): nothing of the batch is written. */
export class JobLost extends Error {
  override readonly name = "JobLost";
  constructor(readonly jobId: string) {
    super(`JobLost: ${jobId}`);
  }
}

export type ExistingCustomer = Record<(typeof CUSTOMER_FIELDS)[number], string | null> & {
  id: string;
  name: string;
  nameKey: string;
  slaId: string;
  alertProfileId: string;
};
export type ExistingContact = Record<(typeof CONTACT_FIELDS)[number], string | null> & { id: string; customerId: string; emailKey: string };

/** The columns a writer reads for ExistingCustomer, in the order existingCustomer takes them (unquoted names). */
export const EXISTING_CUSTOMER_COLUMNS = ["id", "name", "nameKey", ...CUSTOMER_FIELDS, "slaId", "alertProfileId"] as const;
/** The columns a writer reads for ExistingContact, in the order existingContact takes them. */
export const EXISTING_CONTACT_COLUMNS = ["id", "customerId", "emailKey", "firstName", "lastName", "email", "phone", "mobile", "jobTitle", "department"] as const;

type Cell = string | null;
/** A row of EXISTING_CUSTOMER_COLUMNS, read as an array (cheaper than the drivers' row objects), as an object. */
export function existingCustomer(v: unknown[]): ExistingCustomer {
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
export function existingContact(v: unknown[]): ExistingContact {
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

/** SLA and alert profile ids by name key, and the defaults for new customers. */
export type Lookups = {
  slaByKey: Map<string, string>;
  profileByKey: Map<string, string>;
  defaultSlaId: string | undefined;
  defaultProfileId: string | undefined;
};
export function lookupsOf(slas: { id: string; nameKey: string; isDefault: unknown }[], profiles: { id: string; nameKey: string; isDefault: unknown }[]): Lookups {
  return {
    slaByKey: new Map(slas.map((s) => [s.nameKey, s.id])),
    profileByKey: new Map(profiles.map((p) => [p.nameKey, p.id])),
    defaultSlaId: slas.find((s) => Boolean(s.isDefault))?.id ?? slas[0]?.id,
    defaultProfileId: profiles.find((p) => Boolean(p.isDefault))?.id ?? profiles[0]?.id,
  };
}

/** What customersBatch needs from the database, read by the writer before it. */
export type CustomerReads = {
  lookups: Lookups;
  /** the customers the rows name, by name key */
  existing: Map<string, ExistingCustomer>;
  /** the customers that own the rows' domains, by domain */
  owners: Map<string, { customerId: string; name: string }>;
  /** the domains of the existing customers, by customer id */
  currentDomains: Map<string, string[]>;
};

/** The writes customersBatch asks for, in any order within the batch (see there). */
export interface CustomerWrites {
  newCustomer(id: string, row: CustomerImportRow, slaId: string, profileId: string): void;
  newDomain(id: string, customerId: string, domain: string): void;
  /** An empty cell (undefined) leaves the stored value as it is. */
  updateCustomer(id: string, row: CustomerImportRow, slaId: string, profileId: string): void;
  /** The customer's domains become exactly these. */
  replaceDomains(customerId: string, domains: readonly string[]): void;
}

/**
 * One batch of customer rows against what the database holds: counts, failures, the writes (when
 * `writes` is given) and, for a preview asked for one, a plan.
 */
export function customersBatch(rows: readonly CustomerImportRow[], reads: CustomerReads, o: BatchOptions, writes?: CustomerWrites): BatchResult {
  const { lookups, existing, owners, currentDomains } = reads;
  const result: BatchResult = { created: 0, updated: 0, unchanged: 0, failures: [], primaryChanges: [] };
  // Writing: earlier batches are committed, so the owners query sees their domains; only this
  // batch's claims are needed. Previewing writes nothing, so claims span the whole file.
  if (o.write) o.file.domainClaims.clear();
  // A domain cannot change hands within one batch (its owner is read before the batch: see
  // checkDomains), so the writes may be made in any order, as they come or all at the end: the
  // result is the same as row by row.
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
    const profileId = row.alertProfileName ? lookups.profileByKey.get(toNameKey(row.alertProfileName)) : (current?.alertProfileId ?? lookups.defaultProfileId);
    if (!profileId) {
      result.failures.push({ rowNumber: row.rowNumber, column: "alertProfile", reason: { code: "unknown_alert_profile", name: row.alertProfileName ?? "" } });
      continue;
    }
    const domainFailure = checkDomains(row, current, owners, o.file);
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
      if (writes) {
        const id = uuidV7();
        writes.newCustomer(id, row, slaId, profileId);
        if (row.domains) for (const d of row.domains) writes.newDomain(uuidV7(), id, d);
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
    if (writes) {
      writes.updateCustomer(current.id, row, slaId, profileId);
      if (domainsChanged) writes.replaceDomains(current.id, row.domains ?? []);
    }
  }
  if (planRows && result.created === rows.length && rows.length > 0) {
    result.plan = {
      meta: { kind: "customers", count: planRows.length, slas: [...planSlas], profiles: [...planProfiles], domains: planDomains.length },
      lines: { kind: "customers", rows: JSON.stringify(planRows), domains: JSON.stringify(planDomains) },
    };
  }
  return result;
}

function checkDomains(row: CustomerImportRow, current: ExistingCustomer | undefined, owners: Map<string, { customerId: string; name: string }>, file: FileState): RowFailure | undefined {
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

/** A customer a contact row names, as read for contactsBatch. `ref`: how the writer finds its row again (SQLite: rowid). */
export type ContactCustomer = { id: string; nameKey: string; name: string; primaryContactId: string | null; ref: string | number };

/** What contactsBatch needs from the database. */
export type ContactReads = {
  /** the customers the rows name, by name key, after previewPrimaries */
  customers: Map<string, ContactCustomer>;
  /** the contacts the rows' emails match, by `${customerId}\n${emailKey}` */
  existing: Map<string, ExistingContact>;
  /** the emails of the customers' primary contacts, by contact id */
  primaryEmails: Map<string, string>;
};

/**
 * A preview writes nothing, so the primary contacts that earlier batches of the file set are in
 * its FileState, not in the database: the customers read for a batch are corrected from it. Call
 * before reading the primary contacts' emails.
 */
export function previewPrimaries(customers: Iterable<ContactCustomer>, o: BatchOptions): void {
  if (o.write || o.file.primaryNow.size === 0) return;
  for (const c of customers) if (o.file.primaryNow.has(c.id)) c.primaryContactId = o.file.primaryNow.payload(c.id) || null;
}

export const contactKey = (customerId: string, emailKey: string) => `${customerId}\n${emailKey}`;

export interface ContactWrites {
  newContact(id: string, customerId: string, row: ContactImportRow): void;
  /** An empty cell (undefined) leaves the stored value as it is. */
  updateContact(id: string, row: ContactImportRow): void;
  /**
   * Once per customer whose primary contact the batch changes, after its contacts, with the batch's
   * last choice: the same end state as one update per row (every value is a distinct contact of
   * that customer, so the unique index on primaryContactId cannot object in between either).
   */
  setPrimary(customer: ContactCustomer, contactId: string | null): void;
}

/** One batch of contact rows against what the database holds (see customersBatch). */
export function contactsBatch(rows: readonly ContactImportRow[], reads: ContactReads, o: BatchOptions, writes?: ContactWrites): BatchResult {
  const { customers, existing, primaryEmails } = reads;
  const result: BatchResult = { created: 0, updated: 0, unchanged: 0, failures: [], primaryChanges: [] };
  const newPrimaries = new Map<string, [ContactCustomer, string | null]>(); // customer id -> its primary contact id
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
    const current = existing.get(contactKey(customer.id, row.emailKey));
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
    if (writes) {
      if (!current) writes.newContact(id, customer.id, row);
      else if (changed) writes.updateContact(id, row);
    }
    if (newPrimary !== undefined) newPrimaries.set(customer.id, [customer, newPrimary]);
  }
  if (writes) for (const [customer, contactId] of newPrimaries.values()) writes.setPrimary(customer, contactId);
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
  return result;
}

/** The FileState.primaryByCustomer claims of a planned contacts batch (its `claims` line). Throws StalePlan when the line is not an array. */
export function planClaims(line: PlanText): [string, number, string][] {
  const claims = JSON.parse(String(line)) as unknown;
  if (!Array.isArray(claims)) throw new StalePlan();
  return claims as [string, number, string][];
}

/** The customers that the shown claims of a planned batch name (for the writer to read for reportPrimaries). */
export const claimedCustomers = (claims: readonly [string, number, string][]) => [...new Set(claims.slice(0, REPORTED_PRIMARY_CHANGES).map(([customerId]) => customerId))];

/**
 * The primary contact changes a planned batch of contacts reports, worded as contactsBatch words
 * them: from the file's earlier claims and the customers' names and primary contacts' emails as
 * they are now (`now`, read by the writer in the plan's transaction before the primary contacts
 * change; the preview's own wording could be out of date: a customer renamed, an email edited, an
 * import run again after a crash).
 */
export function reportPrimaries(claims: readonly [string, number, string][], file: FileState, now: Map<string, { name: string; email: string | null }>): PrimaryChange[] {
  const inBatch = new Map<string, { rowNumber: number; email: string }>();
  return claims.slice(0, REPORTED_PRIMARY_CHANGES).map(([customerId, rowNumber, email]) => {
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

/** After a planned batch committed: the file's record of who made whom primary moves on, as row by row it would. */
export function commitClaims(claims: readonly [string, number, string][], file: FileState): void {
  for (const [customerId, rowNumber, email] of claims) file.primaryByCustomer.set(customerId, rowNumber, email);
}

/** The job counters a written batch adds. */
export function batchCounts(rows: number, r: BatchResult, rejectedBefore: number) {
  return { processed: rows + rejectedBefore, created: r.created, updated: r.updated, unchanged: r.unchanged, failed: r.failures.length + rejectedBefore };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(b);
  return a.every((x) => s.has(x));
}

/**
 * Ids for imported rows: UUID version 7 (RFC 9562), a millisecond timestamp followed by random bits.
 * Rows of one import get ascending ids, so the primary-key index grows at its end instead of
 * splitting pages all over the tree as random v4 ids do (measured on SQLite: the difference
 * between ~25k and ~70k rows/s on 1M customers).
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
