/**
 * Customers for the customer management tests, written through the repositories the app uses
 * (the wizard's all-or-nothing creation, then further contacts), never with raw SQL.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/client.js";
import type { ContractInput } from "../../src/domain/customer.js";
import { CustomerRepository } from "../../src/repositories/customers.js";
import { ContactRepository } from "../../src/repositories/contacts.js";
import { contactData } from "../../src/services/customers/forms.js";

/** When seeded customers were created, unless a test says: fixed, so no history depends on today's date. */
export const SEEDED_AT = new Date("2026-01-05T09:00:00Z");

export type SeedContact = { firstName: string; lastName: string; email: string; phone?: string; mobile?: string; jobTitle?: string };
export type SeededCustomer = { id: string; name: string; contactIds: string[] };

export async function seedCustomer(
  db: Db,
  o: {
    name: string;
    domains?: string[];
    contacts?: SeedContact[];
    contract?: ContractInput;
    createdBy?: string;
    notes?: string;
    businessId?: string;
    phone?: string;
    fax?: string;
    at?: Date;
  },
): Promise<SeededCustomer> {
  const sla = await db.sla.findFirstOrThrow({ where: { isDefault: true }, select: { id: true } });
  const profile = await db.alertThresholdProfile.findFirstOrThrow({ where: { isDefault: true }, select: { id: true } });
  const [first, ...rest] = o.contacts?.length ? o.contacts : [{ firstName: "Pat", lastName: "Lee", email: `pat@${o.domains?.[0] ?? "example.com"}` }];
  const createdBy = o.createdBy ?? "U0SEED0001";
  const card = await new CustomerRepository(db).createOnboarding({
    customer: {
      name: o.name,
      domains: o.domains ?? [],
      ...(o.notes ? { notes: o.notes } : {}),
      ...(o.businessId ? { businessId: o.businessId } : {}),
      ...(o.phone ? { phone: o.phone } : {}),
      ...(o.fax ? { fax: o.fax } : {}),
    },
    ...(o.contract ? { contract: o.contract } : {}),
    contact: { ...first!, primary: true },
    slaId: sla.id,
    alertProfileId: profile.id,
    createdBy,
    creationKey: randomUUID(),
    at: o.at ?? SEEDED_AT,
  });
  const contacts = new ContactRepository(db);
  const contactIds = [card.contacts[0]!.id];
  for (const c of rest) contactIds.push((await contacts.create(card.id, contactData({ ...c, primary: false }), createdBy)).id);
  return { id: card.id, name: card.name, contactIds };
}

/** Several customers named `${prefix} 01`, `${prefix} 02`... each with one domain and contact. */
export async function seedMany(db: Db, n: number, prefix = "Customer"): Promise<SeededCustomer[]> {
  const out: SeededCustomer[] = [];
  for (let i = 1; i <= n; i++) {
    const slug = `${prefix.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${i}`;
    out.push(await seedCustomer(db, { name: `${prefix} ${String(i).padStart(2, "0")}`, domains: [`${slug}.example.com`] }));
  }
  return out;
}

export const retainer = (name: string, isDefault = true): ContractInput => ({
  name,
  type: "retainer",
  terms: { quantity: 1, rateCents: 150_000, billingPeriod: "monthly" },
  active: true,
  isDefault,
  taxable: false,
});
