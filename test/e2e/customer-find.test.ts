import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, TECH, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { retainer, seedCustomer, seedMany } from "../support/customer-seed.js";
import { blocksOf, button, click, command, menu } from "../support/customer-ui.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { TicketService } from "../../src/services/tickets/service.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

const rows = (m: { blocks?: unknown }) => blocksOf(m).filter((b) => b.block_id?.startsWith("cust_"));
const rowNames = (m: { blocks?: unknown }) => rows(m).map((b) => /^\*(.+?)\*/.exec(b.text?.text ?? "")?.[1]);

describe("/customer list", () => {
  it("lists customers by name in pages of 20 with Previous and Next, each with a menu", async () => {
    await seedMany(app.db, 45, "Client");
    await seedCustomer(app.db, { name: "Aardvark Labs", domains: ["aardvark.io"] });
    const first = await command(app, TECH, "list");
    expect(first.outcome).toBe("ephemeral");
    expect(rowNames(first.message)).toHaveLength(20);
    expect(rowNames(first.message)[0]).toBe("Aardvark Labs");
    expect(rowNames(first.message)[1]).toBe("Client 01");
    expect(first.text).toContain("1–20 of 46");
    expect(blocksOf(first.message).length).toBeLessThanOrEqual(50);
    const menuOptions = rows(first.message)[0]?.accessory?.options?.map((o) => o.text.text);
    expect(menuOptions).toEqual(["View", "Edit details", "Add contact", "Add contract"]);
    expect(button(first.message, "customer_list_prev")).toBeUndefined();

    const second = await click(app, TECH, first, "customer_list_next");
    expect(second.outcome).toBe("replaced");
    expect(second.message.messageTs).toBe(first.message.messageTs);
    expect(rowNames(second.message)[0]).toBe("Client 20");
    const third = await click(app, TECH, second, "customer_list_next");
    expect(rowNames(third.message)).toHaveLength(6);
    expect(third.text).toContain("41–46 of 46");
    expect(button(third.message, "customer_list_next")).toBeUndefined();
    const back = await click(app, TECH, third, "customer_list_prev");
    expect(rowNames(back.message)[0]).toBe("Client 20");
  });

  it("searches by the start of a name or of an email domain, ignoring case, name starts first", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    await seedCustomer(app.db, { name: "Acme Legal", domains: ["acmelegal.it"] });
    await seedCustomer(app.db, { name: "Zeta Foods", domains: ["acme-foods.example"] });
    await seedCustomer(app.db, { name: "Beta Motors", domains: ["beta.example"] });
    const shown = await command(app, ADMIN, "list ACME");
    expect(rowNames(shown.message)).toEqual(["Acme Dental", "Acme Legal", "Zeta Foods"]);
    expect((await command(app, ADMIN, "list acme l")).message.blocks?.length).toBeGreaterThan(0);
    expect(rowNames((await command(app, ADMIN, "list acme l")).message)).toEqual(["Acme Legal"]);
    const none = await command(app, ADMIN, "list qqq");
    expect(none.text).toMatch(/No customer matches “qqq”: not a name, email domain, business ID or phone number, nor a contact's name, email or phone/);
  });

  it("leaves archived customers out, unless --archived is given", async () => {
    const gone = await seedCustomer(app.db, { name: "Old Client", domains: ["old.example"] });
    await seedCustomer(app.db, { name: "New Client", domains: ["new.example"] });
    const card = await command(app, ADMIN, "show Old Client");
    await click(app, ADMIN, card, "customer_archive");
    expect(rowNames((await command(app, ADMIN, "list")).message)).toEqual(["New Client"]);
    const all = await command(app, ADMIN, "list --archived");
    expect(rowNames(all.message)).toEqual(["New Client", "Old Client"]);
    const archivedRow = rows(all.message).find((r) => r.block_id === `cust_${gone.id}`);
    expect(archivedRow?.text?.text).toContain("archived");
    expect(archivedRow?.accessory?.options?.map((o) => o.value)).toEqual([`view:${gone.id}`]);
  });

  it("opens a customer's card from the list's menu as a new message", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const list = await command(app, TECH, "list");
    const card = await menu(app, TECH, list, `cust_${acme.id}`, "customer_list_menu", `view:${acme.id}`);
    expect(card.outcome).toBe("ephemeral");
    expect(card.message.messageTs).not.toBe(list.message.messageTs);
    expect(blocksOf(card.message)[0]?.text?.text).toBe("Acme Dental");
  });
});

