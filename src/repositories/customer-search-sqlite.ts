/**
 * Customer search on SQLite: FTS5 trigram indexes (CustomerSearch, ContactSearch), kept current
 * by triggers on Customer and Contact, so every writer (Prisma, the CSV importer's own statements)
 * updates them; domain starts are a range of CustomerDomain's unique index. What is indexed and
 * why: the migration prisma/migrations/20261203040000_customer_search. The ranking rules:
 * src/domain/search.ts.
 *
 * Two statements per page. The first counts each tier's index rows (one FTS5 MATCH or index range
 * each, at most MATCH_CAP + 1 rows, no table read), so that tiers with none, and those after a
 * tier with too many, are left out of the second. That one puts the kept tiers' matches together
 * with UNION ALL, keeps each customer's best tier (GROUP BY with MIN: SQLite then takes the other
 * columns, the matched contact, from that row), and sorts the page by tier and name key; COUNT(*)
 * OVER () gives the total in the same pass. Tiers that need 3 characters are left out for shorter
 * queries (a trigram index cannot match fewer).
 *
 * SQLite-specific: FTS5 and its MATCH syntax, the rowid join between an index and its table, the
 * bare column next to MIN(), and CROSS JOIN fixing the join order (SQLite's planner does not
 * know how many rows a MATCH returns). A PostgreSQL version would use pg_trgm GIN indexes on
 * expressions (unaccent(lower(...)) with ILIKE '%...%') over the same tables, no triggers, and
 * DISTINCT ON for the best tier; the tiers and their order stay as in src/domain/search.ts.
 */
import type { Db } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import { parseQuery, tierRank, type MatchTier, type SearchQuery } from "../domain/search.js";
import type { CustomerPage } from "./customers.js";
import { loadHits, pageArgs, prefixUpperBound, tierFromRank, type CustomerSearch, type SearchOptions } from "./customer-search.js";

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
    ...(long ? { contact: any([containsExpr(q), ...ids]) } : wordStart ? { contact: wordStart } : {}),
  };
}

/**
 * Index rows read per tier, at most: what bounds the cost of a query that matches nearly everything
 * ("com" is in every contact's email). A tier that has more makes the list stop after that tier:
 * the total is then a lower bound (CustomerPage.truncated) and the tier's customers are those of
 * its first MATCH_CAP index rows, by name.
 */
export const MATCH_CAP = 1000;

/**
 * One tier of a query: `rows` reads its first MATCH_CAP + 1 index rows (for counting), `hits`
 * turns them into (customer rowid "cr", tier rank, matched contact id).
 */
type TierSql = { tier: MatchTier; rows: Prisma.Sql; hits: Prisma.Sql };

/** The tiers that apply to this query, best first. */
function tiersOf(q: SearchQuery): TierSql[] {
  const fts = ftsQueries(q);
  const cap = MATCH_CAP + 1;
  const out: TierSql[] = [];
  const indexTier = (tier: IndexTier, hits: (rows: Prisma.Sql, rank: number) => Prisma.Sql) => {
    const match = fts[tier];
    if (match === undefined) return;
    const index = Prisma.raw(`"${INDEX_OF[tier]}"`);
    const rows = Prisma.sql`SELECT "rowid" FROM ${index} WHERE ${index} MATCH ${match} LIMIT ${cap}`;
    out.push({ tier, rows, hits: hits(rows, tierRank(tier)) });
  };
  const customerTier = (tier: IndexTier) => indexTier(tier, (rows, rank) => Prisma.sql`SELECT "rowid" AS "cr", ${rank} AS "tier", NULL AS "contactId" FROM (${rows})`);
  const contactTier = (tier: IndexTier) =>
    indexTier(tier, (rows, rank) => Prisma.sql`SELECT c."rowid", ${rank}, k."id" FROM (${rows}) s CROSS JOIN "Contact" k CROSS JOIN "Customer" c WHERE k."rowid" = s."rowid" AND c."id" = k."customerId"`);
  customerTier("name_start");
  customerTier("word_start");
  if (q.domainKey) {
    const range = Prisma.sql`"domain" >= ${q.domainKey} AND "domain" < ${prefixUpperBound(q.domainKey)}`;
    out.push({
      tier: "domain_start",
      rows: Prisma.sql`SELECT 1 FROM "CustomerDomain" WHERE ${range} LIMIT ${cap}`,
      hits: Prisma.sql`SELECT * FROM (SELECT c."rowid", ${tierRank("domain_start")}, NULL FROM "CustomerDomain" d CROSS JOIN "Customer" c WHERE d.${range} AND c."id" = d."customerId" LIMIT ${cap})`,
    });
  }
  customerTier("name_part");
  customerTier("customer_ids");
  contactTier("contact");
  return out;
}

export class SqliteCustomerSearch implements CustomerSearch {
  constructor(private readonly db: Db) {}

  async search(query: string, o: SearchOptions): Promise<CustomerPage> {
    const { limit, offset } = pageArgs(o);
    const q = parseQuery(query);
    if (!q) return this.everyone(limit, offset, Boolean(o.includeArchived));
    const archived = o.includeArchived ? Prisma.empty : Prisma.sql`AND c."archivedAt" IS NULL`;
    // First how many index rows each tier has (the index alone, at most MATCH_CAP + 1 each): tiers
    // without any are left out, and so is every tier after the first that has more than MATCH_CAP.
    const tiers = tiersOf(q);
    const counts = await this.db.$queryRaw<Record<string, number | bigint>[]>`SELECT ${Prisma.join(
      tiers.map((x, i) => Prisma.sql`(SELECT COUNT(*) FROM (${x.rows})) AS ${Prisma.raw(`"t${i}"`)}`),
    )}`;
    const found = tiers.map((x, i) => ({ ...x, n: Number(counts[0]?.[`t${i}`] ?? 0) }));
    const cut = found.findIndex((x) => x.n > MATCH_CAP);
    const kept = found.filter((x, i) => x.n > 0 && (cut < 0 || i <= cut));
    if (kept.length === 0) return { items: [], total: 0 };
    const truncated = cut >= 0;
    const ranked = Prisma.sql`WITH "hit" ("cr", "tier", "contactId") AS (${Prisma.join(
      kept.map((x) => x.hits),
      " UNION ALL ",
    )}), "best" AS (SELECT "cr", MIN("tier") AS "tier", "contactId" FROM "hit" GROUP BY "cr")`;
    const rows = await this.db.$queryRaw<{ id: string; tier: number | bigint; contactId: string | null; total: number | bigint }[]>`${ranked}
      SELECT c."id", b."tier", b."contactId", COUNT(*) OVER () AS "total" FROM "best" b CROSS JOIN "Customer" c
      WHERE c."rowid" = b."cr" ${archived} ORDER BY b."tier", c."nameKey", c."id" LIMIT ${limit} OFFSET ${offset}`;
    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && offset > 0) {
      // Past the end: the count alone (the caller may go back to the last page).
      const count = await this.db.$queryRaw<{ n: number | bigint }[]>`${ranked}
        SELECT COUNT(*) AS "n" FROM "best" b CROSS JOIN "Customer" c WHERE c."rowid" = b."cr" ${archived}`;
      total = Number(count[0]?.n ?? 0);
    }
    const items = await loadHits(
      this.db,
      rows.map((r) => ({ id: r.id, tier: tierFromRank(r.tier), contactId: r.contactId })),
      q,
    );
    return { items, total, ...(truncated ? { truncated } : {}) };
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
