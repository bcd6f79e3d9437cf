import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, LISTED_ADMIN, OWNER, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { onServer, type TestDb } from "../support/db.js";
import { click, command } from "../support/customer-ui.js";
import { VERSION } from "../../src/app.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

async function openWizard(text = "", userId = ADMIN) {
  const res = await andWaitFor(app, "views.open", () => app.driver.command("/customer", `new ${text}`.trim(), { userId, channelId: CHANNEL }));
  expect(res.status).toBe(200);
  const view = app.driver.currentView(userId);
  if (!view) throw new Error("no view open");
  return view;
}

describe("/customer new wizard", () => {
  it("opens step 1 with the name pre-filled from the command text", async () => {
    const view = await openWizard("Acme Dental");
    expect(view.callback_id).toBe("customer_wizard");
    const name = (view.blocks as { block_id: string; element?: { initial_value?: string } }[]).find((b) => b.block_id === "customer_name");
    expect(name?.element?.initial_value).toBe("Acme Dental");
  });

  it("creates customer, contract, SLA choice and contact when every step is filled", async () => {
    const view = await openWizard();
    const u = { userId: ADMIN };
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", u));
    let r = await app.driver.submitView(view.id, {
      ...u,
      values: { customer_name: "Acme Dental", customer_domains: "acme.com, acme.co.uk", customer_city: "Rome", customer_notes: "VIP" },
    });
    expect(r.outcome).toBe("updated");
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "contract_type", "block_hours", u));
    r = await app.driver.submitView(view.id, {
      ...u,
      values: { contract_name: "Support 2027", contract_hours: "20", contract_hourly_rate: "95.50", contract_overage_rate: "120", contract_billing_period: "monthly" },
    });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    r = await app.driver.submitView(view.id, u);
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    r = await app.driver.submitView(view.id, { ...u, values: { contact_first_name: "Jane", contact_last_name: "Roe", contact_email: "jane@acme.com" } });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");

    const customer = await app.db.customer.findFirstOrThrow({ include: { domains: true, contracts: true, contacts: true, sla: true } });
    expect(customer).toMatchObject({ name: "Acme Dental", city: "Rome", notes: "VIP", createdBy: ADMIN });
    expect(customer.domains.map((d) => d.domain).sort()).toEqual(["acme.co.uk", "acme.com"]);
    expect(customer.contracts[0]).toMatchObject({ type: "block_hours", hoursCentis: 2000, hourlyRateCents: 9550, overageRateCents: 12000 });
    expect(customer.sla.isDefault).toBe(true);
    expect(customer.primaryContactId).toBe(customer.contacts[0]?.id);

    const dm = await app.slack.waitForCall("chat.postMessage");
    expect(JSON.stringify(dm.args.blocks)).toContain("Acme Dental");
    // money with its currency (CURRENCY's default, EUR), the English way
    expect(JSON.stringify(dm.args.blocks)).toContain("Hourly rate: €95.50");
  });

  it("writes money in CURRENCY: the summary and the Contracts tab of /customer show in Swiss francs, typed with CHF", async () => {
    await app.close();
    app = await startTestApp({ env: { CURRENCY: "CHF" } });
    const view = await openWizard("Berna AG");
    const u = { userId: ADMIN };
    let r = await app.driver.submitView(view.id, { ...u, values: { customer_name: "Berna AG", customer_domains: "berna.ch" } });
    expect(r.outcome).toBe("updated");
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "contract_type", "block_hours", u));
    r = await app.driver.submitView(view.id, {
      ...u,
      values: { contract_name: "Support 2027", contract_hours: "20", contract_hourly_rate: "CHF 95.50", contract_overage_rate: "1,120 CHF", contract_billing_period: "monthly" },
    });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    r = await app.driver.submitView(view.id, u);
    r = await app.driver.submitView(view.id, { ...u, values: { contact_first_name: "Urs", contact_last_name: "Meier", contact_email: "urs@berna.ch" } });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    expect((await app.db.contract.findFirstOrThrow()).overageRateCents).toBe(112000);
    const dm = await app.slack.waitForCall("chat.postMessage");
    expect(JSON.stringify(dm.args.blocks)).toContain("Hourly rate: CHF\u00a095.50");
    expect(JSON.stringify(dm.args.blocks)).toContain("CHF\u00a01,120.00");
    expect(JSON.stringify(dm.args.blocks)).not.toContain("€");
    const tab = await click(app, ADMIN, await command(app, ADMIN, "show Berna AG"), "customer_tab_contracts");
    expect(tab.text).toContain("Hourly rate: CHF\u00a095.50");
  });
});

