/**
 * App Home's Find a customer: the button opens a modal with a customer picker (its options:
 * customer-pickers.ts); choosing a customer shows its overview in the same modal.
 */
import type { App, BlockAction, ButtonAction, ExternalSelectAction } from "@slack/bolt";
import type { SlackDeps } from "../context.js";
import { ActionId } from "../ids.js";
import { customerFindModal } from "../views/customer-find.js";

export function registerCustomerFind(app: App, deps: SlackDeps): void {
  // Failures are answered by the failure middleware (src/slack/failures.ts): a small window over
  // App Home or over this modal.
  app.action<BlockAction<ButtonAction>>(ActionId.homeFindCustomer, async ({ ack, body, client }) => {
    await ack();
    const { t } = await deps.people.reader(body.user.id);
    await client.views.open({ trigger_id: body.trigger_id, view: customerFindModal(t) });
  });

  app.action<BlockAction<ExternalSelectAction>>(ActionId.customerFindPick, async ({ ack, body, action, client }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const { t } = await deps.people.reader(body.user.id);
    const customerId = action.selected_option?.value ?? "";
    const found = customerId ? await deps.management.card(t, customerId, "overview") : undefined;
    const screen = found?.tab === "overview" ? { found } : { notice: t.find.gone };
    // No hash: when a person picks twice quickly, the last choice is the one to show.
    await client.views.update({ view_id: view.id, view: customerFindModal(t, screen) });
  });
}
