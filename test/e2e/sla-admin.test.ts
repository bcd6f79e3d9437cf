/** /sla list, new, edit, make default, delete, summary and help, through signed requests and the fake Slack. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { defaults, forgedMessageClick, seedCustomers } from "../support/catalog-seed.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

type Block = { type: string; block_id?: string; text?: { text: string }; element?: { initial_value?: string }; elements?: { action_id: string; value?: string; confirm?: unknown }[] };
const blocksOf = (x: { blocks?: unknown }) => (x.blocks ?? []) as Block[];
const initial = (view: { blocks?: unknown }, id: string) => blocksOf(view).find((b) => b.block_id === id)?.element?.initial_value;
const allText = (x: { blocks?: unknown; text?: string }) => `${x.text ?? ""}\n${JSON.stringify(x.blocks ?? [])}`;

/** Runs a command (or click) that the app answers through response_url, and returns that ephemeral. */
async function ephemeralAfter(userId: string, action: () => Promise<unknown>) {
  const before = app.slack.ephemerals(userId).length;
  await action();
  await eventually(() => app.slack.ephemerals(userId).length > before, `an ephemeral reply to ${userId}\n${app.slack.describeCalls()}`);
  return app.slack.ephemerals(userId).at(-1)!;
}
const sla = (text: string, userId = ADMIN) => app.driver.command("/sla", text, { userId, channelId: CHANNEL });

async function openEditor(text: string) {
  await andWaitFor(app, "views.open", () => sla(text));
  const view = app.driver.currentView(ADMIN);
  if (!view) throw new Error("no editor open");
  expect(view.callback_id).toBe("sla_editor");
  return view;
}

const validNew = {
  sla_name: "Gold",
  sla_response_low: "4h",
  sla_response_medium: "2h",
  sla_response_high: "1h",
  sla_response_critical: "15m",
  sla_resolution_low: "3d",
  sla_resolution_medium: "2d",
  sla_resolution_high: "8h",
  sla_resolution_critical: "2h",
  sla_time_zone: "America/New_York",
  sla_hours_1: "08:00-18:00",
  sla_hours_2: "08:00-18:00",
  sla_hours_3: "08:00-18:00",
  sla_hours_4: "08:00-18:00",
  sla_hours_5: "08:00-16:00",
  sla_hours_6: "09:00 – 12:30",
  sla_hours_7: "",
};

describe("/sla list", () => {
  it("shows every SLA with its targets, hours and the customers that use it", async () => {
    const { sla: standard } = await defaults(app.db);
    const gold = await app.db.sla.create({
      data: {
        name: "Gold",
        nameKey: "gold",
        timeZone: "UTC",
        responseLowMinutes: 60, responseMediumMinutes: 30, responseHighMinutes: 15, responseCriticalMinutes: 5,
        resolutionLowMinutes: 480, resolutionMediumMinutes: 240, resolutionHighMinutes: 120, resolutionCriticalMinutes: 60,
        businessHours: { create: [{ weekday: 6, startMinute: 600, endMinute: 840 }] },
      },
    });
    await seedCustomers(app.db, 7, { prefix: "Std" });
    await seedCustomers(app.db, 2, { prefix: "Goldie", slaId: gold.id });
    await seedCustomers(app.db, 1, { prefix: "Gone", slaId: gold.id, archived: true });

    const reply = await ephemeralAfter(TECH, () => sla("list", TECH));
    const text = allText(reply);
    expect(text).toContain("*Standard*");
    expect(text).toContain("default for new customers");
    expect(text).toContain("Used by 7 customers: Std 001, Std 002, Std 003, Std 004, Std 005 and 2 more");
    expect(text).toContain("Used by 2 customers: Goldie 001, Goldie 002");
    expect(text).not.toContain("Gone 001"); // archived customers are not listed
    expect(text).toContain("Business hours (UTC): Sat 10:00–14:00");
    expect(text).toContain("Mon–Fri 09:00–17:00");
    expect(text).toContain("Critical 5m / 1h");
    // Everyone may look; only admins get the buttons.
    expect(text).not.toContain("sla_edit");
    expect(text).not.toContain("sla_new");

    const admin = await ephemeralAfter(ADMIN, () => sla("list"));
    const row = blocksOf(admin).find((b) => b.block_id === `sla_${gold.id}`);
    expect(row?.elements?.map((e) => e.action_id)).toEqual(["sla_edit", "sla_make_default", "sla_delete"]);
    expect(row?.elements?.[2]?.confirm).toBeTruthy();
    expect(blocksOf(admin).find((b) => b.block_id === `sla_${standard.id}`)?.elements?.map((e) => e.action_id)).toEqual(["sla_edit", "sla_delete"]);
  });

  it("stays within a message's 50 blocks with many SLAs, and counts the ones not shown", async () => {
    for (let i = 1; i <= 25; i++) {
      await app.db.sla.create({
        data: {
          name: `Tier ${String(i).padStart(2, "0")}`, nameKey: `tier ${String(i).padStart(2, "0")}`, timeZone: "UTC",
          responseLowMinutes: 60, responseMediumMinutes: 30, responseHighMinutes: 15, responseCriticalMinutes: 5,
          resolutionLowMinutes: 480, resolutionMediumMinutes: 240, resolutionHighMinutes: 120, resolutionCriticalMinutes: 60,
        },
      });
    }
    const reply = await ephemeralAfter(ADMIN, () => sla("list"));
    expect(blocksOf(reply).length).toBeLessThanOrEqual(50);
    expect(allText(reply)).toContain("…and 6 more. Type `/sla edit &lt;name&gt;` to open one."); // escaped: Slack shows <name>
  });

  it("answers help and an unknown subcommand, and keeps the summary for managers", async () => {
    expect(allText(await ephemeralAfter(TECH, () => sla("", TECH)))).toContain("/sla profiles");
    expect(allText(await ephemeralAfter(TECH, () => sla("frobnicate", TECH)))).toContain("I don't know `/sla frobnicate`");
    expect(allText(await ephemeralAfter(TECH, () => sla("summary week", TECH)))).toContain("SLA summaries are for managers");
  });
});

