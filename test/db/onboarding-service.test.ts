import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { CustomerRepository } from "../../src/repositories/customers.js";
import { DraftRepository } from "../../src/repositories/drafts.js";
import { SlaRepository } from "../../src/repositories/slas.js";
import { AlertProfileRepository } from "../../src/repositories/alert-profiles.js";
import { OnboardingService } from "../../src/services/onboarding/service.js";
import { en } from "../../src/i18n/en.js";

const now = new Date("2026-11-26T10:00:00Z");
let t: TestDb;
let service: OnboardingService;

beforeEach(async () => {
  t = await createTestDb();
  await ensureDefaults(t.db, "Europe/Rome");
  service = new OnboardingService({
    drafts: new DraftRepository(t.db),
    customers: new CustomerRepository(t.db),
    slas: new SlaRepository(t.db),
    alertProfiles: new AlertProfileRepository(t.db),
  });
});
afterEach(async () => t.close());

async function walkToLastStep(name = "Acme Dental") {
  const s = await service.start("U1", name, "C1", now);
  const id = s.draftId;
  expect((await service.submitStep(en, id, "U1", 1, { customer_name: name, customer_domains: "acme.com" }, now)).kind).toBe("screen");
  const two = await service.submitStep(en, id, "U1", 2, { contract_name: "Care", contract_type: "retainer", contract_quantity: "2", contract_rate: "1500", contract_billing_period: "monthly" }, now);
  expect(two.kind).toBe("screen");
  const step3 = two.kind === "screen" ? two.screen : undefined;
  const sla = step3?.slas.find((x) => x.isDefault)?.id ?? (await t.db.sla.findFirstOrThrow()).id;
  const profile = (await t.db.alertThresholdProfile.findFirstOrThrow()).id;
  expect((await service.submitStep(en, id, "U1", 3, { sla_id: sla, alert_profile_id: profile }, now)).kind).toBe("screen");
  return id;
}

