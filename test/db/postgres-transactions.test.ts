/**
 * PostgreSQL only: a transaction is one pg connection, and one connection runs one statement at a
 * time. Prisma's query interpreter loads a read's relations at once (its `join` node, a
 * Promise.all), which inside `$transaction` put several `client.query()` calls on the
 * transaction's one pg client: pg 8.19+ warns ("Calling client.query() when the client is already
 * executing a query is deprecated"), pg 9 refuses. patches/@prisma+adapter-pg+6.19.3.patch makes
 * the adapter's transaction send them one after another (Prisma issue 29407). Outside a
 * transaction the pool still runs them on connections of their own, at once.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PrismaClient as PostgresPrismaClient } from "../../src/generated/prisma-postgresql/client.js";
import type { Db } from "../../src/db/client.js";
import { postgresPoolConfig } from "../../src/db/url.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { seedCustomer } from "../support/customer-seed.js";

describe.runIf(onPostgres)("PostgreSQL transactions", () => {
  let testDb: TestDb;
  let pool: pg.Pool;
  let db: Db;
  /** Per pg connection: how many of its client.query() calls were made while another of its own was still running. */
  let overlapping: number;
  let sent: number;
  beforeEach(async () => {
    testDb = await createTestDb();
    pool = new pg.Pool(postgresPoolConfig(testDb.url));
    overlapping = 0;
    sent = 0;
    pool.on("connect", (client) => {
      let running = 0;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (running > 0) overlapping++;
        running++;
        sent++;
        const result = query(...args);
        if (result instanceof Promise) void result.then(() => running--, () => running--);
        else running--; // a callback or a Submittable: not Prisma's
        return result;
      };
    });
    db = new PostgresPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
  });
  afterEach(async () => {
    await db.$disconnect();
    await pool.end().catch(() => undefined);
    await testDb.close();
  });

  it("a read with several relations inside a transaction sends its statements one at a time on the transaction's connection", async () => {
    await ensureDefaults(testDb.db, "UTC");
    const acme = await seedCustomer(testDb.db, {
      name: "Acme Dental",
      domains: ["acme.com", "acme.it"],
      contacts: [
        { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
        { firstName: "Joe", lastName: "Bloggs", email: "joe@acme.com" },
      ],
    });
    sent = 0;
    const card = await db.$transaction(async (tx) =>
      tx.customer.findUniqueOrThrow({ where: { id: acme.id }, include: { domains: true, contacts: true, contracts: true, tickets: true } }),
    );
    expect(card.domains.map((d) => d.domain).sort()).toEqual(["acme.com", "acme.it"]);
    expect(card.contacts.map((c) => c.email).sort()).toEqual(["jane@acme.com", "joe@acme.com"]);
    expect(sent).toBeGreaterThanOrEqual(5); // BEGIN, the customer, its relations, COMMIT
    expect(overlapping).toBe(0);
  });
});
