/**
 * Customer search, list and card latency with a large book: 50,000 customers and 200,000 contacts
 * (seeded with prepared inserts, see seed-customers.ts; the search indexes fill through their
 * triggers), the real app in HTTP mode, signed requests from the test driver, the fake Slack Web
 * API and response_urls. Prints one JSON line.
 *
 * The search is measured on a mix of what people type (QUERY_KINDS below), each kind through
 *   searchMs   signed `/customer list <query>` sent -> the list arrives at the response_url, and
 *   pickerMs   the new-ticket modal's customer picker: block_suggestion sent -> options answered,
 * and, as the same-run baseline, the same queries through the same app on the same database with
 * the search this project had before (bench/prefix-search.ts: a prefix of the name or a domain),
 * in `prefixMs`; each query goes to both in turn, so that both see the same machine load. And
 *   searchCpuMs / prefixCpuMs  the search alone (a repository call in this process): CPU time,
 *              which a loaded machine inflates less than wall time; the most it holds the event loop.
 *   eventLoopDelayMs  the event loop's delay (perf_hooks, 5 ms resolution) while the mix ran: p99
 *              and max, an upper bound on what any one search request held it for. `ratioP99` is new p99 / prefix p99 per kind. The prefix search finds nothing for
 * most kinds (that is the point of the new one); its figure is what an index-range query costs.
 * Also, as before:
 *   show:      `/customer show <exact name>` -> the card
 *   showMiss:  `/customer show <a name that matches nothing>` -> "no match" with close names
 *   listAll:   `/customer list` (no search, first page)
 * and the plan SQLite uses for one search statement (EXPLAIN QUERY PLAN).
 * Run: npm run bench -- customers   (or: tsx bench/customers.ts [runs] [customers] [contactsPerCustomer]);
 * runs (BENCH_CUSTOMERS_RUNS, default 1000) is split evenly over the query kinds, and is the number of `show`s.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PostgresPrismaClient } from "../src/generated/prisma-postgresql/client.js";
import { postgresPoolConfig } from "../src/db/url.js";
import { PrismaClient } from "../src/generated/prisma/client.js";
import { createDb } from "../src/db/client.js";
import { createTestDb, type TestDb } from "../test/support/db.js";
import { TECH, CHANNEL, startTestApp, type TestApp } from "../test/support/app-harness.js";
import { ensureDefaults } from "../src/db/defaults.js";
import { createCustomerSearch } from "../src/repositories/backend.js";
import type { CustomerSearch } from "../src/repositories/customer-search.js";
import { PrefixCustomerSearch } from "./prefix-search.js";
import { seedBusinessId, seedContact, seedCustomerBook, seedDomain, seedName, seedPhone } from "./seed-customers.js";
import { peakRssMb, summarise } from "./stats.js";

/** A small deterministic random source, so two runs ask the same questions. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Pick = <T>(xs: readonly T[]) => T;

/**
 * What people type, by kind; each makes a query from seed number i (a customer that exists) and
 * the random source. Seeded names look like "Acme Dental 00042", "Zephyr Città 01049".
 */
