/**
 * Customer search: the interface services use, and what every implementation shares. The rules
 * (what matches, the ranking) are in src/domain/search.ts; an implementation finds the matching
 * customers of one page in its database's own way and hands their ids, tiers and matched rows to
 * loadHits(), which reads what the list shows (portable Prisma) and says why each one matched.
 *
 * Implementations: SqliteCustomerSearch (sqlite/customer-search.ts: FTS5 trigram indexes kept by
 * triggers) and PostgresCustomerSearch (postgres/customer-search.ts: pg_trgm GIN indexes on
 * expressions, no triggers); createCustomerSearch in backend.ts picks the database's own.
 */
import type { Db } from "../db/client.js";
import { matchAt, tierOfRank, type MatchTier, type SearchQuery } from "../domain/search.js";
import type { CustomerPage } from "./customers.js";

/**
 * Rows read per tier (index rows on SQLite, matching rows on PostgreSQL), at most: what bounds the cost of a query that matches nearly everything
 * ("com" is in every contact's email). A tier that has more makes the list stop after that tier:
 * the total is then a lower bound (CustomerPage.truncated) and the tier's customers are those of
 * its first MATCH_CAP index rows, by name.
 */
export const MATCH_CAP = 500;

export type SearchOptions = { limit: number; offset: number; includeArchived?: boolean };

export interface CustomerSearch {
  /**
   * One page of the customers matching `query` (ranked as src/domain/search.ts says), or of
   * everyone by name when the query is empty; archived customers only with includeArchived.
   * Any text is safe: it is cleaned and cut to SEARCH_QUERY_MAX characters.
   */
  search(query: string, o: SearchOptions): Promise<CustomerPage>;
}

/** The search key of the old prefix search and of exact-name lookups: lower-case, spaces folded. */
export function searchKey(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * Exclusive upper bound of the range of strings that start with `key`. U+10FFFF is the largest
 * code point, so in binary (UTF-8 byte) order every `key...` string sorts below it.
 */
export const prefixUpperBound = (key: string) => `${key}\u{10FFFF}`;

/** Paging arguments made safe: whole numbers, not negative, a page of at most 100. */
export function pageArgs(o: SearchOptions): { limit: number; offset: number } {
  return { limit: Math.min(100, Math.max(0, Math.floor(o.limit) || 0)), offset: Math.max(0, Math.floor(o.offset) || 0) };
}

/** A row of a page as an implementation found it: the customer, its best tier, the row that matched. */
export type RankedRow = { id: string; tier: MatchTier | undefined; contactId?: string | null };

/**
 * The page's customers with their domains, in the given order, each with why it matched (for the
 * tier the database found; the matched contact when it was a contact).
 */
export async function loadHits(db: Db, rows: RankedRow[], q: SearchQuery | undefined): Promise<CustomerPage["items"]> {
  if (rows.length === 0) return [];
  const contactIds = rows.flatMap((r) => (r.contactId ? [r.contactId] : []));
  const [customers, contacts] = await Promise.all([
    db.customer.findMany({
      where: { id: { in: rows.map((r) => r.id) } },
      select: { id: true, name: true, archivedAt: true, businessId: true, phone: true, fax: true, domains: { select: { domain: true }, orderBy: { domain: "asc" } } },
    }),
    contactIds.length
      ? db.contact.findMany({ where: { id: { in: contactIds } }, select: { id: true, firstName: true, lastName: true, email: true, phone: true, mobile: true } })
      : Promise.resolve([]),
  ]);
  const byId = new Map(customers.map((c) => [c.id, c]));
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  return rows.flatMap((r) => {
    const c = byId.get(r.id);
    if (!c) return []; // deleted between the two reads
    const domains = c.domains.map((d) => d.domain);
    const item = { id: c.id, name: c.name, archivedAt: c.archivedAt, domains };
    if (!q || !r.tier) return [item];
    const contact = r.contactId ? contactById.get(r.contactId) : undefined;
    const doc = { name: c.name, domains, businessId: c.businessId, phone: c.phone, fax: c.fax, contacts: contact ? [contact] : [] };
    return [{ ...item, match: matchAt(r.tier, q, doc) ?? { tier: r.tier } }];
  });
}

export const tierFromRank = (rank: number | bigint | null): MatchTier | undefined => (rank === null ? undefined : tierOfRank(Number(rank)));
