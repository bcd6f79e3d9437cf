import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, OWNER, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { blocksOf, click, command, menu, visibleText, saveModal, type Block, type Shown } from "../support/customer-ui.js";
import type { ViewValues } from "../support/fake-slack/index.js";
import { forgedViewClick } from "../support/catalog-seed.js";

let app: TestApp;
let acme: SeededCustomer;
beforeEach(async () => {
  app = await startTestApp();
  acme = await seedCustomer(app.db, {
    name: "Acme Dental",
    domains: ["acme.com"],
    contacts: [
      { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
      { firstName: "John", lastName: "Doe", email: "john@acme.com", phone: "+39 06 1" },
      { firstName: "Mary", lastName: "Major", email: "mary@acme.com" },
    ],
  });
});
afterEach(async () => app.close());

const [JANE, JOHN, MARY] = [0, 1, 2];
const contactId = (i: number) => acme.contactIds[i]!;

async function contactsTab(userId: string): Promise<Shown> {
  return click(app, userId, await command(app, userId, "show Acme Dental"), "customer_tab_contacts");
}

async function openFromMenu(userId: string, tab: Shown, i: number, op: string) {
  const id = contactId(i);
  await andWaitFor(app, "views.open", () => app.driver.messageOverflow(tab.message.channel, tab.message.messageTs, `contact_${id}`, "customer_contact_menu", `${op}:${id}`, { userId }));
  return app.driver.currentView(userId)!;
}

const save = (userId: string, viewId: string, values: ViewValues = {}) => saveModal(app, userId, viewId, values);

const primaryOf = async () => (await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).primaryContactId;
const log = (where: object = {}) => app.db.changeLog.findMany({ where: { customerId: acme.id, ...where }, orderBy: { createdAt: "asc" } });
const starred = (m: { blocks?: unknown }) =>
  blocksOf(m)
    .filter((b) => b.block_id?.startsWith("contact_") && b.text?.text.includes(":star:"))
    .map((b) => b.block_id);

describe("adding contacts", () => {
  it("adds a contact with the wizard's fields and checks, and shows it in the Contacts tab", async () => {
    const card = await command(app, ADMIN, "show Acme Dental");
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(card.message.channel, card.message.messageTs, "customer_add_contact", { userId: ADMIN }));
    const view = app.driver.currentView(ADMIN)!;
    const inputs = (view.blocks as Block[]).filter((b) => b.type === "input");
    expect(inputs.map((b) => b.block_id)).toEqual([
      "contact_first_name",
      "contact_last_name",
      "contact_email",
      "contact_primary",
      "contact_phone",
      "contact_mobile",
      "contact_job_title",
      "contact_department",
    ]);
    expect(inputs.find((b) => b.block_id === "contact_primary")?.element?.initial_options).toBeUndefined(); // Jane is primary already

    let r = await app.driver.submitView(view.id, { userId: ADMIN, values: { contact_first_name: "Ann", contact_last_name: "Lee", contact_email: "ann@acme" } });
    expect(r.errors).toEqual({ contact_email: expect.stringMatching(/not a valid email/) });
    r = await app.driver.submitView(view.id, { userId: ADMIN, values: { contact_email: "JOHN@acme.com" } });
    expect(r.errors).toEqual({ contact_email: expect.stringMatching(/john@acme.com is already a contact of Acme Dental/) });

    const shown = await save(ADMIN, view.id, { contact_email: "ann@acme.com", contact_job_title: "Office manager" });
    expect(shown.outcome).toBe("replaced");
    expect(shown.text).toContain("Added *Ann Lee* to *Acme Dental*.");
    expect(shown.text).toContain("Contacts (4)");
    expect(shown.text).toContain("*Ann Lee*\n<mailto:ann@acme.com|ann@acme.com> · Office manager");
    const ann = await app.db.contact.findFirstOrThrow({ where: { email: "ann@acme.com" } });
    expect(ann).toMatchObject({ customerId: acme.id, createdBy: ADMIN });
    expect(await primaryOf()).toBe(contactId(JANE));
    const created = (await log({ entityType: "contact" })).at(-1)!;
    expect(created).toMatchObject({ entityId: ann.id, action: "created", actorId: ADMIN });
    expect(JSON.parse(created.changes)).toMatchObject({ firstName: { before: null, after: "Ann" }, email: { before: null, after: "ann@acme.com" } });
  });

  it("makes the new contact the primary one when ticked, replacing the old primary in the same change", async () => {
    const card = await command(app, ADMIN, "show Acme Dental");
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(card.message.channel, card.message.messageTs, "customer_add_contact", { userId: ADMIN }));
    const view = app.driver.currentView(ADMIN)!;
    const shown = await save(ADMIN, view.id, { contact_first_name: "Ann", contact_last_name: "Lee", contact_email: "ann@acme.com", contact_primary: ["yes"] });
    expect(shown.text).toContain("as the primary contact");
    const ann = await app.db.contact.findFirstOrThrow({ where: { email: "ann@acme.com" } });
    expect(await primaryOf()).toBe(ann.id);
    expect(starred(shown.message)).toEqual([`contact_${ann.id}`]);
    const entry = (await log({ action: "primary_set" })).at(-1)!;
    expect(JSON.parse(entry.changes)).toEqual({
      primaryContact: { before: "Jane Roe <jane@acme.com>", after: "Ann Lee <ann@acme.com>" },
      primaryContactId: { before: contactId(JANE), after: ann.id },
    });
  });
});

