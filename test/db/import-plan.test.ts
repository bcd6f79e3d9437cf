/**
 * The preview's write plan: a batch of only new rows is written by the import as the preview
 * planned it (one INSERT ... SELECT per table), unless something changed in between; then that
 * batch is imported row by row. Either way the result must be the same as a row-by-row import.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, onPostgres, testImportStore, type TestDb } from "../support/db.js";
import type { ImportStore } from "../../src/repositories/import-store.js";
import type { SqliteImportStore } from "../../src/repositories/sqlite/import-store.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { ImportJobRepository, JobStatus } from "../../src/repositories/import-jobs.js";
import { SpoolDamaged } from "../../src/import/spool.js";
import { damageSpoolIn, spoolFiles } from "../support/spool-files.js";
import { en as texts } from "../../src/i18n/en.js";
import { ImportService } from "../../src/services/import/service.js";
import { slaCreateData } from "../../src/repositories/slas.js";
import { defaultSla } from "../../src/domain/sla.js";
import { en } from "../../src/i18n/en.js";

/** `plans`: for each batch that had a plan, whether it was written as planned. */
type Setup = { t: TestDb; store: ImportStore; jobs: ImportJobRepository; service: ImportService; tmpDir: string; plans: boolean[] };
let setups: Setup[] = [];

async function setup(): Promise<Setup> {
  const t = await createTestDb();
  await ensureDefaults(t.db, "UTC");
  const store = testImportStore(t);
  const plans: boolean[] = [];
  const applyPlan = store.applyPlan.bind(store);
  store.applyPlan = async (...args) => {
    const result = await applyPlan(...args);
    plans.push(result !== undefined);
    return result;
  };
  const jobs = new ImportJobRepository(t.db);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "import-plan-"));
  const service = new ImportService({ jobs, store, maxBytes: 50_000_000, clock: () => new Date("2026-11-26T12:00:00Z"), tmpDir });
  const s = { t, store, jobs, service, tmpDir, plans };
  setups.push(s);
  return s;
}

beforeEach(() => {
  setups = [];
});
afterEach(async () => {
  for (const s of setups) {
    await s.store.close();
    await s.t.close();
    fs.rmSync(s.tmpDir, { recursive: true, force: true });
  }
});

let fileNo = 0;
const source = (csv: string) => async () =>
  (async function* () {
    yield Buffer.from(csv);
  })();

