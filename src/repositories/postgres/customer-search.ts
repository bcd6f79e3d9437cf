/**
 * Customer search on PostgreSQL: pg_trgm GIN indexes on expressions over Customer and Contact,
 * so every writer (Prisma, the CSV importer's own unnest statements) keeps them current with no
 * trigger; domain starts are a range of CustomerDomain's unique index, as on SQLite. What is
 * indexed and why: the migration prisma/postgresql/migrations/20261203060000_customer_search. The
 * ranking rules: src/domain/search.ts, the same as SqliteCustomerSearch's.
 *
 * The indexed expressions fold case and accents in the database as fold() does in the app
 * (customer_search_fold: NFD, combining marks removed, lower case), and the query's pieces are
 * folded by the app: a piece is then found with LIKE (a trigram GIN index answers '%piece%' and
 * '% piece%', and a btree index in code point order answers 'piece%'). The index is lossy and
 * PostgreSQL re-checks each LIKE on the row, so what is found is exactly what LIKE says.
 *
 * One statement per page, shaped as SQLite's: each tier's rows read once (at most MATCH_CAP + 1,
 * MATERIALIZED) and counted, tiers after the first with too many not joined, each customer kept
 * at its best tier (DISTINCT ON), the page sorted by tier and name key, the total by COUNT(*) OVER ().
 *
 * Each statement runs with cpu_operator_cost raised to 0.05 (rankedRows; default 0.0025): the
 * planner prices each call in the folding expressions (normalize, regexp_replace, translate) as
 * one operator, about 0.05 a row for contact_search_doc against roughly 1 (some 10 us) measured.
 * At the default, a tier's LIMIT with a few thousand estimated matches made a sequential scan
 * that folds row after row until MATCH_CAP + 1 match look cheap: on 200,000 contacts
 * (bench/customers.ts' book, right after the load, GIN pending list full) the contact tier of
 * "roe" took 270-310 ms by sequential scan and 6 ms through Contact_search_idx. Priced near what
 * it costs, the index is taken there, and the sequential scan still where nearly every row
 * matches ("example": stops after 501 rows, 5 ms, where the index's bitmap of 200,000 took 41 ms;
 * enable_seqscan = off forced that).
 */
import type { Db } from "../../db/client.js";
import { Prisma } from "../../generated/prisma/client.js";
import { fold, parseQuery, tierRank, type MatchTier, type SearchQuery } from "../../domain/search.js";
import type { CustomerPage } from "../customers.js";
import { MATCH_CAP, loadHits, pageArgs, prefixUpperBound, tierFromRank, type CustomerSearch, type SearchOptions } from "../customer-search.js";

/** A LIKE pattern's literal text: \, % and _ escaped (LIKE's default escape is \). */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const containsPattern = (piece: string) => `%${literal(fold(piece))}%`;

/** The indexed expressions (the migration's indexes are on exactly these). */
const CUSTOMER_NAME = Prisma.raw(`customer_search_fold(c."name")`);
const CUSTOMER_NAME_C = Prisma.raw(`(customer_search_fold(c."name") COLLATE "C")`);
const CUSTOMER_IDS = Prisma.raw(`customer_search_ids(c."businessId", c."phone", c."fax")`);
const CONTACT_DOC = Prisma.raw(`contact_search_doc(k."firstName", k."lastName", k."email", k."phone", k."mobile")`);

/** `expr` contains the text, or each of its words (any order) when there are several. */
function containsText(expr: Prisma.Sql, q: SearchQuery): Prisma.Sql {
  const whole = Prisma.sql`${expr} LIKE ${containsPattern(q.text)}`;
  if (!q.words.length) return whole;
  return Prisma.sql`(${whole} OR (${Prisma.join(
    q.words.map((w) => Prisma.sql`${expr} LIKE ${containsPattern(w)}`),
    " AND ",
  )}))`;
}
const anyOf = (conditions: Prisma.Sql[]) => Prisma.sql`(${Prisma.join(conditions, " OR ")})`;

/** One tier: its rows (customer id "cid", matched contact "kid"), at most MATCH_CAP + 1. */
type TierSql = { tier: MatchTier; rows: Prisma.Sql };

