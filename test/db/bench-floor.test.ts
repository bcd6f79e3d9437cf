/**
 * The bench's schema floor (bench/import-baseline.ts, runSchemaFloor) writes the app's own tables:
 * it must keep up with the schema, or the figure it gives `npm run bench` means nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { slaCreateData } from "../../src/repositories/slas.js";
import { defaultSla } from "../../src/domain/sla.js";
import { nameKey } from "../../src/domain/text.js";
import { generateContactsCsv, generateCustomersCsv } from "../../bench/generate-csv.js";
import { runSchemaFloor } from "../../bench/import-baseline.js";

let t: TestDb | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// The schema floor is the SQLite baseline's method (bench/import-baseline.ts); PostgreSQL's is measured in the bench itself.
describe.skipIf(onPostgres)("the bench's schema floor (SQLite)", () => {
  it("writes the generated customers with their domains, SLA and profile, and contacts as their customers' primary contacts", async () => {
    t = await createTestDb();
    await ensureDefaults(t.db, "UTC");
    await t.db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: "Premium" }) });
    for (const name of ["Default", "Servers"]) await t.db.alertThresholdProfile.create({ data: { name, nameKey: nameKey(name) } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-floor-"));
    const customers = path.join(dir, "customers.csv");
    const contacts = path.join(dir, "contacts.csv");
    await generateCustomersCsv(customers, 6_000);
    await generateContactsCsv(contacts, 6_000, 6_000);

    const result = await runSchemaFloor(customers, contacts, t.file);

    expect([result.customers.rows, result.contacts.rows]).toEqual([6_000, 6_000]);
    expect(await t.db.customer.count()).toBe(6_000);
    expect(await t.db.customerDomain.count()).toBeGreaterThanOrEqual(6_000);
    expect(await t.db.customer.count({ where: { sla: { name: "Premium" } } })).toBe(2_000); // every third row of the generator
    expect(await t.db.contact.count()).toBe(6_000);
    expect(await t.db.customer.count({ where: { primaryContactId: null } })).toBe(0);
  });
});
