/**
 * Every customer picker's options: the ticket modal's Customer, a triage ticket's "Choose the
 * customer" (on its message and on its card) and App Home's Find a customer. Each is an
 * external_select: as a person types, Slack sends block_suggestion and shows what the app answers
 * (within 3 seconds, at most 100 options of at most 75 characters). The answer is the customer
 * search, best matches first, each option saying why it matched when it was not the name.
 */
import type { App } from "@slack/bolt";
import { TicketField } from "../../services/tickets/forms.js";
import type { SlackDeps } from "../context.js";
import { boundedQuery } from "../command-text.js";
import { ActionId } from "../ids.js";
import { customerOptions } from "../views/customer-list.js";

export const CUSTOMER_PICKERS = [TicketField.customer, ActionId.ticketCustomer, ActionId.customerFindPick] as const;

export function registerCustomerPickers(app: App, deps: SlackDeps): void {
  for (const actionId of CUSTOMER_PICKERS) {
    // What was typed is cut to MAX_QUERY (command-text.ts). A failure is logged with a ref and
    // answered with no options by the failure middleware (src/slack/failures.ts).
    app.options(actionId, async ({ ack, body }) => {
      const { t } = await deps.people.reader(body.user?.id);
      await ack({ options: customerOptions(t, await deps.management.pick(boundedQuery(body.value))) });
    });
  }
}
