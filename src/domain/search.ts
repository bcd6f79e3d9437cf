/**
 * Customer search: what a typed query matches and how matches are ranked. Pure rules, shared by
 * every database's implementation (src/repositories/sqlite/customer-search.ts today) and by the
 * tests, which check that the database finds and ranks exactly as matchOf() and compareHits() say.
 *
 * What is searched, and the ranking (a customer is ranked by its best match; ties by name):
 *   1 name_start     the name starts with the query                    "acme"   -> Acme Dental
 *   2 word_start     a later word of the name starts with it            "dental" -> Acme Dental
 *   3 domain_start   one of its email domains starts with it            "acme.c" -> acme.com
 *   4 name_part      the name contains it inside a word, or contains    "ntal"   -> Acme Dental
 *                    each of its words (2 to 6) in any order             "dental acme"
 *   5 customer_ids   its business ID (Partita IVA, codice fiscale),     "06 1234", "IT0123…"
 *                    phone or fax contains it, separators ignored
 *   6 contact        one contact's name, email, phone or mobile         "jane", "jane@", "333 12"
 *                    contains it (phones: separators ignored), or
 *                    each of its words is in one of those               "roe jane"
 * (Inside a domain is not searched: its contacts' emails hold it; see the migration for why.)
 * Case and accents never matter ("citta" finds "Città"). Queries of 1-2 characters (too short for
 * "contains", which needs 3) match name starts (1 and 2 characters), word starts in names and in
 * contact names, and domain starts (2 characters; 1: name and domain starts only).
 */

import { normaliseDomain } from "./domains.js";
import { LIMITS } from "./limits.js";

/** Most words matched in any order (each is one more index lookup); more are matched as typed only. */
export const MAX_WORDS = 6;

/** Longest query searched, the longest name: longer input is cut (a command boundary may refuse it earlier). */
export const SEARCH_QUERY_MAX = LIMITS.name;

/** Characters left out of phone numbers, fax numbers and business IDs on both sides (the migration
 * prisma/migrations/20261203060000_customer_search lists the same ones). */
export const PHONE_SEPARATORS = [" ", "\t", "\n", "\r", "\u00a0", "-", "\u2013", ".", "/", "\\", "(", ")", "[", "]", "+", "_", ",", ":", ";", "'", '"'] as const;

export const MATCH_TIERS = [
  "name_start",
  "word_start",
  "domain_start",
  "name_part",
  "customer_ids",
  "contact",
] as const;
export type MatchTier = (typeof MATCH_TIERS)[number];

/** The rank of a tier: 1 is best. */
export const tierRank = (tier: MatchTier): number => MATCH_TIERS.indexOf(tier) + 1;
export const tierOfRank = (rank: number): MatchTier | undefined => MATCH_TIERS[rank - 1];

export type SearchQuery = {
  /** what was typed, cleaned: NFC, no control characters, spaces folded, at most SEARCH_QUERY_MAX */
  text: string;
  /** text in code points, as the trigram index counts */
  length: number;
  /** lower-case, for ranges over stored domains; a leading "@" dropped, an "xn--" domain in its stored form */
  domainKey: string;
  /** the distinct words of text (folded) when there are 2 to MAX_WORDS of them and each has 3+ characters */
  words: string[];
  /** text without PHONE_SEPARATORS, for business IDs and phone numbers; empty when under 3 characters */
  compact: string[];
};

const SEPARATORS = new Set<string>(PHONE_SEPARATORS);

/** Case and accents folded, as the index folds them (trigram tokenizer, remove_diacritics 2). */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** A phone number or business ID without separators: "+39 06-1234" -> "39061234". */
export function compactId(value: string): string {
  return Array.from(value.normalize("NFC"))
    .filter((c) => !SEPARATORS.has(c))
    .join("");
}

/** Cleans what was typed: NFC, control and invisible characters removed, white space folded, cut to `max`. */
export function cleanQuery(raw: string, max = SEARCH_QUERY_MAX): string {
  const cleaned = raw
    .normalize("NFC")
    .replace(/\s+/gu, " ")
    .replace(/\p{C}/gu, "")
    .replace(/ +/g, " ")
    .trim();
  const chars = Array.from(cleaned);
  return chars.length <= max ? cleaned : chars.slice(0, max).join("").trim();
}

/** The query to search for, or undefined when nothing searchable was typed (then: everyone). */
export function parseQuery(raw: string): SearchQuery | undefined {
  const text = cleanQuery(raw);
  if (!text) return undefined;
  const length = Array.from(text).length;
  const split = [...new Set(fold(text).split(" "))];
  const words = split.length >= 2 && split.length <= MAX_WORDS && split.every((w) => Array.from(w).length >= 3) ? split : [];
  const id = compactId(text);
  const compact: string[] = [];
  if (Array.from(id).length >= 3) {
    compact.push(id);
    // A VAT number typed with its country prefix also finds it stored without: "IT01234567890".
    const vat = /^[A-Za-z]{2}(\d{8,})$/.exec(id);
    if (vat?.[1]) compact.push(vat[1]);
  }
  const domain = text.toLowerCase().replace(/^@/, "");
  return { text, length, domainKey: domain.includes("xn--") ? normaliseDomain(domain) : domain, words, compact };
}

