import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, LISTED_ADMIN, OWNER, TECH, andWaitFor, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { blocksOf, button, click, command, visibleText, saveModal, type Block, type Shown } from "../support/customer-ui.js";
import { CUSTOMER_FIELDS } from "../../src/services/onboarding/fields.js";
import { slaCreateData } from "../../src/repositories/slas.js";
import { defaultSla } from "../../src/domain/sla.js";
import { nameKey } from "../../src/domain/text.js";
import type { ViewValues } from "../support/fake-slack/index.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

/** Clicks a card button that opens a modal; answers the modal. */
async function openFromCard(userId: string, card: Shown, actionId: string) {
  await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(card.message.channel, card.message.messageTs, actionId, { userId }));
  const view = app.driver.currentView(userId);
  if (!view) throw new Error("no modal open");
  return view;
}

/** Submits a modal that saves and closes; answers the card as refreshed through its response_url. */
const save = (userId: string, viewId: string, values: ViewValues = {}) => saveModal(app, userId, viewId, values);

const changeLog = (customerId: string) => app.db.changeLog.findMany({ where: { customerId }, orderBy: { createdAt: "asc" } });
const initial = (blocks: unknown, id: string) => (blocks as Block[]).find((b) => b.block_id === id)?.element;

describe("editing a customer", () => {
  it("opens a modal pre-filled with its values under the wizard's field ids, saves, and records before and after", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], notes: "VIP" });
    const card = await command(app, ADMIN, "show Acme Dental");
    const view = await openFromCard(ADMIN, card, "customer_edit");
    expect(view.callback_id).toBe("customer_edit");
    expect((view.blocks as Block[]).filter((b) => b.type === "input").map((b) => b.block_id)).toEqual([...CUSTOMER_FIELDS]);
    expect(initial(view.blocks, "customer_name")?.initial_value).toBe("Acme Dental");
    expect(initial(view.blocks, "customer_domains")?.initial_value).toBe("acme.com");
    expect(initial(view.blocks, "customer_notes")?.initial_value).toBe("VIP");

    const refreshed = await save(ADMIN, view.id, { customer_name: "Acme Dental Group", customer_domains: "acme.com, AcmeGroup.com", customer_phone: "+39 06 555" });
    expect(refreshed.outcome).toBe("replaced");
    expect(refreshed.message.messageTs).toBe(card.message.messageTs);
    expect(refreshed.text).toContain("Saved 3 changes to *Acme Dental Group*");
    expect(blocksOf(refreshed.message)[0]?.text?.text).toBe("Acme Dental Group");

    const stored = await app.db.customer.findUniqueOrThrow({ where: { id: acme.id }, include: { domains: true } });
    expect(stored).toMatchObject({ name: "Acme Dental Group", nameKey: "acme dental group", phone: "+39 06 555", notes: "VIP" });
    expect(stored.domains.map((d) => d.domain).sort()).toEqual(["acme.com", "acmegroup.com"]);
    const entry = (await changeLog(acme.id)).find((e) => e.action === "updated");
    expect(entry).toMatchObject({ entityType: "customer", entityId: acme.id, actorId: ADMIN });
    expect(JSON.parse(entry!.changes)).toEqual({
      name: { before: "Acme Dental", after: "Acme Dental Group" },
      domains: { before: ["acme.com"], after: ["acme.com", "acmegroup.com"] },
      phone: { before: null, after: "+39 06 555" },
    });
  });

  it("sets the language of the customer's emails in the edit modal, in each reader's words, and records it", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const view = await openFromCard(ADMIN, await command(app, ADMIN, "show Acme Dental"), "customer_edit");
    const select = initial(view.blocks, "customer_language") as { type?: string; options?: { value: string; text: { text: string } }[]; initial_option?: unknown } | undefined;
    expect(select?.type).toBe("static_select");
    expect(select?.options?.map((o) => [o.value, o.text.text])).toEqual([["en", "English"], ["it", "Italiano"]]);
    expect(select?.initial_option).toBeUndefined(); // not set: DEFAULT_LOCALE
    const refreshed = await save(ADMIN, view.id, { customer_language: "it" });
    expect(refreshed.text).toContain("Saved 1 change");
    expect((await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).language).toBe("it");
    const entry = (await changeLog(acme.id)).find((e) => e.action === "updated");
    expect(JSON.parse(entry!.changes)).toEqual({ language: { before: null, after: "it" } });
    // opened again: pre-selected
    const again = await openFromCard(ADMIN, await command(app, ADMIN, "show Acme Dental"), "customer_edit");
    expect((initial(again.blocks, "customer_language") as { initial_option?: { value: string } }).initial_option?.value).toBe("it");
  });

  it("validates like the wizard, with each error under its own field, and writes nothing until it passes", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    await seedCustomer(app.db, { name: "Beta Motors", domains: ["beta.com"] });
    await andWaitFor(app, "views.open", () => app.driver.command("/customer", "edit acme dental", { userId: ADMIN, channelId: CHANNEL }));
    const view = app.driver.currentView(ADMIN)!;
    let r = await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "  BETA motors " } });
    expect(r.errors).toEqual({ customer_name: expect.stringMatching(/A customer named "BETA motors" already exists/) });
    r = await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "   ", customer_domains: "@acme.com" } });
    expect(r.errors).toEqual({ customer_name: "This field is required.", customer_domains: expect.stringMatching(/without '@'/) });
    r = await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "Acme Dental", customer_domains: "acme.com, beta.com" } });
    expect(r.errors).toEqual({ customer_domains: expect.stringMatching(/beta.com already belongs to the customer Beta Motors/) });
    expect((await changeLog(acme.id)).map((e) => e.action)).toEqual(["created"]);

    // Changing only the case of the name is allowed (it is still this customer's name).
    const saved = await save(ADMIN, view.id, { customer_name: "ACME Dental", customer_domains: "acme.com" });
    expect(saved.outcome).toBe("ephemeral"); // the command's answer: a new card
    expect(saved.text).toContain("Saved 1 change to *ACME Dental*");
    expect((await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).nameKey).toBe(nameKey("acme dental"));
  });

  it("says so when nothing was changed, and records nothing", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const card = await command(app, ADMIN, "show Acme Dental");
    const view = await openFromCard(ADMIN, card, "customer_edit");
    const refreshed = await save(ADMIN, view.id);
    expect(refreshed.text).toContain("Nothing changed.");
    expect((await changeLog(acme.id)).map((e) => e.action)).toEqual(["created"]);
  });
});