type Block = { type: string; block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } };
const blockIds = (view: { blocks: unknown }) => (view.blocks as Block[]).map((b) => b.block_id);

async function fillStepOne(viewId: string, name = "Acme Dental") {
  return app.driver.submitView(viewId, { userId: ADMIN, values: { customer_name: name, customer_domains: "acme.com" } });
}

async function counts() {
  return {
    customers: await app.db.customer.count(),
    contracts: await app.db.contract.count(),
    contacts: await app.db.contact.count(),
    slas: await app.db.sla.count(),
    drafts: await app.db.wizardDraft.count(),
  };
}

describe("/customer new: skipping, navigation and limits", () => {
  it("creates a customer without a contract when the contract step is skipped", async () => {
    const view = await openWizard();
    await fillStepOne(view.id);
    const skipped = await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_skip_contract", { userId: ADMIN }));
    expect(skipped.status).toBe(200);
    expect(blockIds(app.driver.currentView(ADMIN)!)).toContain("sla_id");
    await app.driver.submitView(view.id, { userId: ADMIN });
    const r = await app.driver.submitView(view.id, { userId: ADMIN, values: { contact_first_name: "A", contact_last_name: "B", contact_email: "a@acme.com" } });
    expect(r.outcome).toBe("updated");
    expect(await counts()).toMatchObject({ customers: 1, contracts: 0, contacts: 1, drafts: 0 });
  });

  it("keeps every value when going back and forth between steps", async () => {
    const view = await openWizard();
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", { userId: ADMIN }));
    await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "Acme", customer_domains: "acme.com", customer_phone: "+39 06 555" } });
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "contract_type", "hourly", { userId: ADMIN }));
    app.slack.setValues(view.id, { contract_name: "Hourly support", contract_hourly_rate: "80" });
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_back", { userId: ADMIN }));
    const stepOne = app.driver.currentView(ADMIN)!;
    const initial = (id: string) => (stepOne.blocks as Block[]).find((b) => b.block_id === id)?.element?.initial_value;
    expect(initial("customer_name")).toBe("Acme");
    expect(initial("customer_phone")).toBe("+39 06 555");
    await app.driver.submitView(view.id, { userId: ADMIN });
    const stepTwo = app.driver.currentView(ADMIN)!;
    const byId = (id: string) => (stepTwo.blocks as Block[]).find((b) => b.block_id === id)?.element;
    expect(byId("contract_name")?.initial_value).toBe("Hourly support");
    expect(byId("contract_type")?.initial_option?.value).toBe("hourly");
    expect(byId("contract_hourly_rate")?.initial_value).toBe("80");
  });

  it("stays within Slack's limits with the longest allowed input in every field", async () => {
    const view = await openWizard();
    const u = { userId: ADMIN };
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", u));
    const long = (n: number) => "é".repeat(n);
    const domains = Array.from({ length: 20 }, (_, i) => `${"d".repeat(60)}${i}.example-long-domain.com`).join(", ");
    let r = await app.driver.submitView(view.id, {
      ...u,
      values: {
        customer_name: long(120),
        customer_domains: domains,
        customer_rank: long(120),
        customer_business_id: long(120),
        customer_phone: long(40),
        customer_fax: long(40),
        customer_address: long(250),
        customer_city: long(120),
        customer_state: long(120),
        customer_zip: long(20),
        customer_country: long(120),
        customer_notes: long(2000),
      },
    });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "contract_type", "block_money", u));
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", u));
    r = await app.driver.submitView(view.id, {
      ...u,
      values: { contract_name: long(120), contract_amount: "9999999.99", contract_hourly_rate: "100", contract_notes: long(2000) },
    });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    await app.driver.submitView(view.id, u);
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", u));
    // back to step 1 and forward again: every long value is shown back to the person
    for (let i = 0; i < 3; i++) await andWaitFor(app, "views.update", () => app.driver.clickButton(app.driver.currentView(ADMIN)!.id, "wizard_back", u));
    for (let i = 0; i < 3; i++) expect((await app.driver.submitView(view.id, u)).outcome).toBe("updated");
    r = await app.driver.submitView(view.id, {
      ...u,
      values: {
        contact_first_name: long(120),
        contact_last_name: long(120),
        contact_email: `${"a".repeat(60)}@${"b".repeat(60)}.com`,
        contact_job_title: long(120),
        contact_department: long(120),
        contact_phone: long(40),
        contact_mobile: long(40),
      },
    });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("updated");
    expect(await counts()).toMatchObject({ customers: 1, contracts: 1, contacts: 1 });
    const rejected = app.slack.calls.filter((c) => !c.ok);
    expect(rejected, JSON.stringify(rejected.map((c) => c.response))).toEqual([]);
    for (const call of app.slack.callsTo("views.update")) expect(String(call.args.view ? JSON.stringify(call.args.view) : "").length).toBeGreaterThan(0);
  });

  it("creates the SLA typed in the pushed form together with the customer", async () => {
    const view = await openWizard();
    await fillStepOne(view.id);
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_skip_contract", { userId: ADMIN }));
    await andWaitFor(app, "views.push", () => app.driver.clickButton(view.id, "wizard_new_sla", { userId: ADMIN }));
    expect(app.driver.viewStack(ADMIN)).toHaveLength(2);
    const form = app.driver.currentView(ADMIN)!;
    const bad = await app.driver.submitView(form.id, { userId: ADMIN, values: { sla_name: "Gold", sla_response_high: "soon" } });
    expect(bad.errors).toEqual({ sla_response_high: expect.stringMatching(/duration/) });
    const ok = await andWaitFor(app, "views.update", () => app.driver.submitView(form.id, { userId: ADMIN, values: { sla_name: "Gold", sla_response_high: "1h" } }));
    expect(ok.outcome).toBe("closed");
    expect(app.driver.viewStack(ADMIN)).toHaveLength(1);
    expect(await app.db.sla.count({ where: { name: "Gold" } })).toBe(0);
    const stepThree = app.driver.currentView(ADMIN)!;
    expect(JSON.stringify(stepThree.blocks)).toContain("Gold (new");
    await app.driver.submitView(view.id, { userId: ADMIN });
    await app.driver.submitView(view.id, { userId: ADMIN, values: { contact_first_name: "A", contact_last_name: "B", contact_email: "a@acme.com" } });
    const customer = await app.db.customer.findFirstOrThrow({ include: { sla: { include: { businessHours: true } } } });
    expect(customer.sla).toMatchObject({ name: "Gold", responseHighMinutes: 60 });
    expect(customer.sla.businessHours).toHaveLength(5);
  });
});