describe("/sla new", () => {
  it("shows every problem inline, then creates the SLA with its own hours per weekday", async () => {
    const view = await openEditor("new");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(initial(view, "sla_hours_1")).toBe("09:00–17:00");
    expect(initial(view, "sla_hours_6")).toBeUndefined();

    const bad = await app.driver.submitView(view.id, {
      userId: ADMIN,
      values: { ...validNew, sla_name: "standard", sla_hours_2: "9 to 5", sla_hours_3: "18:00-08:00", sla_resolution_high: "30m", sla_time_zone: "Mars/Base" },
    });
    expect(bad.outcome).toBe("errors");
    expect(Object.keys(bad.errors ?? {}).sort()).toEqual(["sla_hours_2", "sla_hours_3", "sla_resolution_high", "sla_time_zone"]);
    expect(bad.errors?.sla_hours_2).toContain("HH:MM-HH:MM");
    expect(bad.errors?.sla_hours_3).toContain("end after they start");

    const taken = await app.driver.submitView(view.id, { userId: ADMIN, values: { ...validNew, sla_name: "  STANDARD " } });
    expect(taken.errors?.sla_name).toContain("already exists");

    const closed = await app.driver.submitView(view.id, {
      userId: ADMIN,
      values: { ...validNew, sla_hours_1: "", sla_hours_2: "", sla_hours_3: "", sla_hours_4: "", sla_hours_5: "", sla_hours_6: "", sla_hours_7: "" },
    });
    expect(closed.errors).toEqual({ sla_hours_1: "Give at least one weekday working hours." });
    expect(await app.db.sla.count()).toBe(1);

    const before = app.slack.ephemerals(ADMIN).length;
    const ok = await app.driver.submitView(view.id, { userId: ADMIN, values: validNew });
    expect(ok.outcome).toBe("closed");
    const gold = await app.db.sla.findUniqueOrThrow({ where: { nameKey: "gold" }, include: { businessHours: { orderBy: { weekday: "asc" } } } });
    expect(gold).toMatchObject({ name: "Gold", isDefault: false, timeZone: "America/New_York", responseCriticalMinutes: 15, resolutionLowMinutes: 3 * 480 });
    expect(gold.businessHours.map((h) => [h.weekday, h.startMinute, h.endMinute])).toEqual([
      [1, 480, 1080],
      [2, 480, 1080],
      [3, 480, 1080],
      [4, 480, 1080],
      [5, 480, 960],
      [6, 540, 750],
    ]);
    await eventually(() => app.slack.ephemerals(ADMIN).length > before, "the confirmation");
    expect(app.slack.ephemerals(ADMIN).at(-1)?.text).toContain("SLA *Gold* created");

    const log = await app.db.changeLog.findFirstOrThrow({ where: { entityType: "sla", entityId: gold.id } });
    expect(log).toMatchObject({ action: "created", actorId: ADMIN });
    expect(JSON.parse(log.changes)).toMatchObject({ name: { before: null, after: "Gold" }, "hours.saturday": { before: null, after: "09:00–12:30" } });
  });

  it("refuses people who are not admins, and says why", async () => {
    for (const text of ["new", "edit Standard", "edit"]) {
      const reply = await ephemeralAfter(TECH, () => sla(text, TECH));
      expect(reply.text).toContain("Only Customer Book admins can");
    }
    expect(app.slack.callsTo("views.open")).toHaveLength(0);
  });
});

