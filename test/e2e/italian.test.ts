/**
 * Each person in their own Slack language: an Italian user (the fake Slack gives `locale: "it-IT"`
 * only to users.info called with include_locale) reads the app in Italian, an English user in the
 * same run in English, and the tickets channel, read by many, is in DEFAULT_LOCALE.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { answerTo, command } from "../support/customer-ui.js";

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

  it("keeps every modal within Slack's limits in Italian: the wizard's steps and the new SLA form", async () => {
    const res = await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new Studio Bianchi", { userId: GIULIA, channelId: CHANNEL }));
    expect(res.status).toBe(200);
    const view = app.driver.currentView(GIULIA)!;
    expect((view.title as { text: string }).text).toBe("Nuovo cliente · 1 di 4");
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
