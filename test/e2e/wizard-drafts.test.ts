/**
 * A wizard draft belongs to the person who opened the wizard. Its id travels in the modal's
 * private_metadata, so a signed request from anyone else can carry it: closing, navigating,
 * opening the new SLA form, adding an SLA and submitting a step with it change nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, OWNER, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import type { SlackView } from "../support/fake-slack/index.js";
import type { JsonObject } from "../support/fake-slack/json.js";
import { viewBlockActionsPayload, viewClosedPayload, viewSubmissionPayload, slackNowTs, type AppContext } from "../support/slack-payloads.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => app.close());

const ctx = (): AppContext => ({
  teamId: app.slack.teamId,
  teamDomain: app.slack.teamDomain,
  apiAppId: app.slack.appId,
  botUserId: app.slack.botUserId,
  verificationToken: "fake-verification-token",
});
const person = (id: string) => ({ id, name: id.toLowerCase() });

async function adminWizard(): Promise<SlackView> {
  await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new", { userId: ADMIN, channelId: CHANNEL }));
  const view = app.driver.currentView(ADMIN);
  if (!view) throw new Error("no wizard open");
  await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "Acme Dental", customer_domains: "acme.com" } });
  await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_skip_contract", { userId: ADMIN }));
  return app.slack.requireView(view.id); // step 3: SLA and alert thresholds
}

const draftOf = (view: SlackView) => (JSON.parse(String(view.private_metadata)) as { d: string }).d;
const button = (actionId: string, value?: string): JsonObject => ({
  type: "button",
  action_id: actionId,
  block_id: "wizard_actions",
  action_ts: slackNowTs(),
  ...(value ? { value } : {}),
});

describe("a wizard draft belongs to the person who opened it", () => {
  it("keeps an admin's draft when someone else's view_closed carries its id", async () => {
    const view = await adminWizard();
    const draftId = draftOf(view);
    for (const intruder of [TECH, OWNER]) {
      const res = await app.driver.postInteraction(viewClosedPayload(ctx(), person(intruder), view, false));
      expect(res.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 100)); // the app acks first, then deletes
    expect(await app.db.wizardDraft.findUnique({ where: { id: draftId } })).not.toBeNull();
    // The admin can still go on, and closing it themselves deletes it.
    const next = await app.driver.submitView(view.id, { userId: ADMIN });
    expect(next.outcome).toBe("updated");
    await app.driver.closeView(view.id, { userId: ADMIN });
    await eventually(async () => (await app.db.wizardDraft.count()) === 0, "the admin's own close to delete the draft");
  });

  it("opens no SLA form and touches no screen for someone else's wizard_new_sla or navigation", async () => {
    const view = await adminWizard();
    const draftId = draftOf(view);
    const before = await app.db.wizardDraft.findUniqueOrThrow({ where: { id: draftId } });
    const updatesBefore = app.slack.callsTo("views.update").length;
    for (const actionId of ["wizard_new_sla", "wizard_back", "wizard_toggle"]) {
      const trigger = app.slack.issueTriggerId(OWNER);
      const res = await app.driver.postInteraction(viewBlockActionsPayload(ctx(), person(OWNER), view, [button(actionId)], trigger));
      expect(res.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 150));
    expect(app.slack.callsTo("views.push")).toHaveLength(0);
    expect(app.slack.callsTo("views.update")).toHaveLength(updatesBefore);
    expect(app.driver.viewStack(ADMIN)).toHaveLength(1);
    const after = await app.db.wizardDraft.findUniqueOrThrow({ where: { id: draftId } });
    expect(after.data).toBe(before.data);
    // The owner's own click still opens the form.
    await andWaitFor(app, "views.push", () => app.driver.clickButton(view.id, "wizard_new_sla", { userId: ADMIN }));
  });

  it("refuses someone else's step submission with the draft's id and saves nothing of it", async () => {
    const view = await adminWizard();
    const draftId = draftOf(view);
    const before = await app.db.wizardDraft.findUniqueOrThrow({ where: { id: draftId } });
    const forged = { ...view, state: { values: { contract_name: { contract_name: { type: "plain_text_input", value: "Owned" } } } } };
    const res = await app.driver.postInteraction(viewSubmissionPayload(ctx(), person(OWNER), forged as SlackView, app.slack.issueTriggerId(OWNER)));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain("opened by someone else");
    expect((await app.db.wizardDraft.findUniqueOrThrow({ where: { id: draftId } })).data).toBe(before.data);
  });
});