describe("/sla edit", () => {
  it("pre-fills the form, saves per-weekday hours and a new name, and keeps the id and its customers", async () => {
    const { sla: standard } = await defaults(app.db);
    await seedCustomers(app.db, 3);
    const view = await openEditor("edit   standard ");
    expect(initial(view, "sla_name")).toBe("Standard");
    expect(initial(view, "sla_response_low")).toBe("1d"); // 8 hours = one business day
    expect(initial(view, "sla_resolution_low")).toBe("5d");
    expect(initial(view, "sla_response_critical")).toBe("30m");
    expect(initial(view, "sla_time_zone")).toBe(standard.timeZone);
    expect(initial(view, "sla_hours_5")).toBe("09:00–17:00");
    expect(initial(view, "sla_hours_7")).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain("used by 3 customers");

    const r = await app.driver.submitView(view.id, {
      userId: ADMIN,
      values: { sla_name: "Standard business", sla_hours_5: "09:00-13:00", sla_hours_6: "10:00-12:00", sla_response_low: "6h" },
    });
    expect(r.outcome, JSON.stringify(r.errors)).toBe("closed");
    const after = await app.db.sla.findUniqueOrThrow({ where: { id: standard.id }, include: { businessHours: { orderBy: { weekday: "asc" } } } });
    expect(after).toMatchObject({ name: "Standard business", nameKey: "standard business", isDefault: true, responseLowMinutes: 360 });
    expect(after.businessHours.map((h) => [h.weekday, h.startMinute, h.endMinute])).toEqual([
      [1, 540, 1020],
      [2, 540, 1020],
      [3, 540, 1020],
      [4, 540, 1020],
      [5, 540, 780],
      [6, 600, 720],
    ]);
    expect(await app.db.customer.count({ where: { slaId: standard.id } })).toBe(3);
    const log = await app.db.changeLog.findFirstOrThrow({ where: { entityType: "sla", entityId: standard.id, action: "updated" } });
    expect(JSON.parse(log.changes)).toEqual({
      name: { before: "Standard", after: "Standard business" },
      responseLowMinutes: { before: 480, after: 360 },
      "hours.friday": { before: "09:00–17:00", after: "09:00–13:00" },
      "hours.saturday": { before: null, after: "10:00–12:00" },
    });
  });

  it("keeps names unique when renaming, and names the SLAs when the one asked for does not exist", async () => {
    const view = await openEditor("new");
    const created = await ephemeralAfter(ADMIN, () => app.driver.submitView(view.id, { userId: ADMIN, values: validNew }));
    expect(created.text).toContain("created");
    const edit = await openEditor("edit Gold");
    const r = await app.driver.submitView(edit.id, { userId: ADMIN, values: { sla_name: "standard" } });
    expect(r.errors?.sla_name).toBe('An SLA named "standard" already exists.');
    const missing = await ephemeralAfter(ADMIN, () => sla("edit Platinum"));
    expect(missing.text).toBe('There is no SLA named "Platinum". The SLAs are: Standard, Gold.');
    const which = await ephemeralAfter(ADMIN, () => sla("edit"));
    expect(which.text).toContain("/sla edit &lt;name&gt;");
  });
});

