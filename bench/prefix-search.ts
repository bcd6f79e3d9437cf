/**
 * The customer search as it was before the FTS5 indexes (main until 2026-12-03): a prefix of the
 * name or of a domain, by name, from the nameKey and domain indexes. Kept only as the baseline
 * bench/customers.ts measures the search against, in the same run and on the same database.
 */
import type { Db } from "../src/db/client.js";
import { Prisma } from "../src/generated/prisma/client.js";
import type { CustomerPage } from "../src/repositories/customers.js";
import { loadHits, pageArgs, prefixUpperBound, searchKey, type CustomerSearch, type SearchOptions } from "../src/repositories/customer-search.js";

export class PrefixCustomerSearch implements CustomerSearch {
  constructor(private readonly db: Db) {}

  async search(query: string, o: SearchOptions): Promise<CustomerPage> {
    const key = searchKey(query);
    const { limit, offset } = pageArgs(o);
    let ids: string[];
    let total: number;
    if (key) {
      const upper = prefixUpperBound(key);
      const archived = o.includeArchived ? Prisma.empty : Prisma.sql`AND c."archivedAt" IS NULL`;
      const matches = Prisma.sql`SELECT "id" FROM "Customer" WHERE "nameKey" >= ${key} AND "nameKey" < ${upper}
        UNION SELECT "customerId" FROM "CustomerDomain" WHERE "domain" >= ${key} AND "domain" < ${upper}`;
      const [rows, count] = await Promise.all([
        this.db.$queryRaw<{ id: string }[]>`SELECT c."id" FROM (${matches}) m CROSS JOIN "Customer" c
          WHERE c."id" = m."id" ${archived} ORDER BY c."nameKey" LIMIT ${limit} OFFSET ${offset}`,
        this.db.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS "n" FROM (${matches}) m CROSS JOIN "Customer" c WHERE c."id" = m."id" ${archived}`,
      ]);
      ids = rows.map((r) => r.id);
      total = Number(count[0]?.n ?? 0);
    } else {
      const archived = o.includeArchived ? Prisma.empty : Prisma.sql`WHERE COALESCE("archivedAt", NULL) IS NULL`;
      const [rows, count] = await Promise.all([
        this.db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Customer" ${archived} ORDER BY "nameKey" LIMIT ${limit} OFFSET ${offset}`,
        this.db.customer.count({ where: o.includeArchived ? {} : { archivedAt: null } }),
      ]);
      ids = rows.map((r) => r.id);
      total = count;
    }
    return { items: await loadHits(this.db, ids.map((id) => ({ id, tier: undefined })), undefined), total };
  }
}
