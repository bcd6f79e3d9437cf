/**
 * The customer list, card and modals stay within Slack's limits with the largest content they can
 * carry (longest allowed values, fullest pages), checked by the fake Slack's Block Kit validators.
 */
import { describe, expect, it } from "vitest";
import { validateMessageBlocks, validateView } from "../support/fake-slack/block-kit-limits.js";
import { LIMITS } from "../../src/domain/limits.js";
import type { ManagedCustomer, ContactRecord } from "../../src/repositories/customer-admin.js";
import type { ContractRecord } from "../../src/repositories/contracts.js";
import { OVERVIEW_ROWS, PAGE_SIZE, type HistoryItem } from "../../src/services/customers/management.js";
import { contractLine, customerCardMessage } from "../../src/slack/views/customer-card.js";
import { customerListMessage, customerPickMessage } from "../../src/slack/views/customer-list.js";
import { contactModal, contractModal, customerEditModal, permissionsModal } from "../../src/slack/views/customer-forms.js";
import { customerValues, contractValues } from "../../src/services/customers/forms.js";
import { render } from "../../src/i18n/mrkdwn.js";
import { en } from "../../src/i18n/en.js";
import { it as italian } from "../../src/i18n/it.js";
import type { Catalog } from "../../src/i18n/catalog.js";

/** Each view is checked against Slack's limits in both languages: Italian is longer. */
const BOTH: [string, Catalog][] = [
  ["en", en],
  ["it", italian],
];

const long = (n: number, c = "é") => c.repeat(n);
const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const when = new Date("2026-11-27T09:00:00Z");

const contact = (i: number): ContactRecord => ({
  id: id(1000 + i),
  customerId: id(1),
  firstName: long(LIMITS.shortText),
  lastName: long(LIMITS.shortText),
  email: `${"a".repeat(64)}${i}@${"b".repeat(180)}.com`,
  phone: long(LIMITS.phone, "9"),
  mobile: long(LIMITS.phone, "8"),
  jobTitle: long(LIMITS.shortText, "<"),
  portalSignInAt: null,
  department: long(LIMITS.shortText, "&"),
});

const contract = (i: number): ContractRecord => ({
  id: id(2000 + i),
  customerId: id(1),
  name: long(LIMITS.name),
  type: "block_money",
  quantity: null,
  rateCents: null,
  hourlyRateCents: 2_000_000_000,
  overageRateCents: 2_000_000_000,
  amountCents: 2_000_000_000,
  hoursCentis: null,
  estimatedHoursCentis: null,
  rollOver: true,
  billingPeriod: "semi_annually",
  deviceCategory: null,
  gbCategory: null,
  startDate: when,
  endDate: when,
  active: false,
  isDefault: true,
  taxable: true,
  notes: long(LIMITS.notes),
  createdBy: "U1",
  createdAt: when,
  updatedAt: when,
});

const customer: ManagedCustomer = {
  id: id(1),
  name: long(LIMITS.name),
  rank: long(LIMITS.shortText),
  businessId: long(LIMITS.shortText),
  phone: long(LIMITS.phone),
  fax: long(LIMITS.phone),
  address: long(LIMITS.address),
  city: long(LIMITS.shortText),
  country: long(LIMITS.shortText),
  state: long(LIMITS.shortText),
  zip: long(LIMITS.zip),
  notes: long(LIMITS.notes, "<"),
  language: "it",
  ticketsOnlyFromPrimary: true,
  slaId: id(3),
  alertProfileId: id(4),
  primaryContactId: id(1000),
  archivedAt: when,
  createdBy: "U0ADMIN001",
  createdAt: when,
  domains: Array.from({ length: LIMITS.domains }, (_, i) => ({ domain: `${"d".repeat(60)}${i}.example-long-domain.com` })),
  sla: { id: id(3), name: long(LIMITS.name) },
  alertProfile: { id: id(4), name: long(LIMITS.name) },
  primaryContact: contact(0),
  _count: { contacts: 1_000_000, contracts: 1_000 },
};

const history = (i: number): HistoryItem => ({
  id: id(3000 + i),
  at: when,
  actorId: "U0ADMIN001",
  entityType: "contract",
  action: "updated",
  label: `Contract ${long(LIMITS.name)}`,
  changes: Object.fromEntries(
    ["name", "notes", "domains", "address", "rateCents", "billingPeriod", "type", "active", "archivedAt", "startDate", "city", "state", "zip", "country", "x"].map((f) => [
      f,
      { before: f === "domains" ? [long(300)] : long(LIMITS.notes), after: f === "active" ? true : long(LIMITS.notes, "<") },
    ]),
  ),
});

