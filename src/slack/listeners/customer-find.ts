/**
 * App Home's Find a customer: the button opens a modal with a customer picker (its options:
 * customer-pickers.ts); choosing a customer shows its overview in the same modal.
 */
import type { App, BlockAction, ButtonAction, ExternalSelectAction } from "@slack/bolt";
import { t } from "../../i18n/en.js";
import type { SlackDeps } from "../context.js";
import { ActionId } from "../ids.js";
import { customerFindModal } from "../views/customer-find.js";
import { noticeView } from "../views/wizard.js";

export function registerCustomerFind(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ActionId.homeFindCustomer, async ({ ack, body, client, logger }) => {
    await ack();
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: customerFindModal() });
    } catch (error) {
      logger.error(`Opening Find a customer failed for ${body.user.id}`, error);
    }
  });

  app.action<BlockAction<ExternalSelectAction>>(ActionId.customerFindPick, async ({ ack, body, action, client, logger }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const customerId = action.selected_option?.value ?? "";
    try {
      const found = customerId ? await deps.management.card(customerId, "overview") : undefined;
      const screen = found?.tab === "overview" ? { found } : { notice: t.find.gone };
      // No hash: when a person picks twice quickly, the last choice is the one to show.
      await client.views.update({ view_id: view.id, view: customerFindModal(screen) });
    } catch (error) {
      logger.error(`Showing customer ${customerId} in Find a customer failed for ${body.user.id}`, error);
      await client.views
        .update({ view_id: view.id, view: noticeView(t.common.failedTitle, t.common.genericFailure(t.manage.doing.show)) })
        .catch(() => undefined);
    }
  });
}
