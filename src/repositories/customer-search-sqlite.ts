/**
 * Customer search on SQLite: FTS5 trigram indexes (CustomerSearch, ContactSearch, DomainSearch),
 * kept current by triggers on Customer, Contact and CustomerDomain, so every writer (Prisma, the
 * CSV importer's own statements) updates them. What they index and why: the migration
 * prisma/migrations/20261203040000_customer_search. The ranking rules: src/domain/search.ts.
 *
 * One statement per page: each tier's matches (one FTS5 MATCH or index range each) are put
 * together with UNION ALL, each customer keeps its best tier (GROUP BY with MIN: SQLite then takes
 * the other columns, the matched contact, from that row), and the page is sorted by tier and name
 * key; COUNT(*) OVER () gives the total in the same pass. Tiers that need 3 characters are left out
 * for shorter queries (a trigram index cannot match fewer).
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
 * The indexes (one per searched column), the view that says what each holds and the table whose
 * triggers keep it current: all made by the migration.
 */
export const SEARCH_INDEXES = [
  { index: "CustomerNameSearch", view: "CustomerSearchDoc", column: "name", table: "Customer" },
  { index: "CustomerIdSearch", view: "CustomerSearchDoc", column: "ids", table: "Customer" },
  { index: "ContactNameSearch", view: "ContactSearchDoc", column: "name", table: "Contact" },
  { index: "ContactEmailSearch", view: "ContactSearchDoc", column: "email", table: "Contact" },
  { index: "ContactPhoneSearch", view: "ContactSearchDoc", column: "phones", table: "Contact" },
  { index: "DomainSearch", view: "DomainSearchDoc", column: "domain", table: "CustomerDomain" },
] as const;

/** The index each index tier reads. */
const INDEX_OF = {
  name_start: "CustomerNameSearch",
  word_start: "CustomerNameSearch",
  name_part: "CustomerNameSearch",
  customer_ids: "CustomerIdSearch",
  contact_name: "ContactNameSearch",
  contact_email: "ContactEmailSearch",
  contact_phone: "ContactPhoneSearch",
  domain_part: "DomainSearch",
} as const satisfies Partial<Record<MatchTier, (typeof SEARCH_INDEXES)[number]["index"]>>;
type IndexTier = keyof typeof INDEX_OF;

/** The FTS5 query of each index tier for this query; a tier that does not apply is absent. */
export function ftsQueries(q: SearchQuery): Partial<Record<IndexTier, string>> {
  const long = q.length >= 3;
  const ids = q.compact.length ? q.compact.map(phrase).join(" OR ") : undefined;
  const wordStart = q.length >= 2 ? phrase(` ${q.text}`) : undefined;
  return {
    name_start: phrase(NAME_START + q.text),
    ...(wordStart ? { word_start: wordStart } : {}),
    ...(long ? { name_part: containsExpr(q) } : {}),
    ...(ids ? { customer_ids: ids } : {}),
    ...(long ? { contact_name: containsExpr(q) } : wordStart ? { contact_name: wordStart } : {}),
    ...(long ? { contact_email: phrase(q.text) } : {}),
    ...(ids ? { contact_phone: ids } : {}),
    ...(long ? { domain_part: phrase(q.text) } : {}),
  };
}

/**
 * Index rows read per tier, at most: what bounds the cost of a query that matches nearly everything
 * ("com" is in every contact's email). A tier that has more makes the list stop after that tier:
 * the total is then a lower bound (CustomerPage.truncated) and the tier's customers are those of
 * its first MATCH_CAP index rows, by name.
 */
export const MATCH_CAP = 1000;

