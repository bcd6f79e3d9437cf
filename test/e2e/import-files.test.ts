/**
 * Files as they come out of spreadsheets and other tools: encodings, delimiters, quoting, column
 * names of other PSAs and CRMs; and files that cannot be imported at all, which must get a clear
 * message and write nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import {
  buttonsOf,
  csvText,
  encode,
  generatedCustomersCsv,
  importFile,
  pressImport,
  previewCounts,
  resultCounts,
  tableCounts,
  upload,
  uploadForPreview,
  verdict,
  workbookBytes,
  type Delimiter,
} from "../support/csv-fixtures.js";

let app: TestApp;
async function start(env?: Record<string, string>) {
  app = await startTestApp(env ? { env } : {});
}
afterEach(async () => app.close());

const customerOf = (name: string) => app.db.customer.findFirstOrThrow({ where: { name }, include: { domains: true } });

describe("encodings and delimiters", () => {
  const header = ["Customer Name", "Domains", "City", "Notes"];
  const rows = [
    ["Società Müller", "mueller.it", "Zürich", "Preis: 1.000 € – „Premium“"],
    ["Café Crème SARL", "creme.fr", "Besançon", "Ça va"],
    ["Ærø Øl ApS", "aero.dk", "København", ""],
  ];
  const cases: [string, Delimiter, (text: string) => Buffer][] = [
    ["UTF-8 without BOM, comma-separated", ",", encode.utf8],
    ["UTF-8 with BOM (Excel \"CSV UTF-8\"), comma-separated", ",", encode.utf8Bom],
    ["UTF-8 with BOM, semicolon-separated", ";", encode.utf8Bom],
    ["UTF-16 LE with BOM, tab-separated (Excel \"Unicode Text\")", "\t", encode.utf16leBom],
    ["Windows-1252, semicolon-separated (Excel \"CSV\" on a European Windows)", ";", encode.windows1252],
    ["Windows-1252, comma-separated", ",", encode.windows1252],
  ];

  it.each(cases)("%s: accented names and symbols arrive in the database as written", async (_what, delimiter, encoding) => {
    await start();
    const done = await importFile(app, "customers.csv", encoding(csvText(header, rows, { delimiter })));
    expect(previewCounts(done.preview.text)).toEqual({ rows: 3, create: 3, update: 0, unchanged: 0, errors: 0 });
    expect(resultCounts(done.text)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 0 });
    const stored = await app.db.customer.findMany({ select: { name: true, city: true, notes: true }, orderBy: { name: "asc" } });
    expect(stored).toEqual([
      { name: "Café Crème SARL", city: "Besançon", notes: "Ça va" },
      { name: "Società Müller", city: "Zürich", notes: "Preis: 1.000 € – „Premium“" },
      { name: "Ærø Øl ApS", city: "København", notes: null },
    ]);
    expect((await customerOf("Società Müller")).domains.map((d) => d.domain)).toEqual(["mueller.it"]);
  });

  it("a Windows-1252 file whose first accented letter comes after many plain rows is still read as Windows-1252", async () => {
    await start();
    const plain = Array.from({ length: 400 }, (_, i) => [`Plain Customer ${i + 1}`, "", "Springfield", "nothing special here"]);
    const content = encode.windows1252(csvText(header, [...plain, ["Società Müller", "", "Zürich", "€"]]));
    expect(content.length).toBeGreaterThan(16 * 1024); // beyond the first chunk the encoding is guessed from
    const done = await importFile(app, "late-accents.csv", content);
    expect(resultCounts(done.text)).toEqual({ created: 401, updated: 0, unchanged: 0, failed: 0 });
    expect(await customerOf("Società Müller")).toMatchObject({ city: "Zürich", notes: "€" });
  });

  it("a file that mixes UTF-8 and Windows-1252 is refused with a clear message, since its accents would come out wrong", async () => {
    await start();
    const content = Buffer.concat([encode.utf8("Customer Name,City\r\nSocietà Müller,Zürich\r\n"), encode.windows1252("Café Crème,Besançon\r\n")]);
    const v = await verdict(app, await upload(app, { name: "mixed.csv", content }));
    expect(v.text).toContain("Row 3 of the file (byte 50) is not UTF-8, but the rows before it are");
    expect(v.job.status).toBe("preview_failed");
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
  });
});

describe("the whole file is checked, not only its first bytes", () => {
  const plain = (n: number) => Array.from({ length: n }, (_, i) => [`Plain Customer ${i + 1}`, "", "Springfield", "nothing special here"]);
  const header = ["Customer Name", "Domains", "City", "Notes"];

  it("a file that starts as Windows-1252 and later holds UTF-8 is refused, naming the row, instead of importing \"CafÃ© Four\"", async () => {
    await start();
    const start1252 = encode.windows1252(csvText(header, [["Café One", "", "Besançon", ""], ...plain(400)]));
    expect(start1252.length).toBeGreaterThan(16 * 1024);
    const content = Buffer.concat([start1252, encode.utf8("Café Four,,Besançon,\r\n")]);
    const v = await verdict(app, await upload(app, { name: "appended.csv", content }));
    expect(v.text).toContain("Row 403 of the file");
    expect(v.text).toContain("is saved as UTF-8, but the rows before it as Windows-1252");
    expect(v.text).toContain("CSV UTF-8");
    expect(buttonsOf(v.message)).toEqual([]);
    expect(v.job.status).toBe("preview_failed");
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
  });

  it("a NUL byte after the first chunk refuses the file, naming the row; an ESC in a name refuses that row only", async () => {
    await start();
    const withNul = encode.utf8(csvText(header, [...plain(400), ["Bad\u0000Name", "", "Rome", ""]]));
    const refused = await verdict(app, await upload(app, { name: "nul.csv", content: withNul }));
    expect(refused.text).toContain("Row 402 of the file");
    expect(refused.text).toContain("holds a NUL character");
    expect(refused.job.status).toBe("preview_failed");

    const withEsc = encode.utf8(csvText(header, [...plain(400), ["Escaped\u001b[2J Name", "", "Rome", ""], ["Fine Name", "", "Ro\u0007me", "ok"]]));
    const preview = await uploadForPreview(app, { name: "esc.csv", content: withEsc });
    expect(previewCounts(preview.text)).toEqual({ rows: 402, create: 400, update: 0, unchanged: 0, errors: 2 });
    expect(preview.text).toContain("• Row 402, Customer Name: Customer Name holds an invisible control character (ESC, U+001B) at character 8");
    expect(preview.text).toContain("• Row 403, City: City holds an invisible control character (U+0007) at character 3");
    await pressImport(app, preview);
    const names = (await app.db.customer.findMany({ select: { name: true, city: true } })).filter((c) => /[\u0000-\u001f]/.test(`${c.name}${c.city ?? ""}`));
    expect(names).toEqual([]);
    expect(await app.db.customer.count()).toBe(400);
  });
});

describe("quoting", () => {
  it("keeps commas, quotes and line breaks inside quoted cells, and errors name the spreadsheet row, not the text line", async () => {
    await start();
    const csv = csvText(
      ["Customer Name", "Domains", "Notes", "Address"],
      [
        ["Smith, Jones & Co", "smithjones.com", "Line one\r\nLine two\r\nLine three", "1 Main St"],
        ['The "Best" Shop', "best.shop", 'He said "call me", twice', "Via Roma 1\nPiano 2"],
        ["", "nameless.com", "note, with comma", ""],
        ["After Breaks", "after.com", "", ""],
        ["Bad Domain Ltd", "bad_domain!", "", ""],
      ],
    );
    expect(csv.split(/\r\n|\n/).length).toBeGreaterThan(8); // rows 4 and 6 are not on text lines 4 and 6
    const preview = await uploadForPreview(app, { name: "quoted.csv", content: csv });
    expect(previewCounts(preview.text)).toEqual({ rows: 5, create: 3, update: 0, unchanged: 0, errors: 2 });
    expect(preview.text).toContain("• Row 4, Customer Name: Customer Name is empty.");
    expect(preview.text).toContain('• Row 6, Domains: "bad_domain!" is not a valid domain.');
    await pressImport(app, preview);
    expect(await customerOf("Smith, Jones & Co")).toMatchObject({ notes: "Line one\nLine two\nLine three", address: "1 Main St" });
    expect(await customerOf('The "Best" Shop')).toMatchObject({ notes: 'He said "call me", twice', address: "Via Roma 1\nPiano 2" });
    expect(await customerOf("After Breaks")).toMatchObject({ notes: null });
  });

  it("refuses a file whose quote is never closed, naming the row, and writes nothing", async () => {
    await start();
    const v = await verdict(app, await upload(app, { name: "broken.csv", content: 'Customer Name,Notes\r\nAcme,fine\r\nBeta,"never closed\r\nGamma,x\r\n' }));
    expect(v.text).toContain("I can't import *broken.csv*");
    expect(v.text).toContain("Row 3 of the file could not be read as CSV");
    expect(buttonsOf(v.message)).toEqual([]);
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
  });
});

describe("column names from other tools", () => {
  it.each([
    {
      tool: "Atera",
      header: ["CustomerName", "BusinessNumber", "ZipCodeStr", "Domain"],
      row: ["Atera Client", "BN-0001", "62701", "atera-client.com"],
      stored: { name: "Atera Client", businessId: "BN-0001", zip: "62701" },
      domains: ["atera-client.com"],
    },
    {
      tool: "HubSpot",
      header: ["Company name", "Company Domain Name", "Phone Number", "Postal Code"],
      row: ["HubSpot Company", "hubspot-company.com", "+1 555 0100", "02139"],
      stored: { name: "HubSpot Company", phone: "+1 555 0100", zip: "02139" },
      domains: ["hubspot-company.com"],
    },
    {
      tool: "Salesforce",
      header: ["Account Name", "BillingCity", "Website"],
      row: ["Salesforce Account", "San Francisco", "https://www.sf-account.com/about"],
      stored: { name: "Salesforce Account", city: "San Francisco" },
      domains: ["sf-account.com"],
    },
  ])("an export from $tool imports without renaming its columns", async ({ header, row, stored, domains }) => {
    await start();
    const done = await importFile(app, "export.csv", csvText(header, [row]));
    expect(done.preview.text).not.toContain("Columns ignored");
    expect(resultCounts(done.text)).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 0 });
    const customer = await customerOf(stored.name);
    expect(customer).toMatchObject(stored);
    expect(customer.domains.map((d) => d.domain)).toEqual(domains);
  });

  it("names the columns it does not recognise, and the ones that repeat a field, in the preview and ignores them", async () => {
    await start();
    const preview = await uploadForPreview(app, {
      name: "extra.csv",
      content: csvText(["Customer Name", "Favourite Colour", "", "City", "Company", "Internal ID"], [["Acme", "blue", "?", "Rome", "Acme Inc", "42"]]),
    });
    expect(preview.text).toContain("Columns ignored (not recognised): Favourite Colour, (column C, no name), Internal ID");
    expect(preview.text).toContain("Columns ignored (the same field comes from an earlier column): Company");
    await pressImport(app, preview);
    expect(await app.db.customer.findMany({ select: { name: true, city: true } })).toEqual([{ name: "Acme", city: "Rome" }]);
  });
});

describe("files that cannot be imported", () => {
  it.each([
    { what: "a contacts file without a Customer Name column", content: csvText(["First Name", "Last Name", "Email"], [["Anna", "Rossi", "anna@acme.com"]]), says: "The file has no Customer Name column." },
    { what: "a contacts file without an Email column", content: csvText(["Customer Name", "First Name", "Last Name"], [["Acme", "Anna", "Rossi"]]), says: "The file has no Email column." },
    { what: "a file whose columns match nothing", content: csvText(["Foo", "Bar"], [["1", "2"]]), says: "None of the columns could be matched." },
    { what: "an empty file", content: "", says: "The file is empty." },
    { what: "a file with only a header row", content: "Customer Name,City\r\n", says: "The file has a header row but no data rows." },
    { what: "a workbook renamed to .csv", content: workbookBytes(), says: "This is not a CSV text file" },
  ])("$what gets a clear message in the thread, no Import button, and nothing is written", async ({ content, says }) => {
    await start();
    const v = await verdict(app, await upload(app, { name: "file.csv", content }));
    expect(v.text).toContain(":x: I can't import *file.csv*.");
    expect(v.text).toContain(says);
    expect(buttonsOf(v.message)).toEqual([]);
    expect(v.job).toMatchObject({ status: "preview_failed", processedRows: 0 });
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
  });

  it("a web page where the file should be (Slack's answer to a bad token) is reported, not parsed", async () => {
    await start();
    const v = await verdict(app, await upload(app, { name: "customers.csv", content: "Customer Name\r\nAcme\r\n", servesHtml: true }));
    expect(v.text).toContain("Slack answered with a web page instead of the file");
    expect(v.text).toContain("files:read");
    expect(v.job).toMatchObject({ status: "preview_failed" });
    expect(v.job.errorOutcome).toBe('{"code":"not_downloadable"}');
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
  });

  it("a file larger than IMPORT_MAX_BYTES is refused before it is read, and a smaller one is imported", async () => {
    await start({ IMPORT_MAX_BYTES: String(1024 * 1024) });
    const big = generatedCustomersCsv(30_000);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const u = await upload(app, { name: "big.csv", content: big });
    const v = await verdict(app, u);
    expect(v.text).toBe("*big.csv* is larger than 1 MB. Split it into smaller files and upload them one after another. Nothing was imported.");
    expect(v.job).toMatchObject({ status: "preview_failed", messageTs: null });
    expect(app.slack.callsTo("chat.update")).toEqual([]);
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });

    const done = await importFile(app, "small.csv", generatedCustomersCsv(1_000));
    expect(resultCounts(done.text).created).toBe(1_000);
  });
});
