/**
 * Customer search on the test database (SQLite, and PostgreSQL in the postgres project, each with
 * its own CustomerSearch): what it finds, that it ranks exactly as the rules in
 * src/domain/search.ts say (checked against matchOf() over every customer for a few hundred
 * queries), that any text is safe, and how the database runs the statements Prisma sends
 * (captured with Prisma's query log, then EXPLAIN [QUERY PLAN] on the same SQL and parameters).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { PrismaClient as PostgresPrismaClient } from "../../src/generated/prisma-postgresql/client.js";
import { postgresPoolConfig } from "../../src/db/url.js";
import { createCustomerSearch } from "../../src/repositories/backend.js";
import { PostgresCustomerSearch } from "../../src/repositories/postgres/customer-search.js";
import { createTestDb, onPostgres, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { SqliteCustomerSearch, MATCH_CAP } from "../../src/repositories/sqlite/customer-search.js";
import { managementRepos, transactor } from "../../src/repositories/unit-of-work.js";
import { SlaRepository } from "../../src/repositories/slas.js";
import { AlertProfileRepository } from "../../src/repositories/alert-profiles.js";
import { CustomerManagementService, CARD_TABS } from "../../src/services/customers/management.js";
import { compareHits, matchOf, parseQuery, type SearchDocument } from "../../src/domain/search.js";
import { seedCustomer, type SeedContact } from "../support/customer-seed.js";
import { seedCustomerBook } from "../../bench/seed-customers.js";
import { en } from "../../src/i18n/en.js";

let t: TestDb;
let logged: PrismaClient<"query">;
let queries: { query: string; params: string }[] = [];
let sqlite: Database.Database | undefined;
const ids: Record<string, string> = {};

type Fixture = { name: string; domains: string[]; businessId?: string; phone?: string; fax?: string; contacts?: SeedContact[]; archived?: boolean };
const FIXTURES: Fixture[] = [
  { name: "Acme Dental", domains: ["acme.com"], businessId: "IT01234567890", phone: "+39 06 1234 5678", contacts: [{ firstName: "Jane", lastName: "Roe", email: "jane.roe@acme.com", phone: "+39 333 111 2222" }] },
  { name: "Acme Legal", domains: ["acmelegal.it"], contacts: [{ firstName: "Tom", lastName: "Hill", email: "tom@acmelegal.it", mobile: "347/555.0101" }] },
  { name: "Zeta Foods", domains: ["acme-foods.example"], contacts: [{ firstName: "Maria", lastName: "Dentoni", email: "maria@zeta.example" }] },
  { name: "Beta Motors", domains: ["beta.example"], businessId: "RSSMRA85T10A562S", fax: "06-9999-000", contacts: [{ firstName: "Luca", lastName: "Li", email: "luca@beta.example" }] },
  { name: "Cliente Alfa 36e54c", domains: ["alfa.example"], contacts: [{ firstName: "Pat", lastName: "Lee", email: "pat@alfa.example" }] },
  { name: "Città Nuova Servizi", domains: ["cittanuova.it"], businessId: "01234567890", contacts: [{ firstName: "Niccolò", lastName: "Caffè", email: "nic@cittanuova.it" }] },
  { name: "Studio Dentistico Bianchi", domains: ["studiobianchi.it"], phone: "(06) 555 0101", contacts: [{ firstName: "Giulia", lastName: "Bianchi", email: "giulia@studiobianchi.it" }, { firstName: "Jane", lastName: "Dent", email: "jd@studiobianchi.it" }] },
  { name: "Old Acme", domains: ["oldacme.example"], contacts: [{ firstName: "Ann", lastName: "Roe", email: "ann@oldacme.example" }], archived: true },
  { name: 'Quote "Co" AND (x) NEAR* {name}:', domains: ["quote.example"] },
  { name: "Delta Roe Partners", domains: ["deltaroe.example"], contacts: [{ firstName: "Sam", lastName: "Bo", email: "sam@deltaroe.example", phone: "+39 06 1234 0000" }] },
];

beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaults(t.db, "UTC");
  for (const f of FIXTURES) {
    ids[f.name] = (
      await seedCustomer(t.db, {
        name: f.name,
        domains: f.domains,
        ...(f.businessId ? { businessId: f.businessId } : {}),
        ...(f.phone ? { phone: f.phone } : {}),
        ...(f.fax ? { fax: f.fax } : {}),
        ...(f.contacts ? { contacts: f.contacts } : {}),
      })
    ).id;
  }
  for (let i = 0; i < 30; i++) await seedCustomer(t.db, { name: `Filler ${String(i).padStart(2, "0")}`, domains: [`filler${i}.example`] });
  for (const f of FIXTURES) if (f.archived) await managementRepos(t.db).customers.update(ids[f.name]!, { archivedAt: new Date("2026-02-01T00:00:00Z") });
  logged = onPostgres
    ? (new PostgresPrismaClient({ adapter: new PrismaPg(postgresPoolConfig(t.url)), log: [{ emit: "event", level: "query" }] }) as unknown as PrismaClient<"query">)
    : new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: t.file }), log: [{ emit: "event", level: "query" }] });
  logged.$on("query", (e) => queries.push({ query: e.query, params: e.params }));
  if (!onPostgres) sqlite = new Database(t.file, { readonly: true });
});
afterAll(async () => {
  sqlite?.close();
  await logged.$disconnect();
  await t.close();
});

const search = () => createCustomerSearch(t.db);
const names = async (query: string, o: { includeArchived?: boolean } = {}) => (await search().search(query, { limit: 50, offset: 0, ...o })).items.map((c) => c.name);

describe("customer search", () => {
  it("finds a name by any word or part of a word, ignoring case and accents", async () => {
    expect(await names("36e54c")).toEqual(["Cliente Alfa 36e54c"]);
    expect(await names("alfa")).toEqual(["Cliente Alfa 36e54c"]);
    expect(await names("DENTAL")).toEqual(["Acme Dental"]);
    expect(await names("ntal")).toEqual(["Acme Dental"]);
    expect(await names("citta")).toEqual(["Città Nuova Servizi"]);
    expect(await names("CITTÀ NUOVA")).toEqual(["Città Nuova Servizi"]);
    expect(await names("servizi citta")).toEqual(["Città Nuova Servizi"]);
  });

  it("finds a contact's name, email or phone, and says which contact matched", async () => {
    const roe = await search().search("roe", { limit: 50, offset: 0 });
    expect(roe.items.map((c) => [c.name, c.match?.tier])).toEqual([
      ["Delta Roe Partners", "word_start"],
      ["Acme Dental", "contact"],
    ]);
    expect(roe.items[1]?.match?.reason).toMatchObject({ kind: "contact", name: "Jane Roe", field: "name" });
    const email = await search().search("jane.roe@", { limit: 5, offset: 0 });
    expect(email.items.map((c) => [c.name, c.match?.reason])).toEqual([["Acme Dental", expect.objectContaining({ field: "email", value: "jane.roe@acme.com" })]]);
    const mobile = await search().search("555-0101", { limit: 5, offset: 0 });
    expect(mobile.items.map((c) => [c.name, c.match?.tier, c.match?.reason])).toEqual([
      ["Studio Dentistico Bianchi", "customer_ids", { kind: "phone", value: "(06) 555 0101" }],
      ["Acme Legal", "contact", expect.objectContaining({ name: "Tom Hill", field: "mobile", value: "347/555.0101" })],
    ]);
  });

  it("finds a business ID (Partita IVA with or without IT, codice fiscale) and phone numbers whatever the separators", async () => {
    expect(await names("IT 01234567890")).toEqual(["Acme Dental", "Città Nuova Servizi"]);
    expect(await names("01234567890")).toEqual(["Acme Dental", "Città Nuova Servizi"]);
    expect(await names("rssmra85t10")).toEqual(["Beta Motors"]);
    expect(await names("06/1234-5678")).toEqual(["Acme Dental"]);
    expect(await names("061234")).toEqual(["Acme Dental", "Delta Roe Partners"]);
    expect(await names("9999 000")).toEqual(["Beta Motors"]);
  });

  it("ranks name starts, then word starts, then domain starts, then the rest, each by name", async () => {
    const acme = await search().search("acme", { limit: 50, offset: 0 });
    expect(acme.items.map((c) => [c.name, c.match?.tier])).toEqual([
      ["Acme Dental", "name_start"],
      ["Acme Legal", "name_start"],
      ["Zeta Foods", "domain_start"],
    ]);
    expect(acme.total).toBe(3);
    expect(acme.items[2]?.match?.reason).toEqual({ kind: "domain", domain: "acme-foods.example" });
    const dent = await search().search("dent", { limit: 50, offset: 0 });
    expect(dent.items.map((c) => [c.name, c.match?.tier])).toEqual([
      ["Acme Dental", "word_start"],
      ["Studio Dentistico Bianchi", "word_start"],
      ["Zeta Foods", "contact"],
    ]);
  });

  it("answers one or two characters with name, word and domain starts", async () => {
    expect(await names("z")).toEqual(["Zeta Foods"]);
    expect(await names("ze")).toEqual(["Zeta Foods"]);
    expect(await names("nu")).toEqual(["Città Nuova Servizi"]); // a word start
    expect(await names("li")).toEqual(["Beta Motors"]); // the contact Luca Li
    expect(await names("ta")).toEqual([]); // "contains" needs three characters
  });

  it("leaves archived customers out unless asked", async () => {
    expect(await names("old")).toEqual([]);
    expect(await names("ann roe")).toEqual([]);
    const archived = await search().search("old", { limit: 10, offset: 0, includeArchived: true });
    expect(archived.items.map((c) => [c.name, c.archivedAt instanceof Date])).toEqual([["Old Acme", true]]);
    expect(await names("roe", { includeArchived: true })).toEqual(["Delta Roe Partners", "Acme Dental", "Old Acme"]);
  });

  it("takes any text as text: quotes, FTS5 syntax, control characters, emoji, very long input", async () => {
    expect(await names('"co" and')).toEqual(['Quote "Co" AND (x) NEAR* {name}:']);
    expect(await names("near*")).toEqual(['Quote "Co" AND (x) NEAR* {name}:']);
    expect(await names("{name}:")).toEqual(['Quote "Co" AND (x) NEAR* {name}:']);
    for (const hostile of ['"', '""', "*", "AND", "OR NOT", "(", ")", "NEAR(a b)", "^acme", "col:acme", "'; DROP TABLE Customer; --", "\u0000\u0002\u0002", "\u0002acme", "😀😀😀", "a".repeat(20_000), "x\u0301".repeat(500)]) {
      const page = await search().search(hostile, { limit: 20, offset: 0 });
      expect(page.total, hostile.slice(0, 30)).toBeGreaterThanOrEqual(0);
    }
    expect(await names("\u0002\u0002acme")).toEqual(["Acme Dental", "Acme Legal", "Zeta Foods"]); // the index's marker cannot be typed
    expect((await search().search("x", { limit: 1e9, offset: -5 })).items.length).toBeLessThanOrEqual(100);
  });

  it("pages with offset and limit, counts every match, and still counts past the end", async () => {
    const first = await search().search("filler", { limit: 12, offset: 0 });
    const third = await search().search("filler", { limit: 12, offset: 24 });
    expect(first.total).toBe(30);
    expect(first.items.map((c) => c.name).slice(0, 2)).toEqual(["Filler 00", "Filler 01"]);
    expect(third.items.map((c) => c.name)).toEqual(["Filler 24", "Filler 25", "Filler 26", "Filler 27", "Filler 28", "Filler 29"]);
    expect(await search().search("filler", { limit: 12, offset: 60 })).toEqual({ items: [], total: 30 });
    const everyone = await search().search("", { limit: 5, offset: 0 });
    expect(everyone.total).toBe(FIXTURES.length - 1 + 30);
    expect(everyone.items[0]?.name).toBe("Acme Dental");
    expect(everyone.items[0]?.match).toBeUndefined();
    expect((await search().search("  ", { limit: 5, offset: 0, includeArchived: true })).total).toBe(FIXTURES.length + 30);
  });

  it("ranks exactly as the rules in src/domain/search.ts say, for a few hundred queries", async () => {
    const rows = await t.db.customer.findMany({ include: { domains: true, contacts: true } });
    const docs = rows.map((c) => ({
      id: c.id,
      nameKey: c.nameKey,
      archived: c.archivedAt !== null,
      doc: { name: c.name, domains: c.domains.map((d) => d.domain), businessId: c.businessId, phone: c.phone, fax: c.fax, contacts: c.contacts } satisfies SearchDocument,
    }));
    const texts = new Set<string>();
    for (const { doc } of docs) {
      const pieces = [doc.name, ...doc.domains, doc.businessId ?? "", doc.phone ?? "", ...doc.contacts.flatMap((k) => [k.firstName, k.lastName, `${k.lastName} ${k.firstName}`, k.email, k.phone ?? ""])];
      for (const p of pieces.filter(Boolean)) {
        texts.add(p);
        for (const len of [1, 2, 3, 5]) for (let at = 0; at < p.length; at += 4) texts.add(p.slice(at, at + len));
      }
    }
    for (const extra of ["zzz", "dent acme", "acme dent", "roe jane", "it01234567890", "06 12", "jane roe", "ROE", "città", "e", "co"]) texts.add(extra);
    let compared = 0;
    for (const text of texts) {
      const q = parseQuery(text);
      if (!q) continue;
      for (const includeArchived of [false, true]) {
        const expected = docs
          .filter((d) => includeArchived || !d.archived)
          .flatMap((d) => {
            const m = matchOf(q, d.doc);
            return m ? [{ id: d.id, nameKey: d.nameKey, tier: m.tier }] : [];
          })
          .sort(compareHits)
          .map((h) => `${h.id}:${h.tier}`);
        const page = await search().search(text, { limit: 100, offset: 0, includeArchived });
        expect(page.items.map((c) => `${c.id}:${c.match?.tier}`), `"${text}"`).toEqual(expected);
        expect(page.total).toBe(expected.length);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});

/** The plan SQLite chooses for each statement Prisma sent while running `fn`. */
async function plansOf(fn: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
  queries = [];
  await fn();
  return queries
    .filter((q) => /^\s*(SELECT|WITH)/i.test(q.query))
    .map((q) => {
      const params = (JSON.parse(q.params) as unknown[]).map((p) => (typeof p === "boolean" ? Number(p) : p));
      const plan = (sqlite!.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      return { sql: q.query, plan };
    });
}

/**
 * Plan lines that read a whole table or a whole index of one (SQLite says SCAN <table>, with or
 * without "USING [COVERING] INDEX"); SCAN of a subquery's own result or of a virtual table (an
 * FTS5 index answering MATCH) is fine.
 */
const fullScans = (plan: string[]) => plan.filter((l) => /^SCAN (main\.)?(Customer|CustomerDomain|Contact|Contract|ChangeLog|c|d|k|t\d)\b(?! VIRTUAL TABLE)/.test(l));

describe.skipIf(onPostgres)("how SQLite runs the search", () => {
  it("answers every kind of query from the indexes, never by scanning Customer, Contact or CustomerDomain", async () => {
    for (const text of ["acme d", "dental", "36e54c", "jane.roe@acme", "06 1234", "IT01234567890", "a", "li", "zzzzzz"]) {
      const plans = await plansOf(() => new SqliteCustomerSearch(logged).search(text, { limit: 20, offset: 0 }));
      const searchPlans = plans.filter((p) => p.sql.includes("MATCH"));
      expect(searchPlans, text).toHaveLength(1);
      expect(searchPlans[0]!.plan.join("\n")).toMatch(/SCAN CustomerSearch VIRTUAL TABLE/);
      for (const { sql, plan: p } of plans) expect(fullScans(p), `${text}: ${sql}\n${p.join("\n")}`).toEqual([]);
    }
  });

  it("keeps that plan when SQLite has table statistics (after ANALYZE)", async () => {
    const writer = new Database(t.file);
    writer.exec("ANALYZE");
    writer.close();
    const plans = await plansOf(() => new SqliteCustomerSearch(logged).search("roe", { limit: 20, offset: 0 }));
    for (const { plan } of plans) expect(fullScans(plan), plan.join("\n")).toEqual([]);
  });

  it("lists everyone by walking the name index in order, without sorting the table", async () => {
    const plans = await plansOf(() => new SqliteCustomerSearch(logged).search("", { limit: 20, offset: 0 }));
    const page = plans.find((p) => /ORDER BY "nameKey"/.test(p.sql));
    expect(page?.plan).toEqual(["SCAN Customer USING INDEX Customer_nameKey_key"]);
  });

  it("shows a card (every tab) and resolves a typed name without scanning any table", async () => {
    const service = new CustomerManagementService({
      search: new SqliteCustomerSearch(logged),
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
    for (const tab of CARD_TABS) plans.push(...(await plansOf(() => service.card(en, id, tab))));
    expect(plans.length).toBeGreaterThan(10);
    if (process.env.SHOW_PLANS) for (const p of plans) console.log(p.sql.slice(0, 160), "\n   ", p.plan.join(" | "));
    for (const { sql, plan } of plans) expect(fullScans(plan), `${sql}\n${plan.join("\n")}`).toEqual([]);
  });
});

/** The plan PostgreSQL chooses for each statement Prisma sent while running `fn`, with sequential scans off. */
async function postgresPlansOf(fn: () => Promise<unknown>): Promise<{ sql: string; plan: string }[]> {
  queries = [];
  await fn();
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    const out: { sql: string; plan: string }[] = [];
    for (const q of queries.filter((x) => /^\s*(SELECT|WITH)/i.test(x.query))) {
      await client.query("BEGIN");
      // A book of 40 customers: PostgreSQL rightly reads the tables. With sequential scans off it
      // must still find an index for each condition, which it cannot when a query's expression is
      // not exactly the index's (a function written differently, another collation).
      await client.query("SET LOCAL enable_seqscan = off");
      const rows = (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${q.query}`, JSON.parse(q.params) as unknown[])).rows;
      await client.query("ROLLBACK");
      out.push({ sql: q.query, plan: rows.map((r) => r["QUERY PLAN"].trim()).join("\n") });
    }
    return out;
  } finally {
    await client.end();
  }
}

describe.runIf(onPostgres)("how PostgreSQL runs the search", () => {
  it("can answer every kind of query from the search indexes (pg_trgm GIN, the name-start btree, CustomerDomain's), never reading Customer or Contact whole", async () => {
    const expected: Record<string, RegExp[]> = {
      "acme d": [/Customer_search_name_start_idx/, /Customer_search_name_idx/, /CustomerDomain_domain_key/, /Contact_search_idx/],
      dental: [/Customer_search_name_start_idx/, /Customer_search_name_idx/, /Contact_search_idx/],
      "jane.roe@acme": [/Contact_search_idx/],
      "06 1234": [/Customer_search_ids_idx/, /Contact_search_idx/],
      IT01234567890: [/Customer_search_ids_idx/],
      a: [/Customer_search_name_start_idx/, /CustomerDomain_domain_key/],
      li: [/Customer_search_name_idx/, /Contact_search_idx/],
      zzzzzz: [/Customer_search_name_start_idx/, /Customer_search_name_idx/],
    };
    for (const [text, indexes] of Object.entries(expected)) {
      const plans = await postgresPlansOf(() => new PostgresCustomerSearch(logged).search(text, { limit: 20, offset: 0 }));
      const searchPlans = plans.filter((p) => p.sql.includes("customer_search_fold"));
      expect(searchPlans, text).toHaveLength(1);
      const plan = searchPlans[0]!.plan;
      for (const index of indexes) expect(plan, `${text}: ${index}\n${plan}`).toMatch(index);
      for (const { sql, plan: p } of plans) expect(p, `${text}: ${sql}`).not.toMatch(/Seq Scan on "(Customer|Contact|CustomerDomain)"/);
    }
  });
});

describe("a query that matches more than can be ranked", () => {
  it("reads at most MATCH_CAP index rows per tier, stops after the first tier that has more, and says the total is a lower bound", async () => {
    const big = await createTestDb();
    try {
      await ensureDefaults(big.db, "UTC");
      await seedCustomerBook(big, { customers: 2600, contactsPerCustomer: 2 });
      const s = createCustomerSearch(big.db);
      // Every contact's email has "example": the contact tier is cut, the tiers after it left out.
      const everyone = await s.search("example", { limit: 20, offset: 0 });
      expect(everyone.truncated).toBe(true);
      expect(everyone.total).toBeGreaterThan(MATCH_CAP / 2);
      expect(everyone.total).toBeLessThanOrEqual(MATCH_CAP + 1);
      expect(everyone.items.map((c) => c.match?.tier)).toEqual(Array(20).fill("contact"));
      const names = everyone.items.map((c) => c.name.toLowerCase());
      expect(names).toEqual([...names].sort());
      // "Acme ..." is 1 name in 50: every match is ranked, nothing is cut.
      const acme = await s.search("acme", { limit: 20, offset: 0 });
      expect(acme.truncated).toBeUndefined();
      expect(acme.total).toBe(52);
    } finally {
      await big.close();
    }
  });
});
