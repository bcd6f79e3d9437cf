/**
 * The downloadable templates and the column descriptions that the README and the Slack guidance
 * message render. Headers come from headers.ts, so a template always maps back onto itself.
 */
import { BOM, csvLine } from "./csv-writer.js";
import { CONTACT_LABELS, CUSTOMER_LABELS, type ContactField, type CustomerField, type ImportKind } from "./headers.js";
import { importMessages } from "./messages.js";

export interface TemplateColumn {
  header: string;
  required: boolean;
  /** One plain sentence on what the column takes. */
  accepts: string;
}

const accepts = importMessages.accepts;

const CUSTOMER_COLUMNS: readonly [CustomerField, boolean, string][] = [
  ["name", true, accepts.customerName],
  ["rank", false, accepts.rank],
  ["domains", false, accepts.domains],
  ["businessId", false, accepts.businessId],
  ["phone", false, accepts.phone],
  ["fax", false, accepts.phone],
  ["address", false, accepts.address],
  ["city", false, accepts.shortText],
  ["country", false, accepts.shortText],
  ["state", false, accepts.shortText],
  ["zip", false, accepts.zip],
  ["notes", false, accepts.notes],
  ["slaName", false, accepts.slaName],
  ["alertProfileName", false, accepts.alertProfileName],
];

const CONTACT_COLUMNS: readonly [ContactField, boolean, string][] = [
  ["customerName", true, accepts.contactCustomerName],
  ["firstName", true, accepts.firstName],
  ["lastName", true, accepts.lastName],
  ["email", true, accepts.email],
  ["phone", false, accepts.phone],
  ["mobile", false, accepts.phone],
  ["jobTitle", false, accepts.shortText],
  ["department", false, accepts.shortText],
  ["primary", false, accepts.primary],
];

export const TEMPLATE_COLUMNS: Readonly<Record<ImportKind, readonly TemplateColumn[]>> = {
  customers: CUSTOMER_COLUMNS.map(([field, required, text]) => ({ header: CUSTOMER_LABELS[field], required, accepts: text })),
  contacts: CONTACT_COLUMNS.map(([field, required, text]) => ({ header: CONTACT_LABELS[field], required, accepts: text })),
};

export interface TemplateExampleNames {
  /** An SLA and alert profile that exist in this workspace; the example row leaves them empty otherwise. */
  slaName?: string;
  alertProfileName?: string;
}

/** Header row and one example row, UTF-8 with BOM. */
export function customersTemplateCsv(names: TemplateExampleNames = {}): string {
  const example: Record<CustomerField, string | undefined> = {
    name: "Acme Dental Group",
    rank: "Gold",
    domains: "acmedental.com, acmedental.co.uk",
    businessId: "US-12-3456789",
    phone: "(555) 010-2030",
    fax: undefined,
    address: "12 Main Street, Suite 4",
    city: "Springfield",
    country: "United States",
    state: "IL",
    zip: "62701",
    notes: "Front desk opens at 8:00; ask for the office manager.",
    slaName: names.slaName,
    alertProfileName: names.alertProfileName,
  };
  return BOM + csvLine(CUSTOMER_COLUMNS.map(([field]) => CUSTOMER_LABELS[field])) + csvLine(CUSTOMER_COLUMNS.map(([field]) => example[field]));
}

export function contactsTemplateCsv(): string {
  const example: Record<ContactField, string | undefined> = {
    customerName: "Acme Dental Group",
    firstName: "Anna",
    lastName: "Rossi",
    fullName: undefined,
    email: "anna.rossi@acmedental.com",
    phone: "(555) 010-2031",
    mobile: "(555) 010-4477",
    jobTitle: "Office Manager",
    department: "Operations",
    primary: "yes",
  };
  return BOM + csvLine(CONTACT_COLUMNS.map(([field]) => CONTACT_LABELS[field])) + csvLine(CONTACT_COLUMNS.map(([field]) => example[field]));
}
