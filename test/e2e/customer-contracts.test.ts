import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, TECH, andWaitFor, startTestApp, type TestApp } from "../support/app-harness.js";
import { retainer, seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { blocksOf, click, command, menu, saveModal, type Block, type Shown } from "../support/customer-ui.js";
import type { ViewValues } from "../support/fake-slack/index.js";

let app: TestApp;
let acme: SeededCustomer;
beforeEach(async () => {
  app = await startTestApp();
  acme = await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], contract: retainer("Care 2027") });
});
afterEach(async () => app.close());

async function contractsTab(userId: string): Promise<Shown> {
  return click(app, userId, await command(app, userId, "show Acme Dental"), "customer_tab_contracts");
}

const save = (userId: string, viewId: string, values: ViewValues = {}) => saveModal(app, userId, viewId, values);

const contracts = () => app.db.contract.findMany({ where: { customerId: acme.id }, orderBy: { createdAt: "asc" } });
const contractLog = () => app.db.changeLog.findMany({ where: { customerId: acme.id, entityType: "contract" }, orderBy: { createdAt: "asc" } });
const inputIds = (blocks: unknown) => (blocks as Block[]).filter((b) => b.type === "input").map((b) => b.block_id);

describe("contracts", () => {
  it("adds a contract with the wizard's fields; the new default replaces the old one in the same change", async () => {
    const [care] = await contracts();
    const tab = await contractsTab(ADMIN);
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(tab.message.channel, tab.message.messageTs, "customer_add_contract", { userId: ADMIN }));
    const view = app.driver.currentView(ADMIN)!;
    expect(view.callback_id).toBe("customer_contract_form");
    expect(inputIds(view.blocks)).toEqual(["contract_name", "contract_type", "contract_start_date", "contract_end_date", "contract_active", "contract_default", "contract_taxable", "contract_notes"]);
    app.slack.setValues(view.id, { contract_name: "Backup 2027" });
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "customer_contract_type", "online_backup", { userId: ADMIN }));
    const typed = app.driver.currentView(ADMIN)!;
    expect(inputIds(typed.blocks)).toContain("contract_gb_category");
    expect((typed.blocks as Block[]).find((b) => b.block_id === "contract_name")?.element?.initial_value).toBe("Backup 2027");

    const bad = await app.driver.submitView(view.id, { userId: ADMIN, values: { contract_rate: "-3", contract_start_date: "2027-05-01", contract_end_date: "2027-01-01" } });
    expect(bad.errors).toEqual({ contract_rate: "Must not be negative.", contract_end_date: "The end date must be after the start date." });
    const shown = await save(ADMIN, view.id, { contract_rate: "0.25", contract_end_date: "2028-01-01", contract_default: ["yes"] });
    expect(shown.outcome).toBe("replaced");
    expect(shown.text).toContain("Added contract *Backup 2027* to *Acme Dental*.");
    expect(shown.text).toContain("Contracts (2)");

    const all = await contracts();
    expect(all.map((k) => [k.name, k.isDefault])).toEqual([
      ["Care 2027", false],
      ["Backup 2027", true],
    ]);
    expect(all[1]).toMatchObject({ type: "online_backup", rateCents: 25, gbCategory: "server_backup", billingPeriod: "monthly", createdBy: ADMIN });
    const entries = await contractLog();
    expect(entries.map((e) => [e.entityId, e.action])).toEqual([
      [care!.id, "updated"],
      [all[1]!.id, "created"],
    ]);
    expect(JSON.parse(entries[0]!.changes)).toEqual({ isDefault: { before: true, after: false } });
  });

  it("edits a contract in a pre-filled modal and records the change in cents", async () => {
    const [care] = await contracts();
    const tab = await contractsTab(ADMIN);
    await andWaitFor(app, "views.open", () =>
      app.driver.messageOverflow(tab.message.channel, tab.message.messageTs, `contract_${care!.id}`, "customer_contract_menu", `edit:${care!.id}`, { userId: ADMIN }),
    );
    const view = app.driver.currentView(ADMIN)!;
    const el = (id: string) => (view.blocks as Block[]).find((b) => b.block_id === id)?.element;
    expect(el("contract_name")?.initial_value).toBe("Care 2027");
    expect(el("contract_type")?.initial_option?.value).toBe("retainer");
    expect(el("contract_rate")?.initial_value).toBe("1500");
    expect(el("contract_quantity")?.initial_value).toBe("1");
    expect(el("contract_billing_period")?.initial_option?.value).toBe("monthly");
    expect(el("contract_default")?.initial_options).toEqual([expect.objectContaining({ value: "yes" })]);
    const shown = await save(ADMIN, view.id, { contract_rate: "1,650.50", contract_quantity: "2" });
    expect(shown.text).toContain("Saved contract *Care 2027*.");
    expect(shown.text).toContain("Rate: €1,650.50");
    const entry = (await contractLog()).at(-1)!;
    expect(JSON.parse(entry.changes)).toEqual({ quantity: { before: 1, after: 2 }, rateCents: { before: 150000, after: 165050 } });
    const history = await command(app, TECH, "history Acme Dental");
    expect(history.text).toContain("*Contract Care 2027* changed by <@U0ADMIN001>");
    expect(history.text).toContain("• Rate: €1,500.00 → €1,650.50");
  });

  it("refuses an inactive default contract", async () => {
    const [care] = await contracts();
    const tab = await contractsTab(ADMIN);
    await andWaitFor(app, "views.open", () =>
      app.driver.messageOverflow(tab.message.channel, tab.message.messageTs, `contract_${care!.id}`, "customer_contract_menu", `edit:${care!.id}`, { userId: ADMIN }),
    );
    const view = app.driver.currentView(ADMIN)!;
    const r = await app.driver.submitView(view.id, { userId: ADMIN, values: { contract_active: [] } });
    expect(r.errors).toEqual({ contract_default: expect.stringMatching(/An inactive contract cannot be the default/) });
  });

  it("deactivates (no longer the default), reactivates and makes a contract the default from its menu", async () => {
    const [care] = await contracts();
    const tab = await contractsTab(ADMIN);
    const row = blocksOf(tab.message).find((b) => b.block_id === `contract_${care!.id}`);
    expect(row?.accessory?.options?.map((o) => o.text.text)).toEqual(["Edit", "Deactivate"]);
    const off = await menu(app, ADMIN, tab, `contract_${care!.id}`, "customer_contract_menu", `deactivate:${care!.id}`);
    expect(off.outcome).toBe("replaced");
    expect(off.text).toContain("Contract *Care 2027* is inactive");
    expect(off.text).toContain("· inactive");
    expect(await app.db.contract.findUniqueOrThrow({ where: { id: care!.id } })).toMatchObject({ active: false, isDefault: false });
    const offRow = blocksOf(off.message).find((b) => b.block_id === `contract_${care!.id}`);
    expect(offRow?.accessory?.options?.map((o) => o.value)).toEqual([`edit:${care!.id}`, `reactivate:${care!.id}`]);

    const on = await menu(app, ADMIN, off, `contract_${care!.id}`, "customer_contract_menu", `reactivate:${care!.id}`);
    expect(on.text).toContain("is active again");
    const byDefault = await menu(app, ADMIN, on, `contract_${care!.id}`, "customer_contract_menu", `make_default:${care!.id}`);
    expect(byDefault.text).toContain("*Care 2027* is now the default contract.");
    expect(await app.db.contract.findUniqueOrThrow({ where: { id: care!.id } })).toMatchObject({ active: true, isDefault: true });
    expect((await contractLog()).map((e) => e.action)).toEqual(["deactivated", "reactivated", "updated"]);
    expect(JSON.parse((await contractLog())[0]!.changes)).toEqual({ active: { before: true, after: false }, isDefault: { before: true, after: false } });
  });

  it("refuses technicians every contract change, saying why", async () => {
    const [care] = await contracts();
    const tab = await contractsTab(TECH);
    for (const op of ["edit", "deactivate"]) {
      const refusal = await menu(app, TECH, tab, `contract_${care!.id}`, "customer_contract_menu", `${op}:${care!.id}`);
      expect(refusal.outcome).toBe("ephemeral");
      expect(refusal.text).toMatch(/Only Customer Book admins can add or change contracts/);
    }
    expect(app.slack.callsTo("views.open")).toHaveLength(0);
    expect(await app.db.contract.findUniqueOrThrow({ where: { id: care!.id } })).toMatchObject({ active: true, isDefault: true });
    expect(await contractLog()).toEqual([]);
  });
});