describe("editing and removing contacts", () => {
  it("edits a contact from its menu, pre-filled, and records each field before and after", async () => {
    const tab = await contactsTab(ADMIN);
    const row = blocksOf(tab.message).find((b) => b.block_id === `contact_${contactId(JOHN)}`);
    expect(row?.accessory?.options?.map((o) => o.text.text)).toEqual(["Edit", "Permissions…", "Remove"]);
    const view = await openFromMenu(ADMIN, tab, JOHN, "edit");
    expect(view.callback_id).toBe("customer_contact_form");
    const byId = (id: string) => (view.blocks as Block[]).find((b) => b.block_id === id)?.element?.initial_value;
    expect([byId("contact_first_name"), byId("contact_email"), byId("contact_phone")]).toEqual(["John", "john@acme.com", "+39 06 1"]);
    expect((view.blocks as Block[]).some((b) => b.block_id === "contact_primary")).toBe(false);
    const shown = await save(ADMIN, view.id, { contact_phone: "+39 06 2", contact_job_title: "CFO" });
    expect(shown.outcome).toBe("replaced");
    expect(shown.text).toContain("Saved *John Doe*.");
    expect(shown.text).toContain("+39 06 2 · CFO");
    const entry = (await log({ entityType: "contact", action: "updated" })).at(-1)!;
    expect(entry).toMatchObject({ entityId: contactId(JOHN), actorId: ADMIN });
    expect(JSON.parse(entry.changes)).toEqual({ phone: { before: "+39 06 1", after: "+39 06 2" }, jobTitle: { before: null, after: "CFO" } });
  });

  it("removes a contact after a confirmation, keeping its values in the change log", async () => {
    const tab = await contactsTab(ADMIN);
    const view = await openFromMenu(ADMIN, tab, JOHN, "remove");
    expect(view.callback_id).toBe("customer_contact_remove");
    expect(view.submit).toMatchObject({ text: "Remove" });
    expect(visibleText(view as never)).toContain("Remove *John Doe* (john@acme.com) from *Acme Dental*?");
    const shown = await save(ADMIN, view.id);
    expect(shown.text).toContain("Removed *John Doe* from *Acme Dental*.");
    expect(shown.text).not.toContain("john@acme.com");
    expect(await app.db.contact.findUnique({ where: { id: contactId(JOHN) } })).toBeNull();
    const entry = (await log({ entityType: "contact", action: "deleted" }))[0]!;
    expect(entry).toMatchObject({ entityId: contactId(JOHN), actorId: ADMIN });
    expect(JSON.parse(entry.changes)).toEqual({
      firstName: { before: "John", after: null },
      lastName: { before: "Doe", after: null },
      email: { before: "john@acme.com", after: null },
      phone: { before: "+39 06 1", after: null },
    });
    expect((await command(app, TECH, "history Acme Dental")).text).toContain("*Contact John Doe* removed by <@U0ADMIN001>");
  });

  it("warns before removing the primary contact, and the customer then has none", async () => {
    const tab = await contactsTab(ADMIN);
    const view = await openFromMenu(ADMIN, tab, JANE, "remove");
    expect(visibleText(view as never)).toContain("This is the customer's primary contact");
    await save(ADMIN, view.id);
    expect(await primaryOf()).toBeNull();
    const entry = (await log({ entityType: "customer", action: "updated" })).at(-1)!;
    expect(JSON.parse(entry.changes)).toEqual({
      primaryContact: { before: "Jane Roe <jane@acme.com>", after: null },
      primaryContactId: { before: contactId(JANE), after: null },
    });
  });
});