/** What a customer is searched on (one contact is enough to rank; all may be given). */
export type SearchDocument = {
  name: string;
  domains: string[];
  businessId: string | null;
  phone: string | null;
  fax: string | null;
  contacts: { id: string; firstName: string; lastName: string; email: string; phone: string | null; mobile: string | null }[];
};

/** Why a customer matched, when it is not its name: shown next to it. */
export type MatchReason =
  | { kind: "domain"; domain: string }
  | { kind: "business_id" | "phone" | "fax"; value: string }
  | { kind: "contact"; contactId: string; name: string; field: "name" | "email" | "phone" | "mobile"; value: string };

export type Match = { tier: MatchTier; reason?: MatchReason };

const contains = (haystack: string, needle: string) => fold(haystack).includes(fold(needle));
/** Contains the text, or (for two or more words of 3+ characters) each word, in any order. */
const containsText = (haystack: string, q: SearchQuery) => contains(haystack, q.text) || (q.words.length > 0 && q.words.every((w) => contains(haystack, w)));
const containsId = (value: string, q: SearchQuery) => q.compact.some((c) => contains(compactId(value), c));

type Contact = SearchDocument["contacts"][number];
const contactName = (c: Contact) => `${c.firstName} ${c.lastName}`;
const person = (c: Contact, field: "name" | "email" | "phone" | "mobile", value: string): MatchReason => ({ kind: "contact", contactId: c.id, name: contactName(c), field, value });

/**
 * Whether one contact matches, and by what. Its name, email and phones are searched together, as
 * one index row of three columns: a phrase must be inside one of them, and of several words each
 * must be in one of them (a contact "Jane Roe <jroe@acme.com>" matches "roe jane").
 */
function contactMatch(c: Contact, q: SearchQuery): MatchReason | undefined {
  const name = ` ${contactName(c)}`;
  const phones = [c.phone, c.mobile].map((p) => (p === null ? "" : compactId(p)));
  const columns = [name, c.email, phones.join("\u0003")];
  const inOne = (piece: string) => columns.some((col) => contains(col, piece));
  const matches =
    q.length >= 3 ? inOne(q.text) || (q.words.length > 0 && q.words.every(inOne)) || q.compact.some(inOne) : q.length === 2 && inOne(` ${q.text}`);
  if (!matches) return undefined;
  // Say the field that holds what was typed: the name, the email, a phone; else (words spread over
  // fields, or digits in the name or email) the name.
  if (q.length < 3 || containsText(name, q)) return person(c, "name", contactName(c));
  if (contains(c.email, q.text)) return person(c, "email", c.email);
  if (c.phone !== null && containsId(c.phone, q)) return person(c, "phone", c.phone);
  if (c.mobile !== null && containsId(c.mobile, q)) return person(c, "mobile", c.mobile);
  return person(c, "name", contactName(c));
}

/**
 * Whether the customer matches the query at this tier: undefined when not, else the match (with
 * why, when it is not the name).
 */
export function matchAt(tier: MatchTier, q: SearchQuery, doc: SearchDocument): Match | undefined {
  const text = fold(q.text);
  const long = q.length >= 3;
  switch (tier) {
    case "name_start":
      return fold(doc.name).startsWith(text) ? { tier } : undefined;
    case "word_start":
      return q.length >= 2 && fold(doc.name).includes(` ${text}`) ? { tier } : undefined;
    case "domain_start": {
      const domain = q.domainKey ? doc.domains.find((d) => d.startsWith(q.domainKey)) : undefined;
      return domain === undefined ? undefined : { tier, reason: { kind: "domain", domain } };
    }
    case "name_part":
      return long && containsText(doc.name, q) ? { tier } : undefined;
    case "customer_ids": {
      for (const kind of ["business_id", "phone", "fax"] as const) {
        const value = kind === "business_id" ? doc.businessId : doc[kind];
        if (value !== null && containsId(value, q)) return { tier, reason: { kind, value } };
      }
      return undefined;
    }
    case "contact": {
      for (const c of doc.contacts) {
        const m = contactMatch(c, q);
        if (m) return { tier, reason: m };
      }
      return undefined;
    }
  }
}

/**
 * The best match of a customer for a query, or undefined when it does not match: the rule every
 * database's search must follow (its index needs 3 characters for "contains").
 */
export function matchOf(q: SearchQuery, doc: SearchDocument): Match | undefined {
  for (const tier of MATCH_TIERS) {
    const m = matchAt(tier, q, doc);
    if (m) return m;
  }
  return undefined;
}

/** The order of a result list: best tier first, then by name key, then id (stable pages). */
export function compareHits(a: { tier: MatchTier; nameKey: string; id: string }, b: { tier: MatchTier; nameKey: string; id: string }): number {
  return tierRank(a.tier) - tierRank(b.tier) || (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