/** Preview, then (after `between`, e.g. a change someone makes before pressing Import) import. */
async function previewThenImport(s: Setup, csv: string, between?: () => Promise<void>, o: { dropSpool?: boolean } = {}) {
  const { job } = await s.jobs.register({ fileId: `F${++fileNo}`, fileName: "file.csv", uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
  const preview = await s.service.preview(en, job, source(csv));
  if (!preview.ok) throw new Error(en.imports.outcome(preview.outcome));
  await between?.();
  if (o.dropSpool) for (const f of fs.readdirSync(s.tmpDir)) fs.rmSync(path.join(s.tmpDir, f));
  expect(await s.service.claim(job.id, "U1")).toBe("claimed");
  const claimed = await s.jobs.get(job.id);
  if (!claimed) throw new Error("job gone");
  const result = await s.service.run(en, claimed, source(csv), () => undefined);
  const errorCsv = result.errorCsvPath ? fs.readFileSync(result.errorCsvPath, "utf8") : "";
  if (result.errorCsvPath) fs.rmSync(result.errorCsvPath, { force: true });
  return { preview, result, errorCsv, job: await s.jobs.get(job.id) };
}

const customersCsv = (from: number, to: number, o: { sla?: (n: number) => string } = {}) =>
  [
    "Customer Name,Domains,City,Phone,SLA",
    ...Array.from({ length: to - from + 1 }, (_, i) => {
      const n = from + i;
      return `Customer ${n},c${n}.example.com,City ${n % 7},${n % 3 === 0 ? "" : `+39 06 ${n}`},${o.sla?.(n) ?? ""}`;
    }),
  ].join("\n");

/** Every customer with its fields, SLA name, profile name and domains: what an import leaves behind, ids aside. */
async function customerBook(s: Setup) {
  const rows = await s.t.db.customer.findMany({ include: { sla: true, alertProfile: true, domains: true, primaryContact: true, contacts: true }, orderBy: { nameKey: "asc" } });
  return rows.map((c) => ({
    name: c.name,
    nameKey: c.nameKey,
    city: c.city,
    phone: c.phone,
    sla: c.sla.name,
    profile: c.alertProfile.name,
    domains: c.domains.map((d) => d.domain).sort(),
    createdBy: c.createdBy,
    primary: c.primaryContact?.email ?? null,
    contacts: c.contacts.map((k) => [k.firstName, k.lastName, k.email, k.emailKey, k.phone, k.jobTitle, k.createdBy]).sort(),
  }));
}

describe("a previewed batch of new rows", () => {
  it("is written as planned: the same customers, domains, SLAs, contacts and primary contacts as a row-by-row import", async () => {
    const planned = await setup();
    const rowByRow = await setup();
    for (const s of [planned, rowByRow]) await s.t.db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: "Gold" }) });
    const customers = customersCsv(1, 12_000, { sla: (n) => (n % 5 === 0 ? "Gold" : "") });
    const contacts = [
      "Customer Name,First Name,Last Name,Email,Job Title,Primary Contact",
      ...Array.from({ length: 12_000 }, (_, i) => `Customer ${(i % 6_000) + 1},Ann ${i},Lee,ann${i}@c${(i % 6_000) + 1}.example.com,${i % 2 ? "CTO" : ""},${i % 3 === 0 ? "yes" : ""}`),
    ].join("\n");

    const a1 = await previewThenImport(planned, customers);
    const a2 = await previewThenImport(planned, contacts);
    const b1 = await previewThenImport(rowByRow, customers, undefined, { dropSpool: true });
    const b2 = await previewThenImport(rowByRow, contacts, undefined, { dropSpool: true });

    expect(planned.plans).toEqual([true, true, true, true, true, true]); // 3 batches of customers, 3 of contacts
    expect(rowByRow.plans).toEqual([]);
    expect(a1.result.tally).toEqual({ rows: 12_000, created: 12_000, updated: 0, unchanged: 0, failed: 0 });
    expect(a2.result.tally).toEqual({ rows: 12_000, created: 12_000, updated: 0, unchanged: 0, failed: 0 });
    expect(b1.result.tally).toEqual(a1.result.tally);
    expect(b2.result.tally).toEqual(a2.result.tally);
    expect(a2.result.primaryChanges).toEqual(b2.result.primaryChanges);
    // Contacts 0 and 6000 are both primary for Customer 1 (row 6002 wins over row 2), in different batches.
    expect(a2.result.primaryChanges.find((c) => c.rowNumber === 6002)).toBeUndefined(); // only the first 20 are kept
    const book = await customerBook(planned);
    expect(book).toEqual(await customerBook(rowByRow));
    expect(book.find((c) => c.name === "Customer 1")).toMatchObject({ primary: "ann6000@c1.example.com", contacts: [expect.anything(), expect.anything()] });
    expect(book.find((c) => c.name === "Customer 1")?.sla).not.toBe("Gold");
    expect(book.find((c) => c.name === "Customer 5")).toMatchObject({ sla: "Gold", domains: ["c5.example.com"], createdBy: "U1" });
    expect(a1.job).toMatchObject({ status: "completed", processedRows: 12_000, created: 12_000 });
    expect(a1.job?.finishedAt?.toISOString()).toBe("2026-11-26T12:00:00.000Z"); // written by the import's own connection
    expect(a2.job).toMatchObject({ status: "completed", processedRows: 12_000, created: 12_000 });
    // Timestamps are the import's, not the preview's, and Prisma reads them back.
    const one = await planned.t.db.customer.findFirstOrThrow({ where: { nameKey: "customer 7" } });
    expect(one.createdAt.toISOString()).toBe("2026-11-26T12:00:00.000Z");
  });

  it("is imported row by row when a customer of the same name was added after the preview: no duplicate, the row is an update", async () => {
    const s = await setup();
    const { sla, profile } = await defaultsOf(s);
    const { result, preview } = await previewThenImport(s, customersCsv(1, 300), async () => {
      await s.t.db.customer.create({ data: { name: "Customer 150", nameKey: "customer 150", slaId: sla, alertProfileId: profile, createdBy: "U2" } });
    });
    expect(preview.ok && preview.tally.created).toBe(300);
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 300, created: 299, updated: 1, unchanged: 0, failed: 0 });
    expect(await s.t.db.customer.count()).toBe(300);
    expect(await s.t.db.customer.findFirstOrThrow({ where: { nameKey: "customer 150" }, include: { domains: true } })).toMatchObject({
      createdBy: "U2",
      city: "City 3",
      domains: [expect.objectContaining({ domain: "c150.example.com" })],
    });
  });

  it("is imported row by row when a domain was given to another customer after the preview: that row fails with the reason", async () => {
    const s = await setup();
    const { sla, profile } = await defaultsOf(s);
    const { result, errorCsv } = await previewThenImport(s, customersCsv(1, 300), async () => {
      await s.t.db.customer.create({
        data: { name: "Other", nameKey: "other", slaId: sla, alertProfileId: profile, createdBy: "U2", domains: { create: { domain: "c42.example.com" } } },
      });
    });
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 300, created: 299, updated: 0, unchanged: 0, failed: 1 });
    expect(errorCsv).toMatch(/Customer 42,c42\.example\.com,.*c42\.example\.com.*Other/);
    expect(await s.t.db.customer.count()).toBe(300);
  });

  it("is imported row by row when an SLA it names was deleted after the preview: those rows fail as unknown SLA", async () => {
    const s = await setup();
    const gold = await s.t.db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: "Gold" }) });
    const { result, errorCsv } = await previewThenImport(s, customersCsv(1, 100, { sla: (n) => (n === 10 ? "Gold" : "") }), async () => {
      await s.t.db.sla.delete({ where: { id: gold.id } });
    });
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 100, created: 99, updated: 0, unchanged: 0, failed: 1 });
    expect(errorCsv).toMatch(/Customer 10,.*Gold/);
  });

  it("is imported row by row when an SLA it names was renamed after the preview: those rows fail as unknown SLA, as the name no longer exists", async () => {
    const s = await setup();
    const gold = await s.t.db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: "Gold" }) });
    const { result, errorCsv } = await previewThenImport(s, customersCsv(1, 50, { sla: (n) => (n === 7 ? "Gold" : "") }), async () => {
      await s.t.db.sla.update({ where: { id: gold.id }, data: { name: "Platinum", nameKey: "platinum" } });
    });
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 50, created: 49, updated: 0, unchanged: 0, failed: 1 });
    expect(errorCsv).toMatch(/Customer 7,.*Gold/);
  });

  it("is imported row by row when the default SLA changed after the preview: new customers without an SLA get the default of the moment of import", async () => {
    const s = await setup();
    const { sla: oldDefault } = await defaultsOf(s);
    const gold = await s.t.db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: "Gold" }) });
    await previewThenImport(s, customersCsv(1, 20), async () => {
      await s.t.db.sla.update({ where: { id: oldDefault }, data: { isDefault: false } });
      await s.t.db.sla.update({ where: { id: gold.id }, data: { isDefault: true } });
    });
    expect(s.plans.at(-1)).toBe(false);
    expect(await s.t.db.customer.count({ where: { slaId: gold.id } })).toBe(20);
  });

  it("of contacts is imported row by row when their customer was renamed after the preview: those rows fail as unknown customer", async () => {
    const s = await setup();
    await previewThenImport(s, customersCsv(1, 3));
    const csv = "Customer Name,First Name,Last Name,Email\nCustomer 1,Ann,Lee,ann@c1.example.com\nCustomer 2,Bo,Kim,bo@c2.example.com\n";
    const { result, errorCsv } = await previewThenImport(s, csv, async () => {
      await s.t.db.customer.update({ where: { nameKey: "customer 2" }, data: { name: "Acme", nameKey: "acme" } });
    });
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 2, created: 1, updated: 0, unchanged: 0, failed: 1 });
    expect(errorCsv).toMatch(/Customer 2,Bo,Kim/);
    expect(await s.t.db.contact.count({ where: { customer: { nameKey: "acme" } } })).toBe(0);
  });

  it("of contacts is imported row by row when the customer's primary contact changed after the preview, and the report names the one it replaces now", async () => {
    const s = await setup();
    await previewThenImport(s, customersCsv(1, 3));
    const csv = "Customer Name,First Name,Last Name,Email,Primary Contact\nCustomer 2,Ann,Lee,ann@c2.example.com,yes\nCustomer 3,Bo,Kim,bo@c3.example.com,\n";
    const { result, preview } = await previewThenImport(s, csv, async () => {
      const c2 = await s.t.db.customer.findFirstOrThrow({ where: { nameKey: "customer 2" } });
      const zoe = await s.t.db.contact.create({ data: { customerId: c2.id, firstName: "Zoe", lastName: "Ray", email: "zoe@c2.example.com", emailKey: "zoe@c2.example.com", createdBy: "U2" } });
      await s.t.db.customer.update({ where: { id: c2.id }, data: { primaryContactId: zoe.id } });
    });
    expect(preview.ok && preview.primaryChanges).toEqual([{ rowNumber: 2, customerName: "Customer 2", email: "ann@c2.example.com" }]);
    expect(result.primaryChanges).toEqual([{ rowNumber: 2, customerName: "Customer 2", email: "ann@c2.example.com", replaced: "zoe@c2.example.com" }]);
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toMatchObject({ created: 2, failed: 0 });
    const c2 = await s.t.db.customer.findFirstOrThrow({ where: { nameKey: "customer 2" }, include: { primaryContact: true } });
    expect(c2.primaryContact?.email).toBe("ann@c2.example.com");
  });

  it("of contacts is imported row by row when their customer was deleted after the preview: those rows fail as unknown customer", async () => {
    const s = await setup();
    await previewThenImport(s, customersCsv(1, 3));
    const csv = "Customer Name,First Name,Last Name,Email\nCustomer 1,Ann,Lee,ann@c1.example.com\nCustomer 3,Bo,Kim,bo@c3.example.com\n";
    const { result, errorCsv } = await previewThenImport(s, csv, async () => {
      await s.t.db.customer.delete({ where: { nameKey: "customer 3" } });
    });
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 2, created: 1, updated: 0, unchanged: 0, failed: 1 });
    expect(errorCsv).toMatch(/Customer 3,Bo,Kim,bo@c3\.example\.com,.*Customer 3/);
  });

  it("of contacts is imported row by row when one of them was added after the preview: no duplicate", async () => {
    const s = await setup();
    await previewThenImport(s, customersCsv(1, 3));
    const csv = "Customer Name,First Name,Last Name,Email\nCustomer 1,Ann,Lee,ann@c1.example.com\nCustomer 1,Bo,Kim,bo@c1.example.com\n";
    const { result } = await previewThenImport(s, csv, async () => {
      const c1 = await s.t.db.customer.findFirstOrThrow({ where: { nameKey: "customer 1" } });
      await s.t.db.contact.create({ data: { customerId: c1.id, firstName: "Bo", lastName: "Old", email: "bo@c1.example.com", emailKey: "bo@c1.example.com", createdBy: "U2" } });
    });
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 2, created: 1, updated: 1, unchanged: 0, failed: 0 });
    expect(await s.t.db.contact.count()).toBe(2);
  });
});