function expectValidMessage(m: { text: string; blocks: unknown[] }) {
  expect(validateMessageBlocks(m.blocks)).toEqual([]);
  expect(m.blocks.length).toBeLessThanOrEqual(50);
}

describe("a contract's line on the customer card", () => {
  const k = { ...contract(1), name: "Care", hourlyRateCents: 9550, overageRateCents: 123450, amountCents: 500000, startDate: new Date("2027-01-01T00:00:00Z"), endDate: new Date("2027-12-31T00:00:00Z") };

  it("writes its dates and money for the reader: 1 Jan 2027 and €5,000.00 in English, 1 gen 2027 and 5.000,00 € in Italian, never ISO", () => {
    const english = render(contractLine(en, k));
    expect(english).toContain("1 Jan 2027 → 31 Dec 2027");
    expect(english).toContain("€5,000.00");
    const it = render(contractLine(italian, k));
    expect(it).toContain("1 gen 2027 → 31 dic 2027");
    expect(it).toContain("5.000,00\u00a0€");
    expect(english + it).not.toContain("2027-01-01");
  });
});

describe("customer views within Slack's limits", () => {
  it.each(BOTH)("list page: 20 customers with the longest names and 20 long domains each (%s)", (_language, en) => {
    const items = Array.from({ length: PAGE_SIZE.list }, (_, i) => ({ id: id(i), name: long(LIMITS.name), domains: customer.domains.map((d) => d.domain), archivedAt: null }));
    expectValidMessage(customerListMessage(en, { query: long(100), includeArchived: true, page: { items, total: 50_000, offset: 20, limit: PAGE_SIZE.list } }));
    expectValidMessage(customerPickMessage(en, { query: long(100), intent: "edit", matches: items.slice(0, PAGE_SIZE.matches), total: 50_000 }));
  });

  it.each(BOTH)("every tab of the card with full pages of the longest values (%s)", (_language, en) => {
    const contracts = Array.from({ length: PAGE_SIZE.contracts }, (_, i) => contract(i));
    const contacts = Array.from({ length: PAGE_SIZE.contacts }, (_, i) => contact(i));
    const notice = long(500);
    const few = { contracts: contracts.slice(0, OVERVIEW_ROWS), contacts: contacts.slice(0, OVERVIEW_ROWS), tickets: { open: 123_456, pending: 7 } };
    expectValidMessage(customerCardMessage(en, { tab: "overview", customer, ...few }, { notice }));
    expectValidMessage(customerCardMessage(en, { tab: "overview", customer: { ...customer, archivedAt: null, primaryContactId: null }, ...few }, { notice }));
    expectValidMessage(customerCardMessage(en, { tab: "contacts", customer, contacts: { items: contacts, total: 1_000_000, offset: 20, limit: PAGE_SIZE.contacts } }, { notice }));
    expectValidMessage(customerCardMessage(en, { tab: "contracts", customer, contracts: { items: contracts, total: 1_000, offset: 15, limit: PAGE_SIZE.contracts } }, { notice }));
    const entries = Array.from({ length: PAGE_SIZE.history }, (_, i) => history(i));
    expectValidMessage(customerCardMessage(en, { tab: "history", customer, history: { items: entries, total: 99_999, offset: 15, limit: PAGE_SIZE.history } }, { notice }));
  });

  it("escapes what people typed, so it cannot mention or link", () => {
    expect(render("<!channel> & <http://x|y>")).toBe("&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
    const card = customerCardMessage(en, { tab: "overview", customer: { ...customer, notes: "<!here>" }, contracts: [], contacts: [], tickets: { open: 0, pending: 0 } });
    expect(JSON.stringify(card.blocks)).not.toContain("<!here>");
  });

  it.each(BOTH)("modals pre-filled with the longest values (%s)", (_language, en) => {
    const meta = { c: id(1), e: id(2), r: `https://hooks.slack.com/actions/T0000/${"1".repeat(13)}/${"x".repeat(24)}`, m: "replace" as const, ch: "C0GENERAL1", n: long(200) };
    expect(validateView(customerEditModal(en, { values: customerValues(customer), meta }))).toEqual([]);
    expect(validateView(contractModal(en, { mode: "edit", values: contractValues(contract(1)), meta }))).toEqual([]);
    expect(validateView(contactModal(en, { mode: "add", values: {}, meta }))).toEqual([]);
    const screen = { contact: { ...contact(1), customer: { id: id(1), name: long(LIMITS.name), archivedAt: null, primaryContactId: id(1000), ticketsOnlyFromPrimary: true } }, isPrimary: false, primaryName: long(241) };
    expect(validateView(permissionsModal(en, { screen, meta, notice: long(500) }))).toEqual([]);
  });
});
