/** The search rules of src/domain/search.ts: cleaning what was typed, what matches, the ranking. */
import { describe, expect, it } from "vitest";
import {
  MATCH_TIERS,
  SEARCH_QUERY_MAX,
  cleanQuery,
  compactId,
  compareHits,
  fold,
  matchOf,
  parseQuery,
  type SearchDocument,
} from "../../src/domain/search.js";

const doc = (o: Partial<SearchDocument> & { name: string }): SearchDocument => ({ domains: [], businessId: null, phone: null, fax: null, contacts: [], ...o });
const contact = (firstName: string, lastName: string, email: string, phone: string | null = null, mobile: string | null = null) => ({
  id: `${firstName}-${lastName}`,
  firstName,
  lastName,
  email,
  phone,
  mobile,
});
const q = (text: string) => {
  const parsed = parseQuery(text);
  if (!parsed) throw new Error(`"${text}" is not a query`);
  return parsed;
};
const tierOf = (text: string, d: SearchDocument) => matchOf(q(text), d)?.tier;

describe("what was typed", () => {
  it("is cleaned: control and invisible characters gone, white space folded, NFC, cut to the maximum", () => {
    expect(cleanQuery("  acme\t\n  dental\u0000\u200b ")).toBe("acme dental");
    expect(cleanQuery("Citta\u0300")).toBe("Città");
    expect(Array.from(cleanQuery("x".repeat(5000)))).toHaveLength(SEARCH_QUERY_MAX);
    expect(Array.from(cleanQuery("😀".repeat(200)))).toHaveLength(SEARCH_QUERY_MAX);
    expect(parseQuery(" \u0001 \t")).toBeUndefined();
  });

  it("folds case and accents the way the index does", () => {
    expect(fold("Città Caffè ÉCOLE Ñandú")).toBe("citta caffe ecole nandu");
  });

  it("leaves separators out of phone numbers and business IDs, and tries a VAT number without its country prefix", () => {
    expect(compactId("+39 (06) 1234-567 / 8")).toBe("390612345678");
    expect(q("IT 0123 4567 890").compact).toEqual(["IT01234567890", "01234567890"]);
    expect(q("06").compact).toEqual([]);
    expect(q("acme dental").words).toEqual(["acme", "dental"]);
    expect(q("acme d").words).toEqual([]);
    expect(q("Acme dental ACME dental").words).toEqual(["acme", "dental"]);
    expect(q("one two six ten big red").words).toHaveLength(6);
    expect(q("one two six ten big red hot").words).toEqual([]); // more than MAX_WORDS: matched as typed
    expect(q("@acme.com").domainKey).toBe("acme.com");
  });
});

describe("what matches, and how well", () => {
  const acme = doc({
    name: "Acme Dental Città",
    domains: ["acme.com", "studio-dentistico.it"],
    businessId: "IT01234567890",
    phone: "+39 06 1234 5678",
    fax: "+39 06 9999",
    contacts: [contact("Jane", "Roe", "jane.roe@acme.com", "+39 333 111 2222", "347-555-0101"), contact("Lì", "Bo", "li@acme.com"), contact("Tom", "Hill", "tom@hill.example")],
  });

  it("ranks each kind of match in the documented order", () => {
    expect(tierOf("acme", acme)).toBe("name_start");
    expect(tierOf("dental", acme)).toBe("word_start");
    expect(tierOf("citta", acme)).toBe("word_start");
    expect(tierOf("acme.c", acme)).toBe("domain_start");
    expect(tierOf("ntal", acme)).toBe("name_part");
    expect(tierOf("dental acme", acme)).toBe("name_part");
    expect(tierOf("01234567890", acme)).toBe("customer_ids");
    expect(tierOf("it 0123456 7890", acme)).toBe("customer_ids");
    expect(tierOf("06-1234-5678", acme)).toBe("customer_ids");
    expect(tierOf("roe", acme)).toBe("contact");
    expect(tierOf("roe jane", acme)).toBe("contact");
    expect(tierOf("jane.roe@", acme)).toBe("contact");
    expect(tierOf("333 111", acme)).toBe("contact");
    expect(tierOf("5550101", acme)).toBe("contact");
    expect(tierOf("jane acme.com", acme)).toBe("contact"); // each word in one of the contact's fields
    expect(tierOf("dentistico", acme)).toBeUndefined(); // inside a domain: not searched (its contacts' emails are)
    expect(tierOf("qqq", acme)).toBeUndefined();
    expect(tierOf("jane tom", acme)).toBeUndefined(); // two contacts' words: no one contact matches
    expect(MATCH_TIERS).toEqual(["name_start", "word_start", "domain_start", "name_part", "customer_ids", "contact"]);
  });

  it("says why it matched when it is not the name", () => {
    expect(matchOf(q("acme"), acme)).toEqual({ tier: "name_start" });
    expect(matchOf(q("roe"), acme)?.reason).toEqual({ kind: "contact", contactId: "Jane-Roe", name: "Jane Roe", field: "name", value: "Jane Roe" });
    expect(matchOf(q("jane.roe"), acme)?.reason).toMatchObject({ kind: "contact", field: "email", value: "jane.roe@acme.com" });
    expect(matchOf(q("555 0101"), acme)?.reason).toMatchObject({ kind: "contact", field: "mobile", value: "347-555-0101" });
    expect(matchOf(q("9999"), acme)?.reason).toEqual({ kind: "fax", value: "+39 06 9999" });
    expect(matchOf(q("IT01234567890"), acme)?.reason).toEqual({ kind: "business_id", value: "IT01234567890" });
    expect(matchOf(q("studio-d"), acme)?.reason).toEqual({ kind: "domain", domain: "studio-dentistico.it" });
    expect(matchOf(q("acme.com"), acme)?.tier).toBe("domain_start");
  });

  it("answers 1-2 characters with name and domain starts, and word starts (2 characters)", () => {
    expect(tierOf("a", acme)).toBe("name_start");
    expect(tierOf("d", acme)).toBeUndefined(); // one character: no word starts
    expect(tierOf("s", acme)).toBe("domain_start");
    expect(tierOf("de", acme)).toBe("word_start");
    expect(tierOf("bo", acme)).toBe("contact");
    expect(tierOf("li", acme)).toBe("contact");
    expect(tierOf("nt", acme)).toBeUndefined(); // "contains" needs 3 characters
    expect(tierOf("06", acme)).toBeUndefined();
  });

  it("sorts by tier, then name, then id", () => {
    const hits = [
      { tier: "contact" as const, nameKey: "aaa", id: "1" },
      { tier: "name_start" as const, nameKey: "zeta", id: "2" },
      { tier: "name_start" as const, nameKey: "beta", id: "4" },
      { tier: "name_start" as const, nameKey: "beta", id: "3" },
    ];
    expect([...hits].sort(compareHits).map((h) => h.id)).toEqual(["3", "4", "2", "1"]);
  });
});
