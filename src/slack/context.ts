/** What the Slack listeners get from the composition root: services, never repositories or Prisma. */
import type { Logger } from "@slack/bolt";
import type { Metrics } from "../metrics/metrics.js";
import type { AdminPolicy } from "../services/admin-policy.js";
import type { OnboardingService } from "../services/onboarding/service.js";
import type { ImportService } from "../services/import/service.js";
import type { TemplateExampleNames } from "../import/templates.js";
import type { SlaService } from "../services/slas/service.js";
import type { AlertProfileService } from "../services/slas/alert-profiles.js";
import type { HomeService } from "../services/home.js";
import type { CustomerManagementService } from "../services/customers/management.js";
import type { TicketService } from "../services/tickets/service.js";
import type { TicketNotifier } from "../services/tickets/notifier.js";
import type { EmailIntakeService } from "../services/tickets/email-intake.js";
import type { SlaSummaryService } from "../services/summary/service.js";
import type { RequestClaimService } from "../services/request-claims.js";
import type { SlackDeliveries } from "./delivery-queue.js";
import type { SlackInstallation } from "../services/installation.js";
import type { EmailOutbox } from "../services/email-out/outbox.js";
import type { EmailNotes } from "./email-notes.js";
import type { People } from "./people.js";
import type { SharedRatePacer } from "./rate-pacer.js";

export type SlackDeps = {
  /** tickets: open, respond, priority, pending, resolve, reopen, close, comments */
  tickets: TicketService;
  /** posts and updates ticket messages in the tickets channel */
  ticketNotifier: TicketNotifier;
  /** TICKETS_CHANNEL_ID, when set */
  ticketsChannelId: string | undefined;
  /** outbound email: replies to customers (off while SMTP_URL is empty) */
  outbox: EmailOutbox;
  /** the thread notes about emails and their delivery */
  emailNotes: EmailNotes;
  /** email intake: refusals are listed to admins */
  emailIntake: EmailIntakeService;
  /** SLA summaries (/sla summary and the scheduled job) */
  slaSummary: SlaSummaryService;
  onboarding: OnboardingService;
  imports: ImportService;
  /** SLA administration (/sla, App Home) */
  slas: SlaService;
  /** alert threshold profile administration (/sla profiles, App Home) */
  alertProfiles: AlertProfileService;
  /** the App Home tab */
  home: HomeService;
  /** finding, viewing and changing customers (/customer list|show|edit|history, the customer card) */
  management: CustomerManagementService;
  /** SLA and alert profile names that exist, for the customers template's example row */
  templateNames: () => Promise<TemplateExampleNames>;
  /** for downloading files people share (url_private_download needs it) */
  botToken: string;
  admins: AdminPolicy;
  /** messages that must reach Slack (import reports, error files): queued, sent once Slack takes them */
  deliveries: SlackDeliveries;
  /** exactly-once for requests that write: a replayed or retried submission or click does nothing (see request-keys.ts) */
  /** chat.update paced for all instances together (import progress takes only a free slot) */
  ratePacer: SharedRatePacer;
  claims: RequestClaimService;
  /** whether Slack still accepts the bot token; app_uninstalled and tokens_revoked end it */
  installation: SlackInstallation;
  /** each person's language (users.info with include_locale, cached): `reader(userId)`; `defaultReader` for what many read */
  people: People;
  clock: () => Date;
  defaultTimeZone: string;
  /** PORTAL_URL: the customer portal is on (App Home links it; customer cards show who signed in) */
  portalUrl?: string | undefined;
  logger: Logger;
  /** what the app counts for GET /metrics */
  metrics: Metrics;
};
