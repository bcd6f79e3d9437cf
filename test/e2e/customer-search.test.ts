/**
 * The customer search through the real app: /customer list, the customer pickers (the new-ticket
 * modal, a triage ticket's message, App Home's Find a customer) and App Home's search, each over
 * signed requests against the fake Slack, which enforces Slack's limits on what the app answers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { blocksOf, click, command, type Shown } from "../support/customer-ui.js";
import { createTestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { seedCustomerBook } from "../../bench/seed-customers.js";

const TICKETS = "C0TICKETS1";
let app: TestApp;
let acme: SeededCustomer;

beforeEach(async () => {
  app = await startTestApp({ env: { TICKETS_CHANNEL_ID: TICKETS } });
  acme = await seedCustomer(app.db, {
    name: "Acme Dental",
    domains: ["acme.com"],
    businessId: "IT01234567890",
    phone: "+39 06 1234 5678",
    contacts: [
      { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
      { firstName: "John", lastName: "Doe", email: "john@acme.com", mobile: "347 555 0101" },
    ],
  });
  await seedCustomer(app.db, { name: "Cliente Alfa 36e54c", domains: ["alfa.example"] });
  await seedCustomer(app.db, { name: "Città Nuova Servizi", domains: ["cittanuova.it"] });
  await seedCustomer(app.db, { name: "Roe & Partners", domains: ["roepartners.example"] });
});
afterEach(async () => app.close());

/** Each row of a list: its name and the line that says why it matched (if any). */
const rowsOf = (shown: Shown) =>
  blocksOf(shown.message)
    .filter((b) => b.block_id?.startsWith("cust_"))
    .map((b) => {
      const text = b.text?.text ?? "";
      const name = /^\*(.+?)\*(?:\n| ·|$)/.exec(text)?.[1];
      const why = /\n_([^\n]+)_$/.exec(text)?.[1];
      return why ? `${name} (${why})` : name;
    });
const list = async (text: string) => rowsOf(await command(app, TECH, `list ${text}`));

describe("/customer list", () => {
  it("finds any word or part of a word of a name, ignoring case and accents", async () => {
    expect(await list("36e54c")).toEqual(["Cliente Alfa 36e54c"]);
    expect(await list("dental")).toEqual(["Acme Dental"]);
    expect(await list("ENTA")).toEqual(["Acme Dental"]);
    expect(await list("citta")).toEqual(["Città Nuova Servizi"]);
    expect(await list("nuova citta")).toEqual(["Città Nuova Servizi"]);
  });

  it("finds a contact's name, email or phone, a business ID and a phone number, and says what matched", async () => {
    expect(await list("jane")).toEqual(["Acme Dental (contact: Jane Roe)"]);
    expect(await list("john@acme")).toEqual(["Acme Dental (contact: John Doe &lt;john@acme.com&gt;)"]);
    expect(await list("555-0101")).toEqual(["Acme Dental (contact: John Doe, mobile 347 555 0101)"]);
    expect(await list("IT 0123 4567 890")).toEqual(["Acme Dental (business ID: IT01234567890)"]);
    expect(await list("01234567890")).toEqual(["Acme Dental (business ID: IT01234567890)"]);
    expect(await list("06/1234-5678")).toEqual(["Acme Dental (phone: +39 06 1234 5678)"]);
  });

  it("ranks name starts first, then word starts, then the rest, and says it is ranked", async () => {
    const shown = await command(app, TECH, "list roe");
    expect(rowsOf(shown)).toEqual(["Roe &amp; Partners", "Acme Dental (contact: Jane Roe)"]);
    expect(shown.text).toContain("1–2 of 2 · best matches first");
    expect((await command(app, TECH, "list")).text).toContain("of 4 · by name");
  });

  it("leaves archived customers out of a search unless --archived is given", async () => {
    const card = await command(app, ADMIN, "show Acme Dental");
    expect((await click(app, ADMIN, card, "customer_archive")).text).toContain("archived");
    expect(await list("jane")).toEqual([]);
    expect(await list("jane --archived")).toEqual(["Acme Dental (contact: Jane Roe)"]);
  });

  it("answers text that means something to the index (quotes, operators, stars) as plain text", async () => {
    await seedCustomer(app.db, { name: 'Bar "Sport" AND Co* (NEAR)', domains: ["barsport.example"] });
    for (const text of ['"sport" and', "co*", '"', "NEAR(", "AND", "{name}:acme"]) {
      const shown = await command(app, TECH, `list ${text}`);
      expect(shown.outcome, text).toBe("ephemeral");
    }
    expect(await list('"sport" and')).toEqual(['Bar "Sport" AND Co* (NEAR)']);
    expect(await list("co* (near")).toEqual(['Bar "Sport" AND Co* (NEAR)']);
  });
});

describe("/customer list in a large book", () => {
  it("says when more customers match than can be ranked, and asks for more of the text", async () => {
    await app.close();
    const testDb = await createTestDb();
    await ensureDefaults(testDb.db, "UTC");
    await seedCustomerBook(testDb, { customers: 1200, contactsPerCustomer: 1 });
    app = await startTestApp({ testDb });
    const shown = await command(app, TECH, "list example"); // in every contact's email
    expect(rowsOf(shown)).toHaveLength(20);
    expect(shown.text).toMatch(/1–20 of \d{3}\+ · best matches first/);
    expect(shown.text).toContain("More customers match than can be ranked");
    expect(blocksOf(shown.message).length).toBeLessThanOrEqual(50);
  });
});

