/** How the ticket services tell people about tickets; the Slack implementation posts to the tickets channel. */
import type { Text } from "../../i18n/mrkdwn.js";
import type { TicketRecord } from "../../repositories/tickets.js";

export interface TicketNotifier {
  /** A new ticket: post its message (key facts and buttons) and remember where it is. */
  opened(ticket: TicketRecord): Promise<void>;
  /** The ticket changed: update its message; `note` (e.g. "Reopened by a reply from ann@acme.com") goes in its thread. */
  changed(ticket: TicketRecord, note?: Text): Promise<void>;
}