/** Every tier's matches as (customer rowid, tier rank, matched contact id), each tier cut at MATCH_CAP + 1 rows. */
function hitsSql(q: SearchQuery): Prisma.Sql {
  const fts = ftsQueries(q);
  const cap = MATCH_CAP + 1;
  /** The first cap rowids the tier's index matches. */
  const matching = (tier: IndexTier) => {
    const match = fts[tier];
    const index = Prisma.raw(`"${INDEX_OF[tier]}"`);
    return match === undefined ? undefined : Prisma.sql`SELECT "rowid" FROM ${index} WHERE ${index} MATCH ${match} LIMIT ${cap}`;
  };
  const parts: Prisma.Sql[] = [];
  const add = (tier: IndexTier, sql: (rowids: Prisma.Sql) => Prisma.Sql) => {
    const rowids = matching(tier);
    if (rowids) parts.push(sql(rowids));
  };
  const customerTier = (tier: IndexTier) => add(tier, (rowids) => Prisma.sql`SELECT "rowid" AS "cr", ${tierRank(tier)} AS "tier", NULL AS "contactId" FROM (${rowids})`);
  const contactTier = (tier: IndexTier) =>
    add(tier, (rowids) => Prisma.sql`SELECT c."rowid", ${tierRank(tier)}, k."id" FROM (${rowids}) s CROSS JOIN "Contact" k CROSS JOIN "Customer" c WHERE k."rowid" = s."rowid" AND c."id" = k."customerId"`);
  customerTier("name_start");
  customerTier("word_start");
  if (q.domainKey) {
    parts.push(Prisma.sql`SELECT * FROM (SELECT c."rowid", ${tierRank("domain_start")}, NULL FROM "CustomerDomain" d CROSS JOIN "Customer" c
      WHERE d."domain" >= ${q.domainKey} AND d."domain" < ${prefixUpperBound(q.domainKey)} AND c."id" = d."customerId" LIMIT ${cap})`);
  }
  customerTier("name_part");
  customerTier("customer_ids");
  contactTier("contact_name");
  contactTier("contact_email");
  contactTier("contact_phone");
  add("domain_part", (rowids) => Prisma.sql`SELECT c."rowid", ${tierRank("domain_part")}, NULL FROM (${rowids}) s CROSS JOIN "CustomerDomain" d CROSS JOIN "Customer" c WHERE d."rowid" = s."rowid" AND c."id" = d."customerId"`);
  return Prisma.join(parts, " UNION ALL ");
}

export class SqliteCustomerSearch implements CustomerSearch {
  constructor(private readonly db: Db) {}

  async search(query: string, o: SearchOptions): Promise<CustomerPage> {
    const { limit, offset } = pageArgs(o);
    const q = parseQuery(query);
    if (!q) return this.everyone(limit, offset, Boolean(o.includeArchived));
    const archived = o.includeArchived ? Prisma.empty : Prisma.sql`AND c."archivedAt" IS NULL`;
    // "cut": the first tier with more than MATCH_CAP rows (99: none); tiers after it are left out.
    const ranked = Prisma.sql`WITH "hit" AS MATERIALIZED (${hitsSql(q)}),
      "cut" AS (SELECT COALESCE(MIN("tier"), 99) AS "t" FROM (SELECT "tier" FROM "hit" GROUP BY "tier" HAVING COUNT(*) > ${MATCH_CAP})),
      "best" AS (SELECT "cr", MIN("tier") AS "tier", "contactId" FROM "hit" WHERE "tier" <= (SELECT "t" FROM "cut") GROUP BY "cr")`;
    const rows = await this.db.$queryRaw<{ id: string; tier: number | bigint; contactId: string | null; total: number | bigint; cut: number | bigint }[]>`${ranked}
      SELECT c."id", b."tier", b."contactId", COUNT(*) OVER () AS "total", (SELECT "t" FROM "cut") AS "cut" FROM "best" b CROSS JOIN "Customer" c
      WHERE c."rowid" = b."cr" ${archived} ORDER BY b."tier", c."nameKey", c."id" LIMIT ${limit} OFFSET ${offset}`;
    let total = Number(rows[0]?.total ?? 0);
    let truncated = Number(rows[0]?.cut ?? 99) !== 99;
    if (rows.length === 0 && offset > 0) {
      // Past the end: the count alone (the caller may go back to the last page).
      const count = await this.db.$queryRaw<{ n: number | bigint; cut: number | bigint }[]>`${ranked}
        SELECT COUNT(*) AS "n", (SELECT "t" FROM "cut") AS "cut" FROM "best" b CROSS JOIN "Customer" c WHERE c."rowid" = b."cr" ${archived}`;
      total = Number(count[0]?.n ?? 0);
      truncated = Number(count[0]?.cut ?? 99) !== 99;
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
