/**
 * The importer's bulk writes on a real SQLite file, with batches large enough to use the
 * many-rows-per-statement inserts (100 rows to a statement) and their remainders.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, testImportStore, type TestDb } from "../../support/db.js";
import type { ImportStore } from "../../../src/repositories/import-store.js";
import { ImportJobRepository } from "../../../src/repositories/import-jobs.js";
import { ImportService } from "../../../src/services/import/service.js";
import { en } from "../../../src/i18n/en.js";

let t: TestDb;
let store: ImportStore;
let service: ImportService;
let jobs: ImportJobRepository;
beforeEach(async () => {
  t = await createTestDb();
  store = testImportStore(t);
  jobs = new ImportJobRepository(t.db);
  service = new ImportService({ jobs, store, maxBytes: 10_000_000, clock: () => new Date("2026-11-26T12:00:00Z") });
  const minutes = { responseLowMinutes: 1, responseMediumMinutes: 1, responseHighMinutes: 1, responseCriticalMinutes: 1, resolutionLowMinutes: 1, resolutionMediumMinutes: 1, resolutionHighMinutes: 1, resolutionCriticalMinutes: 1 };
  await t.db.sla.create({ data: { name: "Standard", nameKey: "standard", isDefault: true, timeZone: "UTC", ...minutes } });
  await t.db.alertThresholdProfile.create({ data: { name: "Default", nameKey: "default", isDefault: true } });
});
afterEach(async () => {
  await store.close();
  await t.close();
});

async function importCsv(fileId: string, csv: string) {
  const { job } = await jobs.register({ fileId, fileName: `${fileId}.csv`, uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
  const open = async () =>
    (async function* () {
      yield Buffer.from(csv);
    })();
  const preview = await service.preview(en, job, open);
  if (!preview.ok) throw new Error(en.imports.outcome(preview.outcome));
  expect(await service.claim(job.id, "U1")).toBe("claimed");
  const result = await service.run(en, (await jobs.get(job.id))!, open, () => undefined);
  return { preview, result };
}

const N = 5_234; // one full batch of 5,000 and a second one; 52 statements of 100 rows and remainders

describe("bulk writes", () => {
  it("writes every field of every new customer, domain and contact, and the primary contacts", async () => {
    let customers = "Customer Name,Domains,City,Notes,Phone\n";
    for (let i = 1; i <= N; i++) customers += `Cust ${i},"c${i}.com${i % 3 === 0 ? `, c${i}.net` : ""}",City ${i},${i % 2 ? "" : `Note ${i}`},+${i}\n`;
    const c = await importCsv("FC", customers);
    expect(c.preview.tally).toMatchObject({ rows: N, created: N, failed: 0 });
    expect(c.result.tally).toMatchObject({ rows: N, created: N, failed: 0 });
    expect(await t.db.customer.count()).toBe(N);
    expect(await t.db.customerDomain.count()).toBe(N + Math.floor(N / 3));
    for (const i of [1, 99, 100, 101, 4999, 5000, 5001, 5200, 5201, N]) {
      const got = await t.db.customer.findFirstOrThrow({ where: { nameKey: `cust ${i}` }, include: { domains: true } });
      expect(got).toMatchObject({ name: `Cust ${i}`, city: `City ${i}`, notes: i % 2 ? null : `Note ${i}`, phone: `+${i}`, createdBy: "U1" });
      expect(got.domains.map((d) => d.domain).sort()).toEqual(i % 3 === 0 ? [`c${i}.com`, `c${i}.net`] : [`c${i}.com`]);
    }

    let contacts = "Customer Name,First Name,Last Name,Email,Job Title,Primary Contact\n";
    for (let i = 1; i <= N; i++) contacts += `cust ${i},First ${i},Last ${i},p${i}@c${i}.com,${i % 2 ? "" : "CFO"},yes\n`;
    const k = await importCsv("FK", contacts);
    expect(k.result.tally).toMatchObject({ rows: N, created: N, failed: 0 });
    expect(await t.db.contact.count()).toBe(N);
    for (const i of [1, 100, 101, 5000, 5001, N]) {
      const got = await t.db.customer.findFirstOrThrow({ where: { nameKey: `cust ${i}` }, include: { primaryContact: true, contacts: true } });
      expect(got.contacts).toHaveLength(1);
      expect(got.primaryContact).toMatchObject({ firstName: `First ${i}`, lastName: `Last ${i}`, email: `p${i}@c${i}.com`, emailKey: `p${i}@c${i}.com`, jobTitle: i % 2 ? null : "CFO" });
    }

    const again = await importCsv("FC2", customers);
    expect(again.result.tally).toMatchObject({ rows: N, created: 0, updated: 0, unchanged: N });
  });
});
