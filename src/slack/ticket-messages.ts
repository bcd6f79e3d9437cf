// SKELETON (being written by the tickets-UI engineer): posts and updates ticket messages.
import type { TicketNotifier } from "../services/tickets/notifier.js";
import type { TicketRecord } from "../repositories/tickets.js";
import type { FeatureContext } from "../features.js";

export function createTicketNotifier(ctx: Omit<FeatureContext, "notifier">): TicketNotifier {
  void ctx;
  return {
    async opened(_ticket: TicketRecord) {},
    async changed(_ticket: TicketRecord) {},
  };
}
