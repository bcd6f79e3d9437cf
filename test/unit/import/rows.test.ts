import { describe, expect, it } from "vitest";
import { domainProblem, splitDomainList } from "../../../src/domain/domains.js";
import { LIMITS } from "../../../src/domain/limits.js";
import { mapHeaders, type ContactMapping, type CustomerMapping } from "../../../src/import/headers.js";
import {
  createDuplicateTracker,
  domainFromUrl,
  PLAIN_DOMAIN,
  splitFullName,
  validateContactRow,
  validateCustomerRow,
  type RowError,
} from "../../../src/import/rows.js";

const CUSTOMER_HEADERS = ["Customer Name", "Rank", "Domains", "Business ID Number", "Phone", "Fax", "Address", "City",
  "Country", "State", "Zip Code", "Notes", "SLA", "Alert Profile"];
const CONTACT_HEADERS = ["Customer Name", "First Name", "Last Name", "Email", "Phone", "Mobile", "Job Title", "Department", "Primary Contact"];

function customerMapping(headers = CUSTOMER_HEADERS): CustomerMapping {
  const mapping = mapHeaders(headers, "customers");
  if ("error" in mapping || mapping.kind !== "customers") throw new Error("not a customers mapping");
  return mapping;
}

function contactMapping(headers = CONTACT_HEADERS): ContactMapping {
  const mapping = mapHeaders(headers, "contacts");
  if ("error" in mapping || mapping.kind !== "contacts") throw new Error("not a contacts mapping");
  return mapping;
}

/** A customer row from a few named cells of the template. */
function customerCells(values: Record<string, string>): string[] {
  return CUSTOMER_HEADERS.map((header) => values[header] ?? "");
}

function contactCells(values: Record<string, string>): string[] {
  const base: Record<string, string> = { "Customer Name": "Acme", "First Name": "Anna", "Last Name": "Rossi", Email: "anna@acme.com" };
  return CONTACT_HEADERS.map((header) => values[header] ?? base[header] ?? "");
}

function errorsOf(result: { ok: true } | { ok: false; errors: RowError[] }): RowError[] {
  return result.ok ? [] : result.errors;
}