describe("the SLA list's buttons", () => {
  async function listMessage() {
    return ephemeralAfter(ADMIN, () => sla("list"));
  }

  it("Edit opens the editor and saving replaces the list with the new state", async () => {
    const { sla: standard } = await defaults(app.db);
    const list = await listMessage();
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(list.channel, list.messageTs, "sla_edit", { userId: ADMIN, blockId: `sla_${standard.id}` }));
    const editor = app.driver.currentView(ADMIN)!;
    expect(initial(editor, "sla_name")).toBe("Standard");
    await app.driver.submitView(editor.id, { userId: ADMIN, values: { sla_time_zone: "Europe/London" } });
    await eventually(() => app.slack.findEphemeral(list.messageTs)?.text?.includes("saved"), "the list replaced");
    const replaced = app.slack.findEphemeral(list.messageTs)!;
    expect(allText(replaced)).toContain("Business hours (Europe/London)");
    expect(allText(replaced)).toContain("SLA *Standard* saved");
  });

  it("New SLA from the list, Make default, and Delete (customers move to the default; the default stays)", async () => {
    const { sla: standard } = await defaults(app.db);
    const list = await listMessage();
    await andWaitFor(app, "views.open", () => app.driver.clickMessageButton(list.channel, list.messageTs, "sla_new", { userId: ADMIN }));
    await app.driver.submitView(app.driver.currentView(ADMIN)!.id, { userId: ADMIN, values: validNew });
    const gold = await app.db.sla.findUniqueOrThrow({ where: { nameKey: "gold" } });
    await seedCustomers(app.db, 4, { slaId: gold.id });
    await eventually(() => app.slack.findEphemeral(list.messageTs)?.text?.includes("created"), "the list replaced");

    // the default cannot be deleted while in use
    await app.driver.clickMessageButton(list.channel, list.messageTs, "sla_make_default", { userId: ADMIN, blockId: `sla_${gold.id}` });
    await eventually(() => app.slack.findEphemeral(list.messageTs)?.text?.includes("now the default"), "made default");
    expect((await app.db.sla.findMany({ where: { isDefault: true } })).map((s) => s.name)).toEqual(["Gold"]);
    await app.driver.clickMessageButton(list.channel, list.messageTs, "sla_delete", { userId: ADMIN, blockId: `sla_${gold.id}` });
    await eventually(() => app.slack.findEphemeral(list.messageTs)?.text?.includes("cannot be deleted"), "refused");
    expect(app.slack.findEphemeral(list.messageTs)?.text).toContain("*Gold* is the default SLA and 4 customers use it");
    expect(await app.db.sla.count({ where: { id: gold.id } })).toBe(1);

    // back to Standard as default; Gold can go, its customers move to Standard
    await app.driver.clickMessageButton(list.channel, list.messageTs, "sla_make_default", { userId: ADMIN, blockId: `sla_${standard.id}` });
    await eventually(() => app.slack.findEphemeral(list.messageTs)?.text?.includes("*Standard* is now the default"), "made default");
    await app.driver.clickMessageButton(list.channel, list.messageTs, "sla_delete", { userId: ADMIN, blockId: `sla_${gold.id}` });
    await eventually(() => app.slack.findEphemeral(list.messageTs)?.text?.includes("*Gold* deleted"), "deleted");
    expect(app.slack.findEphemeral(list.messageTs)?.text).toContain("Its 4 customers now use *Standard*");
    expect(await app.db.sla.count()).toBe(1);
    expect(await app.db.customer.count({ where: { slaId: standard.id } })).toBe(4);
    const actions = (await app.db.changeLog.findMany({ where: { entityType: "sla" }, orderBy: { createdAt: "asc" } })).map((c) => c.action);
    expect(actions).toEqual(expect.arrayContaining(["created", "default_set", "default_unset", "deleted"]));
    expect(await app.db.changeLog.count({ where: { entityType: "customer", action: "updated" } })).toBe(4);
  });

  it("Alert profiles switches the message to the profile list", async () => {
    const list = await listMessage();
    await app.driver.clickMessageButton(list.channel, list.messageTs, "sla_show_profiles", { userId: ADMIN });
    await eventually(() => app.slack.findEphemeral(list.messageTs)?.text?.includes("Alert threshold profiles"), "switched");
  });

  it("refuses a click from someone who is not an admin (a stale or forged button)", async () => {
    const gold = await app.db.sla.create({
      data: {
        name: "Gold", nameKey: "gold", timeZone: "UTC",
        responseLowMinutes: 60, responseMediumMinutes: 30, responseHighMinutes: 15, responseCriticalMinutes: 5,
        resolutionLowMinutes: 480, resolutionMediumMinutes: 240, resolutionHighMinutes: 120, resolutionCriticalMinutes: 60,
      },
    });
    for (const action of ["sla_make_default", "sla_delete", "sla_edit"]) {
      const before = app.slack.responseUrlPosts().length;
      await forgedMessageClick(app.slack, app.driver, CHANNEL, TECH, action, gold.id);
      await eventually(() => app.slack.responseUrlPosts().length > before, "an answer");
      expect(JSON.stringify(app.slack.responseUrlPosts().at(-1)?.body)).toContain("Only Customer Book admins can");
    }
    expect(await app.db.sla.findUniqueOrThrow({ where: { id: gold.id } })).toMatchObject({ isDefault: false });
    expect(app.slack.callsTo("views.open")).toHaveLength(0);
  });
});
