/**
 * One CSV row to one import row, or the reasons it cannot be imported. Checks that need only
 * the row itself are here; checks that need the database (a domain owned by another customer,
 * an unknown customer, SLA or alert profile name) belong to the import service, which gets the
 * keys it needs (nameKey, customerKey, emailKey, slaName...) on the row.
 *
 * Hand-written rather than a zod schema per row: this runs for every row of files with 100k+
 * rows, and each problem must name the column as the file spells it.
 */
import { domainProblem, normaliseDomain, splitDomainList } from "../domain/domains.js";
import { canonicalEmail, isValidEmail } from "../domain/email.js";
import { LIMITS } from "../domain/limits.js";
import { cleanMultiline, cleanText, emailKey, nameKey } from "../domain/text.js";
import { unneutralise } from "./csv-writer.js";
import { columnHeader, type ContactField, type ContactMapping, type CustomerField, type CustomerMapping, type HeaderMapping } from "./headers.js";
import { importMessages } from "./messages.js";
import { KeyIndex } from "./key-index.js";

/** The reasons a row is refused, in a catalog's language (`importRow`; English by default). */
export type RowTexts = { readonly [K in keyof typeof importMessages.row]: (typeof importMessages.row)[K] };
const ENGLISH: RowTexts = importMessages.row;

export interface RowError {
  /** The column header as written in the file. */
  column: string;
  reason: string;
}

export type RowResult<R> = { ok: true; row: R } | { ok: false; errors: RowError[] };

/** An absent value (`undefined`) means "leave the stored value as it is". */
export interface CustomerImportRow {
  rowNumber: number;
  name: string;
  nameKey: string;
  rank: string | undefined;
  domains: string[] | undefined;
  businessId: string | undefined;
  phone: string | undefined;
  fax: string | undefined;
  address: string | undefined;
  city: string | undefined;
  country: string | undefined;
  state: string | undefined;
  zip: string | undefined;
  notes: string | undefined;
  slaName: string | undefined;
  alertProfileName: string | undefined;
}

export interface ContactImportRow {
  rowNumber: number;
  customerName: string;
  /** nameKey of customerName: look the customer up by this. */
  customerKey: string;
  firstName: string;
  lastName: string;
  email: string;
  emailKey: string;
  phone: string | undefined;
  mobile: string | undefined;
  jobTitle: string | undefined;
  department: string | undefined;
  primary: boolean | undefined;
}

/** Yes and no in either language: an Italian file says sì/no (also si, vero/falso, principale). */
const YES = new Set(["yes", "y", "true", "1", "x", "primary", "sì", "si", "s", "vero", "principale"]);
const NO = new Set(["no", "n", "false", "0", "falso"]);

/*
 * Fast paths: most cells are already clean, and testing that is much cheaper than cleaning.
 * A cell without leading, trailing, repeated or non-space white space is what cleanText returns.
 */
const NOT_CLEAN_TEXT = /^\s|\s$|\s\s|[^\S ]/;
const NOT_CLEAN_MULTILINE = /^\s|\s$|\r/;
/**
 * Control characters other than tab and line breaks (C0, DEL and C1): invisible in a spreadsheet,
 * never meant to be in a name or a note, and trouble wherever the value is shown later (Slack, an
 * export). A cell holding one refuses its row, naming the column and the character.
 */
const CONTROL = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/;
const CONTROL_NAMES: Record<number, string> = { 0x00: "NUL", 0x08: "backspace", 0x0b: "vertical tab", 0x0c: "form feed", 0x1b: "ESC", 0x7f: "DEL" };
export function controlCharacterName(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CONTROL_NAMES[code];
  return name ? `${name}, ${hex}` : hex;
}

const cleanLine = (value: string) => (NOT_CLEAN_TEXT.test(value) ? cleanText(value) : value);
const cleanLines = (value: string) => (NOT_CLEAN_MULTILINE.test(value) ? cleanMultiline(value) : value);

type Field = CustomerField | ContactField;
type Plan<F extends Field> = Partial<Record<F, readonly number[]>>;

/** Column positions of each field, worked out once per mapping (mappings are not changed after mapHeaders). */
const plans = new WeakMap<HeaderMapping, Plan<Field>>();

function planOf<F extends Field>(mapping: HeaderMapping & { columns: readonly (F | null)[] }): Plan<F> {
  let plan = plans.get(mapping) as Plan<F> | undefined;
  if (!plan) {
    const positions: Partial<Record<F, number[]>> = {};
    mapping.columns.forEach((field, index) => {
      if (field !== null) (positions[field] ??= []).push(index);
    });
    plan = positions;
    plans.set(mapping, plan);
  }
  return plan;
}