const QUERY_KINDS: Record<string, (i: number, pick: Pick, random: () => number) => string> = {
  /** what the old bench measured: the start of a name */
  prefix: (i, pick) => {
    const words = seedName(i).toLowerCase().split(" ");
    return pick([words[0] ?? "", `${words[0]} ${(words[1] ?? "").slice(0, 1)}`, `${words[0]} ${words[1]} ${(words[2] ?? "").slice(0, 2)}`]);
  },
  fullName: (i) => seedName(i),
  middleWord: (i, pick) => pick([seedName(i).split(" ")[1] ?? "", seedName(i).split(" ")[2] ?? ""]),
  partOfWord: (i, _pick, random) => {
    const word = seedName(i).split(" ")[1] ?? "";
    const at = 1 + Math.floor(random() * Math.max(1, word.length - 4));
    return word.slice(at, at + 4);
  },
  contactName: (i, pick) => {
    const c = seedContact(i, 0, seedDomain(i));
    return pick([`${c.firstName} ${c.lastName}`, c.lastName, `${c.lastName} ${c.firstName}`]);
  },
  email: (i, pick) => {
    const c = seedContact(i, 1, seedDomain(i));
    return pick([c.email, c.email.split("@")[0] ?? ""]);
  },
  phone: (i, pick) => {
    const c = seedContact(i, 2, seedDomain(i));
    return pick([seedPhone(i).slice(4), seedPhone(i).replaceAll(" ", "-"), c.phone.slice(-8)]);
  },
  businessId: (i) => seedBusinessId(i - (i % 4)) ?? "IT00000000000",
  short: (_i, pick) => pick(["a", "z", "de", "ro", "ci", "li"]),
  noMatch: (_i, pick, random) => `${pick(["qqxz", "zzyzx", "wvq", "hjkq"])}${Math.floor(random() * 1e4)}`,
};

