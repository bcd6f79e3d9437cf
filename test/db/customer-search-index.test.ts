/**
 * The search indexes stay current whoever writes: the migrated database has every trigger, and
 * after the wizard's creation, edits, contacts, archive, and CSV imports (the importer's own
 * statements, batch by plan and row by row) each index holds exactly what its view says, and the
 * search finds the new values and no longer the old ones. On PostgreSQL (expression indexes, no
 * triggers) the same writes, and what the search finds after each.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { SEARCH_INDEXES, phrase } from "../../src/repositories/sqlite/customer-search.js";
import { managementRepos, transactor } from "../../src/repositories/unit-of-work.js";
import { SlaRepository } from "../../src/repositories/slas.js";
import { AlertProfileRepository } from "../../src/repositories/alert-profiles.js";
import { CustomerManagementService } from "../../src/services/customers/management.js";
import { ImportJobRepository } from "../../src/repositories/import-jobs.js";
import { createCustomerSearch, createImportStore } from "../../src/repositories/backend.js";
import { ImportService } from "../../src/services/import/service.js";
import { seedCustomer } from "../support/customer-seed.js";
import { en } from "../../src/i18n/en.js";

const ADMIN = "U0ADMIN001";
let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
  await ensureDefaults(t.db, "UTC");
});
afterEach(async () => t.close());

/**
 * Where an index and its view disagree: rows missing from the index or left in it, and rows
 * the index does not find by their own text.
 */
function indexProblems(): string[] {
  // PostgreSQL's search indexes are on expressions of the rows themselves (no second copy, no
  // triggers): PostgreSQL keeps them, so there is nothing to drift apart. There, these tests check
  // what the search finds after each write.
  if (onPostgres) return [];
  const db = new Database(t.file, { readonly: true });
  try {
    const problems: string[] = [];
    for (const { index, view, columns } of SEARCH_INDEXES) {
      const docs = db.prepare(`SELECT "searchRowid" AS "rowid", ${columns.map((c) => `"${c}"`).join(", ")} FROM "${view}"`).all() as ({ rowid: number } & Record<string, string>)[];
      const indexed = new Set((db.prepare(`SELECT "rowid" FROM "${index}"`).all() as { rowid: number }[]).map((r) => r.rowid));
      const expected = new Set(docs.map((d) => d.rowid));
      for (const r of expected) if (!indexed.has(r)) problems.push(`${index}: row ${r} missing`);
      for (const r of indexed) if (!expected.has(r)) problems.push(`${index}: row ${r} left over`);
      const find = db.prepare(`SELECT "rowid" FROM "${index}" WHERE "${index}" MATCH ?`).pluck();
      for (const d of docs) {
        for (const column of columns) {
          const text = d[column] ?? "";
          // Each piece between separators, as a query finds it (ids and phones are joined by char(3)).
          for (const piece of text.split("\u0003")) {
            if (Array.from(piece.trim()).length < 3) continue;
            if (!(find.all(`{${column}} : ${phrase(piece)}`) as number[]).includes(d.rowid)) problems.push(`${index}: row ${d.rowid} not found by its ${column} ${JSON.stringify(piece)}`);
          }
        }
      }
    }
    return problems;
  } finally {
    db.close();
  }
}

const names = async (query: string) => (await createCustomerSearch(t.db).search(query, { limit: 50, offset: 0, includeArchived: true })).items.map((c) => c.name);