describe("what technicians may not do", () => {
  it("refuses every change with the reason, opens no modal and writes nothing", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const refusedEdit = await command(app, TECH, "edit Acme Dental");
    expect(refusedEdit.text).toMatch(/Only Customer Book admins can edit customers/);
    expect(refusedEdit.text).toMatch(/workspace's admins and owners/);
    const card = await command(app, TECH, "show Acme Dental");
    const expected: Record<string, RegExp> = {
      customer_edit: /can edit customers/,
      customer_add_contact: /can add, edit or remove contacts/,
      customer_add_contract: /can add or change contracts/,
      customer_sla: /can change a customer's SLA or alert profile/,
      customer_security: /can change a customer's security settings/,
      customer_archive: /can archive or restore customers/,
    };
    for (const [actionId, reason] of Object.entries(expected)) {
      const refusal = await click(app, TECH, card, actionId);
      expect(refusal.outcome, actionId).toBe("ephemeral"); // a new message: the card stays as it was
      expect(refusal.text, actionId).toMatch(reason);
    }
    expect(app.slack.callsTo("views.open")).toHaveLength(0);
    expect(await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).toMatchObject({ archivedAt: null, name: "Acme Dental" });
    expect((await changeLog(acme.id)).map((e) => e.action)).toEqual(["created"]);
  });

  it("lets workspace owners and listed admins change customers", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    for (const user of [OWNER, LISTED_ADMIN]) {
      const card = await command(app, user, "show Acme Dental");
      await openFromCard(user, card, "customer_edit");
      await app.driver.closeView(app.driver.currentView(user)!.id, { userId: user });
    }
    expect(app.slack.callsTo("views.open").filter((c) => c.ok)).toHaveLength(2);
  });
});

describe("security: tickets only from primary contact", () => {
  it("is set by an admin in a modal whose help says email only, not Slack, and that the primary sees all tickets", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const card = await command(app, ADMIN, "show Acme Dental");
    const view = await openFromCard(ADMIN, card, "customer_security");
    const box = (view.blocks as (Block & { label?: { text: string }; hint?: { text: string } })[]).find((b) => b.block_id === "customer_tickets_only_from_primary");
    expect(box?.label?.text).toBe("Tickets only from primary contact");
    expect(box?.hint?.text).toMatch(/tickets created from email only/);
    expect(box?.hint?.text).toMatch(/tickets opened in Slack are not affected/);
    expect(box?.hint?.text).toMatch(/primary contact sees all of this customer's tickets/);
    expect(box?.element?.initial_options).toBeUndefined();
    const refreshed = await save(ADMIN, view.id, { customer_tickets_only_from_primary: ["yes"] });
    expect(refreshed.text).toContain("Tickets only from primary contact: *On*");
    expect((await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).ticketsOnlyFromPrimary).toBe(true);
    const entry = (await changeLog(acme.id)).at(-1)!;
    expect(JSON.parse(entry.changes)).toEqual({ ticketsOnlyFromPrimary: { before: false, after: true } });

    const again = await openFromCard(ADMIN, refreshed, "customer_security");
    expect(initial(again.blocks, "customer_tickets_only_from_primary")?.initial_options).toEqual([expect.objectContaining({ value: "yes" })]);
    const off = await save(ADMIN, again.id, { customer_tickets_only_from_primary: [] });
    expect(off.text).toContain("Tickets only from primary contact: *Off*");
  });
});

