/** Alert threshold profiles: /sla profiles, new, edit, make default, delete, through signed requests and the fake Slack. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { defaults, forgedMessageClick, seedCustomers } from "../support/catalog-seed.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

type Block = { block_id?: string; element?: { initial_value?: string }; elements?: { action_id: string }[] };
const blocksOf = (x: { blocks?: unknown }) => (x.blocks ?? []) as Block[];
const initial = (view: { blocks?: unknown }, id: string) => blocksOf(view).find((b) => b.block_id === id)?.element?.initial_value;
const allText = (x: { blocks?: unknown; text?: string }) => `${x.text ?? ""}\n${JSON.stringify(x.blocks ?? [])}`;

async function ephemeralAfter(userId: string, action: () => Promise<unknown>) {
  const before = app.slack.ephemerals(userId).length;
  await action();
  await eventually(() => app.slack.ephemerals(userId).length > before, `an ephemeral reply to ${userId}\n${app.slack.describeCalls()}`);
  return app.slack.ephemerals(userId).at(-1)!;
}
const sla = (text: string, userId = ADMIN) => app.driver.command("/sla", text, { userId, channelId: CHANNEL });

/** Submits an editor opened from a command and waits for the confirmation it posts. */
async function saveFromCommand(viewId: string, values: Record<string, string>) {
  const r = await ephemeralAfter(ADMIN, () => app.driver.submitView(viewId, { userId: ADMIN, values }));
  expect(r.text).toMatch(/saved|created/);
  return r;
}

async function openEditor(text: string) {
  await andWaitFor(app, "views.open", () => sla(text));
  const view = app.driver.currentView(ADMIN)!;
  expect(view.callback_id).toBe("alert_profile_editor");
  return view;
}

const servers = {
  alert_profile_name: "Servers",
  alert_cpu_percent_warning: "80",
  alert_cpu_percent_critical: "90",
  alert_disk_free_percent_information: "30",
  alert_disk_free_percent_warning: "20",
  alert_disk_free_percent_critical: "10",
  alert_agent_offline_minutes_critical: "5",
};

