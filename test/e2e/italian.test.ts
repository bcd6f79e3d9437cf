/**
 * Each person in their own Slack language: an Italian user (the fake Slack gives `locale: "it-IT"`
 * only to users.info called with include_locale) reads the app in Italian, an English user in the
 * same run in English, and the tickets channel, read by many, is in DEFAULT_LOCALE.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { answerTo, command } from "../support/customer-ui.js";
import { parse } from "csv-parse/sync";
import { csvText, messageText, upload, waitFor } from "../support/csv-fixtures.js";

const TICKETS = "C0TICKETS1";
/** Italian admin and technician (Slack set to Italian), beside the harness's English ADMIN and TECH. */
const GIULIA = "U0GIULIA01";
const MARCO = "U0MARCO001";
/** Monday 2 March 2026, 10:00 UTC: inside the default SLA's hours. */
const MONDAY_10 = new Date("2026-03-02T10:00:00Z");

let app: TestApp;

async function start(env: Record<string, string> = {}) {
  app = await startTestApp({ env: { TICKETS_CHANNEL_ID: TICKETS, ...env }, clock: () => MONDAY_10 });
  app.slack.addUser({ id: GIULIA, name: "giulia", isAdmin: true, locale: "it-IT", tz: "Europe/Rome" });
  app.slack.addUser({ id: MARCO, name: "marco", locale: "it-IT", tz: "Europe/Rome" });
}
afterEach(async () => app?.close());

const ticketCommand = (userId: string, text: string) => answerTo(app, () => app.driver.command("/ticket", text, { userId, channelId: CHANNEL }));
const slaCommand = (userId: string, text: string) => answerTo(app, () => app.driver.command("/sla", text, { userId, channelId: CHANNEL }));

async function openTicket(userId: string, subject: string) {
  await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId, channelId: CHANNEL }));
  const view = app.driver.currentView(userId)!;
  return { view, result: await app.driver.submitView(view.id, { userId, values: { ticket_form_subject: subject, ticket_form_description: "Non stampa" } }) };
}

