/**
 * Which column of an uploaded file is which field, so that an export from another PSA or CRM
 * imports without renaming columns. Headers are compared after `normaliseHeader` (case, spaces,
 * underscores and punctuation ignored), so "ZIP/Postal Code", "zip_postal_code" and
 * "Zip Postal Code" are one alias.
 */
import { importMessages } from "./messages.js";

export type ImportKind = "customers" | "contacts";

export type CustomerField =
  | "name" | "rank" | "domains" | "businessId" | "phone" | "fax" | "address" | "city" | "country"
  | "state" | "zip" | "notes" | "slaName" | "alertProfileName";

/** `fullName` is a single name column, used only when there is no First Name or Last Name column. */
export type ContactField =
  | "customerName" | "firstName" | "lastName" | "fullName" | "email" | "phone" | "mobile"
  | "jobTitle" | "department" | "primary";

export type FieldKey = CustomerField | ContactField;

/** The header each field has in our template; also used where a file has no column for a field. */
export const CUSTOMER_LABELS: Readonly<Record<CustomerField, string>> = {
  name: "Customer Name",
  rank: "Rank",
  domains: "Domains",
  businessId: "Business ID Number",
  phone: "Phone",
  fax: "Fax",
  address: "Address",
  city: "City",
  country: "Country",
  state: "State",
  zip: "Zip Code",
  notes: "Notes",
  slaName: "SLA",
  alertProfileName: "Alert Profile",
};

export const CONTACT_LABELS: Readonly<Record<ContactField, string>> = {
  customerName: "Customer Name",
  firstName: "First Name",
  lastName: "Last Name",
  fullName: "Name",
  email: "Email",
  phone: "Phone",
  mobile: "Mobile",
  jobTitle: "Job Title",
  department: "Department",
  primary: "Primary Contact",
};

/**
 * The Italian template's headers (what an Italian admin downloads). Both languages' headers are
 * read in any file: an Italian export imports for an English admin, and the other way round.
 */
export const CUSTOMER_LABELS_IT: Readonly<Record<CustomerField, string>> = {
  name: "Nome cliente",
  rank: "Rango",
  domains: "Domini",
  businessId: "Partita IVA / Codice fiscale",
  phone: "Telefono",
  fax: "Fax",
  address: "Indirizzo",
  city: "Città",
  country: "Paese",
  state: "Provincia",
  zip: "CAP",
  notes: "Note",
  slaName: "SLA",
  alertProfileName: "Profilo avvisi",
};

export const CONTACT_LABELS_IT: Readonly<Record<ContactField, string>> = {
  customerName: "Nome cliente",
  firstName: "Nome",
  lastName: "Cognome",
  fullName: "Nome e cognome",
  email: "Email",
  phone: "Telefono",
  mobile: "Cellulare",
  jobTitle: "Ruolo",
  department: "Reparto",
  primary: "Contatto principale",
};

/** Fields that may come from several columns, merged: "Address 1" + "Address 2", "Domain" + "Website". */
const MULTI_COLUMN: ReadonlySet<FieldKey> = new Set<FieldKey>(["domains", "address"]);

interface AliasGroup<F extends string> {
  /** Where these headers come from, so a reviewer can check them. */
  readonly source: string;
  readonly aliases: Partial<Record<F, readonly string[]>>;
}

