/**
 * Customer list and card latency with a large book: 50,000 customers and 200,000 contacts
 * (seeded with prepared inserts, see seed-customers.ts), the real app in HTTP mode, signed requests
 * from the test driver, the fake Slack Web API and response_urls. Prints one JSON line.
 *   list:      signed `/customer list <prefix>` sent -> the list arrives at the response_url
 *   show:      signed `/customer show <exact name>` sent -> the card arrives at the response_url
 *   showMiss:  `/customer show <a name that matches nothing>` -> "no match" with close names
 *   listAll:   `/customer list` (no search, first page)
 * Also the plan SQLite uses for the search statements Prisma sends (EXPLAIN QUERY PLAN).
 * Run: npm run bench -- customers   (or: tsx bench/customers.ts [runs] [customers] [contactsPerCustomer])
 */
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../src/generated/prisma/client.js";
import { createTestDb } from "../test/support/db.js";
import { TECH, startTestApp } from "../test/support/app-harness.js";
import type { FakeSlack } from "../test/support/fake-slack/index.js";
import { ensureDefaults } from "../src/db/defaults.js";
import { SqliteCustomerSearch } from "../src/repositories/customer-search-sqlite.js";
import { seedCustomerBook, seedName } from "./seed-customers.js";
import { peakRssMb, summarise } from "./stats.js";

/** A small deterministic random source, so two runs ask the same questions. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Waits for response_url post number `index`, polling every millisecond (the figures include up to ~1 ms of that). */
async function responseAt(slack: FakeSlack, index: number, timeoutMs = 10_000) {
  const started = performance.now();
  for (;;) {
    const post = slack.responseUrlPosts()[index];
    if (post) return post;
    if (performance.now() - started > timeoutMs) throw new Error(`no response_url post #${index + 1} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** EXPLAIN QUERY PLAN of every statement Prisma sends for one search on the seeded file. */
async function searchPlans(file: string, query: string) {
  const queries: { query: string; params: string }[] = [];
  const logged = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file }), log: [{ emit: "event", level: "query" }] });
  logged.$on("query", (e) => queries.push({ query: e.query, params: e.params }));
  await new SqliteCustomerSearch(logged).search(query, { limit: 20, offset: 0 });
  await logged.$disconnect();
  const sqlite = new Database(file, { readonly: true });
  const plans = queries.map((q) => {
    const params = JSON.parse(q.params) as unknown[];
    return (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(" | ");
  });
  sqlite.close();
  return plans;
}

export async function benchCustomers(runs: number, customers: number, contactsPerCustomer: number) {
  const testDb = createTestDb();
  await ensureDefaults(testDb.db, "UTC");
  const seeded = seedCustomerBook(testDb.file, { customers, contactsPerCustomer });
  const rssAfterSeedMb = Math.round(process.memoryUsage().rss / 1024 / 1024);

  const { slack, driver, logs, close } = await startTestApp({ enforceRateLimits: false, testDb });
  const random = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  /** "Acme Dental 00042" -> one of "acme", "acme d", "acme dental 0" (what people type to search). */
  const prefixOf = (name: string) => {
    const words = name.toLowerCase().split(" ");
    const kind = Math.floor(random() * 3);
    return kind === 0 ? (words[0] ?? "") : kind === 1 ? `${words[0]} ${(words[1] ?? "").slice(0, 1)}` : `${words[0]} ${words[1]} ${(words[2] ?? "").slice(0, 2)}`;
  };

  async function measure(label: string, n: number, text: () => string, check: (body: string) => boolean) {
    const samples: number[] = [];
    const warmup = Math.min(50, Math.ceil(n / 10));
    for (let i = 0; i < n + warmup; i++) {
      const index = slack.responseUrlPosts().length;
      const commandText = text();
      const t0 = performance.now();
      const res = await driver.command("/customer", commandText, { userId: TECH });
      const post = await responseAt(slack, index);
      const t1 = performance.now();
      if (res.status !== 200 || post.outcome === "rejected") throw new Error(`${label}: /customer ${commandText} -> HTTP ${res.status}, ${post.outcome} ${post.error ?? ""}`);
      if (!check(JSON.stringify(post.body))) throw new Error(`${label}: unexpected answer to /customer ${commandText}: ${JSON.stringify(post.body).slice(0, 400)}\n${logs.join("\n")}`);
      if (i >= warmup) samples.push(t1 - t0);
    }
    return summarise(samples);
  }

  const list = await measure("list", runs, () => `list ${prefixOf(pick(seeded.names))}`, (b) => b.includes("customer_list_menu"));
  const show = await measure(
    "show",
    runs,
    () => `show ${pick(seeded.names)}`,
    (b) => b.includes("customer_tabs") && b.includes("Primary contact"),
  );
  const showMiss = await measure("showMiss", Math.max(50, Math.floor(runs / 5)), () => `show qq${Math.floor(random() * 1e6)} ${pick(["dentl", "legl", "zzz"])}`, (b) => b.includes("No customer matches"));
  const listAll = await measure("listAll", Math.max(50, Math.floor(runs / 5)), () => "list", (b) => b.includes("customer_list_menu"));

  const plans = await searchPlans(testDb.file, prefixOf(seedName(7)));
  await close();
  return {
    part: "customers",
    customers: seeded.customers,
    contacts: seeded.contacts,
    seedSeconds: seeded.seconds,
    runs,
    listMs: list,
    showMs: show,
    showMissMs: showMiss,
    listAllMs: listAll,
    searchPlans: plans.filter((p) => p.includes("nameKey")),
    /** peak of the whole process: seeding, the app, the fake Slack and the driver together */
    peakRssMb: peakRssMb(),
    rssAfterSeedMb,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchCustomers(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 50_000), Number(process.argv[4] ?? 4)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