describe("SLA and alert threshold profile", () => {
  it("changes both in a modal pre-selected with the current ones, and records the names before and after", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const gold = await app.db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: "Gold" }) });
    const strict = await app.db.alertThresholdProfile.create({ data: { name: "Strict", nameKey: "strict", thresholds: { create: [{ metric: "cpu_percent", value: 70, severity: "warning" }] } } });
    const current = await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } });
    const card = await command(app, ADMIN, "show Acme Dental");
    const view = await openFromCard(ADMIN, card, "customer_sla");
    expect(initial(view.blocks, "sla_id")?.initial_option?.value).toBe(current.slaId);
    expect(initial(view.blocks, "alert_profile_id")?.initial_option?.value).toBe(current.alertProfileId);
    const refreshed = await save(ADMIN, view.id, { sla_id: gold.id, alert_profile_id: strict.id });
    expect(refreshed.text).toContain("now has SLA *Gold* and alert profile *Strict*");
    expect(refreshed.text).toMatch(/\*SLA\*\nGold/);
    expect(refreshed.text).toMatch(/\*Alert profile\*\nStrict/);
    expect(await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).toMatchObject({ slaId: gold.id, alertProfileId: strict.id });
    const changes = JSON.parse((await changeLog(acme.id)).at(-1)!.changes);
    expect(changes.sla).toEqual({ before: "Standard", after: "Gold" });
    expect(changes.alertProfile).toEqual({ before: "Standard", after: "Strict" });
  });
});

describe("archive and restore", () => {
  it("archives after a confirmation dialog, keeps everything, and restores", async () => {
    const acme = await seedCustomer(app.db, {
      name: "Acme Dental",
      domains: ["acme.com"],
      contacts: [
        { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
        { firstName: "John", lastName: "Doe", email: "john@acme.com" },
      ],
    });
    const card = await command(app, ADMIN, "show Acme Dental");
    const archive = button(card.message, "customer_archive");
    expect(archive?.style).toBe("danger");
    expect(archive?.confirm).toMatchObject({ title: { text: "Archive this customer?" }, confirm: { text: "Archive" }, deny: { text: "Cancel" } });

    const archived = await click(app, ADMIN, card, "customer_archive");
    expect(archived.outcome).toBe("replaced");
    expect(archived.text).toContain("*Acme Dental* is archived.");
    expect(archived.text).toContain("*Archived*");
    expect(button(archived.message, "customer_restore")).toBeDefined();
    for (const gone of ["customer_edit", "customer_archive", "customer_add_contact"]) expect(button(archived.message, gone)).toBeUndefined();
    expect((await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).archivedAt).not.toBeNull();
    expect(await app.db.contact.count({ where: { customerId: acme.id } })).toBe(2);

    expect((await command(app, ADMIN, "list")).text).toContain("The customer book is empty");
    expect((await command(app, ADMIN, "list acme")).text).toContain("No customer matches “acme”");
    const refused = await command(app, ADMIN, "edit Acme Dental");
    expect(refused.text).toContain("*Acme Dental* is archived, so it cannot be changed");
    const contacts = await click(app, ADMIN, archived, "customer_tab_contacts");
    expect(blocksOf(contacts.message).filter((b) => b.block_id?.startsWith("contact_")).every((b) => b.accessory === undefined)).toBe(true);

    const restored = await click(app, ADMIN, await command(app, ADMIN, "show acme dental"), "customer_restore");
    expect(restored.text).toContain("*Acme Dental* is restored");
    expect(button(restored.message, "customer_archive")).toBeDefined();
    expect((await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).archivedAt).toBeNull();
    expect(visibleText((await command(app, ADMIN, "list")).message)).toContain("Acme Dental");
    const log = await changeLog(acme.id);
    expect(log.map((e) => e.action)).toEqual(["created", "archived", "restored"]);
    expect(log.every((e) => e.actorId === ADMIN || e.action === "created")).toBe(true);
  });

  it("refuses a technician's archive click, even from an old card", async () => {
    const acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const card = await command(app, TECH, "show Acme Dental");
    const refused = await click(app, TECH, card, "customer_archive");
    expect(refused.text).toMatch(/Only Customer Book admins can archive or restore customers/);
    expect((await app.db.customer.findUniqueOrThrow({ where: { id: acme.id } })).archivedAt).toBeNull();
  });
});