export const CUSTOMER_ALIASES: readonly AliasGroup<CustomerField>[] = [
  { source: "our template", aliases: objectMap(CUSTOMER_LABELS, (label) => [label]) },
  { source: "our Italian template", aliases: objectMap(CUSTOMER_LABELS_IT, (label) => [label]) },
  {
    source: "Italian spellings in spreadsheets and Italian PSA/CRM exports",
    aliases: {
      name: ["Cliente", "Ragione sociale", "Denominazione", "Azienda", "Nome azienda", "Società"],
      domains: ["Dominio", "Dominio email", "Domini email", "Sito web", "Sito"],
      businessId: ["Partita IVA", "P. IVA", "P.IVA", "PIVA", "Codice fiscale", "C.F.", "Partita IVA/Codice fiscale"],
      phone: ["Tel.", "Numero di telefono"],
      address: ["Via", "Indirizzo 1", "Indirizzo 2"],
      city: ["Comune", "Località", "Citta"],
      country: ["Nazione", "Stato"],
      state: ["Prov.", "Regione"],
      zip: ["Codice postale", "C.A.P."],
      notes: ["Annotazioni", "Descrizione"],
      slaName: ["Nome SLA"],
      alertProfileName: ["Profilo soglie di avviso", "Profilo di avviso"],
    },
  },
  {
    source: "common spellings in spreadsheets people keep by hand",
    aliases: {
      name: ["Customer", "Company", "Company Name", "Organisation", "Organization", "Organisation Name",
        "Organization Name", "Client", "Client Name", "Business Name", "Account", "Account Name", "Name"],
      rank: ["Customer Rank"],
      domains: ["Domain", "Domain Name", "Domain Names", "Email Domain", "Email Domains", "Website", "Web Site", "Web", "URL"],
      businessId: ["Business ID", "Business Number", "Tax ID", "Tax Number", "VAT", "VAT Number", "VAT ID",
        "Registration Number", "Company Registration Number"],
      phone: ["Telephone", "Phone Number", "Main Phone", "Tel"],
      fax: ["Fax Number"],
      address: ["Street", "Street Address", "Address 1", "Address Line 1", "Address 2", "Address Line 2"],
      city: ["Town", "Town/City"],
      state: ["Province", "Region", "State/Province", "County"],
      zip: ["Zip", "Postal Code", "Postcode", "Post Code", "ZIP/Postal Code"],
      country: ["Country/Region"],
      notes: ["Note", "Comments", "Comment", "Description"],
      slaName: ["SLA Name", "Service Level", "Service Level Agreement"],
      alertProfileName: ["Alert Profile Name", "Alert Threshold Profile", "Threshold Profile"],
    },
  },
  {
    source: "Atera: Customer API fields, which its customer export uses as headers",
    aliases: { name: ["CustomerName"], businessId: ["BusinessNumber"], domains: ["Domain"], zip: ["ZipCodeStr"] },
  },
  {
    source: "ConnectWise Manage: Company API fields (company/companies)",
    aliases: { name: ["name"], address: ["addressLine1", "addressLine2"], phone: ["phoneNumber"], fax: ["faxNumber"], domains: ["website"] },
  },
  {
    source: "Autotask / Datto PSA: Companies entity fields (REST API, Data Import Wizard)",
    aliases: { name: ["companyName"], address: ["address1", "address2"], zip: ["postalCode"], domains: ["webAddress"], businessId: ["taxID"] },
  },
  {
    source: "Syncro: customer API fields and export headers",
    aliases: { name: ["business_name", "Business Name"], address: ["address", "address_2"] },
  },
  {
    source: "HaloPSA: client export headers",
    aliases: { name: ["client_name", "Client Name"] },
  },
  {
    source: "HubSpot: company export headers and internal property names",
    aliases: {
      name: ["Company name", "name"],
      domains: ["Company Domain Name", "Website URL", "domain", "website"],
      phone: ["Phone Number"],
      address: ["Street Address", "Street Address 2", "address", "address2"],
      state: ["State/Region"],
      zip: ["Postal Code"],
      country: ["Country/Region"],
      notes: ["Description"],
    },
  },
  {
    source: "Salesforce: Account API field names and report export headers",
    aliases: {
      name: ["Account Name", "Name"],
      address: ["BillingStreet", "Billing Street"],
      city: ["BillingCity", "Billing City"],
      state: ["BillingState", "Billing State/Province"],
      zip: ["BillingPostalCode", "Billing Zip/Postal Code"],
      country: ["BillingCountry", "Billing Country"],
      domains: ["Website"],
      notes: ["Description"],
    },
  },
  {
    source: "Zoho CRM: Accounts API field names and export headers",
    aliases: {
      name: ["Account_Name"],
      address: ["Billing_Street"],
      city: ["Billing_City"],
      state: ["Billing_State"],
      zip: ["Billing_Code", "Billing Code"],
      country: ["Billing_Country"],
    },
  },
  {
    source: "Pipedrive: organization export headers (\"Entity - Field\")",
    aliases: {
      name: ["Organization - Name"],
      address: ["Organization - Address"],
      city: ["Organization - Address - City/town/village/locality"],
      state: ["Organization - Address - State/county"],
      zip: ["Organization - Address - ZIP/Postal code"],
      country: ["Organization - Address - Country"],
    },
  },
];