describe("/customer new: validation shown inline", () => {
  it("puts each error under its own field", async () => {
    const view = await openWizard();
    let r = await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "  ", customer_domains: "@acme.com" } });
    expect(r.outcome).toBe("errors");
    expect(r.errors).toEqual({ customer_name: "This field is required.", customer_domains: expect.stringMatching(/without '@'/) });
    r = await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "Acme", customer_domains: "acme" } });
    expect(r.errors).toEqual({ customer_domains: expect.stringMatching(/"acme" is not a valid domain/) });
    r = await fillStepOne(view.id);
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "contract_type", "retainer", { userId: ADMIN }));
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", { userId: ADMIN }));
    r = await app.driver.submitView(view.id, {
      userId: ADMIN,
      values: { contract_name: "R", contract_quantity: "-2", contract_rate: "ten", contract_start_date: "2027-03-01", contract_end_date: "2027-01-01" },
    });
    expect(r.errors).toEqual({
      contract_quantity: "Must not be negative.",
      contract_rate: expect.stringMatching(/Enter a number/),
      contract_end_date: "The end date must be after the start date.",
    });
    r = await app.driver.submitView(view.id, { userId: ADMIN, values: { contract_quantity: "2", contract_rate: "10", contract_end_date: "2027-06-01" } });
    expect(r.outcome).toBe("updated");
    await app.driver.submitView(view.id, { userId: ADMIN });
    r = await app.driver.submitView(view.id, { userId: ADMIN, values: { contact_first_name: "Jane", contact_last_name: "   ", contact_email: "jane@acme" } });
    expect(r.errors).toEqual({ contact_last_name: "This field is required.", contact_email: expect.stringMatching(/not a valid email/) });
    expect(await counts()).toMatchObject({ customers: 0, contracts: 0, contacts: 0 });
  });

  it("refuses a name that already exists, ignoring case and spaces, and a domain of another customer", async () => {
    const first = await openWizard();
    await fillStepOne(first.id, "Acme Dental");
    await andWaitFor(app, "views.update", () => app.driver.clickButton(first.id, "wizard_skip_contract", { userId: ADMIN }));
    await app.driver.submitView(first.id, { userId: ADMIN });
    await app.driver.submitView(first.id, { userId: ADMIN, values: { contact_first_name: "A", contact_last_name: "B", contact_email: "a@acme.com" } });
    await app.driver.closeView(first.id, { userId: ADMIN });
    const second = await openWizard();
    let r = await app.driver.submitView(second.id, { userId: ADMIN, values: { customer_name: "  ACME dental " } });
    expect(r.errors).toEqual({ customer_name: expect.stringMatching(/already exists/) });
    r = await app.driver.submitView(second.id, { userId: ADMIN, values: { customer_name: "Other", customer_domains: "acme.com" } });
    expect(r.errors).toEqual({ customer_domains: expect.stringMatching(/already belongs to the customer Acme Dental/) });
    expect(await app.db.customer.count()).toBe(1);
  });
});

