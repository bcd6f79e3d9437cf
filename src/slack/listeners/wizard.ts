/**
 * The onboarding wizard's interactions: step submissions, Back / Show more / Skip buttons,
 * the contract type select, the pushed "new SLA" form, and closing the modal.
 * Thin: read Slack's payload, call OnboardingService, render with the view builders.
 */
import type { AckFn, App, BlockAction, ViewResponseAction, ViewSubmitAction, ViewClosedAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Catalog } from "../../i18n/catalog.js";
import type { Navigation, StepOutcome, WizardScreen } from "../../services/onboarding/service.js";
import type { ExpandableSection } from "../../services/onboarding/draft.js";
import type { SlackDeps } from "../context.js";
import { ActionId, CallbackId } from "../ids.js";
import { decodeMetadata, newSlaMetadata, wizardMetadata } from "../metadata.js";
import { actionKey } from "../request-keys.js";
import { readValues, type ViewState } from "../state.js";
import { newSlaView, noticeView, wizardView } from "../views/wizard.js";
import { customerCreatedMessage } from "../views/customer-card.js";

type ViewAck = AckFn<ViewResponseAction>;

async function answerOutcome(t: Catalog, outcome: StepOutcome, ack: ViewAck, client: WebClient, deps: SlackDeps, userId: string): Promise<void> {
  switch (outcome.kind) {
    case "errors":
      return ack({ response_action: "errors", errors: outcome.errors });
    case "screen":
      return ack({ response_action: "update", view: wizardView(t, outcome.screen) });
    case "expired":
      return ack({ response_action: "update", view: noticeView(t, t.wizard.expiredTitle, t.wizard.expired) });
    case "not_owner":
      deps.logger.warn(`${userId} sent the wizard draft of someone else; nothing was changed`);
      return ack({ response_action: "update", view: noticeView(t, t.wizard.expiredTitle, t.wizard.notYours) });
    case "created": {
      await ack({ response_action: "update", view: noticeView(t, t.wizard.createdTitle, t.wizard.createdBody(outcome.customer.name)) });
      if (!outcome.firstTime) return; // a repeated submit: the summary went out the first time
      try {
        const dm = await client.conversations.open({ users: userId });
        const message = customerCreatedMessage(t, outcome.customer, userId);
        await client.chat.postMessage({ channel: dm.channel?.id ?? userId, ...message });
      } catch (error) {
        deps.logger.warn(`Customer ${outcome.customer.id} created, but the summary DM to ${userId} failed`, error);
      }
      return;
    }
  }
}

async function showScreen(t: Catalog, client: WebClient, viewId: string, hash: string | undefined, screen: WizardScreen | undefined): Promise<void> {
  const view = screen ? wizardView(t, screen) : noticeView(t, t.wizard.expiredTitle, t.wizard.expired);
  await client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view });
}

/** Someone sent another person's draft id (a forged request): that person's modal is left alone. */
function notYours(deps: SlackDeps, userId: string, draftId: string, what: string): void {
  deps.logger.warn(`${userId} tried to ${what} with the wizard draft ${draftId} of someone else; nothing was changed`);
}

