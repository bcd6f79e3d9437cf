/**
 * The CSV import from end to end, the way an admin uses it: templates from `/customer import`,
 * a file uploaded into a channel, the preview in its thread, Import, the rows in the database,
 * and `/customer imports`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultSla } from "../../src/domain/sla.js";
import { slaCreateData } from "../../src/repositories/slas.js";
import { TEMPLATE_COLUMNS } from "../../src/import/templates.js";
import { ADMIN, CHANNEL, TECH, startTestApp, type TestApp } from "../support/app-harness.js";
import {
  BOM_BYTES,
  buttonsOf,
  csvText,
  generatedCustomersCsv,
  importFile,
  messageText,
  pressImport,
  previewCounts,
  readCsv,
  resultCounts,
  tableCounts,
  upload,
  uploadForPreview,
  verdict,
  waitFor,
} from "../support/csv-fixtures.js";
import type { JsonObject } from "../support/fake-slack/json.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

async function addSlaAndProfile(sla: string, profile: string) {
  await app.db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: sla }) });
  await app.db.alertThresholdProfile.create({ data: { name: profile, nameKey: profile.toLowerCase() } });
}

const customerWithRelations = (name: string) =>
  app.db.customer.findFirstOrThrow({ where: { name }, include: { domains: true, sla: true, alertProfile: true, contacts: true, primaryContact: true } });

describe("/customer import: templates", () => {
  async function offer(userId = ADMIN) {
    await app.driver.command("/customer", "import", { userId, channelId: CHANNEL });
    return waitFor(() => app.slack.ephemerals(userId).find((e) => e.source === "response_url"), "the reply to /customer import");
  }

  async function download(kind: "customers" | "contacts") {
    const message = await offer();
    await app.driver.clickMessageButton(CHANNEL, message.messageTs, `import_template_${kind}`, { userId: ADMIN });
    return waitFor(() => app.slack.uploads().find((f) => f.filename === `${kind}-template.csv`), `the ${kind} template upload`);
  }

  it("offers admins a Customers and a Contacts template, as an ephemeral message with two buttons", async () => {
    const message = await offer();
    expect(messageText(message)).toContain("Import customers or contacts from a CSV file");
    expect(buttonsOf(message)).toEqual(["import_template_customers", "import_template_contacts"]);
    expect(app.slack.messages(CHANNEL)).toEqual([]); // nothing anyone else sees
  });

  it.each(["customers", "contacts"] as const)("uploads the %s template to the admin's DM: BOM, then the template's header row", async (kind) => {
    const file = await download(kind);
    expect(file.channel).toBe(app.slack.dmChannel(ADMIN));
    expect(file.content.subarray(0, 3)).toEqual(BOM_BYTES);
    const [header, example] = readCsv(file.content);
    expect(header).toEqual(TEMPLATE_COLUMNS[kind].map((c) => c.header));
    expect(example).toHaveLength(header?.length ?? 0);
    expect(file.initialComment).toContain("Required columns:");
    const sent = await waitFor(() => app.slack.ephemerals(ADMIN).find((e) => /sent you the .* template/.test(e.text ?? "")), "the confirmation");
    expect(sent.text).toContain(`${kind} template`);
  });

  it("imports both templates back unchanged: the example customer, then its example contact as primary contact", async () => {
    const customers = await download("customers");
    const c = await importFile(app, "customers-template.csv", customers.content);
    expect(c.preview.text).not.toContain("Columns ignored");
    expect(previewCounts(c.preview.text)).toEqual({ rows: 1, create: 1, update: 0, unchanged: 0, errors: 0 });
    expect(resultCounts(c.text)).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 0 });

    const contacts = await download("contacts");
    const k = await importFile(app, "contacts-template.csv", contacts.content);
    expect(k.preview.text).not.toContain("Columns ignored");
    expect(resultCounts(k.text)).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 0 });

    const customer = await customerWithRelations("Acme Dental Group");
    expect(customer).toMatchObject({ rank: "Gold", city: "Springfield", address: "12 Main Street, Suite 4", zip: "62701" });
    expect(customer.domains.map((d) => d.domain).sort()).toEqual(["acmedental.co.uk", "acmedental.com"]);
    expect(customer.sla.isDefault).toBe(true);
    expect(customer.primaryContact).toMatchObject({ firstName: "Anna", lastName: "Rossi", email: "anna.rossi@acmedental.com", jobTitle: "Office Manager" });
  });

  it("writes a template cell that a spreadsheet would run as a formula as text, and reads it back as written", async () => {
    await app.db.sla.updateMany({ where: { isDefault: true }, data: { name: "+Gold", nameKey: "+gold" } });
    const customers = await download("customers");
    const [header, example] = readCsv(customers.content);
    expect(example?.[header?.indexOf("SLA") ?? -1]).toBe("'+Gold");
    await importFile(app, "customers-template.csv", customers.content);
    expect((await customerWithRelations("Acme Dental Group")).sla.name).toBe("+Gold");
  });

  it("refuses the templates to someone who is not an admin", async () => {
    const message = await offer(TECH);
    expect(messageText(message)).toMatch(/admins/i);
    expect(buttonsOf(message)).toEqual([]);
    expect(app.slack.uploads()).toEqual([]);
  });
});

describe("importing customers", () => {
  const header = [
    "Customer Name", "Rank", "Domains", "Business ID Number", "Phone", "Fax", "Address", "City",
    "Country", "State", "Zip Code", "Notes", "SLA", "Alert Profile",
  ];

  it("previews without writing, then Import creates every field, the domains, and the SLA and alert profile named in the file", async () => {
    await addSlaAndProfile("Premium", "Servers");
    const csv = csvText(header, [
      [
        "Acme Dental", "Gold", "acme.com, https://www.acme.co.uk/contact", "US-12-3456789", "(555) 010-2030", "(555) 010-2031",
        "12 Main Street\nSuite 4", "Springfield", "United States", "IL", "62701", "VIP: call first", "premium", "SERVERS",
      ],
      ["Beta Labs", "", "beta.io", "", "", "", "", "Milan", "Italy", "", "", "", "", ""],
    ]);
    const preview = await uploadForPreview(app, { name: "customers.csv", content: csv });
    expect(preview.text).toContain("Import preview: customers.csv");
    expect(previewCounts(preview.text)).toEqual({ rows: 2, create: 2, update: 0, unchanged: 0, errors: 0 });
    expect(buttonsOf(preview.message)).toEqual(["import_confirm", "import_cancel"]);
    const confirm = JSON.stringify(preview.message.blocks);
    expect(confirm).toContain('"confirm":{"title"'); // Import asks "Import this file?" first
    expect(preview.job).toMatchObject({ status: "awaiting_confirmation", kind: "customers", totalRows: 2, previewCreate: 2 });
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });

    const done = await pressImport(app, preview);
    expect(done.text).toContain("Import finished: customers.csv");
    expect(resultCounts(done.text)).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(done.text).toMatch(/took \d+\.\d s/);
    expect(done.text).toContain(`Imported by <@${ADMIN}>`);
    expect(buttonsOf(done.message)).toEqual([]);
    expect(done.job).toMatchObject({ status: "completed", importedBy: ADMIN, processedRows: 2, created: 2 });

    const acme = await customerWithRelations("Acme Dental");
    expect(acme).toMatchObject({
      rank: "Gold", businessId: "US-12-3456789", phone: "(555) 010-2030", fax: "(555) 010-2031", address: "12 Main Street\nSuite 4",
      city: "Springfield", country: "United States", state: "IL", zip: "62701", notes: "VIP: call first", createdBy: ADMIN, archivedAt: null,
    });
    expect(acme.domains.map((d) => d.domain).sort()).toEqual(["acme.co.uk", "acme.com"]);
    expect(acme.sla.name).toBe("Premium");
    expect(acme.alertProfile.name).toBe("Servers");
    expect(acme.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000); // written by the importer's SQL, read back by Prisma

    const beta = await customerWithRelations("Beta Labs");
    expect(beta).toMatchObject({ city: "Milan", country: "Italy", rank: null, phone: null, notes: null });
    expect(beta.sla.isDefault).toBe(true);
    expect(beta.alertProfile.isDefault).toBe(true);
  });

  it("updates a customer matched by name ignoring surrounding spaces: filled cells change, empty cells keep the stored value, identical rows count as unchanged", async () => {
    await importFile(
      app,
      "first.csv",
      csvText(["Customer Name", "Domains", "City", "Phone", "Notes"], [
        ["Acme Dental", "acme.com", "Springfield", "(555) 111", "Old notes"],
        ["Beta Labs", "beta.io", "Milan", "", ""],
        ["Gamma", "", "Rome", "(555) 333", ""],
      ]),
    );
    const before = await customerWithRelations("Acme Dental");
    const betaBefore = await customerWithRelations("Beta Labs");
    const second = await uploadForPreview(app, {
      name: "second.csv",
      content: csvText(["Customer Name", "Domains", "City", "Phone", "Notes"], [
        ["  Acme Dental  ", "", "Shelbyville", "", ""],
        ["Beta Labs", "beta.io", "Milan", "", ""],
        ["Gamma", "gamma.org", "", "", "New notes"],
        ["Delta", "delta.net", "Turin", "", ""],
      ]),
    });
    expect(previewCounts(second.text)).toEqual({ rows: 4, create: 1, update: 2, unchanged: 1, errors: 0 });
    const done = await pressImport(app, second);
    expect(resultCounts(done.text)).toEqual({ created: 1, updated: 2, unchanged: 1, failed: 0 });

    expect(await tableCounts(app)).toEqual({ customers: 4, domains: 4, contacts: 0 });
    const acme = await customerWithRelations("Acme Dental");
    expect(acme.id).toBe(before.id);
    expect(acme).toMatchObject({ city: "Shelbyville", phone: "(555) 111", notes: "Old notes" });
    expect(acme.domains.map((d) => d.domain)).toEqual(["acme.com"]);
    const beta = await customerWithRelations("Beta Labs");
    expect(beta.updatedAt).toEqual(betaBefore.updatedAt);
    const gamma = await customerWithRelations("Gamma");
    expect(gamma).toMatchObject({ city: "Rome", phone: "(555) 333", notes: "New notes" });
    expect(gamma.domains.map((d) => d.domain)).toEqual(["gamma.org"]);
    expect(await customerWithRelations("Delta")).toMatchObject({ city: "Turin" });
    // GET /metrics counts both imports' rows by outcome
    const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    const rows = Object.fromEntries([...metrics.matchAll(/^customerbook_import_rows_total\{outcome="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(rows).toEqual({ created: 4, updated: 2, unchanged: 1 });
  });

  it("matches a customer by name ignoring case, and the customer takes the file's spelling of the name", async () => {
    await importFile(app, "first.csv", csvText(["Customer Name", "City"], [["Acme Dental", "Rome"]]));
    const done = await importFile(app, "second.csv", csvText(["Customer Name", "City"], [["ACME DENTAL", ""]]));
    expect(resultCounts(done.text)).toEqual({ created: 0, updated: 1, unchanged: 0, failed: 0 });
    expect(await app.db.customer.findMany({ select: { name: true, city: true } })).toEqual([{ name: "ACME DENTAL", city: "Rome" }]);
  });
});

describe("importing contacts", () => {
  const header = ["Customer Name", "First Name", "Last Name", "Email", "Phone", "Mobile", "Job Title", "Department", "Primary Contact"];

  beforeEach(async () => {
    await importFile(app, "customers.csv", csvText(["Customer Name", "Domains"], [["Acme Dental", "acme.com"], ["Beta Labs", "beta.io"]]));
  });

  it("creates contacts with every field at the customer named (any case) and sets the primary contact", async () => {
    const preview = await uploadForPreview(app, {
      name: "contacts.csv",
      content: csvText(header, [
        ["acme dental", "Anna", "Rossi", "Anna.Rossi@acme.com", "(555) 010-1", "(555) 020-1", "Office Manager", "Operations", "yes"],
        ["Acme Dental", "Ben", "Smith", "ben@acme.com", "", "", "", "", ""],
        ["Beta Labs", "Chloé", "Dubois", "chloe@beta.io", "", "", "CFO", "Finance", "x"],
      ]),
    });
    expect(preview.job.kind).toBe("contacts");
    expect(previewCounts(preview.text)).toEqual({ rows: 3, create: 3, update: 0, unchanged: 0, errors: 0 });
    expect(await app.db.contact.count()).toBe(0);
    const done = await pressImport(app, preview);
    expect(resultCounts(done.text)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 0 });

    const acme = await customerWithRelations("Acme Dental");
    expect(acme.contacts).toHaveLength(2);
    expect(acme.primaryContact).toMatchObject({
      firstName: "Anna", lastName: "Rossi", email: "Anna.Rossi@acme.com", emailKey: "anna.rossi@acme.com", phone: "(555) 010-1",
      mobile: "(555) 020-1", jobTitle: "Office Manager", department: "Operations", createdBy: ADMIN,
    });
    expect(acme.contacts.find((c) => c.firstName === "Ben")).toMatchObject({ phone: null, jobTitle: null });
    const beta = await customerWithRelations("Beta Labs");
    expect(beta.primaryContact).toMatchObject({ firstName: "Chloé", lastName: "Dubois", jobTitle: "CFO" });
  });

  it("when two rows make a primary contact for one customer the later row wins, and the preview and the report say so", async () => {
    const preview = await uploadForPreview(app, {
      name: "contacts.csv",
      content: csvText(header, [
        ["Acme Dental", "Anna", "Rossi", "anna@acme.com", "", "", "", "", "yes"],
        ["Acme Dental", "Ben", "Smith", "ben@acme.com", "", "", "", "", "yes"],
      ]),
    });
    const said = "Row 3: ben@acme.com becomes the primary contact of Acme Dental, replacing anna@acme.com (row 2).";
    expect(preview.text).toContain(said);
    const done = await pressImport(app, preview);
    expect(done.text).toContain(said);
    const acme = await customerWithRelations("Acme Dental");
    expect(acme.primaryContact?.email).toBe("ben@acme.com");
    expect(acme.contacts).toHaveLength(2);
  });

  it("a later file replacing the primary contact names the contact it replaces", async () => {
    await importFile(app, "first.csv", csvText(header, [["Acme Dental", "Anna", "Rossi", "anna@acme.com", "", "", "", "", "yes"]]));
    const done = await importFile(app, "second.csv", csvText(header, [["Acme Dental", "Ben", "Smith", "ben@acme.com", "", "", "", "", "yes"]]));
    expect(done.text).toContain("Row 2: ben@acme.com becomes the primary contact of Acme Dental, replacing anna@acme.com.");
    expect((await customerWithRelations("Acme Dental")).primaryContact?.email).toBe("ben@acme.com");
  });

  it("updates a contact matched by email (any case) at its customer, keeps empty cells, and takes the same email at another customer as another contact", async () => {
    await importFile(app, "first.csv", csvText(header, [["Acme Dental", "Anna", "Rossi", "anna@acme.com", "(555) 1", "", "Office Manager", "Operations", "yes"]]));
    const second = await uploadForPreview(app, {
      name: "second.csv",
      content: csvText(header, [
        ["Acme Dental", "Anna", "Rossi-Bianchi", "ANNA@acme.com", "", "(555) 9", "IT Lead", "", ""],
        ["Beta Labs", "Anna", "Rossi", "anna@acme.com", "", "", "", "", ""],
      ]),
    });
    expect(previewCounts(second.text)).toEqual({ rows: 2, create: 1, update: 1, unchanged: 0, errors: 0 });
    await pressImport(app, second);
    const acme = await customerWithRelations("Acme Dental");
    expect(acme.contacts).toHaveLength(1);
    expect(acme.primaryContact).toMatchObject({ lastName: "Rossi-Bianchi", phone: "(555) 1", mobile: "(555) 9", jobTitle: "IT Lead", department: "Operations" });
    expect((await customerWithRelations("Beta Labs")).contacts.map((c) => c.email)).toEqual(["anna@acme.com"]);
  });
});

describe("progress of long imports", () => {
  it("updates the thread at most once per 1.5 s across concurrent imports, and ends each with the final report", async () => {
    const a = await uploadForPreview(app, { name: "a.csv", content: generatedCustomersCsv(20_000) });
    const b = await uploadForPreview(app, { name: "b.csv", content: generatedCustomersCsv(40_000, 20_001) });
    const [doneA, doneB] = await Promise.all([pressImport(app, a), pressImport(app, b)]);
    expect(resultCounts(doneA.text).created + resultCounts(doneB.text).created).toBe(40_000);

    const updates = app.slack.callsTo("chat.update").filter((c) => c.args.ts === a.message.ts || c.args.ts === b.message.ts);
    expect(updates.every((c) => c.ok)).toBe(true);
    const progress = updates.filter((c) => /Importing, started by/.test(String(c.args.text)));
    // The first progress message of each import shows 0 rows (the button was pressed); the others are paced.
    const paced = progress.filter((c) => !/^0 of /m.test(messageText({ blocks: c.args.blocks as JsonObject[] })));
    expect(paced.length).toBeGreaterThan(0);
    // The app decides every 1.5 s at most; the calls may reach Slack a few ms later than decided.
    for (let i = 1; i < paced.length; i++) expect((paced[i]?.time ?? 0) - (paced[i - 1]?.time ?? 0)).toBeGreaterThanOrEqual(1_400);
    for (const ts of [a.message.ts, b.message.ts]) {
      expect(String(updates.filter((c) => c.args.ts === ts).at(-1)?.args.text)).toMatch(/^Import finished/);
    }
  });
});

describe("/customer imports", () => {
  it("lists the recent imports, newest first, with file, kind, status, who and counts", async () => {
    await importFile(app, "done.csv", csvText(["Customer Name", "City"], [["Acme", ""], ["Beta", ""], ["", "Rome"]]));
    const cancelled = await uploadForPreview(app, { name: "cancelled.csv", content: csvText(["Customer Name"], [["Gamma"]]) });
    await app.driver.clickMessageButton(CHANNEL, cancelled.message.ts, "import_cancel", { userId: ADMIN });
    await waitFor(async () => (await app.db.importJob.findUnique({ where: { id: cancelled.job.id } }))?.status === "cancelled", "cancel");
    await verdict(app, await upload(app, { name: "unreadable.csv", content: "" }));
    await verdict(app, await upload(app, { name: "tech.csv", content: csvText(["Customer Name"], [["Delta"]]), user: TECH }));

    await app.driver.command("/customer", "imports", { userId: TECH, channelId: CHANNEL });
    const reply = await waitFor(() => app.slack.ephemerals(TECH).find((e) => e.source === "response_url"), "the reply to /customer imports");
    const lines = messageText(reply).split("\n").filter((l) => l.startsWith("•"));
    expect(messageText(reply)).toContain("Recent imports");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/just now · \*tech\.csv\* \(\?\) · refused \(not an admin\) · <@U0TECH0001>$/);
    expect(lines[1]).toMatch(/\*unreadable\.csv\* \(\?\) · could not be read · <@U0ADMIN001>$/);
    expect(lines[2]).toMatch(/\*cancelled\.csv\* \(Customers\) · cancelled · <@U0ADMIN001>$/);
    expect(lines[3]).toMatch(/\*done\.csv\* \(Customers\) · completed · <@U0ADMIN001> · 2 created, 0 updated, 0 unchanged, 1 failed$/);
  });

  it("says there are no imports yet on a new install", async () => {
    await app.driver.command("/customer", "imports", { userId: ADMIN, channelId: CHANNEL });
    const reply = await waitFor(() => app.slack.ephemerals(ADMIN).find((e) => e.source === "response_url"), "the reply");
    expect(messageText(reply)).toContain("No imports yet");
  });
});