/** Reads the fields of one row and collects its problems. */
class RowReader<F extends Field> {
  errors: RowError[] | undefined;
  private readonly plan: Plan<F>;

  constructor(
    private readonly cells: readonly string[],
    private readonly mapping: HeaderMapping & { columns: readonly (F | null)[] },
    readonly say: RowTexts = ENGLISH,
  ) {
    this.plan = planOf(mapping);
  }

  header(field: F): string {
    return columnHeader(this.mapping, field);
  }

  problem(field: F, reason: string): void {
    (this.errors ??= []).push({ column: this.header(field), reason });
  }

  /** The cell as written (less a formula-neutralising quote); several columns are joined by line breaks. */
  raw(field: F): string | undefined {
    const positions = this.plan[field];
    if (positions === undefined) return undefined;
    let joined: string | undefined;
    for (const position of positions) {
      const cell = this.cells[position];
      if (cell === undefined || cell === "") continue;
      if (CONTROL.test(cell)) this.controlCharacter(field, cell);
      joined = joined === undefined ? unneutralise(cell) : `${joined}\n${unneutralise(cell)}`;
    }
    return joined;
  }

  private controlCharacter(field: F, cell: string): void {
    const at = cell.search(CONTROL);
    this.problem(field, this.say.controlCharacter(this.header(field), controlCharacterName(cell.charCodeAt(at)), at + 1));
  }

  text(field: F, max: number, clean: (value: string) => string | undefined = cleanLine): string | undefined {
    const raw = this.raw(field);
    if (raw === undefined) return undefined;
    const value = clean(raw);
    if (value !== undefined && value.length > max) this.problem(field, this.say.tooLong(this.header(field), value.length, max));
    return value;
  }

  required(field: F, max: number): string {
    const value = this.text(field, max);
    if (value === undefined) this.problem(field, this.say.required(this.header(field)));
    return value ?? "";
  }

  yesNo(field: F): boolean | undefined {
    const value = this.text(field, Number.MAX_SAFE_INTEGER);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (YES.has(lower)) return true;
    if (NO.has(lower)) return false;
    this.problem(field, this.say.yesNo(this.header(field), value));
    return undefined;
  }
}

function result<R>(errors: RowError[] | undefined, row: R): RowResult<R> {
  return errors === undefined ? { ok: true, row } : { ok: false, errors };
}

export function validateCustomerRow(
  cells: readonly string[],
  mapping: CustomerMapping,
  rowNumber: number,
  say: RowTexts = ENGLISH,
): RowResult<CustomerImportRow> {
  const r = new RowReader<CustomerField>(cells, mapping, say);
  const name = r.required("name", LIMITS.name);
  const row: CustomerImportRow = {
    rowNumber,
    name,
    nameKey: nameKey(name),
    rank: r.text("rank", LIMITS.shortText),
    domains: readDomains(r),
    businessId: r.text("businessId", LIMITS.shortText),
    phone: r.text("phone", LIMITS.phone),
    fax: r.text("fax", LIMITS.phone),
    address: r.text("address", LIMITS.address, cleanLines),
    city: r.text("city", LIMITS.shortText),
    country: r.text("country", LIMITS.shortText),
    state: r.text("state", LIMITS.shortText),
    zip: r.text("zip", LIMITS.zip),
    notes: r.text("notes", LIMITS.notes, cleanLines),
    slaName: r.text("slaName", LIMITS.name),
    alertProfileName: r.text("alertProfileName", LIMITS.name),
  };
  return result(r.errors, row);
}

export function validateContactRow(
  cells: readonly string[],
  mapping: ContactMapping,
  rowNumber: number,
  say: RowTexts = ENGLISH,
): RowResult<ContactImportRow> {
  const r = new RowReader<ContactField>(cells, mapping, say);
  const customerName = r.required("customerName", LIMITS.name);
  const { firstName, lastName } = mapping.splitsFullName
    ? readFullName(r)
    : { firstName: r.required("firstName", LIMITS.shortText), lastName: r.required("lastName", LIMITS.shortText) };
  const email = canonicalEmail(r.required("email", LIMITS.email));
  if (email !== "" && email.length <= LIMITS.email && !isValidEmail(email)) r.problem("email", r.say.invalidEmail(email));
  const row: ContactImportRow = {
    rowNumber,
    customerName,
    customerKey: nameKey(customerName),
    firstName,
    lastName,
    email,
    emailKey: emailKey(email),
    phone: r.text("phone", LIMITS.phone),
    mobile: r.text("mobile", LIMITS.phone),
    jobTitle: r.text("jobTitle", LIMITS.shortText),
    department: r.text("department", LIMITS.shortText),
    primary: r.yesNo("primary"),
  };
  return result(r.errors, row);
}