export const CONTACT_ALIASES: readonly AliasGroup<ContactField>[] = [
  { source: "our template", aliases: objectMap(CONTACT_LABELS, (label) => [label]) },
  { source: "our Italian template", aliases: objectMap(CONTACT_LABELS_IT, (label) => [label]) },
  {
    source: "Italian spellings in spreadsheets and Italian PSA/CRM exports",
    aliases: {
      customerName: ["Cliente", "Ragione sociale", "Azienda", "Società"],
      email: ["E-mail", "Indirizzo email", "Posta elettronica"],
      phone: ["Tel.", "Telefono ufficio", "Numero di telefono"],
      mobile: ["Cell.", "Telefono cellulare", "Numero di cellulare"],
      jobTitle: ["Mansione", "Qualifica", "Posizione"],
      primary: ["Principale", "Referente principale"],
      fullName: ["Nominativo", "Referente"],
    },
  },
  {
    source: "common spellings in spreadsheets people keep by hand",
    aliases: {
      customerName: ["Customer", "Company", "Company Name", "Organisation", "Organization", "Organisation Name",
        "Organization Name", "Client", "Client Name", "Account", "Account Name", "Business Name"],
      firstName: ["First", "Given Name", "Forename"],
      lastName: ["Last", "Surname", "Family Name"],
      fullName: ["Full Name", "Contact Name", "Contact"],
      email: ["E-mail", "Email Address", "E-mail Address", "Mail", "Work Email"],
      phone: ["Telephone", "Phone Number", "Work Phone", "Business Phone", "Office Phone", "Direct Phone", "Tel"],
      mobile: ["Mobile Phone", "Mobile Number", "Mobile Phone Number", "Cell", "Cell Phone"],
      jobTitle: ["Title", "Position"],
      department: ["Dept"],
      primary: ["Primary", "Is Primary", "Main Contact", "Default Contact"],
    },
  },
  {
    source: "Atera: Contact (end user) API fields, which its contact export uses as headers",
    aliases: {
      customerName: ["CustomerName"], firstName: ["Firstname"], lastName: ["Lastname"], mobile: ["MobilePhone"],
      jobTitle: ["JobTitle"], primary: ["IsContactPerson"],
    },
  },
  {
    source: "ConnectWise Manage: Contact API fields (company/contacts)",
    aliases: { customerName: ["company"], primary: ["defaultFlag"] },
  },
  {
    source: "Autotask / Datto PSA: Contacts entity fields",
    aliases: { email: ["emailAddress"], mobile: ["mobilePhone"], primary: ["primaryContact"] },
  },
  {
    source: "Syncro: contact and customer API fields",
    aliases: { fullName: ["name"], customerName: ["business_name"] },
  },
  {
    source: "HaloPSA: User API fields",
    aliases: {
      customerName: ["client_name"], lastName: ["surname"], email: ["emailaddress"], phone: ["phonenumber"],
      mobile: ["mobilenumber"], jobTitle: ["jobtitle"],
    },
  },
  {
    source: "HubSpot: contact export headers and internal property names",
    aliases: { customerName: ["Associated Company", "company"], mobile: ["Mobile Phone Number", "mobilephone"] },
  },
  {
    source: "Salesforce: Contact API field names and report export headers",
    aliases: { customerName: ["Account.Name"], mobile: ["MobilePhone"] },
  },
  {
    source: "Zoho CRM: Contacts API field names",
    aliases: { customerName: ["Account_Name"], firstName: ["First_Name"], lastName: ["Last_Name"] },
  },
  {
    source: "Pipedrive: person export headers (\"Entity - Field - Label\")",
    aliases: {
      fullName: ["Person - Name"],
      firstName: ["Person - First name"],
      lastName: ["Person - Last name"],
      email: ["Person - Email", "Person - Email - Work", "Email - Work"],
      phone: ["Person - Phone", "Person - Phone - Work", "Phone - Work"],
      mobile: ["Person - Phone - Mobile", "Phone - Mobile"],
      customerName: ["Person - Organization"],
    },
  },
];

/** Lower case, and only letters and digits: "Zip_Code", "zip code" and "ZIP-Code" are all "zipcode". */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

function buildLookup<F extends string>(kind: ImportKind, groups: readonly AliasGroup<F>[]): ReadonlyMap<string, F> {
  const lookup = new Map<string, F>();
  for (const group of groups) {
    for (const [field, aliases] of Object.entries(group.aliases) as [F, readonly string[]][]) {
      for (const alias of aliases) {
        const key = normaliseHeader(alias);
        const taken = lookup.get(key);
        if (taken !== undefined && taken !== field) {
          throw new Error(`${kind} alias "${alias}" (${group.source}) is already the alias of ${taken}`);
        }
        lookup.set(key, field);
      }
    }
  }
  return lookup;
}

const CUSTOMER_LOOKUP = buildLookup("customers", CUSTOMER_ALIASES);
const CONTACT_LOOKUP = buildLookup("contacts", CONTACT_ALIASES);

interface MappingOf<K extends ImportKind, F extends FieldKey> {
  kind: K;
  /** The headers as written in the file (trimmed); row errors name columns with these. */
  headers: readonly string[];
  /** The field of each column, by position; null for a column that is ignored. */
  columns: readonly (F | null)[];
  /** Headers that match no field; their columns are ignored. */
  unknown: string[];
  /** Headers of a field that an earlier column already provides; ignored. */
  duplicates: string[];
  /** Template labels of required fields that no column provides. */
  missingRequired: string[];
}