describe("a person's language", () => {
  beforeEach(() => start());

  it("asks Slack for the locale with include_locale, and answers an Italian user in Italian and an English user in English", async () => {
    const italian = await command(app, MARCO, "help");
    expect(italian.text).toContain("*Con `/customer` puoi:*");
    const english = await command(app, TECH, "help");
    expect(english.text).toContain("*`/customer` can do this:*");
    const lookups = app.slack.callsTo("users.info");
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((c) => String(c.args.include_locale) === "true")).toBe(true);
  });

  it("shows /customer show in Italian to an Italian user and in English to an English one", async () => {
    await seedCustomer(app.db, { name: "Studio Rossi", domains: ["rossi.it"], contacts: [{ firstName: "Mario", lastName: "Rossi", email: "mario@rossi.it" }] });
    const card = await command(app, MARCO, "show Studio Rossi");
    expect(card.text).toContain("Panoramica");
    expect(card.text).toContain("Domini email");
    expect(card.text).toContain("Nessun ticket aperto");
    const english = await command(app, TECH, "show Studio Rossi");
    expect(english.text).toContain("Overview");
    expect(english.text).not.toContain("Panoramica");
  });

  it("opens the new-ticket modal in Italian, lists tickets in Italian, and posts the ticket in the tickets channel in DEFAULT_LOCALE (English)", async () => {
    const { view, result } = await openTicket(MARCO, "Stampante offline");
    expect((view.title as { text: string }).text).toBe("Nuovo ticket");
    expect(result.outcome).toBe("closed");
    const posted = (await eventually(() => app.slack.messages(TICKETS).find((m) => !m.threadTs), "the ticket in the tickets channel"))!;
    expect(posted.text).toMatch(/^Ticket #1: Stampante offline \(Open\)/);
    const confirmed = (await eventually(() => app.slack.responseUrlPosts()[0], "the confirmation to its author"))!;
    expect(JSON.stringify(confirmed.body)).toContain("Il ticket *#1* è aperto");
    const list = await ticketCommand(MARCO, "list");
    expect(list.text).toContain("*Ticket — aperti e in attesa* (1)");
    expect(list.text).toContain("Media · Aperto");
    const english = await ticketCommand(TECH, "list");
    expect(english.text).toContain("*Tickets — open and pending* (1)");
  });

  it("writes /sla summary in Italian for an Italian manager", async () => {
    const summary = await slaCommand(GIULIA, "summary week");
    expect(summary.text).toContain("Riepilogo SLA — ultimi 7 giorni");
    expect(summary.text).toContain("*Aperti* 0");
    const english = await slaCommand(ADMIN, "summary week");
    expect(english.text).toContain("SLA summary — last 7 days");
  });

  it("walks the whole wizard in Italian, within Slack's limits, taking 95,50 and 2g, and sends the summary in Italian", async () => {
    const u = { userId: GIULIA };
    await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new", { ...u, channelId: CHANNEL }));
    const view = app.driver.currentView(GIULIA)!;
    const title = () => (app.driver.currentView(GIULIA)!.title as { text: string }).text;
    expect(title()).toBe("Nuovo cliente · 1 di 4");
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", u));
    let r = await app.driver.submitView(view.id, { ...u, values: { customer_name: "Studio Bianchi", customer_domains: "bianchi.it", customer_city: "Torino", customer_zip: "10121" } });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    expect(title()).toBe("Nuovo cliente · 2 di 4");
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "contract_type", "block_hours", u));
    // A rate the English way is refused in Italian words; 95,50 is taken.
    r = await app.driver.submitView(view.id, { ...u, values: { contract_name: "Assistenza 2027", contract_hours: "20", contract_hourly_rate: "95 euro", contract_overage_rate: "120", contract_billing_period: "monthly" } });
    expect(r.outcome).toBe("errors");
    expect(r.errors?.contract_hourly_rate).toBe("Inserisci un numero, ad esempio 120 o 95,50.");
    r = await app.driver.submitView(view.id, { ...u, values: { contract_name: "Assistenza 2027", contract_hours: "20", contract_hourly_rate: "95,50", contract_overage_rate: "1.120,00 €", contract_billing_period: "monthly" } });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    expect(title()).toBe("Nuovo cliente · 3 di 4");
    // "Crea un nuovo SLA": the pushed form in Italian, with targets typed as 2g.
    await andWaitFor(app, "views.push", () => app.driver.clickButton(view.id, "wizard_new_sla", u));
    const slaForm = app.driver.currentView(GIULIA)!;
    expect((slaForm.title as { text: string }).text).toBe("Nuovo SLA");
    const sla = { sla_name: "Oro", sla_response_low: "8h", sla_response_medium: "4h", sla_response_high: "1h", sla_response_critical: "30m", sla_resolution_low: "5g", sla_resolution_medium: "3g", sla_resolution_high: "2g", sla_resolution_critical: "4h", sla_time_zone: "Europe/Rome" };
    r = await andWaitFor(app, "views.update", () => app.driver.submitView(slaForm.id, { ...u, values: sla }));
    expect(r.outcome, JSON.stringify(r.errors)).toBe("closed");
    const stepThree = JSON.stringify(app.driver.currentView(GIULIA)!.blocks);
    expect(stepThree).toContain("Oro (nuovo — creato con il cliente)");
    expect(stepThree).toContain("risposta / risoluzione");
    expect(stepThree).toContain("Alta: 1h / 2g");
    r = await app.driver.submitView(view.id, u);
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    expect(title()).toBe("Nuovo cliente · 4 di 4");
    r = await app.driver.submitView(view.id, { ...u, values: { contact_first_name: "Anna", contact_last_name: "Bianchi", contact_email: "anna@bianchi.it" } });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    expect(title()).toBe("Cliente creato");

    const customer = await app.db.customer.findFirstOrThrow({ include: { contracts: true, sla: true } });
    expect(customer.contracts[0]).toMatchObject({ type: "block_hours", hoursCentis: 2000, hourlyRateCents: 9550, overageRateCents: 112000 });
    expect(customer.sla).toMatchObject({ name: "Oro" });
    const slaRow = await app.db.sla.findFirstOrThrow({ where: { name: "Oro" } });
    expect(slaRow).toMatchObject({ resolutionHighMinutes: 960 });
    const dm = await app.slack.waitForCall("chat.postMessage");
    const summary = JSON.stringify(dm.args.blocks);
    expect(summary).toContain("Nuovo cliente: Studio Bianchi");
    expect(summary).toContain("Monte ore");
    // money with its currency, the Italian way (CURRENCY's default, EUR)
    expect(summary).toContain("Tariffa oraria: 95,50\u00a0€");
    expect(summary).toContain("1.120,00\u00a0€");
  });
});