describe("validateCustomerRow", () => {
  const mapping = customerMapping();

  it("reads a full row, with empty cells as undefined (leave as it was)", () => {
    const result = validateCustomerRow(
      customerCells({ "Customer Name": "  Società   Müller ", Domains: "Mueller.it, https://www.mueller.de/kontakt", City: "Milano", Notes: " line 1\r\nline 2 " }),
      mapping,
      7,
    );
    expect(result).toEqual({
      ok: true,
      row: {
        rowNumber: 7, name: "Società Müller", nameKey: "società müller", rank: undefined,
        domains: ["mueller.it", "mueller.de"], businessId: undefined, phone: undefined, fax: undefined, address: undefined,
        city: "Milano", country: undefined, state: undefined, zip: undefined, notes: "line 1\nline 2",
        slaName: undefined, alertProfileName: undefined,
      },
    });
  });

  it("carries SLA and alert profile names for the service to look up", () => {
    const result = validateCustomerRow(customerCells({ "Customer Name": "Acme", SLA: " Premium ", "Alert Profile": "Servers" }), mapping, 2);
    expect(result).toMatchObject({ ok: true, row: { slaName: "Premium", alertProfileName: "Servers" } });
  });

  it("needs a name", () => {
    expect(errorsOf(validateCustomerRow(customerCells({ City: "Rome" }), mapping, 2))).toEqual([
      { column: "Customer Name", reason: "Customer Name is empty. Fill it in, or delete the row." },
    ]);
  });

  it("refuses values longer than the limits, naming the column as the file does", () => {
    const custom = customerMapping(["Company", "Zip"]);
    const errors = errorsOf(validateCustomerRow(["x".repeat(LIMITS.name + 1), "1".repeat(LIMITS.zip + 1)], custom, 2));
    expect(errors).toEqual([
      { column: "Company", reason: `Company is ${LIMITS.name + 1} characters long; at most ${LIMITS.name} are allowed. Shorten it.` },
      { column: "Zip", reason: `Zip is ${LIMITS.zip + 1} characters long; at most ${LIMITS.zip} are allowed. Shorten it.` },
    ]);
  });

  it("refuses invalid domains, email addresses as domains and too many domains", () => {
    expect(errorsOf(validateCustomerRow(customerCells({ "Customer Name": "Acme", Domains: "acme.com, localhost" }), mapping, 2))).toEqual([
      { column: "Domains", reason: '"localhost" is not a valid domain. Write it like example.com.' },
    ]);
    expect(errorsOf(validateCustomerRow(customerCells({ "Customer Name": "Acme", Domains: "bob@acme.com" }), mapping, 2))).toEqual([
      { column: "Domains", reason: '"bob@acme.com" is an email address, not a domain. Keep only the part after @.' },
    ]);
    const many = Array.from({ length: LIMITS.domains + 1 }, (_, i) => `d${i}.com`).join(", ");
    expect(errorsOf(validateCustomerRow(customerCells({ "Customer Name": "Acme", Domains: many }), mapping, 2))).toEqual([
      { column: "Domains", reason: `${LIMITS.domains + 1} domains are listed; at most ${LIMITS.domains} are allowed. Remove some.` },
    ]);
  });

  it("merges the domain and website columns, and address lines", () => {
    const custom = customerMapping(["Company name", "Company Domain Name", "Website URL", "Street Address", "Street Address 2"]);
    const result = validateCustomerRow(["Acme", "acme.com", "http://www.acme.com/", "1 Main St", "Suite 4"], custom, 2);
    expect(result).toMatchObject({ ok: true, row: { domains: ["acme.com"], address: "1 Main St\nSuite 4" } });
  });

  it("removes the quote the app puts before formula-like values, so its own files import unchanged", () => {
    const result = validateCustomerRow(customerCells({ "Customer Name": "'=Acme", Phone: "'+1 555 0100", Notes: "'no formula" }), mapping, 2);
    expect(result).toMatchObject({ ok: true, row: { name: "=Acme", phone: "+1 555 0100", notes: "'no formula" } });
  });

  it("refuses a row whose cells hold control characters, naming the column, the character and where it is", () => {
    const errors = errorsOf(validateCustomerRow(customerCells({ "Customer Name": "Acme\u001b[31m", Notes: "line 1\r\nline\u00002", City: "Rome\u0085" }), mapping, 9));
    expect(errors).toEqual([
      { column: "Customer Name", reason: expect.stringMatching(/^Customer Name holds an invisible control character \(ESC, U\+001B\) at character 5, which cannot be stored\. Retype the cell/) },
      { column: "City", reason: expect.stringContaining("(U+0085) at character 5") },
      { column: "Notes", reason: expect.stringContaining("(NUL, U+0000) at character 13") },
    ]);
    // Tabs and line breaks are not control characters here: they are cleaned as before.
    expect(validateCustomerRow(customerCells({ "Customer Name": "Acme\tDental", Notes: "a\r\nb" }), mapping, 2)).toMatchObject({ ok: true, row: { name: "Acme Dental", notes: "a\nb" } });
    const contact = validateContactRow(contactCells({ "First Name": "An\u0007na" }), contactMapping(), 3);
    expect(errorsOf(contact)).toEqual([{ column: "First Name", reason: expect.stringContaining("(U+0007) at character 3") }]);
  });

  it("ignores cells beyond the header and tolerates missing trailing cells", () => {
    expect(validateCustomerRow(["Acme"], mapping, 2)).toMatchObject({ ok: true, row: { name: "Acme", city: undefined } });
    expect(validateCustomerRow([...customerCells({ "Customer Name": "Acme" }), "extra"], mapping, 2).ok).toBe(true);
  });
});

describe("validateContactRow", () => {
  const mapping = contactMapping();

  it("reads a full row with keys for the database checks", () => {
    const result = validateContactRow(
      contactCells({ "Customer Name": " ACME  Inc ", Email: " Anna.Rossi@ACME.com ", "Primary Contact": "Yes", Mobile: "(555) 010-1234" }),
      mapping,
      3,
    );
    expect(result).toEqual({
      ok: true,
      row: {
        rowNumber: 3, customerName: "ACME Inc", customerKey: "acme inc", firstName: "Anna", lastName: "Rossi",
        email: "Anna.Rossi@ACME.com", emailKey: "anna.rossi@acme.com", phone: undefined, mobile: "(555) 010-1234",
        jobTitle: undefined, department: undefined, primary: true,
      },
    });
  });

  it("needs customer, first name, last name and email", () => {
    const errors = errorsOf(validateContactRow(CONTACT_HEADERS.map(() => ""), mapping, 2));
    expect(errors.map((e) => e.column)).toEqual(["Customer Name", "First Name", "Last Name", "Email"]);
  });

  it("refuses an invalid email address, saying how to write it", () => {
    expect(errorsOf(validateContactRow(contactCells({ Email: "bob@" }), mapping, 2))).toEqual([
      { column: "Email", reason: 'Email "bob@" is not a valid email address. Write it like name@example.com.' },
    ]);
  });

  it("reads yes/no in its usual spellings and refuses anything else", () => {
    const primary = (value: string) => validateContactRow(contactCells({ "Primary Contact": value }), mapping, 2);
    for (const yes of ["yes", "Y", "TRUE", "1", "x", "X", "Primary"]) expect(primary(yes), yes).toMatchObject({ ok: true, row: { primary: true } });
    for (const no of ["no", "N", "false", "0"]) expect(primary(no), no).toMatchObject({ ok: true, row: { primary: false } });
    expect(primary("  ")).toMatchObject({ ok: true, row: { primary: undefined } });
    expect(errorsOf(primary("maybe"))).toEqual([
      { column: "Primary Contact", reason: 'Primary Contact "maybe" is not yes or no. Write yes or no, or leave it empty.' },
    ]);
  });

  it("splits a single name column when the file has no first and last name columns", () => {
    const single = contactMapping(["Company", "Name", "Email"]);
    expect(validateContactRow(["Acme", "Jan van der Berg", "jan@acme.com"], single, 2)).toMatchObject({
      ok: true,
      row: { firstName: "Jan", lastName: "van der Berg" },
    });
    expect(validateContactRow(["Acme", "Rossi, Anna Maria", "anna@acme.com"], single, 2)).toMatchObject({
      ok: true,
      row: { firstName: "Anna Maria", lastName: "Rossi" },
    });
    expect(errorsOf(validateContactRow(["Acme", "Cher", "cher@acme.com"], single, 2))).toEqual([
      { column: "Name", reason: 'Name "Cher" has no last name. Write first and last name, or use First Name and Last Name columns.' },
    ]);
    expect(splitFullName("Anna")).toBeUndefined();
  });
});

