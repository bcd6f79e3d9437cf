import { describe, expect, it } from "vitest";
import {
  validateContactStep,
  validateContractStep,
  validateCustomerStep,
  validateSlaForm,
  validateSlaStep,
} from "../../src/services/onboarding/validate.js";
import { en } from "../../src/i18n/en.js";

describe("wizard step 1: customer", () => {
  it("requires a name and trims text", () => {
    expect(validateCustomerStep(en, { customer_name: "   " })).toEqual({ ok: false, errors: { customer_name: "This field is required." } });
    const r = validateCustomerStep(en, { customer_name: "  Acme  Dental ", customer_city: " Rome " });
    expect(r.ok && r.value.name).toBe("Acme Dental");
    expect(r.ok && r.value.city).toBe("Rome");
  });

  it("rejects a domain with '@' and an invalid host, naming the value", () => {
    const at = validateCustomerStep(en, { customer_name: "A", customer_domains: "@acme.com" });
    expect(!at.ok && at.errors.customer_domains).toMatch(/without '@'/);
    const bad = validateCustomerStep(en, { customer_name: "A", customer_domains: "acme.com, not_a_host" });
    expect(!bad.ok && bad.errors.customer_domains).toMatch(/"not_a_host" is not a valid domain/);
  });

  it("states the length limit when a value is too long", () => {
    const r = validateCustomerStep(en, { customer_name: "x".repeat(121) });
    expect(!r.ok && r.errors.customer_name).toBe("Too long: at most 120 characters.");
  });
});

describe("wizard step 2: contract", () => {
  it("is skipped when nothing is entered after Skip", () => {
    expect(validateContractStep(en, {}, true)).toEqual({ ok: true, value: undefined });
  });

  it("requires a type and a name when a contract is started", () => {
    expect(validateContractStep(en, { contract_name: "X" }, false)).toMatchObject({ ok: false, errors: { contract_type: expect.any(String) } });
    expect(validateContractStep(en, { contract_type: "hourly", contract_hourly_rate: "90" }, false)).toMatchObject({
      ok: false,
      errors: { contract_name: expect.stringMatching(/name/) },
    });
  });

  it("keeps money exact in cents and refuses negatives per field", () => {
    const r = validateContractStep(en, 
      { contract_name: "Support", contract_type: "block_hours", contract_hours: "20", contract_hourly_rate: "95.50", contract_overage_rate: "-1", contract_billing_period: "monthly" },
      false,
    );
    expect(r).toEqual({ ok: false, errors: { contract_overage_rate: "Must not be negative." } });
    const ok = validateContractStep(en, 
      { contract_name: "Support", contract_type: "block_hours", contract_hours: "7.5", contract_hourly_rate: "95.50", contract_roll_over: ["yes"], contract_billing_period: "monthly" },
      false,
    );
    expect(ok.ok && ok.value?.terms).toEqual({ hoursCentis: 750, hourlyRateCents: 9550, rollOver: true, billingPeriod: "monthly" });
  });

  it("requires the end date after the start date", () => {
    const r = validateContractStep(en, 
      { contract_name: "P", contract_type: "project_one_time", contract_amount: "100", contract_start_date: "2027-02-01", contract_end_date: "2027-01-01" },
      false,
    );
    expect(r).toEqual({ ok: false, errors: { contract_end_date: "The end date must be after the start date." } });
  });

  it("refuses an option that is not one of the type's", () => {
    const r = validateContractStep(en, { contract_name: "H", contract_type: "hourly", contract_hourly_rate: "1", contract_billing_period: "yearly" }, false);
    expect(r).toEqual({ ok: false, errors: { contract_billing_period: "Choose one of the options." } });
  });
});

describe("wizard step 3 and 4", () => {
  it("accepts only known SLA and profile ids", () => {
    expect(validateSlaStep(en, { sla_id: "s1", alert_profile_id: "p1" }, { slaIds: ["s1"], alertProfileIds: ["p1"], hasNewSla: false }).ok).toBe(true);
    expect(validateSlaStep(en, { sla_id: "zz", alert_profile_id: "p1" }, { slaIds: ["s1"], alertProfileIds: ["p1"], hasNewSla: false }).ok).toBe(false);
    expect(validateSlaStep(en, { sla_id: "new", alert_profile_id: "p1" }, { slaIds: ["s1"], alertProfileIds: ["p1"], hasNewSla: true }).ok).toBe(true);
  });

  it("requires first name, last name and a valid email; the first contact is primary by default", () => {
    const r = validateContactStep(en, { contact_first_name: "Jane", contact_last_name: "", contact_email: "jane@" });
    expect(r).toEqual({
      ok: false,
      errors: { contact_last_name: "This field is required.", contact_email: '"jane@" is not a valid email address. Use the form name@example.com.' },
    });
    const ok = validateContactStep(en, { contact_first_name: "Jane", contact_last_name: "Roe", contact_email: "Jane@Acme.com" });
    expect(ok.ok && ok.value).toMatchObject({ email: "jane@acme.com", primary: true });
    const notPrimary = validateContactStep(en, { contact_first_name: "J", contact_last_name: "R", contact_email: "j@acme.com", contact_primary: [] });
    expect(notPrimary.ok && notPrimary.value.primary).toBe(false);
  });

  it("validates a new SLA form: durations, resolution after response, working hours", () => {
    const base = {
      sla_name: "Gold",
      sla_time_zone: "Europe/Rome",
      sla_days: ["1", "2", "3", "4", "5"],
      sla_start_time: "08:00",
      sla_end_time: "18:00",
      sla_response_low: "4h",
      sla_response_medium: "2h",
      sla_response_high: "1h",
      sla_response_critical: "15m",
      sla_resolution_low: "3d",
      sla_resolution_medium: "2d",
      sla_resolution_high: "1d",
      sla_resolution_critical: "4h",
    };
    const ok = validateSlaForm(en, base);
    expect(ok.ok && ok.value.responseMinutes.critical).toBe(15);
    expect(ok.ok && ok.value.workingHours).toHaveLength(5);
    const bad = validateSlaForm(en, { ...base, sla_resolution_high: "30m", sla_end_time: "07:00", sla_time_zone: "Nowhere/City" });
    expect(!bad.ok && Object.keys(bad.errors).sort()).toEqual(["sla_end_time", "sla_resolution_high", "sla_time_zone"]);
  });
});