describe("the primary contact", () => {
  it("is set from the contact's menu under Permissions, replacing the old one", async () => {
    const tab = await contactsTab(ADMIN);
    expect(starred(tab.message)).toEqual([`contact_${contactId(JANE)}`]);
    const view = await openFromMenu(ADMIN, tab, JOHN, "permissions");
    expect(view.callback_id).toBe("customer_contact_permissions");
    expect(visibleText(view as never)).toContain("Not the primary contact. The primary contact now is *Jane Roe*.");
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "customer_contact_set_primary", { userId: ADMIN }));
    const after = app.driver.currentView(ADMIN)!;
    expect(visibleText(after as never)).toContain("*John Doe* is now the primary contact of *Acme Dental* (instead of Jane Roe).");
    expect(visibleText(after as never)).toContain("This person is the customer's *primary contact*.");
    expect((after.blocks as Block[]).some((b) => b.type === "actions")).toBe(false);
    expect(await primaryOf()).toBe(contactId(JOHN));
    const refreshed = await eventually(() => {
      const m = app.slack.findEphemeral(tab.message.messageTs);
      return m && starred(m)[0] === `contact_${contactId(JOHN)}` ? m : undefined;
    }, "the card showing John as primary");
    expect(starred(refreshed!)).toEqual([`contact_${contactId(JOHN)}`]);
    const entry = (await log({ action: "primary_set" })).at(-1)!;
    expect(entry).toMatchObject({ entityType: "customer", entityId: acme.id, actorId: ADMIN });
    expect(JSON.parse(entry.changes)).toEqual({
      primaryContact: { before: "Jane Roe <jane@acme.com>", after: "John Doe <john@acme.com>" },
      primaryContactId: { before: contactId(JANE), after: contactId(JOHN) },
    });
  });

  it("stays exactly one when two admins set two different contacts at the same moment", async () => {
    const tabA = await contactsTab(ADMIN);
    const tabB = await contactsTab(OWNER);
    const viewA = await openFromMenu(ADMIN, tabA, JOHN, "permissions");
    const viewB = await openFromMenu(OWNER, tabB, MARY, "permissions");
    const updatesBefore = app.slack.callsTo("views.update").length;
    const [a, b] = await Promise.all([
      app.driver.clickButton(viewA.id, "customer_contact_set_primary", { userId: ADMIN }),
      app.driver.clickButton(viewB.id, "customer_contact_set_primary", { userId: OWNER }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // Both requests are answered: each person's modal is updated with the outcome.
    await eventually(() => app.slack.callsTo("views.update").length >= updatesBefore + 2, "both modals updated");
    const updates = app.slack.callsTo("views.update").slice(updatesBefore);
    expect(updates.every((c) => c.ok)).toBe(true);
    for (const user of [ADMIN, OWNER]) expect(visibleText(app.driver.currentView(user) as never)).toMatch(/is now the primary contact of \*Acme Dental\* \(instead of (Jane Roe|John Doe|Mary Major)\)/);

    const primary = await primaryOf();
    expect([contactId(JOHN), contactId(MARY)]).toContain(primary);
    expect(await app.db.customer.count({ where: { primaryContactId: { in: acme.contactIds } } })).toBe(1);
    // The change log tells one consistent story: Jane → first → second, the second being the primary now.
    const entries = (await log({ action: "primary_set" })).map((e) => ({ actor: e.actorId, ...JSON.parse(e.changes).primaryContactId }));
    expect(entries).toHaveLength(2);
    const first = entries.find((e) => e.before === contactId(JANE))!;
    const second = entries.find((e) => e.before === first.after)!;
    expect(second).toBeDefined();
    expect(second.after).toBe(primary);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set([ADMIN, OWNER]));
    // Each person's card shows the contact they set, or the final one: never two stars.
    for (const tab of [tabA, tabB]) {
      const card = await eventually(() => {
        const m = app.slack.findEphemeral(tab.message.messageTs);
        return m && m.text?.includes("is now the primary contact") ? m : undefined;
      }, "a refreshed card");
      expect(starred(card!)).toHaveLength(1);
    }
  });
});

describe("what technicians may not do with contacts", () => {
  it("refuses edit, permissions and remove from the contact menu, saying why", async () => {
    const tab = await contactsTab(TECH);
    for (const op of ["edit", "permissions", "remove"]) {
      const id = contactId(JOHN);
      const refusal = await menu(app, TECH, tab, `contact_${id}`, "customer_contact_menu", `${op}:${id}`);
      expect(refusal.outcome).toBe("ephemeral");
      expect(refusal.text).toMatch(/Only Customer Book admins can add, edit or remove contacts or choose the primary contact/);
    }
    expect(app.slack.callsTo("views.open")).toHaveLength(0);
    expect(await primaryOf()).toBe(contactId(JANE));
    expect(await app.db.contact.count({ where: { customerId: acme.id } })).toBe(3);
  });

  it("refuses a forged 'Set as primary contact' click and says why in the dialog", async () => {
    const view = await openFromMenu(ADMIN, await contactsTab(ADMIN), JOHN, "permissions");
    await andWaitFor(app, "views.update", () => forgedViewClick(app.slack, app.driver, view, TECH, "customer_contact_set_primary", contactId(JOHN), "permissions_actions"));
    expect(visibleText(app.slack.view(view.id) as never)).toMatch(/Only Customer Book admins can add, edit or remove contacts or choose the primary contact/);
    expect(await primaryOf()).toBe(contactId(JANE));
    expect(await log({ action: "primary_set" })).toEqual([]);
  });
});