export function registerWizard(app: App, deps: SlackDeps): void {
  // Failures are answered by src/slack/failures.ts: a step that fails keeps the modal open with
  // the message under its first field, to try again; a failed button shows it in a small window.
  app.view<ViewSubmitAction>(CallbackId.customerWizard, async ({ ack, body, view, client }) => {
    const { t } = await deps.people.reader(body.user.id);
    const meta = decodeMetadata(wizardMetadata, view.private_metadata);
    if (!meta) return ack({ response_action: "update", view: noticeView(t, t.wizard.expiredTitle, t.wizard.expired) });
    // Rights are checked again on every step: an admin may have been demoted since /customer new.
    if (!(await deps.admins.isAdmin(body.user.id))) {
      return ack({ response_action: "update", view: noticeView(t, t.wizard.expiredTitle, t.admin.onlyAdmins(t.admin.createCustomers)) });
    }
    const values = readValues(view.state as ViewState);
    const outcome = await deps.onboarding.submitStep(t, meta.d, body.user.id, meta.s, values, deps.clock());
    await answerOutcome(t, outcome, ack, client, deps, body.user.id);
  });

  app.view<ViewClosedAction>({ callback_id: CallbackId.customerWizard, type: "view_closed" }, async ({ ack, body, view, logger }) => {
    await ack();
    const meta = decodeMetadata(wizardMetadata, view.private_metadata);
    if (!meta) return;
    // Nobody is left to tell: the modal is gone (a failure is logged). An undeleted draft expires after 24 hours.
    const deleted = await deps.onboarding.cancel(meta.d, body.user.id);
    if (deleted === false) logger.debug(`Wizard draft ${meta.d} closed by ${body.user.id}: none of theirs to delete`);
  });

  const navigate = (nav: (action: BlockAction["actions"][number]) => Navigation) =>
    async ({ ack, body, action, client }: { ack: () => Promise<void>; body: BlockAction; action: BlockAction["actions"][number]; client: WebClient }) => {
      await ack();
      const view = body.view;
      const meta = decodeMetadata(wizardMetadata, view?.private_metadata);
      if (!view || !meta) return;
      const { t } = await deps.people.reader(body.user.id);
      const values = readValues(view.state as ViewState);
      // A replayed click moves nothing (Show more toggles: twice would undo it).
      const claimed = await deps.claims.once(actionKey(body, action), () => deps.onboarding.navigate(meta.d, body.user.id, meta.s, values, nav(action), deps.clock()));
      if (claimed.kind === "repeat") return;
      const outcome = claimed.value;
      if (outcome.kind === "not_owner") return notYours(deps, body.user.id, meta.d, "move between steps");
      await showScreen(t, client, view.id, view.hash, outcome.kind === "screen" ? outcome.screen : undefined);
    };

  app.action<BlockAction>(ActionId.wizardBack, navigate(() => ({ kind: "back" })));
  app.action<BlockAction>(ActionId.wizardSkipContract, navigate(() => ({ kind: "skip_contract" })));
  app.action<BlockAction>(ActionId.contractType, navigate(() => ({ kind: "refresh" })));
  app.action<BlockAction>(
    ActionId.wizardToggle,
    navigate((action) => ({ kind: "toggle", section: ("value" in action ? action.value : "customer") as ExpandableSection })),
  );

  app.action<BlockAction>(ActionId.wizardNewSla, async ({ ack, body, client }) => {
    await ack();
    const view = body.view;
    const meta = decodeMetadata(wizardMetadata, view?.private_metadata);
    if (!view || !meta) return;
    const { t } = await deps.people.reader(body.user.id);
    const allowed = await deps.onboarding.slaFormAllowed(meta.d, body.user.id, deps.clock());
    if (allowed.kind === "not_owner") return notYours(deps, body.user.id, meta.d, "open the new SLA form");
    if (allowed.kind === "expired") return await showScreen(t, client, view.id, view.hash, undefined);
    await client.views.push({
      trigger_id: body.trigger_id,
      view: newSlaView(t, { draftId: meta.d, parentViewId: view.id, defaultTimeZone: deps.defaultTimeZone }),
    });
  });

  app.view<ViewSubmitAction>(CallbackId.wizardNewSla, async ({ ack, body, view, client }) => {
    const { t } = await deps.people.reader(body.user.id);
    const meta = decodeMetadata(newSlaMetadata, view.private_metadata);
    if (!meta) return ack({ response_action: "update", view: noticeView(t, t.wizard.expiredTitle, t.wizard.expired) });
    const outcome = await deps.onboarding.addNewSla(t, meta.d, body.user.id, readValues(view.state as ViewState), deps.clock());
    if (outcome.kind === "errors") return ack({ response_action: "errors", errors: outcome.errors });
    if (outcome.kind === "not_owner") {
      notYours(deps, body.user.id, meta.d, "add a new SLA");
      return ack({ response_action: "update", view: noticeView(t, t.wizard.expiredTitle, t.wizard.notYours) });
    }
    await ack(); // closes the SLA form; the wizard below shows the new SLA selected
    if (outcome.kind === "screen") await client.views.update({ view_id: meta.parent, view: wizardView(t, outcome.screen) });
  });
}