describe("CSV import for an Italian admin", () => {
  beforeEach(() => start());

  const customersHeader = ["Nome cliente", "Rango", "Domini", "Partita IVA / Codice fiscale", "Telefono", "Fax", "Indirizzo", "Città", "Paese", "Provincia", "CAP", "Note", "SLA", "Profilo avvisi"];
  const contactsHeader = ["Nome cliente", "Nome", "Cognome", "Email", "Telefono", "Cellulare", "Ruolo", "Reparto", "Contatto principale"];

  it("sends the templates in Italian: Italian headers, semicolons, an Italian example and comment", async () => {
    await app.driver.command("/customer", "import", { userId: GIULIA, channelId: CHANNEL });
    const offer = await waitFor(() => app.slack.ephemerals(GIULIA).find((e) => e.source === "response_url"), "the reply to /customer import");
    expect(messageText(offer)).toContain("Importa clienti o contatti da un file CSV");
    await app.driver.clickMessageButton(CHANNEL, offer.messageTs, "import_template_customers", { userId: GIULIA });
    const file = await waitFor(() => app.slack.uploads().find((f) => f.filename === "modello-clienti.csv"), "the Italian customers template");
    const text = file.content.toString("utf8");
    expect(text.split("\r\n")[0]).toBe(`\uFEFF${customersHeader.join(";")}`);
    expect((parse(text.slice(1), { delimiter: ";" }) as string[][])[1]).toContain("Studio Dentistico Rossi Srl");
    expect(file.initialComment).toContain("Colonne obbligatorie: Nome cliente");
    await app.driver.clickMessageButton(CHANNEL, offer.messageTs, "import_template_contacts", { userId: GIULIA });
    const contacts = await waitFor(() => app.slack.uploads().find((f) => f.filename === "modello-contatti.csv"), "the Italian contacts template");
    expect(contacts.content.toString("utf8").split("\r\n")[0]).toBe(`\uFEFF${contactsHeader.join(";")}`);
  });

  it("previews and imports a file with Italian headers, ; and decimal commas, in Italian, in the admin's DM; sì marks the primary contact", async () => {
    const dm = app.slack.dmChannel(GIULIA);
    const customers = csvText(
      customersHeader,
      [
        ["Studio Rossi Srl", "Gold", "rossi.it", "IT01234567890", "+39 011 123 4567", "", "Via Roma 12", "Torino", "Italia", "TO", "10121", "Canone 1.234,50 € al mese", "", ""],
        ["Farmacia Verdi", "", "verdi.it", "", "", "", "", "Milano", "Italia", "MI", "20121", "", "", ""],
        ["Errata Srl", "", "posta@errata.it", "", "", "", "", "", "", "", "", "", "", ""],
      ],
      { delimiter: ";" },
    );
    const u = await upload(app, { name: "clienti.csv", content: customers, user: GIULIA, channel: dm });
    const preview = await waitFor(async () => {
      const job = await app.db.importJob.findUnique({ where: { fileId: u.file.id } });
      const m = app.slack.messages(dm).find((x) => x.postedBy === "app" && x.threadTs === u.threadTs);
      return job?.status === "awaiting_confirmation" && m && !/Checking|Controllo/.test(messageText(m)) ? m : undefined;
    }, "the Italian preview");
    const shown = messageText(preview);
    expect(shown).toContain("Anteprima importazione: clienti.csv");
    expect(shown).toContain("File *Clienti* · *3 righe trovate*");
    expect(shown).toContain("2 da creare");
    expect(shown).toContain("1 con errori (saltate)");
    // The row's reason is in the reader's language too.
    expect(shown).toContain('• Riga 4, Domini: "posta@errata.it" è un indirizzo email, non un dominio. Tieni solo la parte dopo la @.');
    expect(shown).not.toContain("Colonne ignorate");
    expect(shown).toContain("Non è ancora stato scritto nulla");
    const job = await app.db.importJob.findUniqueOrThrow({ where: { fileId: u.file.id } });
    await app.driver.clickMessageButton(dm, preview.ts, "import_confirm", { userId: GIULIA, value: job.id });
    const report = await waitFor(() => {
      const text = messageText(app.slack.message(dm, preview.ts));
      return text.includes("Importazione completata") ? text : undefined;
    }, "the Italian import report", 20_000);
    expect(report).toContain("*2* create");
    expect(report).toContain("*1* non riuscite");
    const errors = await waitFor(() => app.slack.uploads().find((f) => f.filename === "clienti-errors.csv"), "the error file");
    expect(errors.initialComment).toContain("1 riga non è stata importata");
    expect(errors.content.toString("utf8").split("\r\n")[0]).toContain("Errore");
    const rossi = await app.db.customer.findFirstOrThrow({ where: { name: "Studio Rossi Srl" } });
    expect(rossi).toMatchObject({ city: "Torino", zip: "10121", businessId: "IT01234567890", notes: "Canone 1.234,50 € al mese", state: "TO", country: "Italia" });

    const contacts = csvText(contactsHeader, [["Studio Rossi Srl", "Anna", "Rossi", "anna@rossi.it", "", "+39 333 1234567", "Titolare", "Direzione", "sì"]], { delimiter: ";" });
    const c = await upload(app, { name: "contatti.csv", content: contacts, user: GIULIA, channel: dm });
    const contactsPreview = await waitFor(async () => {
      const j = await app.db.importJob.findUnique({ where: { fileId: c.file.id } });
      const m = app.slack.messages(dm).find((x) => x.postedBy === "app" && x.threadTs === c.threadTs);
      return j?.status === "awaiting_confirmation" && m && !/Checking|Controllo/.test(messageText(m)) ? m : undefined;
    }, "the contacts preview");
    expect(messageText(contactsPreview)).toContain("File *Contatti* · *1 riga trovata*");
    const contactsJob = await app.db.importJob.findUniqueOrThrow({ where: { fileId: c.file.id } });
    await app.driver.clickMessageButton(dm, contactsPreview.ts, "import_confirm", { userId: GIULIA, value: contactsJob.id });
    await waitFor(() => messageText(app.slack.message(dm, contactsPreview.ts)).includes("Importazione completata") || undefined, "the contacts report", 20_000);
    const withContact = await app.db.customer.findFirstOrThrow({ where: { name: "Studio Rossi Srl" }, include: { primaryContact: true } });
    expect(withContact.primaryContact).toMatchObject({ firstName: "Anna", lastName: "Rossi", email: "anna@rossi.it", jobTitle: "Titolare", department: "Direzione" });
  });

  it("stores why a file cannot be read as a code, and words it for each reader: Italian in the admin's thread, English in /customer imports for an English admin", async () => {
    const dm = app.slack.dmChannel(GIULIA);
    const u = await upload(app, { name: "senza-nome.csv", content: "Città;CAP\r\nTorino;10121\r\n", user: GIULIA, channel: dm });
    const answer = await waitFor(async () => {
      const job = await app.db.importJob.findUnique({ where: { fileId: u.file.id } });
      const m = app.slack.messages(dm).find((x) => x.postedBy === "app" && x.threadTs === u.threadTs);
      return job?.status === "preview_failed" && m && !/Controllo/.test(messageText(m)) ? { job, m } : undefined;
    }, "the answer to a file without a customer name");
    expect(answer.job.errorOutcome).toBe('{"code":"file","problem":{"kind":"unrecognised"}}');
    expect(messageText(answer.m)).toContain(":x: Non posso importare *senza-nome.csv*.");
    expect(messageText(answer.m)).toContain("Nessuna colonna è stata riconosciuta. Un file di clienti richiede una colonna Nome cliente");
    const english = await command(app, ADMIN, "imports");
    expect(english.text).toContain("senza-nome.csv");
    expect(english.text).toContain("could not be read");
  });

  it("reads both languages' headers in any file: an English admin imports the Italian file, and sì/no columns", async () => {
    const csv = csvText(["Nome cliente", "Domini", "City"], [["Bianchi & Figli", "bianchi.example", "Bologna"]], { delimiter: ";" });
    const u = await upload(app, { name: "misto.csv", content: csv, user: ADMIN });
    const preview = await waitFor(async () => {
      const job = await app.db.importJob.findUnique({ where: { fileId: u.file.id } });
      const m = app.slack.messages(CHANNEL).find((x) => x.postedBy === "app" && x.threadTs === u.threadTs);
      return job?.status === "awaiting_confirmation" && m && !/Checking|Controllo/.test(messageText(m)) ? m : undefined;
    }, "the preview in the channel");
    // A channel is read by many: the thread is in DEFAULT_LOCALE (English here).
    expect(messageText(preview)).toContain("Import preview: misto.csv");
    expect(messageText(preview)).toContain("1 to create");
  });
});

describe("DEFAULT_LOCALE=it", () => {
  beforeEach(() => start({ DEFAULT_LOCALE: "it" }));

  it("posts the ticket in the tickets channel in Italian, while its English author is answered in English", async () => {
    const { result } = await openTicket(TECH, "Printer offline");
    expect(result.outcome).toBe("closed");
    const posted = (await eventually(() => app.slack.messages(TICKETS).find((m) => !m.threadTs), "the ticket in the tickets channel"))!;
    expect(posted.text).toMatch(/^Ticket #1: Printer offline \(Aperto\)/);
    const confirmed = (await eventually(() => app.slack.responseUrlPosts()[0], "the confirmation to its author"))!;
    expect(JSON.stringify(confirmed.body)).toContain("Ticket *#1* is open");
    const list = await ticketCommand(TECH, "list");
    expect(list.text).toContain("*Tickets — open and pending* (1)");
  });
});
