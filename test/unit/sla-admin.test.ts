/** Pure parts of SLA and alert profile administration and App Home: parsing, validation, diffs, view limits. */
import { describe, expect, it } from "vitest";
import { formatHoursRange, parseHoursRange, defaultSla } from "../../src/domain/sla.js";
import { defaultAlertProfile } from "../../src/domain/alert-profile.js";
import { validateSlaForm } from "../../src/services/onboarding/validate.js";
import { validateAlertProfileForm, validateWeekdayHours } from "../../src/services/slas/validate.js";
import { alertProfileFormValues, slaFormValues } from "../../src/services/slas/fields.js";
import { appeared, diff } from "../../src/domain/changes.js";
import { flattenAlertProfile, flattenSla } from "../../src/services/slas/changes.js";
import { hoursSummary, slaEditorView, slaListMessage, slaListModal } from "../../src/slack/views/sla.js";
import { alertProfileEditorView, alertProfileListMessage } from "../../src/slack/views/alert-profiles.js";
import { homeView } from "../../src/slack/views/home.js";
import type { SlaListItem } from "../../src/repositories/slas.js";
import type { AlertProfileListItem } from "../../src/repositories/alert-profiles.js";
import type { HomeData } from "../../src/services/home.js";
import { en } from "../../src/i18n/en.js";
import { it as italian } from "../../src/i18n/it.js";
import type { Catalog } from "../../src/i18n/catalog.js";

/** Each view is checked against Slack's limits in both languages: Italian is longer. */
const BOTH: [string, Catalog][] = [
  ["en", en],
  ["it", italian],
];

describe("weekday hours", () => {
  it("reads a range in the forms people type, and formats it back", () => {
    expect(parseHoursRange("09:00-17:00")).toEqual({ ok: true, hours: { startMinute: 540, endMinute: 1020 } });
    expect(parseHoursRange(" 9:30 – 12:00 ")).toEqual({ ok: true, hours: { startMinute: 570, endMinute: 720 } });
    expect(parseHoursRange("08:00 to 24:00")).toEqual({ ok: true, hours: { startMinute: 480, endMinute: 1440 } });
    expect(parseHoursRange("")).toEqual({ ok: true, hours: undefined });
    expect(parseHoursRange("17:00-09:00")).toEqual({ ok: false, reason: "end_before_start" });
    expect(parseHoursRange("9-5")).toEqual({ ok: false, reason: "invalid" });
    expect(parseHoursRange("25:00-26:00")).toEqual({ ok: false, reason: "invalid" });
    expect(parseHoursRange(formatHoursRange(540, 1020))).toEqual({ ok: true, hours: { startMinute: 540, endMinute: 1020 } });
  });

  it("needs at least one open day and reports each bad row on its own block", () => {
    expect(validateWeekdayHours(en, {})).toEqual({ ok: false, errors: { sla_hours_1: "Give at least one weekday working hours." } });
    const r = validateWeekdayHours(en, { sla_hours_2: "nine to five", sla_hours_4: "12:00-11:00", sla_hours_7: "10:00-11:00" });
    expect(r.ok ? [] : Object.keys(r.errors)).toEqual(["sla_hours_2", "sla_hours_4"]);
    expect(validateWeekdayHours(en, { sla_hours_7: "10:00-11:00" })).toEqual({ ok: true, value: [{ weekday: 7, startMinute: 600, endMinute: 660 }] });
  });

  it("summarises consecutive days with the same hours", () => {
    const h = (weekday: number, s: number, e: number) => ({ weekday, startMinute: s * 60, endMinute: e * 60 });
    expect(hoursSummary(en, [h(1, 9, 17), h(2, 9, 17), h(3, 9, 17), h(5, 9, 17), h(6, 9, 12)])).toBe("Mon–Wed 09:00–17:00 · Fri 09:00–17:00 · Sat 09:00–12:00");
    expect(hoursSummary(en, [])).toBe("none");
  });
});

describe("validateSlaForm per weekday", () => {
  it("round-trips an SLA through the editor's values, ignoring the wizard's one-range fields", () => {
    const sla = { ...defaultSla("Europe/Rome"), workingHours: [{ weekday: 6, startMinute: 600, endMinute: 720 }] };
    const r = validateSlaForm(en, { ...slaFormValues(sla), sla_days: [], sla_start_time: "bad" }, "per_weekday");
    expect(r).toEqual({ ok: true, value: sla });
  });

  it("still validates the wizard's form the old way by default", () => {
    const r = validateSlaForm(en, slaFormValues(defaultSla("UTC")));
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(["sla_days", "sla_end_time", "sla_start_time"]);
  });
});

