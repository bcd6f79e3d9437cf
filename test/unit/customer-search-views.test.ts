/**
 * How search results are shown: why a customer matched, in the list, on App Home and as picker
 * options, within Slack's limits (checked by the fake Slack's Block Kit validators) with the
 * longest values a customer and a contact can hold, and with outside text escaped.
 */
import { describe, expect, it } from "vitest";
import { validateMessageBlocks, validateView } from "../support/fake-slack/block-kit-limits.js";
import { LIMITS } from "../../src/domain/limits.js";
import type { CustomerListItem } from "../../src/repositories/customers.js";
import type { MatchReason } from "../../src/domain/search.js";
import { PAGE_SIZE } from "../../src/services/customers/management.js";
import { customerListMessage, customerOptions, reasonText } from "../../src/slack/views/customer-list.js";
import { homeView } from "../../src/slack/views/home.js";
import { en } from "../../src/i18n/en.js";
import { it as italian } from "../../src/i18n/it.js";
import type { Catalog } from "../../src/i18n/catalog.js";

/** Each view is checked against Slack's limits in both languages: Italian is longer. */
const BOTH: [string, Catalog][] = [
  ["en", en],
  ["it", italian],
];

const contactReason = (field: "name" | "email" | "phone" | "mobile", value: string, name = "Jane Roe"): MatchReason => ({ kind: "contact", contactId: "k1", name, field, value });
const item = (i: number, o: Partial<CustomerListItem> = {}): CustomerListItem => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Customer ${i}`, domains: [`c${i}.example`], archivedAt: null, ...o });

describe("why a customer matched", () => {
  it("says it in words for every kind of match", () => {
    expect(reasonText(en, { kind: "domain", domain: "acme.com" })).toBe("domain: acme.com");
    expect(reasonText(en, { kind: "business_id", value: "IT01234567890" })).toBe("business ID: IT01234567890");
    expect(reasonText(en, { kind: "phone", value: "+39 06 1234" })).toBe("phone: +39 06 1234");
    expect(reasonText(en, { kind: "fax", value: "+39 06 9999" })).toBe("fax: +39 06 9999");
    expect(reasonText(en, contactReason("name", "Jane Roe"))).toBe("contact: Jane Roe");
    expect(reasonText(en, contactReason("email", "jane@acme.com"))).toBe("contact: Jane Roe <jane@acme.com>");
    expect(reasonText(en, contactReason("phone", "+39 333 1"))).toBe("contact: Jane Roe, phone +39 333 1");
    expect(reasonText(en, contactReason("mobile", "347 5"))).toBe("contact: Jane Roe, mobile 347 5");
  });

  it("is shown in a list row, escaped, unless the row shows it already (a matching domain) or it was the name", () => {
    const page = {
      items: [
        item(1, { match: { tier: "contact", reason: contactReason("email", "<!channel>@evil.example", "<@U1> & co") } }),
        item(2, { match: { tier: "domain_start", reason: { kind: "domain", domain: "c2.example" } } }),
        item(3, { match: { tier: "name_start" } }),
      ],
      total: 3,
      offset: 0,
      limit: 20,
    };
    const rows = customerListMessage(en, { query: "x", includeArchived: false, page }).blocks.filter((b) => b.block_id?.startsWith("cust_"));
    const texts = rows.map((b) => (b.type === "section" ? (b.text?.text ?? "") : ""));
    expect(texts[0]).toBe("*Customer 1*\nc1.example\n_contact: &lt;@U1&gt; &amp; co &lt;&lt;!channel&gt;@evil.example&gt;_");
    expect(texts[1]).toBe("*Customer 2*\nc2.example");
    expect(texts[2]).toBe("*Customer 3*\nc3.example");
  });

  it.each(BOTH)("keeps a full page of the longest names, domains and contacts within a message's limits, and says when more match (%s)", (_language, en) => {
    const longest = "é".repeat(LIMITS.name);
    const items = Array.from({ length: PAGE_SIZE.list }, (_, i) =>
      item(i, {
        name: longest,
        domains: Array.from({ length: LIMITS.domains }, (_, d) => `${"d".repeat(60)}${d}.example`),
        match: { tier: "contact", reason: contactReason("email", `${"a".repeat(64)}@${"b".repeat(180)}.com`, `${"é".repeat(LIMITS.shortText)} ${"è".repeat(LIMITS.shortText)}`) },
      }),
    );
    const message = customerListMessage(en, { query: "é".repeat(LIMITS.name), includeArchived: true, page: { items, total: 1001, truncated: true, offset: 0, limit: PAGE_SIZE.list } });
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain(_language === "en" ? "1,001+ · best matches first" : "1.001+ · prima i risultati migliori");
    expect(JSON.stringify(message.blocks)).toContain(en.manage.list.more);
  });

  it.each(BOTH)("fits a picker option: the name and why, within 75 characters, the reason kept when the name is long (%s)", (_language, en) => {
    const options = customerOptions(en, [
      item(1, { name: "Acme Dental", match: { tier: "contact", reason: contactReason("name", "Jane Roe") } }),
      item(2, { name: "n".repeat(LIMITS.name), match: { tier: "customer_ids", reason: { kind: "business_id", value: "IT01234567890" } } }),
      item(3, { name: "n".repeat(LIMITS.name) }),
      item(4, { name: "Beta", match: { tier: "contact", reason: contactReason("email", `${"a".repeat(64)}@${"b".repeat(180)}.com`) } }),
    ]);
    const r = en.search.reason;
    const idReason = r.business_id("IT01234567890");
    expect(options.map((o) => o.text.text)).toEqual([
      `Acme Dental · ${r.contact.name("Jane Roe")}`,
      `${"n".repeat(75 - 4 - idReason.length)}… · ${idReason}`,
      `${"n".repeat(74)}…`,
      expect.stringMatching(new RegExp(`^Beta · ${r.contact.name("Jane Roe")} <a+…$`)),
    ]);
    for (const o of options) expect(o.text.text.length).toBeLessThanOrEqual(75);
    expect(customerOptions(en, Array.from({ length: 150 }, (_, i) => item(i)))).toHaveLength(100);
  });

  it.each(BOTH)("is shown on App Home's list too, within a view's limits (%s)", (_language, en) => {
    const items = Array.from({ length: 20 }, (_, i) => item(i, { name: "é".repeat(LIMITS.name), match: { tier: "contact", reason: contactReason("phone", "9".repeat(LIMITS.phone)) } }));
    const view = homeView(en, { isAdmin: false, query: "999", offset: 0, customers: { items, total: 1001, truncated: true } }, new Date("2026-12-03T10:00:00Z"));
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain(`_${en.search.reason.contact.phone("Jane Roe", "9".repeat(LIMITS.phone))}_`);
    expect(JSON.stringify(view.blocks)).toContain(_language === "en" ? "of 1,001+ (type more to narrow it down)" : "di 1.001+ (scrivi di più per restringere)");
  });
});
