/**
 * The downloadable templates and the column descriptions that the README and the Slack guidance
 * message render. Headers come from headers.ts, so a template always maps back onto itself.
 */
import { BOM, csvLine } from "./csv-writer.js";
import { CONTACT_LABELS, CONTACT_LABELS_IT, CUSTOMER_LABELS, CUSTOMER_LABELS_IT, type ContactField, type CustomerField, type ImportKind } from "./headers.js";
import type { Delimiter } from "./csv-writer.js";
import type { Locale } from "../i18n/locale.js";
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

/**
 * How each language's template is written: English with commas; Italian as Italian Excel saves
 * it (semicolons, since the comma is the decimal mark), with Italian headers and an Italian example.
 */
const LAYOUT: Readonly<Record<Locale, { customers: Readonly<Record<CustomerField, string>>; contacts: Readonly<Record<ContactField, string>>; delimiter: Delimiter }>> = {
  en: { customers: CUSTOMER_LABELS, contacts: CONTACT_LABELS, delimiter: "," },
  it: { customers: CUSTOMER_LABELS_IT, contacts: CONTACT_LABELS_IT, delimiter: ";" },
};

/** The headers of a template in a language (the required ones first, as in TEMPLATE_COLUMNS). */
export function templateHeaders(kind: ImportKind, locale: Locale = "en"): { header: string; required: boolean }[] {
  const labels = LAYOUT[locale][kind] as Readonly<Record<string, string>>;
  const columns = (kind === "customers" ? CUSTOMER_COLUMNS : CONTACT_COLUMNS) as readonly [string, boolean, string][];
  return columns.map(([field, required]) => ({ header: labels[field] ?? field, required }));
}

export interface TemplateExampleNames {
  /** An SLA and alert profile that exist in this workspace; the example row leaves them empty otherwise. */
  slaName?: string;
  alertProfileName?: string;
}

const CUSTOMER_EXAMPLE_IT: Record<CustomerField, string | undefined> = {
  name: "Studio Dentistico Rossi Srl",
  rank: "Gold",
  domains: "studiorossi.it, studiorossi.com",
  businessId: "IT01234567890",
  phone: "+39 011 123 4567",
  fax: undefined,
  address: "Via Roma 12, scala B",
  city: "Torino",
  country: "Italia",
  state: "TO",
  zip: "10121",
  notes: "La reception apre alle 8:00; chiedere del responsabile di studio.",
  slaName: undefined,
  alertProfileName: undefined,
};

const CONTACT_EXAMPLE_IT: Record<ContactField, string | undefined> = {
  customerName: "Studio Dentistico Rossi Srl",
  firstName: "Anna",
  lastName: "Rossi",
  fullName: undefined,
  email: "anna.rossi@studiorossi.it",
  phone: "+39 011 123 4568",
  mobile: "+39 333 123 4567",
  jobTitle: "Responsabile di studio",
  department: "Amministrazione",
  primary: "sì",
};

/** Header row and one example row, UTF-8 with BOM; in Italian with `;` (as Italian Excel writes). */
export function customersTemplateCsv(names: TemplateExampleNames = {}, locale: Locale = "en"): string {
  const { customers: labels, delimiter } = LAYOUT[locale];
  if (locale === "it") {
    const example = { ...CUSTOMER_EXAMPLE_IT, slaName: names.slaName, alertProfileName: names.alertProfileName };
    return BOM + csvLine(CUSTOMER_COLUMNS.map(([field]) => labels[field]), delimiter) + csvLine(CUSTOMER_COLUMNS.map(([field]) => example[field]), delimiter);
  }
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

export function contactsTemplateCsv(locale: Locale = "en"): string {
  const { contacts: labels, delimiter } = LAYOUT[locale];
  if (locale === "it") {
    return BOM + csvLine(CONTACT_COLUMNS.map(([field]) => labels[field]), delimiter) + csvLine(CONTACT_COLUMNS.map(([field]) => CONTACT_EXAMPLE_IT[field]), delimiter);
  }
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