describe("validateAlertProfileForm", () => {
  it("round-trips the default profile", () => {
    expect(validateAlertProfileForm(en, alertProfileFormValues(defaultAlertProfile()))).toEqual({ ok: true, value: defaultAlertProfile() });
  });

  it("checks ranges and that a more severe level needs a worse value, per direction", () => {
    const r = validateAlertProfileForm(en, {
      alert_profile_name: "",
      alert_cpu_percent_information: "50",
      alert_cpu_percent_warning: "50",
      alert_disk_free_percent_warning: "10",
      alert_disk_free_percent_critical: "20",
      alert_agent_offline_minutes_critical: "0",
      alert_memory_percent_critical: "-3",
    });
    expect(r.ok ? {} : r.errors).toEqual({
      alert_profile_name: "This field is required.",
      alert_cpu_percent_warning: "Must be higher than Information (50): a more severe alert needs a worse value.",
      alert_disk_free_percent_critical: "Must be lower than Warning (10): a more severe alert needs a worse value.",
      alert_agent_offline_minutes_critical: "Enter a whole number from 1 to 10,080.",
      alert_memory_percent_critical: "Enter a whole number from 0 to 100.",
    });
    expect(validateAlertProfileForm(en, { alert_profile_name: "Silent" })).toEqual({ ok: true, value: { name: "Silent", thresholds: [] } });
  });
});

describe("change-log diffs", () => {
  it("keeps only what changed, null for what was not there", () => {
    const before = defaultSla("UTC");
    const after = { ...before, timeZone: "Europe/Rome", workingHours: before.workingHours.slice(1) };
    expect(diff(flattenSla(before), flattenSla(after))).toEqual({
      timeZone: { before: "UTC", after: "Europe/Rome" },
      "hours.monday": { before: "09:00–17:00", after: null },
    });
    expect(Object.keys(appeared(flattenAlertProfile(defaultAlertProfile())))).toHaveLength(9); // name + 8 thresholds; empty levels are left out
  });
});

function slaItem(i: number, isDefault = false): SlaListItem {
  return { ...defaultSla("UTC"), name: `SLA ${"x".repeat(110)} ${i}`, id: `id-${i}`, isDefault, customerCount: 900, customerNames: Array.from({ length: 5 }, () => "n".repeat(120)) };
}
function profileItem(i: number): AlertProfileListItem {
  return { ...defaultAlertProfile(), name: `P${i}`, id: `p-${i}`, isDefault: i === 0, customerCount: 3, customerNames: ["A", "B", "C"] };
}

describe("view limits", () => {
  it.each(BOTH)("keeps lists within a message's 50 blocks and a modal's 100, with long names (%s)", (_language, en) => {
    const items = Array.from({ length: 60 }, (_, i) => slaItem(i, i === 0));
    expect(slaListMessage(en, items, { isAdmin: true, notice: "n" }).blocks.length).toBeLessThanOrEqual(50);
    expect(slaListModal(en, items, { isAdmin: true }).blocks.length).toBeLessThanOrEqual(100);
    expect(alertProfileListMessage(en, Array.from({ length: 60 }, (_, i) => profileItem(i)), { isAdmin: true }).blocks.length).toBeLessThanOrEqual(50);
  });

  it("shows names people typed as text, never as markup or mentions", () => {
    const item = { ...slaItem(1), name: "R&D <!channel>", customerNames: ["<@U1> & co"], customerCount: 1 };
    const text = JSON.stringify(slaListMessage(en, [item], { isAdmin: false }).blocks);
    expect(text).toContain("*R&amp;D &lt;!channel&gt;*");
    expect(text).toContain("&lt;@U1&gt; &amp; co");
  });

  it.each(BOTH)("editors have short titles and few blocks (%s)", (_language, en) => {
    const sla = slaEditorView(en, { meta: { k: "c", r: "https://hooks.slack.com/commands/T/1/x" }, defaultTimeZone: "UTC", editing: { name: "x".repeat(120), customers: 3 } });
    expect(sla.blocks.length).toBe(20);
    expect(sla.title.text.length).toBeLessThanOrEqual(24);
    const profile = alertProfileEditorView(en, { meta: { k: "v", v: "V1" } });
    expect(profile.blocks.length).toBe(18);
    expect(profile.title.text.length).toBeLessThanOrEqual(24);
    expect(alertProfileEditorView(en, { meta: { k: "v", v: "V1" }, editing: { name: "a", customers: 0 } }).title.text.length).toBeLessThanOrEqual(24);
  });

  it.each(BOTH)("builds a home view far below 100 blocks with every list full (%s)", (_language, en) => {
    const now = new Date("2027-01-01T12:00:00Z");
    const data: HomeData = {
      isAdmin: true,
      query: "q".repeat(100),
      offset: 20,
      customers: { total: 100_000, items: Array.from({ length: 20 }, (_, i) => ({ id: `${i}`, name: "c".repeat(120), domains: Array(20).fill("d".repeat(60)), archivedAt: null })) },
      dashboard: {
        counts: { customers: 100_000, archivedCustomers: 5, contacts: 300_000, contractsByType: { retainer: 5, hourly: 2, legacy_type: 1 }, tickets: { open: 123_456, pending: 789, unassigned: 12 } },
        recentCustomers: Array.from({ length: 8 }, (_, i) => ({ id: `${i}`, name: "r".repeat(120), createdAt: now, updatedAt: now })),
        recentImports: [],
      },
    };
    const view = homeView(en, data, now);
    expect(view.blocks.length).toBeLessThanOrEqual(50);
    expect((view.private_metadata ?? "").length).toBeLessThan(3000);
    expect(JSON.stringify(view.blocks)).toContain("legacy_type *1*");
  });
});