describe("onboarding service on a real SQLite file", () => {
  it("seeds one default SLA and one default alert profile, idempotently", async () => {
    await ensureDefaults(t.db, "Europe/Rome");
    expect(await t.db.sla.count({ where: { isDefault: true } })).toBe(1);
    expect(await t.db.alertThresholdProfile.count({ where: { isDefault: true } })).toBe(1);
    const sla = await t.db.sla.findFirstOrThrow({ include: { businessHours: true } });
    expect(sla.timeZone).toBe("Europe/Rome");
    expect(sla.businessHours).toHaveLength(5);
  });

  it("writes nothing but the draft before the last step, then everything in one go", async () => {
    const id = await walkToLastStep();
    expect(await t.db.customer.count()).toBe(0);
    expect(await t.db.contract.count()).toBe(0);
    const done = await service.submitStep(en, id, "U1", 4, { contact_first_name: "Jane", contact_last_name: "Roe", contact_email: "jane@acme.com" }, now);
    expect(done.kind).toBe("created");
    const c = await t.db.customer.findFirstOrThrow({ include: { domains: true, contracts: true, contacts: true } });
    expect(c).toMatchObject({ name: "Acme Dental", nameKey: "acme dental", createdBy: "U1" });
    expect(c.domains.map((d) => d.domain)).toEqual(["acme.com"]);
    expect(c.contracts[0]).toMatchObject({ type: "retainer", quantity: 2, rateCents: 150000, billingPeriod: "monthly", active: true });
    expect(c.primaryContactId).toBe(c.contacts[0]?.id);
    expect(await t.db.wizardDraft.count()).toBe(0);
  });

  it("stamps the customer's 'created' history entry with the wizard's clock and a time-sortable id", async () => {
    const id = await walkToLastStep();
    await service.submitStep(en, id, "U1", 4, { contact_first_name: "Jane", contact_last_name: "Roe", contact_email: "jane@acme.com" }, now);
    const c = await t.db.customer.findFirstOrThrow();
    const [created] = await t.db.changeLog.findMany({ where: { customerId: c.id } });
    expect(created).toMatchObject({ entityType: "customer", action: "created", actorId: "U1", createdAt: now });
    // UUIDv7: the first 48 bits are the milliseconds of the app's clock, not the machine's.
    expect(parseInt(created!.id.replace(/-/g, "").slice(0, 12), 16)).toBeGreaterThanOrEqual(now.getTime());
    expect(created!.id[14]).toBe("7");
  });

  it("creates one customer when the last step is submitted twice at once", async () => {
    const id = await walkToLastStep();
    const values = { contact_first_name: "Jane", contact_last_name: "Roe", contact_email: "jane@acme.com" };
    const [a, b] = await Promise.all([service.submitStep(en, id, "U1", 4, values, now), service.submitStep(en, id, "U1", 4, values, now)]);
    expect([a.kind, b.kind]).toEqual(["created", "created"]);
    const firsts = [a, b].map((o) => (o.kind === "created" ? o.firstTime : undefined)).sort();
    expect(firsts).toEqual([false, true]);
    expect(await t.db.customer.count()).toBe(1);
    expect(await t.db.contact.count()).toBe(1);
  });

  it("refuses a name that exists, ignoring case and spaces, and a domain of another customer", async () => {
    const id = await walkToLastStep("Acme Dental");
    await service.submitStep(en, id, "U1", 4, { contact_first_name: "J", contact_last_name: "R", contact_email: "j@acme.com" }, now);
    const s = await service.start("U1", undefined, undefined, now);
    const dup = await service.submitStep(en, s.draftId, "U1", 1, { customer_name: "  ACME   dental " }, now);
    expect(dup).toEqual({ kind: "errors", errors: { customer_name: expect.stringMatching(/already exists/) } });
    const dom = await service.submitStep(en, s.draftId, "U1", 1, { customer_name: "Other", customer_domains: "ACME.com" }, now);
    expect(dom).toEqual({ kind: "errors", errors: { customer_domains: "acme.com already belongs to the customer Acme Dental. A domain can belong to one customer only." } });
  });

  it("sends the wizard back to step 1 when the name was taken by someone else meanwhile", async () => {
    const id = await walkToLastStep("Beta Corp");
    const other = await walkToLastStep("Beta Corp");
    await service.submitStep(en, other, "U1", 4, { contact_first_name: "A", contact_last_name: "B", contact_email: "a@beta.com" }, now);
    const late = await service.submitStep(en, id, "U1", 4, { contact_first_name: "C", contact_last_name: "D", contact_email: "c@beta.com" }, now);
    expect(late.kind).toBe("screen");
    expect(late.kind === "screen" && late.screen.step).toBe(1);
    expect(late.kind === "screen" && late.screen.notice).toMatch(/created by someone else/);
    expect(await t.db.customer.count()).toBe(1);
  });

  it("creates the new SLA from step 3 together with the customer, and not before", async () => {
    const s = await service.start("U1", "Gamma", undefined, now);
    await service.submitStep(en, s.draftId, "U1", 1, { customer_name: "Gamma" }, now);
    await service.navigate(s.draftId, "U1", 2, {}, { kind: "skip_contract" }, now);
    const added = await service.addNewSla(en, 
      s.draftId,
      "U1",
      {
        sla_name: "Gold",
        sla_time_zone: "UTC",
        sla_days: ["1", "2"],
        sla_start_time: "08:00",
        sla_end_time: "16:00",
        sla_response_low: "1h",
        sla_response_medium: "1h",
        sla_response_high: "1h",
        sla_response_critical: "1h",
        sla_resolution_low: "1d",
        sla_resolution_medium: "1d",
        sla_resolution_high: "1d",
        sla_resolution_critical: "1d",
      },
      now,
    );
    expect(added.kind).toBe("screen");
    expect(await t.db.sla.count()).toBe(1);
    const profile = (await t.db.alertThresholdProfile.findFirstOrThrow()).id;
    await service.submitStep(en, s.draftId, "U1", 3, { sla_id: "new", alert_profile_id: profile }, now);
    const done = await service.submitStep(en, s.draftId, "U1", 4, { contact_first_name: "A", contact_last_name: "B", contact_email: "a@g.com" }, now);
    expect(done.kind === "created" && done.customer.sla.name).toBe("Gold");
    expect(await t.db.contract.count()).toBe(0);
  });

  it("answers an expired or unknown draft as expired and writes nothing", async () => {
    expect(await service.submitStep(en, "nope", "U1", 1, { customer_name: "X" }, now)).toEqual({ kind: "expired" });
    const s = await service.start("U1", undefined, undefined, now);
    expect(await service.submitStep(en, s.draftId, "U2", 1, { customer_name: "X" }, now)).toEqual({ kind: "not_owner" });
    const later = new Date(now.getTime() + 25 * 3600_000);
    expect(await service.submitStep(en, s.draftId, "U1", 1, { customer_name: "X" }, later)).toEqual({ kind: "expired" });
  });

  it("gives nobody but its creator the customer a finished wizard made, nor its draft's operations", async () => {
    const id = await walkToLastStep();
    expect(await service.navigate(id, "U2", 3, {}, { kind: "back" }, now)).toEqual({ kind: "not_owner" });
    expect(await service.slaFormAllowed(id, "U2", now)).toEqual({ kind: "not_owner" });
    expect(await service.addNewSla(en, id, "U2", { sla_name: "Gold" }, now)).toEqual({ kind: "not_owner" });
    expect(await service.cancel(id, "U2")).toBe(false);
    expect(await t.db.wizardDraft.count()).toBe(1);
    const done = await service.submitStep(en, id, "U1", 4, { contact_first_name: "J", contact_last_name: "R", contact_email: "j@acme.com" }, now);
    expect(done.kind).toBe("created");
    // The same last step sent again by someone else: no customer card for them.
    expect(await service.submitStep(en, id, "U2", 4, { contact_first_name: "J", contact_last_name: "R", contact_email: "j@acme.com" }, now)).toEqual({ kind: "not_owner" });
    expect(await service.submitStep(en, id, "U1", 4, {}, now)).toMatchObject({ kind: "created", firstTime: false });
  });

  it("lets the database refuse a second primary contact for the same contact row", async () => {
    const id = await walkToLastStep();
    await service.submitStep(en, id, "U1", 4, { contact_first_name: "J", contact_last_name: "R", contact_email: "j@acme.com" }, now);
    const customer = await t.db.customer.findFirstOrThrow();
    const other = await t.db.customer.create({
      data: { name: "X", nameKey: "x", slaId: customer.slaId, alertProfileId: customer.alertProfileId, createdBy: "U1" },
    });
    await expect(t.db.customer.update({ where: { id: other.id }, data: { primaryContactId: customer.primaryContactId } })).rejects.toThrow();
  });
});