describe("/customer show", () => {
  it("shows the card: fields, contracts, SLA, alert profile, security and the primary contact", async () => {
    await seedCustomer(app.db, {
      name: "Acme Dental",
      domains: ["acme.com", "acme.co.uk"],
      notes: "Key holder: <@U123> & co",
      contract: retainer("Care 2027"),
      contacts: [
        { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
        { firstName: "John", lastName: "Doe", email: "john@acme.com" },
      ],
    });
    const card = await command(app, TECH, "show acme dental");
    const text = card.text;
    expect(blocksOf(card.message)[0]).toMatchObject({ type: "header", text: { text: "Acme Dental" } });
    expect(text).toContain("acme.co.uk, acme.com");
    expect(text).toMatch(/\*SLA\*\nStandard/);
    expect(text).toMatch(/\*Alert profile\*\n/);
    expect(text).toContain("*Contacts*\n• Jane Roe <mailto:jane@acme.com|jane@acme.com> · :star: *Primary contact*\n• John Doe <mailto:john@acme.com|john@acme.com>\n");
    expect(text).toContain("Tickets only from primary contact: *Off*");
    expect(text).toContain("Applies to tickets created from email only");
    expect(text).toContain("not affected");
    expect(text).toContain("The primary contact sees all of this customer's tickets");
    expect(text).toContain("*Care 2027* (Retainer / Flat fee)");
    expect(text).toContain("Key holder: &lt;@U123&gt; &amp; co");
    expect(text).toContain("Contacts (2)");
    expect(text).toContain("Contracts (1)");

    const contacts = await click(app, TECH, card, "customer_tab_contacts");
    expect(contacts.outcome).toBe("replaced");
    expect(contacts.text).toMatch(/\*Jane Roe\* · :star: \*Primary contact\*/);
    expect(contacts.text).toMatch(/\*John Doe\*\n/);
    expect(contacts.text).not.toMatch(/\*John Doe\* · :star:/);
  });

  it("the card counts the customer's open and pending tickets (not resolved ones or other customers') and says how to list them", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const other = await seedCustomer(app.db, { name: "Beta Motors", domains: ["beta.example"] });
    expect((await command(app, TECH, "show acme dental")).text).toContain("*Tickets*\nNo open tickets. `/ticket new` opens one.");
    const tickets = new TicketService({ tickets: new TicketRepository(app.db), transaction: (w) => TicketRepository.transaction(app.db, w), clock: () => new Date() });
    const open = (customerId: string, subject: string) => tickets.open({ customerId, contactId: null, subject, description: "", priority: "medium", source: "slack", openedBy: TECH });
    await open(acme.id, "One");
    await open(acme.id, "Two");
    await tickets.setPending((await open(acme.id, "Waiting")).id, TECH);
    await tickets.resolve((await open(acme.id, "Done")).id, TECH);
    await open(other.id, "Elsewhere");
    expect((await command(app, TECH, "show acme dental")).text).toContain("*Tickets*\n2 open · 1 pending — `/ticket list Acme Dental` lists them.");
  });

  it("finds a customer by an exact email domain, and by the one name that starts with the text", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    await seedCustomer(app.db, { name: "Beta Motors", domains: ["beta.example"] });
    expect(blocksOf((await command(app, TECH, "show acme.com")).message)[0]?.text?.text).toBe("Acme Dental");
    expect(blocksOf((await command(app, TECH, "show bet")).message)[0]?.text?.text).toBe("Beta Motors");
  });

  it("offers a choice when the name matches several customers", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const legal = await seedCustomer(app.db, { name: "Acme Legal", domains: ["acmelegal.it"] });
    const choice = await command(app, TECH, "show acme");
    expect(choice.text).toContain("Several customers match “acme”");
    const picks = blocksOf(choice.message).filter((b) => b.block_id?.startsWith("pick_"));
    expect(picks.map((b) => b.accessory?.value)).toEqual([expect.stringMatching(/^show:/), `show:${legal.id}`]);
    const card = await click(app, TECH, choice, "customer_pick", { blockId: `pick_${legal.id}` });
    expect(card.outcome).toBe("replaced");
    expect(blocksOf(card.message)[0]?.text?.text).toBe("Acme Legal");
  });

  it("says when nothing matches and suggests close names", async () => {
    const dental = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    await seedCustomer(app.db, { name: "Northwind Traders", domains: ["northwind.example"] });
    const miss = await command(app, TECH, "show acme dentl");
    expect(miss.text).toContain("No customer matches “acme dentl”");
    expect(miss.text).toContain("Did you mean");
    const suggested = blocksOf(miss.message).filter((b) => b.block_id?.startsWith("pick_"));
    expect(suggested[0]?.block_id).toBe(`pick_${dental.id}`);
    const card = await click(app, TECH, miss, "customer_pick", { blockId: `pick_${dental.id}` });
    expect(blocksOf(card.message)[0]?.text?.text).toBe("Acme Dental");
    const byWord = await command(app, TECH, "show traders");
    expect(byWord.text).toContain("Northwind Traders");
    const nothing = await command(app, TECH, "show zzzzzz");
    expect(nothing.text).toContain("Nothing close either");
  });

  it("explains how to use it when no name is given", async () => {
    const usage = await command(app, TECH, "show");
    expect(usage.text).toContain("/customer show Acme Dental");
    expect(app.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it("shows every contact in the Contacts tab, 20 per page", async () => {
    const contacts = Array.from({ length: 25 }, (_, i) => ({ firstName: "Person", lastName: `N${String(i).padStart(2, "0")}`, email: `p${i}@big.example` }));
    await seedCustomer(app.db, { name: "Big Customer", domains: ["big.example"], contacts });
    const card = await command(app, TECH, "show big customer");
    const page1 = await click(app, TECH, card, "customer_tab_contacts");
    const rowsOf = (m: { blocks?: unknown }) => blocksOf(m).filter((b) => b.block_id?.startsWith("contact_"));
    expect(rowsOf(page1.message)).toHaveLength(20);
    expect(page1.text).toContain("1–20 of 25");
    const page2 = await click(app, TECH, page1, "customer_page_next");
    expect(rowsOf(page2.message)).toHaveLength(5);
    expect(page2.text).toContain("*Person N24*");
    expect(blocksOf(page1.message).length).toBeLessThanOrEqual(50);
  });
});

describe("who may view", () => {
  it("lets a technician (not an admin) list, show, switch tabs and read the history", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const card = await command(app, TECH, "show Acme Dental");
    for (const tab of ["contacts", "contracts", "history", "overview"]) {
      const shown = await click(app, TECH, card, `customer_tab_${tab}`);
      expect(shown.outcome).toBe("replaced");
    }
    expect((await command(app, TECH, "history Acme Dental")).text).toMatch(/\*Customer\* added by <@U0SEED0001>/);
    expect(app.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });
});

describe("/customer list: the menu's change actions", () => {
  it("opens the edit, add contact and add contract forms for an admin, and refuses them to a technician with a reason", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const list = await command(app, ADMIN, "list");
    const expected: Record<string, string> = { edit: "customer_edit", add_contact: "customer_contact_form", add_contract: "customer_contract_form" };
    for (const [op, callbackId] of Object.entries(expected)) {
      const opened = app.slack.callsTo("views.open").length;
      await app.driver.messageOverflow(list.message.channel, list.message.messageTs, `cust_${acme.id}`, "customer_list_menu", `${op}:${acme.id}`, { userId: ADMIN });
      await eventually(() => app.slack.callsTo("views.open").length > opened, `views.open for ${op}`);
      const call = app.slack.callsTo("views.open").at(-1);
      expect(call?.ok, op).toBe(true);
      expect((call?.args.view as { callback_id?: string }).callback_id, op).toBe(callbackId);
    }

    const techList = await command(app, TECH, "list");
    const before = app.slack.callsTo("views.open").length;
    const refused = await menu(app, TECH, techList, `cust_${acme.id}`, "customer_list_menu", `edit:${acme.id}`);
    expect(refused.text).toMatch(/admin/i);
    expect(app.slack.callsTo("views.open")).toHaveLength(before);
  });
});