describe("/sla profiles", () => {
  it("lists the profiles with their thresholds and the customers that use them; buttons only for admins", async () => {
    await seedCustomers(app.db, 2, { prefix: "Acme" });
    const reply = await ephemeralAfter(TECH, () => sla("profiles", TECH));
    const text = allText(reply);
    expect(text).toContain("Alert threshold profiles");
    expect(text).toContain("CPU usage: Warning ≥ 85% · Critical ≥ 95%");
    expect(text).toContain("Free disk space: Warning ≤ 15% · Critical ≤ 5%");
    expect(text).toContain("Agent offline: Warning ≥ 15 min · Critical ≥ 60 min");
    expect(text).toContain("Used by 2 customers: Acme 001, Acme 002");
    expect(text).not.toContain("alert_profile_edit");
    const admin = await ephemeralAfter(ADMIN, () => sla("profiles"));
    expect(allText(admin)).toContain("alert_profile_edit");
    expect(allText(admin)).toContain("alert_profile_new");
  });

  it("creates a profile: whole numbers in range, each severity worse than the one below", async () => {
    const view = await openEditor("profiles new");
    const bad = await app.driver.submitView(view.id, {
      userId: ADMIN,
      values: {
        ...servers,
        alert_profile_name: "standard",
        alert_cpu_percent_critical: "75",
        alert_memory_percent_warning: "120",
        alert_memory_percent_critical: "9.5",
        alert_disk_free_percent_critical: "25",
        alert_agent_offline_minutes_warning: "soon",
      },
    });
    expect(bad.outcome).toBe("errors");
    expect(bad.errors).toEqual({
      alert_cpu_percent_critical: "Must be higher than Warning (80): a more severe alert needs a worse value.",
      alert_memory_percent_warning: "Enter a whole number from 0 to 100.",
      alert_memory_percent_critical: "Enter a whole number from 0 to 100.",
      alert_disk_free_percent_critical: "Must be lower than Warning (20): a more severe alert needs a worse value.",
      alert_agent_offline_minutes_warning: "Enter a whole number, such as 3.",
    });
    const cleared = { alert_memory_percent_warning: "", alert_memory_percent_critical: "", alert_agent_offline_minutes_warning: "" };
    const taken = await app.driver.submitView(view.id, { userId: ADMIN, values: { ...servers, ...cleared, alert_profile_name: " STANDARD" } });
    expect(taken.errors).toEqual({ alert_profile_name: 'An alert profile named "STANDARD" already exists.' });

    await saveFromCommand(view.id, servers);
    expect(app.driver.currentView(ADMIN)).toBeUndefined();
    const p = await app.db.alertThresholdProfile.findUniqueOrThrow({ where: { nameKey: "servers" }, include: { thresholds: true } });
    expect(p.isDefault).toBe(false);
    expect(p.thresholds.map((x) => `${x.metric}.${x.severity}=${x.value}`).sort()).toEqual([
      "agent_offline_minutes.critical=5",
      "cpu_percent.critical=90",
      "cpu_percent.warning=80",
      "disk_free_percent.critical=10",
      "disk_free_percent.information=30",
      "disk_free_percent.warning=20",
    ]);
    const log = await app.db.changeLog.findFirstOrThrow({ where: { entityType: "alert_profile", entityId: p.id } });
    expect(log).toMatchObject({ action: "created", actorId: ADMIN });
    expect(JSON.parse(log.changes)["cpu_percent.warning"]).toEqual({ before: null, after: 80 });
  });

  it("edits a profile: pre-filled, saved over the same id, changes logged", async () => {
    const { profile } = await defaults(app.db);
    const view = await openEditor("profiles edit standard");
    expect(initial(view, "alert_profile_name")).toBe("Standard");
    expect(initial(view, "alert_cpu_percent_warning")).toBe("85");
    expect(initial(view, "alert_agent_offline_minutes_critical")).toBe("60");
    expect(initial(view, "alert_cpu_percent_information")).toBeUndefined();
    await saveFromCommand(view.id, { alert_profile_name: "Workstations", alert_cpu_percent_information: "70", alert_memory_percent_warning: "" });
    const after = await app.db.alertThresholdProfile.findUniqueOrThrow({ where: { id: profile.id }, include: { thresholds: true } });
    expect(after).toMatchObject({ name: "Workstations", nameKey: "workstations", isDefault: true });
    expect(after.thresholds).toHaveLength(8);
    const log = await app.db.changeLog.findFirstOrThrow({ where: { entityType: "alert_profile", entityId: profile.id, action: "updated" } });
    expect(JSON.parse(log.changes)).toEqual({
      name: { before: "Standard", after: "Workstations" },
      "cpu_percent.information": { before: null, after: 70 },
      "memory_percent.warning": { before: 85, after: null },
    });
    const missing = await ephemeralAfter(ADMIN, () => sla("profiles edit Nope"));
    expect(missing.text).toBe('There is no alert profile named "Nope". The profiles are: Workstations.');
  });

  it("makes another profile the default, refuses to delete the default while in use, and deletes the other", async () => {
    const { profile: standard } = await defaults(app.db);
    const view = await openEditor("profiles new");
    await saveFromCommand(view.id, servers);
    const srv = await app.db.alertThresholdProfile.findUniqueOrThrow({ where: { nameKey: "servers" } });
    await seedCustomers(app.db, 3, { prefix: "Std" });
    await seedCustomers(app.db, 2, { prefix: "Srv", alertProfileId: srv.id });

    const list = await ephemeralAfter(ADMIN, () => sla("profiles"));
    const shown = () => app.slack.findEphemeral(list.messageTs)?.text ?? "";
    const click = (actionId: string, id: string) => app.driver.clickMessageButton(list.channel, list.messageTs, actionId, { userId: ADMIN, blockId: `alert_profile_${id}` });

    await click("alert_profile_delete", standard.id);
    await eventually(() => shown().includes("cannot be deleted"), "refused");
    expect(shown()).toBe(
      ":no_entry: *Standard* is the default alert profile and 3 customers use it, so it cannot be deleted. Make another profile the default first (Make default); deleting Standard then moves its customers to the new default.",
    );
    expect(await app.db.alertThresholdProfile.count()).toBe(2);

    await click("alert_profile_make_default", srv.id);
    await eventually(() => shown().includes("*Servers* is now the default"), "made default");
    expect((await app.db.alertThresholdProfile.findMany({ where: { isDefault: true } })).map((p) => p.name)).toEqual(["Servers"]);

    await click("alert_profile_delete", srv.id);
    await eventually(() => shown().includes("cannot be deleted"), "refused again");

    await click("alert_profile_delete", standard.id);
    await eventually(() => shown().includes("*Standard* deleted"), "deleted");
    expect(shown()).toContain("Alert profile *Standard* deleted. Its 3 customers now use *Servers*.");
    expect(await app.db.customer.count({ where: { alertProfileId: srv.id } })).toBe(5);
    expect(await app.db.changeLog.count({ where: { entityType: "alert_profile", action: "deleted", entityId: standard.id } })).toBe(1);
    expect(await app.db.changeLog.count({ where: { entityType: "customer", action: "updated" } })).toBe(3);
  });

  it("refuses people who are not admins: new, edit, and forged clicks", async () => {
    for (const text of ["profiles new", "profiles edit Standard"]) {
      expect((await ephemeralAfter(TECH, () => sla(text, TECH))).text).toContain("Only Customer Book admins can");
    }
    const { profile } = await defaults(app.db);
    const before = app.slack.responseUrlPosts().length;
    await forgedMessageClick(app.slack, app.driver, CHANNEL, TECH, "alert_profile_delete", profile.id);
    await eventually(() => app.slack.responseUrlPosts().length > before, "an answer");
    expect(JSON.stringify(app.slack.responseUrlPosts().at(-1)?.body)).toContain("Only Customer Book admins can delete alert threshold profiles");
    expect(await app.db.alertThresholdProfile.count()).toBe(1);
    expect(app.slack.callsTo("views.open")).toHaveLength(0);
  });
});
