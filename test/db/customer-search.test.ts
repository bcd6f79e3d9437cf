/**
 * Customer search on a real SQLite file: what it finds, and how SQLite runs the statements Prisma
 * sends (captured with Prisma's query log, then EXPLAIN QUERY PLAN on the same SQL and parameters).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { CustomerRepository } from "../../src/repositories/customers.js";
import { managementRepos, transactor } from "../../src/repositories/unit-of-work.js";
import { SlaRepository } from "../../src/repositories/slas.js";
import { AlertProfileRepository } from "../../src/repositories/alert-profiles.js";
import { CustomerManagementService, CARD_TABS } from "../../src/services/customers/management.js";
import { seedCustomer } from "../support/customer-seed.js";

let t: TestDb;
let logged: PrismaClient<"query">;
let queries: { query: string; params: string }[] = [];
let sqlite: Database.Database;
let ids: Record<string, string> = {};

beforeAll(async () => {
  t = createTestDb();
  await ensureDefaults(t.db, "UTC");
  for (const [name, domain] of [
    ["Acme Dental", "acme.com"],
    ["Acme Legal", "acmelegal.it"],
    ["Zeta Foods", "acme-foods.example"],
    ["Beta Motors", "beta.example"],
    ["Old Acme", "oldacme.example"],
  ] as const) {
    ids[name] = (await seedCustomer(t.db, { name, domains: [domain] })).id;
  }
  for (let i = 0; i < 40; i++) await seedCustomer(t.db, { name: `Filler ${String(i).padStart(2, "0")}`, domains: [`filler${i}.example`] });
  await managementRepos(t.db).customers.update(ids["Old Acme"]!, { archivedAt: new Date() });
  logged = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: t.file }), log: [{ emit: "event", level: "query" }] });
  logged.$on("query", (e) => queries.push({ query: e.query, params: e.params }));
  sqlite = new Database(t.file, { readonly: true });
});
afterAll(async () => {
  sqlite.close();
  await logged.$disconnect();
  await t.close();
});

/** The plan SQLite chooses for each statement Prisma sent while running `fn`. */
async function plansOf(fn: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
  queries = [];
  await fn();
  return queries
    .filter((q) => /^\s*SELECT/i.test(q.query))
    .map((q) => {
      const params = (JSON.parse(q.params) as unknown[]).map((p) => (typeof p === "boolean" ? Number(p) : p));
      const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      return { sql: q.query, plan };
    });
}

/**
 * Plan lines that read a whole table or a whole index of one (SQLite says SCAN <table>, with or
 * without "USING [COVERING] INDEX"); SCAN of a subquery's own result (m, sub) is fine.
 */
const fullScans = (plan: string[]) => plan.filter((l) => /^SCAN (main\.)?(Customer|CustomerDomain|Contact|Contract|ChangeLog|c|t\d)\b/.test(l));

describe("customer search", () => {
  const repo = () => new CustomerRepository(t.db);

  it("finds customers by the start of the name or of a domain, once each, sorted by name, without archived ones", async () => {
    const page = await repo().search("  ACME ", { limit: 10, offset: 0 });
    expect(page.items.map((c) => c.name)).toEqual(["Acme Dental", "Acme Legal", "Zeta Foods"]);
    expect(page.total).toBe(3);
    expect(page.items[0]).toMatchObject({ domains: ["acme.com"], archivedAt: null });
    expect((await repo().search("old", { limit: 10, offset: 0 })).total).toBe(0);
    expect((await repo().search("oldacme.ex", { limit: 10, offset: 0 })).total).toBe(0);
    const archived = await repo().search("old", { limit: 10, offset: 0, includeArchived: true });
    expect(archived.items.map((c) => [c.name, c.archivedAt instanceof Date])).toEqual([["Old Acme", true]]);
    expect((await repo().search("acme.com", { limit: 10, offset: 0 })).items.map((c) => c.name)).toEqual(["Acme Dental"]);
  });

  it("pages with offset and limit and counts every match", async () => {
    const first = await repo().search("filler", { limit: 15, offset: 0 });
    const third = await repo().search("filler", { limit: 15, offset: 30 });
    expect(first.total).toBe(40);
    expect(first.items.map((c) => c.name).slice(0, 2)).toEqual(["Filler 00", "Filler 01"]);
    expect(third.items.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Filler ${30 + i}`));
    const everyone = await repo().search("", { limit: 5, offset: 0 });
    expect(everyone.total).toBe(44);
    expect(everyone.items[0]?.name).toBe("Acme Dental");
    expect((await repo().search("", { limit: 5, offset: 0, includeArchived: true })).total).toBe(45);
  });

  it("answers a name search from the name and domain indexes, never by scanning Customer", async () => {
    const plans = await plansOf(() => new CustomerRepository(logged).search("acme d", { limit: 20, offset: 0 }));
    const search = plans.filter((p) => p.sql.includes("UNION"));
    expect(search).toHaveLength(2); // the page and its count
    for (const { plan } of search) {
      expect(plan).toContain("SEARCH Customer USING INDEX Customer_nameKey_key (nameKey>? AND nameKey<?)");
      expect(plan).toContain("SEARCH CustomerDomain USING INDEX CustomerDomain_domain_key (domain>? AND domain<?)");
      expect(plan).toContain("SEARCH c USING INDEX sqlite_autoindex_Customer_1 (id=?)");
      expect(plan.join("\n")).not.toContain("Customer_archivedAt_idx");
      expect(fullScans(plan)).toEqual([]);
    }
    for (const { plan } of plans) expect(fullScans(plan), plan.join("\n")).toEqual([]);
  });

  it("keeps that plan when SQLite has table statistics (after ANALYZE)", async () => {
    const writer = new Database(t.file);
    writer.exec("ANALYZE");
    writer.close();
    const plans = await plansOf(() => new CustomerRepository(logged).search("acme", { limit: 20, offset: 0 }));
    for (const { plan } of plans.filter((p) => p.sql.includes("UNION"))) {
      expect(plan).toContain("SEARCH Customer USING INDEX Customer_nameKey_key (nameKey>? AND nameKey<?)");
      expect(fullScans(plan)).toEqual([]);
    }
  });

  it("lists everyone by walking the name index in order, without sorting the table", async () => {
    const plans = await plansOf(() => new CustomerRepository(logged).search("", { limit: 20, offset: 0 }));
    const page = plans.find((p) => /ORDER BY "nameKey"/.test(p.sql));
    expect(page?.plan).toEqual(["SCAN Customer USING INDEX Customer_nameKey_key"]);
  });

  it("shows a card (every tab) and resolves a typed name without scanning any table", async () => {
    const service = new CustomerManagementService({
      customers: new CustomerRepository(logged),
      repos: managementRepos(logged),
      transaction: transactor(logged),
      slas: new SlaRepository(logged),
      alertProfiles: new AlertProfileRepository(logged),
      isAdmin: async () => false,
      clock: () => new Date(),
    });
    const id = ids["Acme Dental"]!;
    const plans = [
      ...(await plansOf(() => service.resolve("acme dental"))),
      ...(await plansOf(() => service.resolve("acme.com"))),
      ...(await plansOf(() => service.resolve("beta"))),
    ];
    for (const tab of CARD_TABS) plans.push(...(await plansOf(() => service.card(id, tab))));
    expect(plans.length).toBeGreaterThan(10);
    if (process.env.SHOW_PLANS) for (const p of plans) console.log(p.sql.slice(0, 160), "\n   ", p.plan.join(" | "));
    for (const { sql, plan } of plans) expect(fullScans(plan), `${sql}\n${plan.join("\n")}`).toEqual([]);
  });
});