describe("/customer new: who may, and what is written when", () => {
  it("refuses a technician with an ephemeral message and opens nothing", async () => {
    const res = await app.driver.command("/customer", "new Acme", { userId: TECH, channelId: CHANNEL });
    expect(res.status).toBe(200);
    const post = await eventually(() => app.slack.responseUrlPosts().at(-1), "a reply to the command");
    expect(JSON.stringify(post)).toMatch(/Only Customer Book admins can create customers/);
    expect(app.slack.callsTo("views.open")).toHaveLength(0);
    expect(await counts()).toMatchObject({ customers: 0, drafts: 0 });
  });

  it("lets workspace owners and SLACK_ADMIN_USER_IDS open the wizard", async () => {
    await openWizard("", OWNER);
    await openWizard("", LISTED_ADMIN);
    expect(app.slack.callsTo("views.open").filter((c) => c.ok)).toHaveLength(2);
  });

  it("writes nothing when the modal is closed midway, and forgets the draft", async () => {
    const view = await openWizard();
    await fillStepOne(view.id);
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "contract_type", "hourly", { userId: ADMIN }));
    const closed = await app.driver.closeView(view.id, { userId: ADMIN });
    expect(closed.dispatched).toBe(true);
    await eventually(async () => (await app.db.wizardDraft.count()) === 0, "the draft to be deleted");
    expect(await counts()).toMatchObject({ customers: 0, contracts: 0, contacts: 0, drafts: 0 });
  });

  it("creates one customer when the last step is submitted twice", async () => {
    const view = await openWizard();
    await fillStepOne(view.id);
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_skip_contract", { userId: ADMIN }));
    await app.driver.submitView(view.id, { userId: ADMIN });
    const values = { contact_first_name: "A", contact_last_name: "B", contact_email: "a@acme.com" };
    const state = app.driver.currentView(ADMIN)!;
    app.slack.setValues(state.id, values);
    // Two submissions of the same view state, as a double click or a retry sends them.
    const [a, b] = await Promise.all([app.driver.submitView(view.id, { userId: ADMIN }), app.driver.submitView(view.id, { userId: ADMIN }).catch((e: Error) => e)]);
    expect(a.outcome).toBe("updated");
    expect(b instanceof Error || b.status === 200).toBe(true);
    expect(await counts()).toMatchObject({ customers: 1, contacts: 1 });
    await eventually(() => app.slack.callsTo("chat.postMessage").length === 1, "one summary message");
  });

  it("answers forged and stale signatures with 401 and writes nothing", async () => {
    for (const forge of ["wrong-secret", "stale-timestamp", "missing-signature"] as const) {
      const res = await app.driver.command("/customer", "new Forged", { userId: ADMIN, channelId: CHANNEL, forge });
      expect(res.status, forge).toBe(401);
    }
    expect(app.slack.callsTo("views.open")).toHaveLength(0);
    expect(await counts()).toMatchObject({ customers: 0, drafts: 0 });
  });
});

describe("/customer help", () => {
  it("lists what /customer can do, also for an unknown subcommand", async () => {
    await app.driver.command("/customer", "help", { userId: TECH, channelId: CHANNEL });
    await app.driver.command("/customer", "frobnicate", { userId: TECH, channelId: CHANNEL });
    await eventually(() => app.slack.responseUrlPosts().length >= 2, "two replies");
    // The two replies come after each person's language is looked up, so in either order.
    const posts = app.slack.responseUrlPosts().map((p) => JSON.stringify(p));
    const unknown = posts.find((p) => p.includes("frobnicate")) ?? "";
    const help = posts.find((p) => p !== unknown) ?? "";
    expect(help).toContain("/customer new [name]");
    expect(unknown).toContain("I don't know `/customer frobnicate`");
    expect(unknown).toContain("/customer new [name]");
  });
});

