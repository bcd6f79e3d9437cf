/**
 * Customer search by a prefix of the name or of a domain, sorted by name, in pages.
 *
 * Why raw SQL: the Prisma form (`OR: [{ nameKey: range }, { domains: { some: range } }]` with
 * `archivedAt: null`) is planned by SQLite as a walk over the archivedAt index, which nearly every
 * row shares (archivedAt IS NULL), with a correlated domain subquery per row: with 50,000 customers
 * that is ~100 ms per search and grows with the table. Here the matching ids come from two index
 * range searches (Customer.nameKey, CustomerDomain.domain) and each match is then fetched by id.
 * `CROSS JOIN` fixes that join order in SQLite (PostgreSQL treats it as a plain join and plans it
 * from statistics). Checked with EXPLAIN QUERY PLAN in test/db/customer-search.test.ts.
 */
import type { Db } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import type { CustomerPage } from "./customers.js";

/** The search key: lower-case, inner white space folded, like Customer.nameKey and domains. */
export function searchKey(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * Exclusive upper bound of the range of strings that start with `key`. U+10FFFF is the largest
 * code point, so in SQLite's binary (UTF-8 byte) order every `key...` string sorts below it.
 */
export const prefixUpperBound = (key: string) => `${key}\u{10FFFF}`;

export async function searchCustomers(db: Db, query: string, o: { limit: number; offset: number; includeArchived?: boolean }): Promise<CustomerPage> {
  const key = searchKey(query);
  const limit = Math.max(0, Math.floor(o.limit));
  const offset = Math.max(0, Math.floor(o.offset));
  let ids: string[];
  let total: number;
  if (key) {
    const upper = prefixUpperBound(key);
    const archived = o.includeArchived ? Prisma.empty : Prisma.sql`AND c."archivedAt" IS NULL`;
    const matches = Prisma.sql`SELECT "id" FROM "Customer" WHERE "nameKey" >= ${key} AND "nameKey" < ${upper}
      UNION SELECT "customerId" FROM "CustomerDomain" WHERE "domain" >= ${key} AND "domain" < ${upper}`;
    const [rows, count] = await Promise.all([
      db.$queryRaw<{ id: string }[]>`SELECT c."id" FROM (${matches}) m CROSS JOIN "Customer" c
        WHERE c."id" = m."id" ${archived} ORDER BY c."nameKey" LIMIT ${limit} OFFSET ${offset}`,
      db.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS "n" FROM (${matches}) m CROSS JOIN "Customer" c WHERE c."id" = m."id" ${archived}`,
    ]);
    ids = rows.map((r) => r.id);
    total = Number(count[0]?.n ?? 0);
  } else {
    // Everyone, in name order: walk the nameKey index and stop after offset + limit rows. The
    // COALESCE keeps SQLite from picking the archivedAt index (and then sorting every row).
    const archived = o.includeArchived ? Prisma.empty : Prisma.sql`WHERE COALESCE("archivedAt", NULL) IS NULL`;
    const [rows, count] = await Promise.all([
      db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Customer" ${archived} ORDER BY "nameKey" LIMIT ${limit} OFFSET ${offset}`,
      db.customer.count({ where: o.includeArchived ? {} : { archivedAt: null } }),
    ]);
    ids = rows.map((r) => r.id);
    total = count;
  }
  if (ids.length === 0) return { items: [], total };
  const details = await db.customer.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, archivedAt: true, domains: { select: { domain: true }, orderBy: { domain: "asc" } } },
  });
  const byId = new Map(details.map((d) => [d.id, d]));
  const items = ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, name: r.name, archivedAt: r.archivedAt, domains: r.domains.map((d) => d.domain) }] : [];
  });
  return { items, total };
}