describe("the search indexes", () => {
  it.skipIf(onPostgres)("have a trigger for each insert, update and delete of Customer and Contact (SQLite)", () => {
    const db = new Database(t.file, { readonly: true });
    const triggers = db.prepare(`SELECT "tbl_name" || ':' || "name" FROM "sqlite_master" WHERE "type" = 'trigger' ORDER BY 1`).pluck().all();
    db.close();
    const expected = [...new Set(SEARCH_INDEXES.map((i) => i.table))].flatMap((table) => ["delete", "insert", "update"].map((op) => `${table}:${table}_search_${op}`));
    expect(triggers).toEqual(expect.arrayContaining(expected.sort()));
  });

  it("follow the wizard's creation, every edit, contacts added, changed and removed, and archiving", async () => {
    const acme = await seedCustomer(t.db, { name: "Acme Dental", domains: ["acme.com"], businessId: "IT01234567890", contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
    expect(indexProblems()).toEqual([]);
    expect(await names("jane")).toEqual(["Acme Dental"]);
    const service = new CustomerManagementService({
      search: createCustomerSearch(t.db),
      repos: managementRepos(t.db),
      transaction: transactor(t.db),
      slas: new SlaRepository(t.db),
      alertProfiles: new AlertProfileRepository(t.db),
      isAdmin: async (u) => u === ADMIN,
      clock: () => new Date("2026-11-27T09:00:00Z"),
    });
    const { values } = await service.customerForm(acme.id);
    const edited = await service.updateCustomer(en, ADMIN, acme.id, {
      ...values,
      customer_name: "Sorriso Clinica",
      customer_domains: "sorriso.it",
      customer_business_id: "RSSMRA85T10A562S",
      customer_phone: "+39 06 7777 1111",
    });
    expect(edited.kind).toBe("saved");
    expect(await names("dental")).toEqual([]);
    expect(await names("acme.c")).toEqual(["Sorriso Clinica"]); // jane@acme.com is still its contact
    expect(await names("01234567890")).toEqual([]);
    expect(await names("clinica")).toEqual(["Sorriso Clinica"]);
    expect(await names("sorriso.i")).toEqual(["Sorriso Clinica"]);
    expect(await names("rssmra85")).toEqual(["Sorriso Clinica"]);
    expect(await names("7777-1111")).toEqual(["Sorriso Clinica"]);

    const added = await service.addContact(en, ADMIN, acme.id, { contact_first_name: "Tom", contact_last_name: "Hill", contact_email: "tom@sorriso.it", contact_mobile: "347 555 0101" });
    expect(added.kind).toBe("saved");
    expect(await names("5550101")).toEqual(["Sorriso Clinica"]);
    const jane = acme.contactIds[0]!;
    const form = await service.contactForm(jane);
    expect((await service.updateContact(en, ADMIN, jane, { ...form.values, contact_last_name: "Bianchi", contact_email: "jane.b@sorriso.it" })).kind).toBe("saved");
    expect(await names("roe")).toEqual([]);
    expect(await names("jane bianchi")).toEqual(["Sorriso Clinica"]);
    const tom = (await t.db.contact.findFirstOrThrow({ where: { email: "tom@sorriso.it" } })).id;
    expect((await service.removeContact(en, ADMIN, tom)).kind).toBe("saved");
    expect(await names("tom hill")).toEqual([]);
    expect((await service.archive(en, ADMIN, acme.id)).kind).toBe("saved");
    expect(indexProblems()).toEqual([]);
    // Deleting a customer deletes its domains and contacts by cascade: their index rows go too.
    await t.db.customer.delete({ where: { id: acme.id } });
    expect(await names("jane bianchi")).toEqual([]);
    expect(indexProblems()).toEqual([]);
  });

  it("follow CSV imports: new customers in a planned batch, changed ones row by row, then contacts", async () => {
    await seedCustomer(t.db, { name: "Customer 2", domains: ["old2.example"], contacts: [{ firstName: "Pat", lastName: "Lee", email: "pat@elsewhere.example" }] });
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "search-import-"));
    const store = createImportStore(t.url);
    const jobs = new ImportJobRepository(t.db);
    const service = new ImportService({ jobs, store, maxBytes: 10_000_000, clock: () => new Date("2026-11-26T12:00:00Z"), tmpDir });
    let n = 0;
    const importCsv = async (csv: string) => {
      const { job } = await jobs.register({ fileId: `F${++n}`, fileName: "f.csv", uploadedBy: ADMIN, channelId: "C1", threadTs: "1.0" });
      const source = async () =>
        (async function* () {
          yield Buffer.from(csv);
        })();
      const preview = await service.preview(en, job, source);
      if (!preview.ok) throw new Error(en.imports.outcome(preview.outcome));
      expect(await service.claim(job.id, ADMIN)).toBe("claimed");
      const result = await service.run(en, (await jobs.get(job.id))!, source, () => undefined);
      if (result.errorCsvPath) fs.rmSync(result.errorCsvPath, { force: true });
      return result;
    };
    try {
      const rows = Array.from({ length: 40 }, (_, i) => `Customer ${i + 10},c${i + 10}.example.com,IT0${String(i).padStart(10, "0")},+39 06 ${1000 + i}`);
      await importCsv(["Customer Name,Domains,Business ID Number,Phone", ...rows].join("\n"));
      expect(await names("IT00000000007")).toEqual(["Customer 17"]);
      await importCsv(["Customer Name,Domains,Business ID Number,Phone", "Customer 2,new2.example,CF2,+39 02 5555", "Customer 10,c10.example.com,,+39 06 4242"].join("\n"));
      expect(await names("old2")).toEqual([]);
      expect(await names("new2.e")).toEqual(["Customer 2"]);
      expect(await names("06 4242")).toEqual(["Customer 10"]);
      await importCsv(["Customer Name,First Name,Last Name,Email,Mobile,Primary Contact", "Customer 11,Giulia,Rossi,giulia@c11.example.com,347 123 4567,yes", "Customer 12,Marco,Rossi,marco@c12.example.com,,no"].join("\n"));
      expect(await names("rossi")).toEqual(["Customer 11", "Customer 12"]);
      expect(await names("1234567")).toEqual(["Customer 11"]);
      await importCsv(["Customer Name,First Name,Last Name,Email", "Customer 11,Giulia,Verdi,giulia@c11.example.com"].join("\n"));
      expect(await names("rossi")).toEqual(["Customer 12"]);
      expect(indexProblems()).toEqual([]);
    } finally {
      store.close();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  });

  it.skipIf(onPostgres)("are found wanting by the check when a trigger is missing (as after a migration that redefines a table; SQLite)", async () => {
    const db = new Database(t.file);
    db.exec(`DROP TRIGGER "Contact_search_insert"`);
    db.close();
    await seedCustomer(t.db, { name: "Acme Dental", domains: ["acme.com"], contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane@acme.com" }] });
    expect(indexProblems()).toEqual(expect.arrayContaining([expect.stringMatching(/^ContactSearch: row \d+ missing$/)]));
  });
});