export type CustomerMapping = MappingOf<"customers", CustomerField>;
export type ContactMapping = MappingOf<"contacts", ContactField> & {
  /** True when names come from one "Name" column, split into first and last name (show a warning). */
  splitsFullName: boolean;
};
export type HeaderMapping = CustomerMapping | ContactMapping;
export type HeaderMappingError = { error: "no_header" | "unrecognised"; message: string };

/**
 * Maps a header row. `kind` forces customers or contacts; without it the kind is taken from the
 * headers: an Email column with a First Name, Last Name (or Name plus a customer) column means
 * contacts, and so does a First or Last Name column without Email (a contacts file missing its
 * Email column); otherwise a customer name column means customers.
 * Note: Syncro's customer export has First Name, Last Name and Email too, so it is read as
 * contacts unless the caller passes "customers".
 */
export function mapHeaders(headers: readonly string[], kind?: ImportKind): HeaderMapping | HeaderMappingError {
  const trimmed = headers.map((h) => h.trim());
  if (trimmed.every((h) => normaliseHeader(h) === "")) return { error: "no_header", message: importMessages.headers.noHeader };
  if (kind === "customers") return customerMapping(trimmed);
  if (kind === "contacts") return contactMapping(trimmed);
  const asContacts = contactMapping(trimmed);
  const has = (field: ContactField) => asContacts.columns.includes(field);
  const personColumns = has("firstName") || has("lastName") || (has("fullName") && has("customerName"));
  if (has("email") && personColumns) return asContacts;
  // First or last name columns without Email: a contacts file missing its Email column (reported
  // as missing), not a customers file that would create a customer per contact's company.
  if (has("firstName") || has("lastName")) return asContacts;
  const asCustomers = customerMapping(trimmed);
  if (asCustomers.columns.includes("name")) return asCustomers;
  return { error: "unrecognised", message: importMessages.headers.unrecognised };
}

/** The header a field has in this file, or its template label when the file has no such column. */
export function columnHeader(mapping: HeaderMapping, field: FieldKey): string {
  const index = (mapping.columns as readonly (FieldKey | null)[]).indexOf(field);
  if (index >= 0) return mapping.headers[index] ?? field;
  return mapping.kind === "customers"
    ? CUSTOMER_LABELS[field as CustomerField] ?? field
    : CONTACT_LABELS[field as ContactField] ?? field;
}

function assignColumns<F extends FieldKey>(headers: readonly string[], lookup: ReadonlyMap<string, F>) {
  const columns: (F | null)[] = [];
  const unknown: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<F>();
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    const field = lookup.get(key);
    if (field === undefined) {
      if (key !== "") unknown.push(header);
      else unknown.push(`(column ${columnLetter(index)}, no name)`);
      columns.push(null);
    } else if (seen.has(field) && !MULTI_COLUMN.has(field)) {
      duplicates.push(header);
      columns.push(null);
    } else {
      seen.add(field);
      columns.push(field);
    }
  });
  return { columns, unknown, duplicates, seen };
}

function customerMapping(headers: readonly string[]): CustomerMapping {
  const { columns, unknown, duplicates, seen } = assignColumns(headers, CUSTOMER_LOOKUP);
  const missingRequired = seen.has("name") ? [] : [CUSTOMER_LABELS.name];
  return { kind: "customers", headers, columns, unknown, duplicates, missingRequired };
}

function contactMapping(headers: readonly string[]): ContactMapping {
  const { columns, unknown, duplicates, seen } = assignColumns(headers, CONTACT_LOOKUP);
  const hasSplitNames = seen.has("firstName") || seen.has("lastName");
  const splitsFullName = seen.has("fullName") && !hasSplitNames;
  if (seen.has("fullName") && hasSplitNames) {
    // First Name / Last Name columns win; the single name column is left out.
    const index = columns.indexOf("fullName");
    columns[index] = null;
    duplicates.push(headers[index] ?? "");
  }
  const required: ContactField[] = splitsFullName ? ["customerName", "email"] : ["customerName", "firstName", "lastName", "email"];
  const missingRequired = required.filter((field) => !seen.has(field)).map((field) => CONTACT_LABELS[field]);
  return { kind: "contacts", headers, columns, unknown, duplicates, missingRequired, splitsFullName };
}

/** Spreadsheet column letter of a 0-based index: 0 is A, 26 is AA. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function objectMap<K extends string, V, W>(record: Readonly<Record<K, V>>, f: (value: V) => W): Record<K, W> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value as V)])) as Record<K, W>;
}
