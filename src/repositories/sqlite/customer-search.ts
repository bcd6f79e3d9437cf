/**
 * Customer search on SQLite: FTS5 trigram indexes (CustomerSearch, ContactSearch), kept current
 * by triggers on Customer and Contact, so every writer (Prisma, the CSV importer's own statements)
 * updates them; domain starts are a range of CustomerDomain's unique index. What is indexed and
 * why: the migration prisma/migrations/20261203060000_customer_search. The ranking rules:
 * src/domain/search.ts.
 *
 * One statement per page. Each tier's index rows are read once (one FTS5 MATCH or index range
 * each, at most MATCH_CAP + 1 rows) and counted; tiers after the first with too many are not
 * joined. The kept tiers' matches are put together with UNION ALL, each customer keeps its best
 * tier (GROUP BY with MIN: SQLite then takes the other columns, the matched contact, from that
 * row), and the page is sorted by tier and name key; COUNT(*) OVER () gives the total in the same
 * pass. Tiers that need 3 characters are left out for shorter queries (a trigram index cannot
 * match fewer).
 *
 * SQLite-specific: FTS5 and its MATCH syntax, the rowid join between an index and its table, the
 * bare column next to MIN(), and CROSS JOIN fixing the join order (SQLite's planner does not
 * know how many rows a MATCH returns). The PostgreSQL version (postgres/customer-search.ts) uses
 * pg_trgm GIN indexes on folded expressions with LIKE '%...%' over the same tables, no triggers,
 * and DISTINCT ON for the best tier; the tiers and their order are the same, from src/domain/search.ts.
 */
import type { Db } from "../../db/client.js";
import { Prisma } from "../../generated/prisma/client.js";
import { parseQuery, tierRank, type MatchTier, type SearchQuery } from "../../domain/search.js";
import type { CustomerPage } from "../customers.js";
import { MATCH_CAP, loadHits, pageArgs, prefixUpperBound, tierFromRank, type CustomerSearch, type SearchOptions } from "../customer-search.js";

export { MATCH_CAP };

/** An FTS5 phrase: the text in double quotes, inner quotes doubled. Any text is safe inside. */
export const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** Name start: the index holds char(2,2) before each name (see the migration). */
const NAME_START = "\u0002\u0002";

/** Contains the text, or each of its words (any order) when there are several. */
function containsExpr(q: SearchQuery): string {
  return q.words.length ? `${phrase(q.text)} OR (${q.words.map(phrase).join(" AND ")})` : phrase(q.text);
}

/**
 * The indexes, the view that says what each holds and the table whose triggers keep it current:
 * all made by the migration.
 */
export const SEARCH_INDEXES = [
  { index: "CustomerSearch", view: "CustomerSearchDoc", columns: ["name", "ids"], table: "Customer" },
  { index: "ContactSearch", view: "ContactSearchDoc", columns: ["name", "email", "phones"], table: "Contact" },
] as const;

/** The index each index tier reads. */
const INDEX_OF = {
  name_start: "CustomerSearch",
  word_start: "CustomerSearch",
  name_part: "CustomerSearch",
  customer_ids: "CustomerSearch",
  contact: "ContactSearch",
} as const satisfies Partial<Record<MatchTier, (typeof SEARCH_INDEXES)[number]["index"]>>;
type IndexTier = keyof typeof INDEX_OF;

/**
 * The FTS5 query of each index tier for this query; a tier that does not apply is absent. A
 * customer's name tiers and its numbers read their own column ({name}, {ids}); a contact matches
 * in any of its columns, as src/domain/search.ts says.
 */
export function ftsQueries(q: SearchQuery): Partial<Record<IndexTier, string>> {
  const long = q.length >= 3;
  const ids = q.compact.map(phrase);
  const wordStart = q.length >= 2 ? phrase(` ${q.text}`) : undefined;
  const any = (alternatives: string[]) => alternatives.join(" OR ");
  return {
    name_start: `{name} : ${phrase(NAME_START + q.text)}`,
    ...(wordStart ? { word_start: `{name} : ${wordStart}` } : {}),
    ...(long ? { name_part: `{name} : (${containsExpr(q)})` } : {}),
    ...(ids.length ? { customer_ids: `{ids} : (${any(ids)})` } : {}),
    ...(long ? { contact: any([containsExpr(q), ...ids.filter((id) => id !== phrase(q.text))]) } : wordStart ? { contact: wordStart } : {}),
  };
}


/**
 * One tier of a query: `rows` is its first MATCH_CAP + 1 index rows as "r" (materialized once,
 * counted, and read by `hits`); `hits` turns those named `from` into (customer rowid, tier rank,
 * matched contact id).
 */
type TierSql = { tier: MatchTier; rows: Prisma.Sql; hits: (from: Prisma.Sql) => Prisma.Sql };