describe("the report of a planned batch of contacts", () => {
  /** The same steps twice: with plans, and with every plan refused (row by row); both reports. */
  async function bothWays(steps: (s: Setup, withPlans: boolean) => Promise<{ primaryChanges: unknown[] }>) {
    const planned = await setup();
    const rowByRow = await setup();
    rowByRow.store.applyPlan = async () => undefined;
    return { planned: await steps(planned, true), rowByRow: await steps(rowByRow, false), plans: planned.plans };
  }
  const ann = "Customer Name,First Name,Last Name,Email,Primary Contact\nCustomer 2,Ann,Lee,ann@c2.example.com,yes\n";

  it("names the customer as it is called at import time (renamed after the preview, same name ignoring case)", async () => {
    const r = await bothWays(async (s) => {
      await previewThenImport(s, customersCsv(1, 3));
      const { result } = await previewThenImport(s, ann, async () => {
        await s.t.db.customer.update({ where: { nameKey: "customer 2" }, data: { name: "CUSTOMER 2" } });
      });
      return result;
    });
    expect(r.plans.at(-1)).toBe(true);
    expect(r.planned.primaryChanges).toEqual([{ rowNumber: 2, customerName: "CUSTOMER 2", email: "ann@c2.example.com" }]);
    expect(r.planned.primaryChanges).toEqual(r.rowByRow.primaryChanges);
  });

  it("names the primary contact it replaces by its email at import time (edited after the preview)", async () => {
    const r = await bothWays(async (s) => {
      await previewThenImport(s, customersCsv(1, 3));
      await previewThenImport(s, "Customer Name,First Name,Last Name,Email,Primary Contact\nCustomer 2,Zoe,Ray,zoe@c2.example.com,yes\n");
      const { result } = await previewThenImport(s, ann, async () => {
        await s.t.db.contact.updateMany({ where: { emailKey: "zoe@c2.example.com" }, data: { email: "zoe.ray@c2.example.com", emailKey: "zoe.ray@c2.example.com" } });
      });
      return result;
    });
    expect(r.plans.at(-1)).toBe(true);
    expect(r.planned.primaryChanges).toEqual([{ rowNumber: 2, customerName: "Customer 2", email: "ann@c2.example.com", replaced: "zoe.ray@c2.example.com" }]);
    expect(r.planned.primaryChanges).toEqual(r.rowByRow.primaryChanges);
  });

  it("after an import cut off and run again from the same spool, says what row by row would", async () => {
    const rows = Array.from({ length: 6_000 }, (_, i) => `Customer ${(i % 3) + 1},N${i},L,n${i}@x.example.com,${i === 0 || i === 5_499 ? "yes" : ""}`);
    const csv = ["Customer Name,First Name,Last Name,Email,Primary Contact", ...rows].join("\n");
    const r = await bothWays(async (s, withPlans) => {
      await previewThenImport(s, customersCsv(1, 3));
      const { job } = await s.jobs.register({ fileId: `F${++fileNo}`, fileName: "file.csv", uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
      await s.service.preview(en, job, source(csv));
      // The second batch "dies" (the first is committed); then Import again.
      const applyPlan = s.store.applyPlan.bind(s.store);
      const contactsBatch = s.store.contactsBatch.bind(s.store);
      let batches = 0;
      const dieOnSecond = () => {
        if (++batches === 2) throw new Error("killed");
      };
      if (withPlans) s.store.applyPlan = (...a) => (dieOnSecond(), applyPlan(...a));
      s.store.contactsBatch = (rows, o) => (o.write ? dieOnSecond() : undefined, contactsBatch(rows, o));
      await s.service.claim(job.id, "U1");
      await expect(s.service.run(en, (await s.jobs.get(job.id))!, source(csv), () => undefined)).rejects.toThrow("killed");
      await s.service.claim(job.id, "U1");
      return s.service.run(en, (await s.jobs.get(job.id))!, source(csv), () => undefined);
    });
    expect(r.planned.primaryChanges).toEqual(r.rowByRow.primaryChanges);
    expect(r.planned.primaryChanges).toEqual([{ rowNumber: 5_501, customerName: "Customer 1", email: "n5499@x.example.com", replaced: "n0@x.example.com" }]);
  });
});

describe("a file with planned and row-by-row batches", () => {
  it("counts and writes both kinds: new customers in one batch, changes to existing ones in the next", async () => {
    const s = await setup();
    await previewThenImport(s, customersCsv(5_001, 5_100));
    // Rows 2-5001 are new (a planned batch), rows 5002-5101 change the city of existing customers.
    const csv = customersCsv(1, 5_100)
      .split("\n")
      .map((line) => (Number(/^Customer (\d+),/.exec(line)?.[1]) > 5_000 ? line.replace(/,City \d,/, ",Elsewhere,") : line))
      .join("\n");
    const { result } = await previewThenImport(s, csv);
    expect(s.plans).toEqual([true, true]); // the 100 customers first, then the planned batch of the second file
    expect(result.tally).toEqual({ rows: 5_100, created: 5_000, updated: 100, unchanged: 0, failed: 0 });
    expect(await s.t.db.customer.count({ where: { city: "Elsewhere" } })).toBe(100);
    expect(await s.t.db.customer.count()).toBe(5_100);
  });
});

async function defaultsOf(s: Setup) {
  const sla = await s.t.db.sla.findFirstOrThrow({ where: { isDefault: true } });
  const profile = await s.t.db.alertThresholdProfile.findFirstOrThrow({ where: { isDefault: true } });
  return { sla: sla.id, profile: profile.id };
}

// The write-ahead log and its checkpoints are SQLite's own.
describe.skipIf(onPostgres)("after an import (SQLite: the write-ahead log)", () => {
  it("once settled, what the import wrote is copied from the write-ahead log into the database file, on a thread of its own", async () => {
    const s = await setup();
    const before = fs.statSync(s.t.file).size;
    const { result } = await previewThenImport(s, customersCsv(1, 3_000));
    await result.settled;
    expect(fs.statSync(s.t.file).size).toBeGreaterThan(before + 300_000); // 3,000 customers and domains
    expect(await s.t.db.customer.count()).toBe(3_000);
  });

  it("while the import writes, the checkpoint's thread copies what was committed into the database file, without waiting for the end", async () => {
    const s = await setup();
    const before = fs.statSync(s.t.file).size;
    await previewThenImport(s, customersCsv(1, 3_000)); // not settled
    const grown = async () => {
      for (let i = 0; i < 40 && fs.statSync(s.t.file).size <= before + 300_000; i++) await new Promise((r) => setTimeout(r, 50));
      return fs.statSync(s.t.file).size - before;
    };
    expect(await grown()).toBeGreaterThan(300_000);
  });

  it("the checkpoint's thread is started before the first batch is written, and finishes once the import is over", async () => {
    const s = await setup();
    const calls: string[] = [];
    for (const name of ["startUpkeep", "applyPlan"] as const) {
      const original = s.store[name].bind(s.store) as (...a: unknown[]) => unknown;
      (s.store as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
        calls.push(name);
        return original(...a);
      };
    }
    const { result } = await previewThenImport(s, customersCsv(1, 6_000));
    await expect(result.settled).resolves.toBeUndefined();
    expect(calls).toEqual(["startUpkeep", "applyPlan", "applyPlan"]);
  });

  it("two imports at once have a checkpoint thread each: the first one finishing leaves the other copying", async () => {
    const s = await setup();
    const first = s.store.startUpkeep();
    const second = s.store.startUpkeep();
    await first.finish();
    const before = fs.statSync(s.t.file).size;
    // 2.4 MB through the import's connection, which leaves checkpoints to the workers below 128 MB of log.
    (s.store as SqliteImportStore)["db"].exec(
      `CREATE TABLE Filler (x TEXT);
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) INSERT INTO Filler SELECT hex(randomblob(200)) FROM n`,
    );
    for (let i = 0; i < 40 && fs.statSync(s.t.file).size <= before + 1_500_000; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fs.statSync(s.t.file).size - before).toBeGreaterThan(1_500_000);
    await second.finish();
  });
});

describe("a spool damaged between the preview and Import", () => {
  /** The spool's lines, for `damage` to change, written back. */
  const damageSpool = (s: Setup, damage: (lines: string[]) => void) => void damageSpoolIn(s.tmpDir, damage);
  // 12,000 new customers: three planned batches of four lines each (meta, rows, plan rows, plan domains) after the header.
  const csv = customersCsv(1, 12_000);

  it("cut short after the preview: the import stops at the cut, and Import again finishes from the file", async () => {
    const s = await setup();
    const { job } = await s.jobs.register({ fileId: `F${++fileNo}`, fileName: "file.csv", uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
    expect((await s.service.preview(en, job, source(csv))).ok).toBe(true);
    // A spool is only ever complete at its name (it is renamed when written whole): a cut one was damaged since.
    damageSpool(s, (lines) => lines.splice(6));
    const runOnce = async () => {
      expect(await s.service.claim(job.id, "U1")).toBe("claimed");
      return s.service.run(en, (await s.jobs.get(job.id))!, source(csv), () => undefined);
    };
    await expect(runOnce()).rejects.toThrow(SpoolDamaged);
    expect(await s.jobs.get(job.id)).toMatchObject({ status: JobStatus.failed, errorOutcome: '{"code":"spool_damaged"}', processedRows: 5_000 });
    expect((await runOnce()).tally).toEqual({ rows: 12_000, created: 7_000, updated: 0, unchanged: 5_000, failed: 0 });
    expect(await s.t.db.customerDomain.count()).toBe(12_000);
  });

  it("a spool of which only the \".part\" was written (the app stopped while previewing) is not read", async () => {
    const s = await setup();
    const { job } = await s.jobs.register({ fileId: `F${++fileNo}`, fileName: "file.csv", uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
    expect((await s.service.preview(en, job, source(csv))).ok).toBe(true);
    const [name] = spoolFiles(s.tmpDir);
    fs.renameSync(path.join(s.tmpDir, name!), path.join(s.tmpDir, `${name}.part`));
    expect(await s.service.claim(job.id, "U1")).toBe("claimed");
    const result = await s.service.run(en, (await s.jobs.get(job.id))!, source(csv), () => undefined);
    expect(result.tally).toEqual({ rows: 12_000, created: 12_000, updated: 0, unchanged: 0, failed: 0 });
    expect(s.plans).toEqual([]); // the file, read again, goes row by row
  });

  it("with a plan line garbled: that batch goes row by row, with the same result", async () => {
    const s = await setup();
    const { result } = await previewThenImport(s, csv, async () =>
      damageSpool(s, (lines) => {
        lines[3] = `${lines[3]?.slice(0, 50)}`; // the first batch's planned rows, cut off mid-JSON
      }),
    );
    expect(s.plans).toEqual([false, true, true]);
    expect(result.tally).toEqual({ rows: 12_000, created: 12_000, updated: 0, unchanged: 0, failed: 0 });
    expect(await s.t.db.customerDomain.count()).toBe(12_000);
  });

  it("with the domains line of a batch cut to fewer domains: that batch goes row by row, and every domain is there", async () => {
    const s = await setup();
    const { result } = await previewThenImport(s, csv, async () =>
      damageSpool(s, (lines) => {
        lines[4] = JSON.stringify((JSON.parse(lines[4] ?? "[]") as unknown[]).slice(0, 10));
      }),
    );
    expect(s.plans).toEqual([false, true, true]);
    expect(result.tally.created).toBe(12_000);
    expect(await s.t.db.customerDomain.count()).toBe(12_000);
  });

  it("with a contacts batch's claims line replaced by other JSON: that batch goes row by row, with every primary contact set", async () => {
    const s = await setup();
    await previewThenImport(s, customersCsv(1, 3));
    const contacts = "Customer Name,First Name,Last Name,Email,Primary Contact\nCustomer 1,Ann,Lee,ann@c1.example.com,yes\nCustomer 2,Bo,Kim,bo@c2.example.com,yes\n";
    // header, then meta, rows, plan rows, customers, primaries, claims
    const { result } = await previewThenImport(s, contacts, async () => damageSpool(s, (lines) => (lines[6] = "{}")));
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(await s.t.db.customer.count({ where: { primaryContact: { isNot: null } } })).toBe(2);
  });

  it("with a contacts batch's customers line replaced by JSON that is not a list: that batch goes row by row, with every contact written", async () => {
    const s = await setup();
    await previewThenImport(s, customersCsv(1, 3));
    const contacts = "Customer Name,First Name,Last Name,Email,Primary Contact\nCustomer 1,Ann,Lee,ann@c1.example.com,yes\nCustomer 2,Bo,Kim,bo@c2.example.com,no\n";
    // header, then meta, rows, plan rows, customers, primaries, claims
    const { result } = await previewThenImport(s, contacts, async () => damageSpool(s, (lines) => (lines[4] = '{"not":"a list"}')));
    expect(s.plans.at(-1)).toBe(false);
    expect(result.tally).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(await s.t.db.contact.count()).toBe(2);
  });

  it("an import that fails while reading its spool, for whatever reason, leaves it for Import again to read the file from Slack", async () => {
    const s = await setup();
    const { job } = await s.jobs.register({ fileId: `F${++fileNo}`, fileName: "file.csv", uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
    expect((await s.service.preview(en, job, source(csv))).ok).toBe(true);
    const applyPlan = s.store.applyPlan;
    s.store.applyPlan = () => {
      throw new TypeError("something the spool's bytes made go wrong");
    };
    expect(await s.service.claim(job.id, "U1")).toBe("claimed");
    await expect(s.service.run(en, (await s.jobs.get(job.id))!, source(csv), () => undefined)).rejects.toThrow(TypeError);
    expect(await s.jobs.get(job.id)).toMatchObject({ status: JobStatus.failed, errorOutcome: '{"code":"failed_unexpectedly"}' });
    expect(spoolFiles(s.tmpDir)).toEqual([]);

    s.store.applyPlan = applyPlan;
    expect(await s.service.claim(job.id, "U1")).toBe("claimed");
    const again = await s.service.run(en, (await s.jobs.get(job.id))!, source(csv), () => undefined);
    expect(again.tally).toEqual({ rows: 12_000, created: 12_000, updated: 0, unchanged: 0, failed: 0 });
  });

  it("damaged inside: the import stops after the batches before the damage, says so, and Import again finishes from the file", async () => {
    const s = await setup();
    const { job } = await s.jobs.register({ fileId: `F${++fileNo}`, fileName: "file.csv", uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
    expect((await s.service.preview(en, job, source(csv))).ok).toBe(true);
    damageSpool(s, (lines) => {
      lines[5] = '{"rejected": [[7, ["Cust'; // the second batch's first line
    });
    const runOnce = async () => {
      expect(await s.service.claim(job.id, "U1")).toBe("claimed");
      return s.service.run(en, (await s.jobs.get(job.id))!, source(csv), () => undefined);
    };

    await expect(runOnce()).rejects.toThrow(SpoolDamaged);
    expect(await s.jobs.get(job.id)).toMatchObject({ status: JobStatus.failed, errorOutcome: '{"code":"spool_damaged"}', processedRows: 5_000, created: 5_000 });
    expect(spoolFiles(s.tmpDir)).toEqual([]); // not read again

    const again = await runOnce();
    expect(again.tally).toEqual({ rows: 12_000, created: 7_000, updated: 0, unchanged: 5_000, failed: 0 });
    expect(await s.t.db.customer.count()).toBe(12_000);
  });
});

describe("spools left behind", () => {
  it("are removed when their import ended, their preview is past its 24 hours, or they are older than that, as are the error CSVs of imports cut off; spools waiting for Import (again) stay", async () => {
    const s = await setup();
    const now = Date.parse("2026-11-26T12:00:00Z");
    const spool = (jobId: string, hoursOld = 0, suffix = ".ndjson.gz") => {
      const file = path.join(s.tmpDir, `customer-book-import-${jobId}${suffix}`);
      fs.writeFileSync(file, "{}\n");
      const when = new Date(now - hoursOld * 3600 * 1000);
      fs.utimesSync(file, when, when);
      return file;
    };
    const job = async (status: string, previewExpiresAt: Date | null = null) => {
      const { job } = await s.jobs.register({ fileId: `F${++fileNo}`, fileName: "file.csv", uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
      await s.jobs.update(job.id, { status, previewExpiresAt });
      return job.id;
    };
    const inHours = (h: number) => new Date(now + h * 3600 * 1000);
    const completed = spool(await job("completed"));
    const cancelled = spool(await job("cancelled"));
    const waiting = spool(await job("awaiting_confirmation", inHours(20)), 4);
    const waitingPastItsDay = spool(await job("awaiting_confirmation", inHours(-1)), 23); // its clock said 24 hours were up
    const failed = spool(await job("failed"), 1);
    const failedLongAgo = spool(await job("failed"), 25);
    const beingWritten = spool(await job("checking"), 0, ".ndjson.gz.part");
    const leftPart = spool(await job("preview_failed"), 0, ".ndjson.gz.part");
    const olderVersion = spool(await job("completed"), 0, ".ndjson");
    const othersRecent = spool("0190a0b0-0000-7000-8000-000000000001", 1); // another instance's job
    const othersOld = spool("0190a0b0-0000-7000-8000-000000000002", 25);
    const unrelated = path.join(s.tmpDir, "notes.txt");
    fs.writeFileSync(unrelated, "x");
    const errorCsv = (jobId: string) => {
      const file = path.join(s.tmpDir, `import-errors-${jobId}.csv`);
      fs.writeFileSync(file, "Customer Name,Error\n");
      return file;
    };
    const errorsOfCutOff = errorCsv(await job("failed"));
    const errorsOfRunning = errorCsv(await job("running"));
    const errorsOfOthers = errorCsv("0190a0b0-0000-7000-8000-000000000003");
    const left = (f: string) => fs.existsSync(f);

    await s.service.sweepSpools(); // an import still running keeps the error CSV it writes, a preview being made its ".part"
    expect([errorsOfRunning, beingWritten].map(left)).toEqual([true, true]);
    await s.service.recoverInterrupted(); // at start-up, a running import or a preview being made is one that was cut off

    expect([completed, cancelled, waitingPastItsDay, failedLongAgo, beingWritten, leftPart, olderVersion, othersOld].map(left)).toEqual([false, false, false, false, false, false, false, false]);
    expect([waiting, failed, othersRecent, unrelated].map(left)).toEqual([true, true, true, true]);
    expect([errorsOfCutOff, errorsOfRunning, errorsOfOthers].map(left)).toEqual([false, false, true]);
  });
});
