import { describe, expect, it } from "vitest";
import { BOM, csvCell, csvLine, neutraliseFormula, unneutralise } from "../../../src/import/csv-writer.js";
import { mapHeaders } from "../../../src/import/headers.js";
import { validateContactRow, validateCustomerRow } from "../../../src/import/rows.js";
import { TEMPLATE_COLUMNS, contactsTemplateCsv, customersTemplateCsv } from "../../../src/import/templates.js";
import { headerOf, readAll, rowsOf } from "./helpers.js";

describe("csvLine", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(csvLine(["=SUM(A1:A9)", "+1 555", "-2", "@cmd", "\tx", "\rx", "a=b", "safe"])).toBe(
      `'=SUM(A1:A9),'+1 555,'-2,'@cmd,'\tx,"'\rx",a=b,safe\r\n`,
    );
    expect(neutraliseFormula("=1+1")).toBe("'=1+1");
    expect(unneutralise("'=1+1")).toBe("=1+1");
    expect(unneutralise("'quoted")).toBe("'quoted");
  });

  it("quotes commas, quotes and line breaks (RFC 4180), and ends lines with CRLF", () => {
    expect(csvLine(["Acme, Inc.", 'He said "hi"', "two\nlines", undefined, ""])).toBe('"Acme, Inc.","He said ""hi""","two\nlines",,\r\n');
  });

  it("quotes for the delimiter in use", () => {
    expect(csvLine(["a;b", "c,d"], ";")).toBe('"a;b";c,d\r\n');
    expect(csvLine(["a\tb", "c,d"], "\t")).toBe('"a\tb"\tc,d\r\n');
    expect(csvCell("=x", "\t")).toBe("'=x");
  });

  it("reads back through the importer unchanged", async () => {
    const cells = ["=HYPERLINK(\"http://x\")", "Società, \"Müller\"\nline 2", "+44 20 7946 0000"];
    const [[, read] = [0, []]] = rowsOf(await readAll(BOM + csvLine(["Customer Name", "Notes", "Phone"]) + csvLine(cells)));
    const mapping = mapHeaders(["Customer Name", "Notes", "Phone"]);
    if ("error" in mapping || mapping.kind !== "customers") throw new Error("mapping");
    expect(validateCustomerRow(read, mapping, 2)).toMatchObject({ ok: true, row: { name: cells[0], notes: cells[1], phone: cells[2] } });
  });
});

describe("templates", () => {
  it("start with a BOM and import cleanly as themselves", async () => {
    for (const [csv, kind] of [[customersTemplateCsv({ slaName: "Standard", alertProfileName: "Default" }), "customers"], [contactsTemplateCsv(), "contacts"]] as const) {
      expect(csv.startsWith(BOM)).toBe(true);
      const events = await readAll(csv);
      const mapping = mapHeaders(headerOf(events).headers);
      if ("error" in mapping) throw new Error(mapping.message);
      expect(mapping).toMatchObject({ kind, unknown: [], duplicates: [], missingRequired: [] });
      const [[rowNumber, cells] = [0, []]] = rowsOf(events);
      const result = mapping.kind === "customers" ? validateCustomerRow(cells, mapping, rowNumber) : validateContactRow(cells, mapping, rowNumber);
      expect(result.ok).toBe(true);
      expect(headerOf(events).headers).toEqual(TEMPLATE_COLUMNS[kind].map((column) => column.header));
    }
  });

  it("leaves SLA and alert profile empty in the example unless names are given", async () => {
    const rows = rowsOf(await readAll(customersTemplateCsv()));
    expect(rows[0]?.[1].slice(-2)).toEqual(["", ""]);
  });

  it("describe every column, marking the required ones", () => {
    expect(TEMPLATE_COLUMNS.customers.filter((c) => c.required).map((c) => c.header)).toEqual(["Customer Name"]);
    expect(TEMPLATE_COLUMNS.contacts.filter((c) => c.required).map((c) => c.header)).toEqual(["Customer Name", "First Name", "Last Name", "Email"]);
    for (const column of [...TEMPLATE_COLUMNS.customers, ...TEMPLATE_COLUMNS.contacts]) expect(column.accepts.length).toBeGreaterThan(10);
  });
});
