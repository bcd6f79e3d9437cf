import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, OWNER, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { blocksOf, click, command } from "../support/customer-ui.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

async function editPhone(userId: string, phone: string) {
  await andWaitFor(app, "views.open", () => app.driver.command("/customer", "edit Acme Dental", { userId }));
  const view = app.driver.currentView(userId)!;
  const before = app.slack.responseUrlPosts().length;
  const r = await app.driver.submitView(view.id, { userId, values: { customer_phone: phone } });
  expect(r.outcome, JSON.stringify(r.errors)).toBe("closed");
  await eventually(() => app.slack.responseUrlPosts()[before], "the card");
}

const entries = (m: { blocks?: unknown }) => blocksOf(m).filter((b) => b.type === "section" && / by <@/.test(b.text?.text ?? ""));

describe("/customer history", () => {
  it("shows the recent changes, newest first: who, when, and each field before and after", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"], createdBy: ADMIN });
    await editPhone(ADMIN, "+39 06 1");
    await editPhone(OWNER, "+39 06 2");
    const card = await command(app, ADMIN, "show Acme Dental");
    await click(app, ADMIN, card, "customer_archive");

    const history = await command(app, TECH, "history acme dental");
    expect(blocksOf(history.message)[0]?.text?.text).toBe("Acme Dental");
    const lines = entries(history.message).map((b) => b.text!.text);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\*Customer\* archived by <@U0ADMIN001> · <!date\^\d+\^\{date_short_pretty\} \{time\}\|/);
    expect(lines[1]).toMatch(/^\*Customer\* changed by <@U0OWNER001>/);
    expect(lines[1]).toContain("• Phone: “+39 06 1” → “+39 06 2”");
    expect(lines[2]).toContain("• Phone: — → “+39 06 1”");
    expect(lines[3]).toMatch(/^\*Customer\* added by <@U0ADMIN001>/);
    // The History tab of the card is the same list; an archived customer keeps its history.
    const tab = await click(app, TECH, await command(app, TECH, "show Acme Dental"), "customer_tab_history");
    expect(entries(tab.message).map((b) => b.text!.text)).toEqual(lines);
  });

  it("pages through a long history, 15 changes at a time", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    for (let i = 1; i <= 16; i++) await editPhone(ADMIN, `+39 06 ${i}`);
    const first = await command(app, TECH, "history Acme Dental");
    expect(entries(first.message)).toHaveLength(15);
    expect(first.text).toContain("1–15 of 17");
    expect(entries(first.message)[0]?.text?.text).toContain("→ “+39 06 16”");
    const older = await click(app, TECH, first, "customer_page_next");
    expect(entries(older.message).map((b) => b.text!.text)).toEqual([expect.stringContaining("→ “+39 06 1”"), expect.stringMatching(/added by/)]);
    expect(blocksOf(first.message).length).toBeLessThanOrEqual(50);
  });

  it("offers a choice for an ambiguous name and says when nothing matches", async () => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const other = await seedCustomer(app.db, { name: "Acme Legal", domains: ["acmelegal.it"] });
    const choice = await command(app, TECH, "history acme");
    const picks = blocksOf(choice.message).filter((b) => b.block_id?.startsWith("pick_"));
    expect(picks.map((b) => b.accessory?.value)).toContain(`history:${other.id}`);
    expect(picks.every((b) => (b.accessory as { text?: { text: string } })?.text?.text === "History")).toBe(true);
    const shown = await click(app, TECH, choice, "customer_pick", { blockId: `pick_${other.id}` });
    expect(shown.text).toMatch(/\*Customer\* added by/);
    expect((await command(app, TECH, "history nothing like it")).text).toContain("No customer matches");
  });
});