describe("createDuplicateTracker", () => {
  it("finds a customer repeated in the file, whatever its case and spacing", () => {
    const mapping = customerMapping();
    const tracker = createDuplicateTracker();
    const row = (name: string, n: number) => {
      const result = validateCustomerRow(customerCells({ "Customer Name": name }), mapping, n);
      if (!result.ok) throw new Error("invalid");
      return result.row;
    };
    expect(tracker.customer(row("Acme Inc", 2), mapping)).toBeUndefined();
    expect(tracker.customer(row("Beta", 3), mapping)).toBeUndefined();
    expect(tracker.customer(row(" acme  INC", 9), mapping)).toEqual({
      column: "Customer Name",
      reason: 'Customer "acme INC" is also in row 2. Keep one of the two rows.',
    });
  });

  it("finds the same email at the same customer, but allows it at another customer", () => {
    const mapping = contactMapping();
    const tracker = createDuplicateTracker();
    const row = (customer: string, email: string, n: number) => {
      const result = validateContactRow(contactCells({ "Customer Name": customer, Email: email }), mapping, n);
      if (!result.ok) throw new Error("invalid");
      return result.row;
    };
    expect(tracker.contact(row("Acme", "anna@acme.com", 2), mapping)).toBeUndefined();
    expect(tracker.contact(row("Beta", "anna@acme.com", 3), mapping)).toBeUndefined();
    expect(tracker.contact(row("ACME", "Anna@Acme.com", 4), mapping)).toEqual({
      column: "Email",
      reason: 'Email "Anna@Acme.com" for customer "ACME" is also in row 2. Keep one of the two rows.',
    });
  });
});

describe("domains from websites", () => {
  it("strips scheme, www., port, path, query and fragment", () => {
    for (const url of ["https://www.acme.com/contact", "http://acme.com:8080?x=1", "//www.acme.com#top", "WWW.Acme.COM.", "acme.com/"]) {
      expect(domainFromUrl(url), url).toBe("acme.com");
    }
    expect(domainFromUrl("https://mail.acme.co.uk/")).toBe("mail.acme.co.uk");
  });

  it("takes the fast path only for domains the full check gives back unchanged", () => {
    const samples = ["acme.com", "a.b", "mail.acme.co.uk", "x-y.io", "www.acme.com", "-a.com", "a-.com", "acme", "10.0.0.1",
      "acme.123", "Acme.com", `${"a".repeat(63)}.com`, `${"a".repeat(64)}.com`, `${"abcdefghi.".repeat(26)}com`, "a..com", "acme.com.",
      "xn--bcher-kva.de", "mail.xn--bcher-kva.de", "bücher.de"];
    for (const sample of samples) {
      if (!PLAIN_DOMAIN.test(sample)) continue;
      expect(domainProblem(sample), sample).toBeUndefined();
      expect(splitDomainList(sample), sample).toEqual([sample]);
      expect(domainFromUrl(sample), sample).toBe(sample);
    }
    expect(samples.filter((s) => PLAIN_DOMAIN.test(s))).toEqual(["acme.com", "a.b", "mail.acme.co.uk", "x-y.io", `${"a".repeat(63)}.com`]);
  });
});
