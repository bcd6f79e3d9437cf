/**
 * International domains, from end to end: mail from "hans@xn--bcher-kva.de" (the ASCII form mail
 * servers use; mailparser hands it over as "bücher.de") or "hans@bücher.de", a domain typed either
 * way in the wizard, in customer edit and in a CSV file, and rows stored before the one form
 * existed. Every form is the same domain, stored once, as "bücher.de". Before the fix such mail was
 * answered 400 and not recorded, and the wizard, edit and import refused the domain.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, andWaitFor, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { answerTo, command, saveModal, visibleText } from "../support/customer-ui.js";
import { FORMATS, email, postInbound, sendEmail } from "../support/email.js";
import { csvText, pressImport, uploadForPreview } from "../support/csv-fixtures.js";
import { INBOUND_SECRET } from "../support/email.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";

let app: TestApp;
/** Starts the app on `testDb` (a fresh database unless given: one with rows written beforehand). */
const start = async (testDb?: TestDb) => (app = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET }, ...(testDb ? { testDb } : {}) }));
afterEach(async () => app.close());

const domainsOf = async (name: string) =>
  (await app.db.customer.findFirstOrThrow({ where: { name }, select: { domains: { select: { domain: true }, orderBy: { domain: "asc" } } } })).domains.map((d) => d.domain);

describe("email from an international domain", () => {
  beforeEach(() => start());
  it.each(FORMATS)("%s: mail from the xn-- form and from the Unicode form reaches the customer of bücher.de, as one contact", async (format) => {
    const buecher = await seedCustomer(app.db, { name: "Bücher GmbH", domains: ["bücher.de"], contacts: [{ firstName: "Greta", lastName: "Buch", email: "greta@bücher.de" }] });
    const first = await sendEmail(app.port, format, email({ from: "hans@xn--bcher-kva.de", fromName: "Hans Meier", subject: "Drucker kaputt", text: "Er druckt nicht." }));
    expect(first).toMatchObject({ status: 200, body: { outcome: "ticket_opened" } });
    const ticket = await app.db.ticket.findUniqueOrThrow({ where: { number: first.body.ticketNumber as number }, include: { contact: true } });
    expect(ticket.customerId).toBe(buecher.id);
    expect(ticket.contact).toMatchObject({ email: "hans@bücher.de", emailKey: "hans@bücher.de", firstName: "Hans", lastName: "Meier" });

    const again = await sendEmail(app.port, format, email({ from: "HANS@BÜCHER.DE", subject: "Noch einmal", text: "Immer noch." }));
    expect(again.body.outcome).toBe("ticket_opened");
    const second = await app.db.ticket.findUniqueOrThrow({ where: { number: again.body.ticketNumber as number } });
    expect(second.contactId).toBe(ticket.contactId);
    expect(await app.db.contact.count({ where: { customerId: buecher.id } })).toBe(2);

    // The known contact, written in the ASCII form, is recognised too.
    const greta = await sendEmail(app.port, format, email({ from: "greta@xn--bcher-kva.de", subject: "Hallo", text: "x" }));
    const third = await app.db.ticket.findUniqueOrThrow({ where: { number: greta.body.ticketNumber as number }, include: { contact: true } });
    expect(third.contact?.firstName).toBe("Greta");
  });
});

