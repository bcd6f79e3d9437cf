/**
 * What the ticket, email and summary modules are built from. The composition root (app.ts) makes
 * one of these and hands it to each module's factory, so each module picks what it needs.
 */
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import type { TicketService } from "./services/tickets/service.js";
import type { TicketNotifier } from "./services/tickets/notifier.js";
import type { AutomaticMail } from "./services/email-out/automatic.js";
import type { People } from "./slack/people.js";
import type { SharedRatePacer } from "./slack/rate-pacer.js";
import type { Metrics } from "./metrics/metrics.js";

export type FeatureContext = {
  config: Config;
  db: Db;
  /** the Bolt app's Web API client (points at SLACK_API_URL) */
  client: WebClient;
  tickets: TicketService;
  notifier: TicketNotifier;
  clock: () => Date;
  logger: Logger;
  /** acknowledgements and resolved notices (absent while outbound email is off) */
  automaticMail?: AutomaticMail | undefined;
  /** an email was written to the outbox: the sender looks now */
  emailWritten?: () => void;
  /** each person's language; `defaultReader` (DEFAULT_LOCALE) for the tickets channel and summaries to a channel */
  people: People;
  /** Slack's per-method limits for all instances together (chat.update) */
  ratePacer: SharedRatePacer;
  /** what the app counts for GET /metrics */
  metrics?: Metrics;
};