/**
 * "Anna Maria Rossi" becomes first "Anna", last "Maria Rossi"; "Rossi, Anna Maria" becomes first
 * "Anna Maria", last "Rossi". Splitting at the first space keeps particles and double surnames
 * ("van der Berg", "García López") in the last name but gets "Mary Ann Smith" wrong, which is why
 * the mapping reports `splitsFullName` for the preview to show.
 */
export function splitFullName(fullName: string): { firstName: string; lastName: string } | undefined {
  const comma = fullName.indexOf(",");
  const space = fullName.indexOf(" ");
  let first: string;
  let last: string;
  if (comma >= 0) [first, last] = [fullName.slice(comma + 1), fullName.slice(0, comma)];
  else if (space >= 0) [first, last] = [fullName.slice(0, space), fullName.slice(space + 1)];
  else return undefined;
  const firstName = cleanText(first);
  const lastName = cleanText(last);
  return firstName && lastName ? { firstName, lastName } : undefined;
}

function readFullName(r: RowReader<ContactField>): { firstName: string; lastName: string } {
  const full = r.required("fullName", 2 * LIMITS.shortText);
  if (full === "") return { firstName: "", lastName: "" };
  const split = splitFullName(full);
  if (!split) {
    r.problem("fullName", r.say.oneWordName(full));
    return { firstName: full, lastName: "" };
  }
  const longest = Math.max(split.firstName.length, split.lastName.length);
  if (longest > LIMITS.shortText) r.problem("fullName", r.say.tooLong(r.header("fullName"), longest, LIMITS.shortText));
  return split;
}

/**
 * A website or URL also gives a domain: "https://www.acme.com/contact" is acme.com. "www." is
 * dropped from plain domains as well, since mail is not sent from a www host.
 */
export function domainFromUrl(value: string): string {
  let host = normaliseDomain(value).replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/^\/\//, "");
  const end = host.search(/[/?#]/);
  if (end >= 0) host = host.slice(0, end);
  host = host.replace(/:\d*$/, "");
  if (host.startsWith("www.")) host = host.slice(4);
  return normaliseDomain(host);
}

/**
 * One lower-case domain that domainProblem accepts and that splitDomainList and domainFromUrl
 * leave as it is (no "www.", no "xn--" label, which is stored in its Unicode form), so the usual
 * cell skips both. Checked against them in the tests.
 */
export const PLAIN_DOMAIN = /^(?=[^]{1,253}$)(?!www\.)(?!(?:[^.]*\.)*xn--)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+(?![0-9]+$)(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function readDomains(r: RowReader<CustomerField>): string[] | undefined {
  const raw = r.raw("domains");
  if (raw === undefined) return undefined;
  if (PLAIN_DOMAIN.test(raw)) return [raw];
  const domains = new Set<string>();
  for (const part of splitDomainList(raw)) {
    if (PLAIN_DOMAIN.test(part)) {
      domains.add(part);
      continue;
    }
    const domain = domainFromUrl(part);
    const problem = domainProblem(domain);
    if (problem === "contains_at") r.problem("domains", r.say.domainIsEmail(part));
    else if (problem) r.problem("domains", r.say.invalidDomain(part));
    else domains.add(domain);
  }
  if (domains.size > LIMITS.domains) r.problem("domains", r.say.tooManyDomains(domains.size, LIMITS.domains));
  return domains.size > 0 ? [...domains] : undefined;
}

/** Finds rows that repeat an earlier row of the same file (same customer; same customer and email). */
export interface DuplicateTracker {
  customer(row: CustomerImportRow, mapping: CustomerMapping): RowError | undefined;
  contact(row: ContactImportRow, mapping: ContactMapping): RowError | undefined;
}

/** Holds one key per distinct row in a KeyIndex (its bytes and about 28 more), so 1M rows cost tens of MB. */
export function createDuplicateTracker(say: RowTexts = ENGLISH): DuplicateTracker {
  const firstRowByKey = new KeyIndex(8192);
  const earlierRow = (key: string, rowNumber: number): number | undefined => firstRowByKey.putIfAbsent(key, rowNumber);
  return {
    customer(row, mapping) {
      const first = earlierRow(row.nameKey, row.rowNumber);
      return first === undefined ? undefined : { column: columnHeader(mapping, "name"), reason: say.duplicateCustomer(row.name, first) };
    },
    contact(row, mapping) {
      const first = earlierRow(`${row.customerKey}\n${row.emailKey}`, row.rowNumber);
      return first === undefined
        ? undefined
        : { column: columnHeader(mapping, "email"), reason: say.duplicateContact(row.email, row.customerName, first) };
    },
  };
}