describe("the customer pickers", () => {
  /** /ticket new, then what Slack shows for `typed` in its Customer picker. */
  async function ticketModalOptions(typed: string) {
    await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
    const view = app.driver.currentView(TECH)!;
    return { view, options: await app.driver.suggest({ viewId: view.id }, "ticket_form_customer", "ticket_form_customer", typed, { userId: TECH }) };
  }
  const texts = (options: { text?: unknown }[]) => options.map((o) => (o.text as { text: string }).text);

  it("the new-ticket modal's Customer finds what the list finds, says why, and opens the ticket for the one chosen", async () => {
    const { view, options } = await ticketModalOptions("jane");
    expect(texts(options)).toEqual(["Acme Dental · contact: Jane Roe"]);
    const r = await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_customer: options[0]!, ticket_form_subject: "Printer jams" } as never });
    expect(r.outcome).toBe("closed");
    const ticket = await eventually(() => app.db.ticket.findFirst({ where: { subject: "Printer jams" } }), "the ticket");
    expect(ticket?.customerId).toBe(acme.id);
  });

  it("answers within Slack's limits however many match and however long the names", async () => {
    for (let i = 0; i < 60; i++) await seedCustomer(app.db, { name: `Studio ${"Dentistico ".repeat(6)}${String(i).padStart(2, "0")}`, domains: [`studio${i}.example`] });
    const { options } = await ticketModalOptions("dent");
    expect(options.length).toBe(50);
    expect(texts(options)[0]).toBe("Acme Dental");
    for (const text of texts(options)) expect(text.length).toBeLessThanOrEqual(75);
  });

  it("a triage ticket's Choose the customer finds by any word, and choosing sets the customer", async () => {
    await andWaitFor(app, "views.open", () => app.driver.command("/ticket", "new", { userId: TECH, channelId: CHANNEL }));
    const view = app.driver.currentView(TECH)!;
    await app.driver.submitView(view.id, { userId: TECH, values: { ticket_form_subject: "Who is this?" } as never });
    const message = await eventually(() => app.slack.messages(TICKETS).find((m) => (m.text ?? "").includes("Who is this?")), "the triage message");
    const ticket = await app.db.ticket.findFirstOrThrow({ where: { subject: "Who is this?" } });
    const options = await app.driver.suggest({ channel: TICKETS, ts: message!.ts }, `ticket_triage_${ticket.id}`, "ticket_customer", "36e54c", { userId: TECH });
    expect(texts(options)).toEqual(["Cliente Alfa 36e54c"]);
    await app.driver.selectMessageOption(TICKETS, message!.ts, `ticket_triage_${ticket.id}`, "ticket_customer", options[0]!, { userId: TECH });
    const alfa = await app.db.customer.findFirstOrThrow({ where: { name: "Cliente Alfa 36e54c" } });
    await eventually(async () => (await app.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).customerId === alfa.id || undefined, "the customer set");
  });
});

describe("App Home", () => {
  async function openHome(userId: string) {
    await andWaitFor(app, "views.publish", () => app.driver.appHomeOpened(userId));
    return app.slack.homeView(userId)!;
  }

  it("Find a customer opens a picker backed by the search and shows the chosen customer's overview", async () => {
    const home = await openHome(TECH);
    await andWaitFor(app, "views.open", () => app.driver.clickButton(home.id, "home_find_customer", { userId: TECH }));
    const modal = app.driver.currentView(TECH)!;
    expect(modal.callback_id).toBe("customer_find");
    const options = await app.driver.suggest({ viewId: modal.id }, "customer_find_pick", "customer_find_pick", "roe", { userId: TECH });
    expect(options.map((o) => (o.text as { text: string }).text)).toEqual(["Roe & Partners", "Acme Dental · contact: Jane Roe"]);
    await andWaitFor(app, "views.update", () => app.driver.selectOption(modal.id, "customer_find_pick", "customer_find_pick", options[1] as never, { userId: TECH }));
    const shown = app.driver.currentView(TECH)!;
    const text = JSON.stringify(shown.blocks);
    expect(shown.id).toBe(modal.id);
    expect(text).toContain('"text":"Acme Dental"');
    expect(text).toContain("Jane Roe");
    expect(text).toContain("IT01234567890");
    expect(text).toContain("/customer show Acme Dental");
    expect(text).not.toContain("customer_archive"); // read-only: changes are made on the card
  });

  it("Find a customer says so when the chosen customer is gone", async () => {
    const home = await openHome(TECH);
    await andWaitFor(app, "views.open", () => app.driver.clickButton(home.id, "home_find_customer", { userId: TECH }));
    const modal = app.driver.currentView(TECH)!;
    const options = await app.driver.suggest({ viewId: modal.id }, "customer_find_pick", "customer_find_pick", "36e54c", { userId: TECH });
    await app.db.customer.delete({ where: { id: options[0]!.value as string } });
    await andWaitFor(app, "views.update", () => app.driver.selectOption(modal.id, "customer_find_pick", "customer_find_pick", options[0] as never, { userId: TECH }));
    expect(JSON.stringify(app.driver.currentView(TECH)!.blocks)).toContain("That customer no longer exists");
  });

  it("the Home search finds by a contact's name and says so", async () => {
    const home = await openHome(TECH);
    await andWaitFor(app, "views.publish", () => app.driver.interact(home.id, "home_search", "home_search", "jane", { userId: TECH }));
    const text = JSON.stringify(app.slack.homeView(TECH)!.blocks);
    expect(text).toContain("Customers matching “jane”, best matches first: 1–1 of 1");
    expect(text).toContain("*Acme Dental*  ·  acme.com\\n_contact: Jane Roe_");
  });
});