/** The tiers that apply to this query, best first. */
function tiersOf(q: SearchQuery): TierSql[] {
  const fts = ftsQueries(q);
  const cap = MATCH_CAP + 1;
  const out: TierSql[] = [];
  const indexTier = (tier: IndexTier, hits: TierSql["hits"]) => {
    const match = fts[tier];
    if (match === undefined) return;
    const index = Prisma.raw(`"${INDEX_OF[tier]}"`);
    out.push({ tier, rows: Prisma.sql`SELECT "rowid" AS "r" FROM ${index} WHERE ${index} MATCH ${match} LIMIT ${cap}`, hits });
  };
  const customerTier = (tier: IndexTier) => indexTier(tier, (from) => Prisma.sql`SELECT "r", ${tierRank(tier)}, NULL FROM ${from}`);
  customerTier("name_start");
  customerTier("word_start");
  if (q.domainKey) {
    out.push({
      tier: "domain_start",
      rows: Prisma.sql`SELECT c."rowid" AS "r" FROM "CustomerDomain" d CROSS JOIN "Customer" c
        WHERE d."domain" >= ${q.domainKey} AND d."domain" < ${prefixUpperBound(q.domainKey)} AND c."id" = d."customerId" LIMIT ${cap}`,
      hits: (from) => Prisma.sql`SELECT "r", ${tierRank("domain_start")}, NULL FROM ${from}`,
    });
  }
  customerTier("name_part");
  customerTier("customer_ids");
  indexTier(
    "contact",
    (from) => Prisma.sql`SELECT c."rowid", ${tierRank("contact")}, k."id" FROM ${from} s CROSS JOIN "Contact" k CROSS JOIN "Customer" c
      WHERE k."rowid" = s."r" AND c."id" = k."customerId"`,
  );
  return out;
}

/**
 * The ranked matches as a WITH clause ending in "best" (customer rowid "cr", best tier, matched
 * contact) and "cut" (the index of the first tier with more than MATCH_CAP rows, 99 for none).
 * Each tier's index rows are read once ("tier0", "tier1", ... MATERIALIZED); a tier after the cut is
 * not joined (its condition on "cut" is constant, so SQLite tests it once, before the loop).
 */
function rankedSql(tiers: TierSql[]): Prisma.Sql {
  const name = (i: number) => Prisma.raw(`"tier${i}"`);
  const reads = tiers.map((x, i) => Prisma.sql`${name(i)} AS MATERIALIZED (${x.rows})`);
  const overfull = tiers.map((_, i) => Prisma.sql`WHEN (SELECT COUNT(*) FROM ${name(i)}) > ${MATCH_CAP} THEN ${i}`);
  const hits = tiers.map((x, i) => {
    const rows = x.hits(name(i));
    return i === 0 ? rows : Prisma.sql`SELECT * FROM (${rows}) WHERE (SELECT "k" FROM "cut") >= ${i}`;
  });
  return Prisma.sql`WITH ${Prisma.join(reads)},
    "cut" AS MATERIALIZED (SELECT CASE ${Prisma.join(overfull, " ")} ELSE 99 END AS "k"),
    "hit" ("cr", "tier", "contactId") AS (${Prisma.join(hits, " UNION ALL ")}),
    "best" AS (SELECT "cr", MIN("tier") AS "tier", "contactId" FROM "hit" GROUP BY "cr")`;
}

export class SqliteCustomerSearch implements CustomerSearch {
  constructor(private readonly db: Db) {}

  async search(query: string, o: SearchOptions): Promise<CustomerPage> {
    const { limit, offset } = pageArgs(o);
    const q = parseQuery(query);
    if (!q) return this.everyone(limit, offset, Boolean(o.includeArchived));
    const archived = o.includeArchived ? Prisma.empty : Prisma.sql`AND c."archivedAt" IS NULL`;
    const ranked = rankedSql(tiersOf(q));
    const rows = await this.db.$queryRaw<{ id: string; tier: number | bigint; contactId: string | null; total: number | bigint; cut: number | bigint }[]>`${ranked}
      SELECT c."id", b."tier", b."contactId", COUNT(*) OVER () AS "total", (SELECT "k" FROM "cut") AS "cut" FROM "best" b CROSS JOIN "Customer" c
      WHERE c."rowid" = b."cr" ${archived} ORDER BY b."tier", c."nameKey", c."id" LIMIT ${limit} OFFSET ${offset}`;
    let total = Number(rows[0]?.total ?? 0);
    let cut = Number(rows[0]?.cut ?? 99);
    if (rows.length === 0 && offset > 0) {
      // Past the end: the count alone (the caller may go back to the last page).
      const count = await this.db.$queryRaw<{ n: number | bigint; cut: number | bigint }[]>`${ranked}
        SELECT COUNT(*) AS "n", (SELECT "k" FROM "cut") AS "cut" FROM "best" b CROSS JOIN "Customer" c WHERE c."rowid" = b."cr" ${archived}`;
      total = Number(count[0]?.n ?? 0);
      cut = Number(count[0]?.cut ?? 99);
    }
    const items = await loadHits(
      this.db,
      rows.map((r) => ({ id: r.id, tier: tierFromRank(r.tier), contactId: r.contactId })),
      q,
    );
    return { items, total, ...(cut !== 99 ? { truncated: true } : {}) };
  }

  /**
   * Everyone, in name order: walk the nameKey index and stop after offset + limit rows. The
   * COALESCE keeps SQLite from picking another index and then sorting every row.
   */
  private async everyone(limit: number, offset: number, includeArchived: boolean): Promise<CustomerPage> {
    const archived = includeArchived ? Prisma.empty : Prisma.sql`WHERE COALESCE("archivedAt", NULL) IS NULL`;
    const [rows, total] = await Promise.all([
      this.db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Customer" ${archived} ORDER BY "nameKey" LIMIT ${limit} OFFSET ${offset}`,
      this.db.customer.count({ where: includeArchived ? {} : { archivedAt: null } }),
    ]);
    return { items: await loadHits(this.db, rows.map((r) => ({ id: r.id, tier: undefined })), undefined), total };
  }
}