/** The tiers that apply to this query, best first (as ftsQueries() in sqlite/customer-search.ts). */
export function tiersOf(q: SearchQuery): TierSql[] {
  const cap = MATCH_CAP + 1;
  const long = q.length >= 3;
  const text = fold(q.text);
  const wordStart = q.length >= 2 ? `% ${literal(text)}%` : undefined;
  const ids = q.compact.map(containsPattern);
  const customers = (tier: MatchTier, where: Prisma.Sql): TierSql => ({
    tier,
    rows: Prisma.sql`SELECT c."id" AS "cid", NULL::text AS "kid" FROM "Customer" c WHERE ${where} LIMIT ${cap}`,
  });
  const out: TierSql[] = [customers("name_start", Prisma.sql`${CUSTOMER_NAME_C} LIKE ${`${literal(text)}%`}`)];
  if (wordStart) out.push(customers("word_start", Prisma.sql`${CUSTOMER_NAME} LIKE ${wordStart}`));
  if (q.domainKey) {
    out.push({
      tier: "domain_start",
      rows: Prisma.sql`SELECT d."customerId" AS "cid", NULL::text AS "kid" FROM "CustomerDomain" d
        WHERE d."domain" >= ${q.domainKey} AND d."domain" < ${prefixUpperBound(q.domainKey)} LIMIT ${cap}`,
    });
  }
  if (long) out.push(customers("name_part", containsText(CUSTOMER_NAME, q)));
  if (ids.length) out.push(customers("customer_ids", anyOf(ids.map((p) => Prisma.sql`${CUSTOMER_IDS} LIKE ${p}`))));
  const contact = long
    ? anyOf([containsText(CONTACT_DOC, q), ...q.compact.filter((c) => c !== q.text).map((c) => Prisma.sql`${CONTACT_DOC} LIKE ${containsPattern(c)}`)])
    : wordStart
      ? Prisma.sql`${CONTACT_DOC} LIKE ${wordStart}`
      : undefined;
  if (contact) out.push({ tier: "contact", rows: Prisma.sql`SELECT k."customerId" AS "cid", k."id" AS "kid" FROM "Contact" k WHERE ${contact} LIMIT ${cap}` });
  return out;
}

/**
 * The ranked matches as a WITH clause ending in "best" (customer id, best tier, matched contact)
 * and "cut" (the index of the first tier with more than MATCH_CAP rows, 99 for none).
 */
function rankedSql(tiers: TierSql[]): Prisma.Sql {
  const name = (i: number) => Prisma.raw(`"tier${i}"`);
  const reads = tiers.map((x, i) => Prisma.sql`${name(i)} AS MATERIALIZED (${x.rows})`);
  const overfull = tiers.map((_, i) => Prisma.sql`WHEN (SELECT COUNT(*) FROM ${name(i)}) > ${MATCH_CAP} THEN ${Prisma.raw(String(i))}`);
  const hits = tiers.map((x, i) => {
    const rows = Prisma.sql`SELECT "cid", ${Prisma.raw(String(tierRank(x.tier)))} AS "tier", "kid" FROM ${name(i)}`;
    return i === 0 ? rows : Prisma.sql`${rows} WHERE (SELECT "k" FROM "cut") >= ${Prisma.raw(String(i))}`;
  });
  return Prisma.sql`WITH ${Prisma.join(reads)},
    "cut" AS MATERIALIZED (SELECT CASE ${Prisma.join(overfull, " ")} ELSE 99 END AS "k"),
    "hit" AS (${Prisma.join(hits, " UNION ALL ")}),
    "best" AS (SELECT DISTINCT ON ("cid") "cid", "tier", "kid" FROM "hit" ORDER BY "cid", "tier", "kid" COLLATE "C")`;
}

export class PostgresCustomerSearch implements CustomerSearch {
  constructor(private readonly db: Db) {}

  async search(query: string, o: SearchOptions): Promise<CustomerPage> {
    const { limit, offset } = pageArgs(o);
    const q = parseQuery(query);
    if (!q) return this.everyone(limit, offset, Boolean(o.includeArchived));
    const archived = o.includeArchived ? Prisma.empty : Prisma.sql`WHERE c."archivedAt" IS NULL`;
    const ranked = rankedSql(tiersOf(q));
    const rows = await this.rankedRows<{ id: string; tier: number; contactId: string | null; total: bigint; cut: number }>(Prisma.sql`${ranked}
      SELECT c."id", b."tier", b."kid" AS "contactId", COUNT(*) OVER () AS "total", (SELECT "k" FROM "cut") AS "cut"
      FROM "best" b JOIN "Customer" c ON c."id" = b."cid" ${archived}
      ORDER BY b."tier", c."nameKey", c."id" COLLATE "C" LIMIT ${limit} OFFSET ${offset}`);
    let total = Number(rows[0]?.total ?? 0);
    let cut = Number(rows[0]?.cut ?? 99);
    if (rows.length === 0 && offset > 0) {
      const count = await this.rankedRows<{ n: bigint; cut: number }>(Prisma.sql`${ranked}
        SELECT COUNT(*) AS "n", (SELECT "k" FROM "cut") AS "cut" FROM "best" b JOIN "Customer" c ON c."id" = b."cid" ${archived}`);
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
   * A search statement with the expressions' cost near what they cost (cpu_operator_cost, see the
   * top of this file), for its own transaction alone (SET LOCAL); the rest of the connection keeps
   * the server's setting.
   */
  private async rankedRows<T>(sql: Prisma.Sql): Promise<T[]> {
    const [, rows] = await this.db.$transaction([this.db.$executeRaw`SET LOCAL cpu_operator_cost = 0.05`, this.db.$queryRaw<T[]>(sql)]);
    return rows;
  }

  /** Everyone, in name order (nameKey is COLLATE "C": its unique index gives that order). */
  private async everyone(limit: number, offset: number, includeArchived: boolean): Promise<CustomerPage> {
    const where = includeArchived ? {} : { archivedAt: null };
    const [rows, total] = await Promise.all([
      this.db.customer.findMany({ where, orderBy: { nameKey: "asc" }, take: limit, skip: offset, select: { id: true } }),
      this.db.customer.count({ where }),
    ]);
    return { items: await loadHits(this.db, rows.map((r) => ({ id: r.id, tier: undefined })), undefined), total };
  }
}