/** Waits for response_url post number `index`, polling every millisecond (the figures include up to ~1 ms of that). */
async function responseAt(app: TestApp, index: number, timeoutMs = 10_000) {
  const started = performance.now();
  for (;;) {
    const post = app.slack.responseUrlPosts()[index];
    if (post) return post;
    if (performance.now() - started > timeoutMs) throw new Error(`no response_url post #${index + 1} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** The database's plan of every search statement Prisma sends for one search on the seeded book (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN). */
async function searchPlans(testDb: TestDb, query: string) {
  const queries: { query: string; params: string }[] = [];
  const postgres = testDb.kind === "postgresql";
  const logged = postgres
    ? (new PostgresPrismaClient({ adapter: new PrismaPg(postgresPoolConfig(testDb.url)), log: [{ emit: "event", level: "query" }] }) as unknown as PrismaClient<"query">)
    : new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: testDb.file }), log: [{ emit: "event", level: "query" }] });
  logged.$on("query", (e) => queries.push({ query: e.query, params: e.params }));
  await createCustomerSearch(logged).search(query, { limit: 20, offset: 0 });
  await logged.$disconnect();
  const searches = queries.filter((q) => q.query.includes(postgres ? "customer_search_fold" : "MATCH"));
  if (postgres) {
    const client = new pg.Client(postgresPoolConfig(testDb.url));
    await client.connect();
    try {
      const plans: string[] = [];
      for (const q of searches) plans.push((await client.query(`EXPLAIN ${q.query}`, JSON.parse(q.params) as unknown[])).rows.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"].trim()).join(" | "));
      return plans;
    } finally {
      await client.end();
    }
  }
  const sqlite = new Database(testDb.file, { readonly: true });
  const plans = searches.map((q) => (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...(JSON.parse(q.params) as unknown[])) as { detail: string }[]).map((r) => r.detail).join(" | "));
  sqlite.close();
  return plans;
}

/** Sends `/customer <text>` and waits for the answer; checks it. */
async function commandTime(app: TestApp, label: string, text: string, check: (body: string) => boolean): Promise<number> {
  const index = app.slack.responseUrlPosts().length;
  const t0 = performance.now();
  const res = await app.driver.command("/customer", text, { userId: TECH });
  const post = await responseAt(app, index);
  const t1 = performance.now();
  if (res.status !== 200 || post.outcome === "rejected") throw new Error(`${label}: /customer ${text} -> HTTP ${res.status}, ${post.outcome} ${post.error ?? ""}`);
  if (!check(JSON.stringify(post.body))) throw new Error(`${label}: unexpected answer to /customer ${text}: ${JSON.stringify(post.body).slice(0, 400)}\n${app.logs.join("\n")}`);
  return t1 - t0;
}

/** A list answer: rows, or "no customer matches". */
const isList = (b: string) => b.includes("customer_list_menu") || b.includes("No customer matches");

type Summary = ReturnType<typeof summarise>;

/**
 * The search mix, each query sent to both apps in turn (which one first alternates), so that the
 * two are measured under the same load: `/customer list` on each, and the new-ticket modal's
 * customer picker on the new one.
 */
async function searchMix(
  apps: { search: TestApp; prefix: TestApp },
  direct: { search: CustomerSearch; prefix: CustomerSearch },
  o: { runs: number; customers: number; onKind?: (kind: string) => void },
) {
  const random = rng(42);
  const pick: Pick = (xs) => xs[Math.floor(random() * xs.length)] as (typeof xs)[number];
  const out = {
    search: {} as Record<string, Summary>,
    prefix: {} as Record<string, Summary>,
    picker: {} as Record<string, Summary>,
    searchCpu: {} as Record<string, Summary>,
    prefixCpu: {} as Record<string, Summary>,
  };
  const all = { search: [] as number[], prefix: [] as number[], picker: [] as number[], searchCpu: [] as number[], prefixCpu: [] as number[] };
  // The picker lives in the new-ticket modal: open it once, then type into it.
  await apps.search.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL });
  let viewId: string | undefined;
  for (let i = 0; i < 2000 && !viewId; i++) {
    viewId = apps.search.driver.currentView(TECH)?.id;
    if (!viewId) await new Promise((r) => setTimeout(r, 1));
  }
  if (!viewId) throw new Error("the new-ticket modal did not open");
  for (const [kind, make] of Object.entries(QUERY_KINDS)) {
    o.onKind?.(kind);
    const samples = { search: [] as number[], prefix: [] as number[], picker: [] as number[], searchCpu: [] as number[], prefixCpu: [] as number[] };
    const warmup = Math.min(20, Math.ceil(o.runs / 10));
    for (let r = 0; r < o.runs + warmup; r++) {
      const query = make(Math.floor(random() * o.customers), pick, random);
      const order = r % 2 === 0 ? (["search", "prefix"] as const) : (["prefix", "search"] as const);
      for (const which of order) {
        const ms = await commandTime(apps[which], `${which} ${kind}`, `list ${query}`, isList);
        if (r >= warmup) samples[which].push(ms);
      }
      const t0 = performance.now();
      await apps.search.driver.suggest({ viewId }, "ticket_form_customer", "ticket_form_customer", query, { userId: TECH });
      if (r >= warmup) samples.picker.push(performance.now() - t0);
      // The search alone, in this process: the CPU time it takes (what it holds the event loop
      // for, at most), which the machine's load does not inflate the way it does wall time.
      for (const which of ["search", "prefix"] as const) {
        const c0 = process.cpuUsage();
        await direct[which].search(query, { limit: 20, offset: 0 });
        const c = process.cpuUsage(c0);
        if (r >= warmup) samples[`${which}Cpu`].push((c.user + c.system) / 1000);
      }
    }
    for (const which of ["search", "prefix", "picker", "searchCpu", "prefixCpu"] as const) {
      out[which][kind] = summarise(samples[which]);
      all[which].push(...samples[which]);
    }
  }
  const withAll = (which: keyof typeof out): Record<string, Summary> => ({ all: summarise(all[which]), ...out[which] });
  return { search: withAll("search"), prefix: withAll("prefix"), picker: withAll("picker"), searchCpu: withAll("searchCpu"), prefixCpu: withAll("prefixCpu") };
}

/** The same database, for a second app: closing it leaves the file alone. */
function sharedDb(of: TestDb): TestDb {
  const db = createDb(of.url);
  const shared = { db, kind: of.kind, url: of.url, close: () => db.$disconnect() };
  // file: SQLite only (a PostgreSQL TestDb throws when it is read)
  return of.kind === "sqlite" ? { ...shared, file: of.file } : (Object.defineProperty(shared, "file", { get: () => of.file }) as TestDb);
}

export async function benchCustomers(runs: number, customers: number, contactsPerCustomer: number) {
  const progress = (line: string) => process.stderr.write(`customers: ${line}\n`);
  const testDb = await createTestDb();
  await ensureDefaults(testDb.db, "UTC");
  progress(`seeding ${customers.toLocaleString("en-US")} customers with ${contactsPerCustomer} contacts each`);
  const seeded = await seedCustomerBook(testDb, { customers, contactsPerCustomer });
  const rssAfterSeedMb = Math.round(process.memoryUsage().rss / 1024 / 1024);

  const perKind = Math.max(20, Math.round(runs / Object.keys(QUERY_KINDS).length));
  const app = await startTestApp({ enforceRateLimits: false, testDb });
  const baseline = await startTestApp({ enforceRateLimits: false, testDb: sharedDb(testDb), customerSearch: (db) => new PrefixCustomerSearch(db) });
  try {
    progress(`search mix, ${perKind} queries per kind, each to the new search and to the prefix search`);
    const direct = { search: createCustomerSearch(testDb.db), prefix: new PrefixCustomerSearch(testDb.db) };
    // The longest the event loop was held while the mix ran (both apps, the fake Slacks and the
    // driver share this process, so no one search request held it longer; a loaded machine's
    // preemption counts in it too).
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const mix = await searchMix({ search: app, prefix: baseline }, direct, { runs: perKind, customers, onKind: (k) => progress(`  ${k}`) });
    loop.disable();
    const eventLoopDelayMs = { p99: Number((loop.percentile(99) / 1e6).toFixed(1)), max: Number((loop.max / 1e6).toFixed(1)) };
    const ratioP99: Record<string, number> = {};
    for (const [kind, s] of Object.entries(mix.search)) {
      const p = mix.prefix[kind];
      if (p) ratioP99[kind] = Number((s.p99 / p.p99).toFixed(2));
    }

    progress("show, showMiss, listAll");
    const random = rng(7);
    const pickName = () => seeded.names[Math.floor(random() * seeded.names.length)] ?? "";
    const timed = async (label: string, n: number, text: () => string, check: (b: string) => boolean) => {
      const samples: number[] = [];
      for (let i = 0; i < n + 20; i++) {
        const ms = await commandTime(app, label, text(), check);
        if (i >= 20) samples.push(ms);
      }
      return summarise(samples);
    };
    const show = await timed("show", runs, () => `show ${pickName()}`, (b) => b.includes("customer_tabs") && b.includes("Primary contact"));
    const showMiss = await timed("showMiss", Math.max(50, Math.floor(runs / 4)), () => `show qq${Math.floor(random() * 1e6)} ${["dentl", "legl", "zzz"][Math.floor(random() * 3)]}`, (b) => b.includes("No customer matches"));
    const listAll = await timed("listAll", Math.max(50, Math.floor(runs / 4)), () => "list", (b) => b.includes("customer_list_menu"));
    const plans = await searchPlans(testDb, "dental");
    return {
      part: "customers",
      database: testDb.kind,
      customers: seeded.customers,
      contacts: seeded.contacts,
      seedSeconds: seeded.seconds,
      runsPerKind: perKind,
      /** `/customer list <query>`, end to end, new search */
      searchMs: mix.search,
      /** the new-ticket modal's customer picker (block_suggestion), new search */
      pickerMs: mix.picker,
      /** `/customer list <query>`, the same queries, the prefix search it replaces (same run, same database, interleaved) */
      prefixMs: mix.prefix,
      /** the search alone (repository call in this process), CPU time: new, and the prefix search */
      searchCpuMs: mix.searchCpu,
      prefixCpuMs: mix.prefixCpu,
      ratioP99,
      /** the event loop's delay while the search mix ran: its longest hold, whatever held it */
      eventLoopDelayMs,
      showMs: show,
      showMissMs: showMiss,
      listAllMs: listAll,
      searchPlan: plans[0],
      /** peak of the whole process: seeding, both apps, the fake Slacks and the driver together */
      peakRssMb: peakRssMb(),
      rssAfterSeedMb,
    };
  } finally {
    await baseline.close();
    await app.close();
  }
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
