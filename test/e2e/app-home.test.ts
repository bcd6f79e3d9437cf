/** App Home: the admin dashboard and its buttons, the read-only customer search, and the 100-block limit. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { addContact, addContract, defaults, forgedViewClick, seedCustomers } from "../support/catalog-seed.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { TicketService } from "../../src/services/tickets/service.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

type Block = { type: string; block_id?: string; element?: { initial_value?: string }; elements?: { action_id: string }[] };
const blocksOf = (x: { blocks?: unknown }) => (x.blocks ?? []) as Block[];
const allText = (x: { blocks?: unknown }) => JSON.stringify(x.blocks ?? []);

async function openHome(userId: string) {
  await andWaitFor(app, "views.publish", () => app.driver.appHomeOpened(userId));
  const home = app.slack.homeView(userId);
  if (!home) throw new Error("no home view");
  return home;
}
const home = (userId: string) => app.slack.homeView(userId)!;

describe("App Home for admins", () => {
  it("shows counts, recent customers and recent imports", async () => {
    const [a, b, c] = await seedCustomers(app.db, 3, { prefix: "Acme", createdAt: new Date(Date.now() - 2 * 3600_000) });
    const [archived] = await seedCustomers(app.db, 1, { prefix: "Old", archived: true });
    await addContact(app.db, a!, "one@acme-001.example.com");
    await addContact(app.db, a!, "two@acme-001.example.com");
    await addContact(app.db, b!, "three@acme-002.example.com");
    await addContact(app.db, archived!, "old@old.example.com");
    await addContract(app.db, a!, "retainer");
    await addContract(app.db, b!, "retainer");
    await addContract(app.db, c!, "hourly");
    await addContract(app.db, archived!, "block_hours");
    await app.db.customer.update({ where: { id: c! }, data: { notes: "changed" } });
    await app.db.importJob.create({
      data: { fileId: "F1", fileName: "customers-march.csv", kind: "customers", status: "completed", uploadedBy: ADMIN, importedBy: ADMIN, channelId: "C1", threadTs: "1.1", created: 12 },
    });

    const view = await openHome(ADMIN);
    const text = allText(view);
    expect(text).toContain("*3* customers · *3* contacts · 1 archived");
    expect(text).toContain("*Tickets:* *0* open · 0 pending — `/ticket list`, `/sla summary`");
    expect(text).toContain("*Contracts by type:* Retainer / Flat fee *2* · Hourly *1*");
    expect(text).not.toContain("Block hours");
    expect(text).toContain("Recently created or changed");
    expect(text).toMatch(/\*Acme 003\* — changed just now/);
    expect(text).toContain("• *Acme 003* — changed just now\\n• *Acme 001* — created 2 h ago\\n• *Acme 002* — created 2 h ago");
    expect(text).toContain("customers-march.csv");
    expect(blocksOf(view).find((b) => b.block_id === "home_buttons")?.elements?.map((e) => e.action_id)).toEqual([
      "home_new_customer",
      "home_import",
      "home_templates",
      "home_slas",
      "home_alert_profiles",
    ]);
  });

  it("counts the tickets not done, and warns about those without a customer", async () => {
    const [a] = await seedCustomers(app.db, 1, { prefix: "Acme" });
    const tickets = new TicketService({ tickets: new TicketRepository(app.db), transaction: (w) => TicketRepository.transaction(app.db, w), clock: () => new Date() });
    const open = (customerId: string | null) => tickets.open({ customerId, contactId: null, subject: "x", description: "", priority: "medium", source: "email" });
    await open(a!);
    await open(null);
    await tickets.setPending((await open(a!)).id, ADMIN);
    await tickets.resolve((await open(a!)).id, ADMIN);
    const text = allText(await openHome(ADMIN));
    expect(text).toContain("*Tickets:* *2* open · 1 pending · :warning: 1 without a customer (`/ticket list triage`) — `/ticket list`, `/sla summary`");
  });

  it("New customer opens the onboarding wizard", async () => {
    const view = await openHome(ADMIN);
    await andWaitFor(app, "views.open", () => app.driver.clickButton(view.id, "home_new_customer", { userId: ADMIN }));
    const wizard = app.driver.currentView(ADMIN)!;
    expect(wizard.callback_id).toBe("customer_wizard");
    const r = await app.driver.submitView(wizard.id, { userId: ADMIN, values: { customer_name: "From Home", customer_domains: "home.example" } });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    expect(await app.db.wizardDraft.count()).toBe(1);
  });

  it("Import sends the template offer and Download templates sends both CSV files, in a DM", async () => {
    const view = await openHome(ADMIN);
    await andWaitFor(app, "chat.postMessage", () => app.driver.clickButton(view.id, "home_import", { userId: ADMIN }));
    const dm = app.slack.dmChannel(ADMIN);
    const offer = app.slack.lastMessage(dm)!;
    expect(offer.text).toContain("Import customers or contacts from a CSV file");
    await app.driver.clickMessageButton(dm, offer.ts, "import_template_customers", { userId: ADMIN });
    await eventually(() => app.slack.uploads().some((u) => u.filename === "customers-template.csv"), "the template from the offer");

    await app.driver.clickButton(view.id, "home_templates", { userId: ADMIN });
    await eventually(() => app.slack.uploads().filter((u) => u.channel === dm).length === 3, "both templates");
    expect(app.slack.uploads().map((u) => u.filename)).toEqual(["customers-template.csv", "customers-template.csv", "contacts-template.csv"]);
    expect(app.slack.uploads()[1]?.content.toString("utf8")).toContain("Standard");
  });

  it("SLAs opens the SLA list; Edit pushes the editor and saving refreshes the list underneath", async () => {
    const { sla } = await defaults(app.db);
    await seedCustomers(app.db, 2);
    const view = await openHome(ADMIN);
    await andWaitFor(app, "views.open", () => app.driver.clickButton(view.id, "home_slas", { userId: ADMIN }));
    const list = app.driver.currentView(ADMIN)!;
    expect(list.callback_id).toBe("sla_list");
    expect(allText(list)).toContain("Used by 2 customers");

    await andWaitFor(app, "views.push", () => app.driver.clickButton(list.id, "sla_edit", { userId: ADMIN, blockId: `sla_${sla.id}` }));
    const editor = app.driver.currentView(ADMIN)!;
    expect(app.driver.viewStack(ADMIN)).toHaveLength(2);
    const saved = await andWaitFor(app, "views.update", () =>
      app.driver.submitView(editor.id, { userId: ADMIN, values: { sla_hours_6: "09:00-12:00", sla_response_critical: "20m" } }),
    );
    expect(saved.outcome).toBe("closed");
    const refreshed = app.driver.currentView(ADMIN)!;
    expect(refreshed.id).toBe(list.id);
    expect(allText(refreshed)).toContain("SLA *Standard* saved");
    expect(allText(refreshed)).toContain("Mon–Fri 09:00–17:00 · Sat 09:00–12:00");
    expect(await app.db.sla.findUniqueOrThrow({ where: { id: sla.id } })).toMatchObject({ responseCriticalMinutes: 20 });

    // New SLA from the modal, then switch to the alert profiles
    await andWaitFor(app, "views.push", () => app.driver.clickButton(list.id, "sla_new", { userId: ADMIN }));
    const bad = await app.driver.submitView(app.driver.currentView(ADMIN)!.id, { userId: ADMIN, values: { sla_name: "Night", sla_hours_1: "22:00-06:00" } });
    expect(bad.errors).toEqual({ sla_hours_1: "Working hours must end after they start." });
    await andWaitFor(app, "views.update", () =>
      app.driver.submitView(app.driver.currentView(ADMIN)!.id, { userId: ADMIN, values: { sla_hours_1: "18:00-23:59" } }),
    );
    expect(allText(app.driver.currentView(ADMIN)!)).toContain("SLA *Night* created");
    await andWaitFor(app, "views.update", () => app.driver.clickButton(list.id, "sla_show_profiles", { userId: ADMIN }));
    expect(app.driver.currentView(ADMIN)?.callback_id).toBe("alert_profile_list");
  });

  it("Alert profiles opens the profile list; Make default and Delete work inside the modal", async () => {
    const { profile } = await defaults(app.db);
    await seedCustomers(app.db, 1);
    const view = await openHome(ADMIN);
    await andWaitFor(app, "views.open", () => app.driver.clickButton(view.id, "home_alert_profiles", { userId: ADMIN }));
    const list = app.driver.currentView(ADMIN)!;
    expect(list.callback_id).toBe("alert_profile_list");
    const click = (action: string, id: string) =>
      andWaitFor(app, "views.update", () => app.driver.clickButton(list.id, action, { userId: ADMIN, blockId: `alert_profile_${id}` }));
    await click("alert_profile_delete", profile.id);
    expect(allText(app.driver.currentView(ADMIN)!)).toContain("is the default alert profile and 1 customer uses it, so it cannot be deleted");

    const quiet = await app.db.alertThresholdProfile.create({ data: { name: "Quiet", nameKey: "quiet" } });
    await andWaitFor(app, "views.update", () => app.driver.clickButton(list.id, "alert_profile_show_slas", { userId: ADMIN }));
    await andWaitFor(app, "views.update", () => app.driver.clickButton(list.id, "sla_show_profiles", { userId: ADMIN }));
    expect(allText(app.driver.currentView(ADMIN)!)).toContain("No thresholds: this profile raises no alerts.");
    await click("alert_profile_make_default", quiet.id);
    expect(allText(app.driver.currentView(ADMIN)!)).toContain("*Quiet* is now the default alert profile");
    await click("alert_profile_delete", profile.id);
    expect(allText(app.driver.currentView(ADMIN)!)).toContain("Alert profile *Standard* deleted. Its 1 customer now uses *Quiet*.");
    expect(await app.db.customer.count({ where: { alertProfileId: quiet.id } })).toBe(1);
  });
});

describe("App Home for everyone else", () => {
  it("is a read-only, searchable list of customers", async () => {
    await seedCustomers(app.db, 30, { prefix: "Alpha" });
    await seedCustomers(app.db, 5, { prefix: "Beta" });
    const view = await openHome(TECH);
    const text = allText(view);
    expect(text).toContain("Read-only");
    expect(text).not.toContain("home_new_customer");
    expect(text).not.toContain("customers ·"); // no dashboard counts
    expect(text).toContain("Customers 1–20 of 35");
    expect(text).toContain("Alpha 001");

    await andWaitFor(app, "views.publish", () => app.driver.interact(view.id, "home_search", "home_search", "beta", { userId: TECH }));
    let now = allText(home(TECH));
    expect(now).toContain("Customers matching “beta”, best matches first: 1–5 of 5");
    expect(now).toContain("*Beta 003*  ·  beta-003.example.com");
    expect(now).not.toContain("Alpha");
    expect(now).not.toContain("home_page_next");

    await andWaitFor(app, "views.publish", () => app.driver.interact(view.id, "home_search", "home_search", "alpha-02", { userId: TECH }));
    expect(allText(home(TECH))).toContain("1–10 of 10"); // domain start: alpha-020 … alpha-029

    await andWaitFor(app, "views.publish", () => app.driver.interact(view.id, "home_search", "home_search", "", { userId: TECH }));
    await andWaitFor(app, "views.publish", () => app.driver.clickButton(view.id, "home_page_next", { userId: TECH }));
    now = allText(home(TECH));
    expect(now).toContain("Customers 21–35 of 35");
    expect(now).toContain("home_page_prev");

    await andWaitFor(app, "views.publish", () => app.driver.interact(view.id, "home_search", "home_search", "zulu", { userId: TECH }));
    expect(allText(home(TECH))).toContain("No customer matches “zulu”.");
    // reopening the tab keeps the search the person left
    await openHome(TECH);
    expect(allText(home(TECH))).toContain("zulu");
  });

  it("refuses the admin buttons (a stale or forged click) with a short explanation", async () => {
    const view = await openHome(TECH);
    for (const action of ["home_new_customer", "home_import", "home_templates"]) {
      await andWaitFor(app, "views.open", () => forgedViewClick(app.slack, app.driver, view, TECH, action));
      const notice = app.driver.currentView(TECH)!;
      expect(notice.callback_id).toBe("notice");
      expect(allText(notice)).toContain("Only Customer Book admins can");
    }
    expect(app.slack.callsTo("chat.postMessage")).toHaveLength(0);
    expect(app.slack.uploads()).toHaveLength(0);
    expect(await app.db.wizardDraft.count()).toBe(0);
  });
});

describe("App Home with a large customer book", () => {
  it("stays within 100 blocks with 500 customers, for admins and for everyone else", async () => {
    const ids = await seedCustomers(app.db, 500, { prefix: "Big" });
    for (const id of ids.slice(0, 50)) await addContract(app.db, id, "remote_monitoring");
    for (let i = 0; i < 20; i++) {
      await app.db.importJob.create({ data: { fileId: `F${i}`, fileName: `file-${i}.csv`, kind: "customers", status: "completed", uploadedBy: ADMIN, channelId: "C1", threadTs: `${i}.1` } });
    }
    for (const user of [ADMIN, TECH]) {
      const view = await openHome(user);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(allText(view)).toContain("Customers 1–20 of 500");
      await andWaitFor(app, "views.publish", () => app.driver.clickButton(view.id, "home_page_next", { userId: user }));
      expect(home(user).blocks.length).toBeLessThanOrEqual(100);
      expect(allText(home(user))).toContain("Customers 21–40 of 500");
    }
    expect(allText(home(ADMIN))).toContain("*500* customers");
    expect(allText(home(ADMIN))).toContain("Remote monitoring *50*");
  });
});
