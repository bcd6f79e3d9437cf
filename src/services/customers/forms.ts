/**
 * Stored records as the raw values of the wizard's fields (same ids), so an edit modal is
 * pre-filled with what is stored and its submission goes through the wizard's validation. And the
 * inverse direction for what validation returns: the columns to store, and snapshots for the
 * change log. Pure.
 */
import { CONTRACT_TYPE_FIELDS, FIELD_COLUMN, isContractType, type ContractTerms } from "../../domain/contract-types.js";
import type { ContactInput, ContractInput, CustomerInput } from "../../domain/customer.js";
import { centsToInput } from "../../domain/money.js";
import { snapshot, type Snapshot } from "../../domain/changes.js";
import { emailKey } from "../../domain/text.js";
import type { ContactRecord, ManagedCustomer } from "../../repositories/customer-admin.js";
import type { ContactData } from "../../repositories/contacts.js";
import type { ContractData, ContractRecord } from "../../repositories/contracts.js";
import type { RawValues } from "../onboarding/draft.js";
import { CHECKED, contractFieldId } from "../onboarding/fields.js";

const checkbox = (on: boolean | null | undefined): string[] => (on ? [CHECKED] : []);
const isoDate = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

// ---- customer --------------------------------------------------------------------------------

export const CUSTOMER_SNAPSHOT_KEYS = ["name", "domains", "rank", "businessId", "phone", "fax", "address", "city", "state", "zip", "country", "notes", "language"] as const;

export function customerValues(c: ManagedCustomer): RawValues {
  return {
    customer_name: c.name,
    customer_domains: c.domains.map((d) => d.domain).join(", ") || null,
    customer_rank: c.rank,
    customer_business_id: c.businessId,
    customer_phone: c.phone,
    customer_fax: c.fax,
    customer_address: c.address,
    customer_city: c.city,
    customer_state: c.state,
    customer_zip: c.zip,
    customer_country: c.country,
    customer_notes: c.notes,
    customer_language: c.language,
  };
}

export function customerSnapshot(c: ManagedCustomer | CustomerInput): Snapshot {
  const domains = "domains" in c && Array.isArray(c.domains) ? c.domains.map((d) => (typeof d === "string" ? d : d.domain)) : [];
  return snapshot({ ...c, domains: [...domains].sort() }, CUSTOMER_SNAPSHOT_KEYS);
}

// ---- contact ---------------------------------------------------------------------------------

export const CONTACT_SNAPSHOT_KEYS = ["firstName", "lastName", "email", "phone", "mobile", "jobTitle", "department"] as const;

export function contactValues(c: ContactRecord): RawValues {
  return {
    contact_first_name: c.firstName,
    contact_last_name: c.lastName,
    contact_email: c.email,
    contact_phone: c.phone,
    contact_mobile: c.mobile,
    contact_job_title: c.jobTitle,
    contact_department: c.department,
  };
}

export function contactData(c: ContactInput): ContactData {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    emailKey: emailKey(c.email),
    phone: c.phone ?? null,
    mobile: c.mobile ?? null,
    jobTitle: c.jobTitle ?? null,
    department: c.department ?? null,
  };
}

export const contactSnapshot = (c: ContactRecord | ContactData): Snapshot => snapshot(c, CONTACT_SNAPSHOT_KEYS);

/** "Jane Roe <jane@acme.com>": how a contact is named in the change log. */
export const contactLabel = (c: { firstName: string; lastName: string; email: string }) => `${c.firstName} ${c.lastName} <${c.email}>`;

// ---- contract --------------------------------------------------------------------------------

const TERM_COLUMNS = [
  "quantity",
  "rateCents",
  "hourlyRateCents",
  "overageRateCents",
  "amountCents",
  "hoursCentis",
  "estimatedHoursCentis",
  "rollOver",
  "billingPeriod",
  "deviceCategory",
  "gbCategory",
] as const satisfies readonly (keyof ContractTerms)[];

export const CONTRACT_SNAPSHOT_KEYS = ["name", "type", ...TERM_COLUMNS, "startDate", "endDate", "active", "isDefault", "taxable", "notes"] as const;

export function contractValues(c: ContractRecord): RawValues {
  const values: RawValues = {
    contract_name: c.name,
    contract_type: c.type,
    contract_start_date: isoDate(c.startDate),
    contract_end_date: isoDate(c.endDate),
    contract_active: checkbox(c.active),
    contract_default: checkbox(c.isDefault),
    contract_taxable: checkbox(c.taxable),
    contract_notes: c.notes,
  };
  if (isContractType(c.type)) {
    for (const f of CONTRACT_TYPE_FIELDS[c.type]) {
      const stored = c[FIELD_COLUMN[f.key]];
      const id = contractFieldId(f.key);
      if (f.kind === "boolean") values[id] = checkbox(stored === true);
      else if (stored === null || stored === undefined) values[id] = null;
      else if (f.kind === "money" || f.kind === "hours") values[id] = centsToInput(Number(stored));
      else values[id] = String(stored);
    }
  }
  return values;
}

export function contractData(k: ContractInput): ContractData {
  const t = k.terms;
  return {
    name: k.name,
    type: k.type,
    quantity: t.quantity ?? null,
    rateCents: t.rateCents ?? null,
    hourlyRateCents: t.hourlyRateCents ?? null,
    overageRateCents: t.overageRateCents ?? null,
    amountCents: t.amountCents ?? null,
    hoursCentis: t.hoursCentis ?? null,
    estimatedHoursCentis: t.estimatedHoursCentis ?? null,
    rollOver: t.rollOver ?? null,
    billingPeriod: t.billingPeriod ?? null,
    deviceCategory: t.deviceCategory ?? null,
    gbCategory: t.gbCategory ?? null,
    startDate: k.startDate ?? null,
    endDate: k.endDate ?? null,
    active: k.active,
    isDefault: k.isDefault,
    taxable: k.taxable,
    notes: k.notes ?? null,
  };
}

export function contractSnapshot(c: ContractRecord | ContractData): Snapshot {
  return snapshot({ ...c, startDate: isoDate(c.startDate), endDate: isoDate(c.endDate) }, CONTRACT_SNAPSHOT_KEYS);
}