describe("a domain typed in either form", () => {
  beforeEach(() => start());
  it("the wizard stores xn--bcher-kva.de as bücher.de, and refuses bücher.de for a second customer", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new", { userId: ADMIN, channelId: CHANNEL }));
    const view = app.driver.currentView(ADMIN)!;
    let r = await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "Bücher GmbH", customer_domains: "XN--BCHER-KVA.DE, münchen.de" } });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_skip_contract", { userId: ADMIN }));
    r = await app.driver.submitView(view.id, { userId: ADMIN });
    r = await app.driver.submitView(view.id, { userId: ADMIN, values: { contact_first_name: "Hans", contact_last_name: "Meier", contact_email: "Hans@XN--BCHER-KVA.DE" } });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    expect(await domainsOf("Bücher GmbH")).toEqual(["bücher.de", "münchen.de"]);
    expect((await app.db.contact.findFirstOrThrow()).email).toBe("hans@bücher.de");

    await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new", { userId: ADMIN, channelId: CHANNEL }));
    const other = app.driver.currentView(ADMIN)!;
    r = await app.driver.submitView(other.id, { userId: ADMIN, values: { customer_name: "Other Books", customer_domains: "bücher.de" } });
    expect(r.errors).toEqual({ customer_domains: expect.stringMatching(/bücher\.de already belongs to the customer Bücher GmbH/) });
    r = await app.driver.submitView(other.id, { userId: ADMIN, values: { customer_name: "Other Books", customer_domains: "bu\u0308cher.de" } });
    expect(r.errors).toEqual({ customer_domains: expect.stringMatching(/already belongs to the customer Bücher GmbH/) });
  });

  it("customer edit takes an international domain in either form, stores it once, and /customer show finds it by either", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    await seedCustomer(app.db, { name: "Bücher GmbH", domains: ["bücher.de"] });
    const card = await command(app, ADMIN, "show Acme Dental");
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(card.message.channel, card.message.messageTs, "customer_edit", { userId: ADMIN }));
    const view = app.driver.currentView(ADMIN)!;
    const taken = await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "Acme Dental", customer_domains: "acme.com, xn--bcher-kva.de" } });
    expect(taken.errors).toEqual({ customer_domains: expect.stringMatching(/bücher\.de already belongs to the customer Bücher GmbH/) });
    await saveModal(app, ADMIN, view.id, { customer_name: "Acme Dental", customer_domains: "acme.com, XN--MNCHEN-3YA.DE" });
    expect(await domainsOf("Acme Dental")).toEqual(["acme.com", "münchen.de"]);
    for (const typed of ["münchen.de", "xn--mnchen-3ya.de"]) {
      expect(visibleText((await command(app, ADMIN, `show ${typed}`)).message)).toContain("Acme Dental");
    }
  });

  it("the CSV import stores either form as one domain, and finds two rows with the same domain in different forms", async () => {
    const file = csvText(["Customer Name", "Domains"], [
      ["Bücher GmbH", "xn--bcher-kva.de"],
      ["Other Books", "https://www.bücher.de/kontakt"],
      ["Café Roma", "CAFÉ.IT"],
    ]);
    const preview = await uploadForPreview(app, { name: "idn.csv", content: file });
    expect(preview.text).toMatch(/Row 3, Domains: bücher\.de .*row 2/i);
    await pressImport(app, preview);
    expect(await domainsOf("Bücher GmbH")).toEqual(["bücher.de"]);
    expect(await domainsOf("Café Roma")).toEqual(["café.it"]);
    expect(await app.db.customer.count({ where: { name: "Other Books" } })).toBe(0);
  });
});

describe("rows stored before international domains were accepted", () => {
  it("are stored in the Unicode form at the next start, and mail from either form then reaches their customer", async () => {
    const testDb = await createTestDb();
    await ensureDefaults(testDb.db, "UTC");
    const old = await seedCustomer(testDb.db, { name: "Old Books", domains: ["xn--bcher-kva.de"], contacts: [{ firstName: "Greta", lastName: "Buch", email: "Greta@xn--bcher-kva.de" }] });
    // The address's key as it was stored then: only lower-cased.
    await testDb.db.contact.updateMany({ where: { customerId: old.id }, data: { email: "Greta@xn--bcher-kva.de", emailKey: "greta@xn--bcher-kva.de" } });
    await testDb.db.customerDomain.updateMany({ where: { customerId: old.id }, data: { domain: "xn--bcher-kva.de" } });

    await start(testDb);
    expect(await domainsOf("Old Books")).toEqual(["bücher.de"]);
    expect(await app.db.contact.findFirstOrThrow({ where: { customerId: old.id } })).toMatchObject({ email: "Greta@bücher.de", emailKey: "greta@bücher.de" });
    const res = await sendEmail(app.port, "rfc822", email({ from: "greta@xn--bcher-kva.de", subject: "Hallo", text: "x" }));
    const ticket = await app.db.ticket.findUniqueOrThrow({ where: { number: res.body.ticketNumber as number }, include: { contact: true } });
    expect(ticket).toMatchObject({ customerId: old.id, contact: { firstName: "Greta" } });
  });
});

describe("/ticket refused", () => {
  beforeEach(() => start());
  it("lists every email the endpoint refused, with its reason", async () => {
    await postInbound(app.port, "From: Jane Roe\r\nSubject: No address\r\n\r\nbody\r\n", { contentType: "message/rfc822" });
    await postInbound(app.port, "not an email at all", { contentType: "message/rfc822" });
    await postInbound(app.port, "hello", { contentType: "text/plain" });
    const shown = await answerTo(app, () => app.driver.command("/ticket", "refused", { userId: ADMIN, channelId: CHANNEL }));
    expect(shown.text).toContain("The email has no sender");
    expect(shown.text).toContain("no header lines");
    expect(shown.text).toContain('Content-Type "text/plain" is not accepted');
    expect(shown.text).toContain("No address");
    expect(await app.db.inboundEmail.groupBy({ by: ["outcome"], _count: true, orderBy: { outcome: "asc" } })).toEqual([
      { outcome: "refused_content_type", _count: 1 },
      { outcome: "refused_sender", _count: 1 },
      { outcome: "refused_unreadable", _count: 1 },
    ]);
  });
});