describe("GET /health", () => {
  it("answers 200 with the database's kind, the migrations current and the version while the database answers, 503 when it does not", async () => {
    const ok = await fetch(`http://127.0.0.1:${app.port}/health`);
    expect(ok.status).toBe(200);
    const body = await ok.text();
    expect(JSON.parse(body)).toEqual({
      status: "ok",
      version: VERSION,
      database: { kind: app.testDb.kind, status: "up" },
      migrations: { current: true, pending: [], unknown: [] },
    });
    // nothing of DATABASE_URL (a PostgreSQL password, a file path) is in it
    expect(body).not.toContain(new URL(app.testDb.url).pathname.split("/").at(-1) ?? "-");
    await app.db.$disconnect();
    const down = await withDatabaseGone(app.testDb, () => fetch(`http://127.0.0.1:${app.port}/health`));
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "unavailable", database: { kind: app.testDb.kind, status: "down" }, migrations: null });
  });

  it("answers 503 migrations_pending, naming them, when the database lacks a migration this build has", async () => {
    const [last] = await app.db.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`);
    await app.db.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = CURRENT_TIMESTAMP WHERE migration_name = '${last?.migration_name}'`);
    const pending = await fetch(`http://127.0.0.1:${app.port}/health`);
    expect(pending.status).toBe(503);
    expect(await pending.json()).toMatchObject({ status: "migrations_pending", migrations: { current: false, pending: [last?.migration_name] } });
  });
});

/**
 * Runs `step` while the database cannot be reached. SQLite: the file is replaced by a directory,
 * which SQLite cannot open. PostgreSQL: the database refuses new connections and its open ones end.
 */
async function withDatabaseGone<T>(testDb: TestDb, step: () => Promise<T>): Promise<T> {
  if (testDb.kind === "sqlite") {
    fs.renameSync(testDb.file, `${testDb.file}.gone`);
    fs.mkdirSync(testDb.file);
    try {
      return await step();
    } finally {
      fs.rmdirSync(testDb.file);
      fs.renameSync(`${testDb.file}.gone`, testDb.file);
    }
  }
  const name = new URL(testDb.url).pathname.slice(1);
  await onServer(async (c) => {
    await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
  });
  try {
    return await step();
  } finally {
    await onServer((c) => c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
  }
}

describe("/customer new: hidden fields and errors", () => {
  it("keeps a field with a value in view after Show fewer, so its error shows under it", async () => {
    const view = await openWizard();
    await fillStepOne(view.id);
    await andWaitFor(app, "views.update", () => app.driver.selectOption(view.id, "contract_type", "contract_type", "project_one_time", { userId: ADMIN }));
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", { userId: ADMIN }));
    app.slack.setValues(view.id, { contract_name: "Move", contract_amount: "100", contract_start_date: "2027-03-01", contract_end_date: "2027-01-01" });
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", { userId: ADMIN }));
    expect(blockIds(app.driver.currentView(ADMIN)!)).toContain("contract_end_date");
    const r = await app.driver.submitView(view.id, { userId: ADMIN });
    expect(r.errors).toEqual({ contract_end_date: "The end date must be after the start date." });
  });
});

describe("/customer new: text people type is shown as text", () => {
  it("does not turn <!channel> or links in typed values into mentions in the summary", async () => {
    const view = await openWizard();
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", { userId: ADMIN }));
    await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "Acme <!here>", customer_notes: "<!channel> call <https://evil.example|here> & now" } });
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_skip_contract", { userId: ADMIN }));
    await app.driver.submitView(view.id, { userId: ADMIN });
    await app.driver.submitView(view.id, { userId: ADMIN, values: { contact_first_name: "<!everyone>", contact_last_name: "Roe", contact_email: "j@acme.com" } });
    const dm = await app.slack.waitForCall("chat.postMessage");
    const text = JSON.stringify(dm.args.blocks);
    expect(text).not.toMatch(/<!channel>|<!everyone>|<https:\/\/evil/);
    expect(text).toContain("&lt;!channel&gt; call &lt;https://evil.example|here&gt; &amp; now");
  });
});
