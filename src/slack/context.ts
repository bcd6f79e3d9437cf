/** What the Slack listeners get from the composition root: services, never repositories or Prisma. */
import type { Logger } from "@slack/bolt";
import type { AdminPolicy } from "../services/admin-policy.js";
import type { OnboardingService } from "../services/onboarding/service.js";
import type { ImportService } from "../services/import/service.js";
import type { TemplateExampleNames } from "../import/templates.js";
import type { SlaService } from "../services/slas/service.js";
import type { AlertProfileService } from "../services/slas/alert-profiles.js";
import type { HomeService } from "../services/home.js";
import type { CustomerManagementService } from "../services/customers/management.js";

export type SlackDeps = {
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
  clock: () => Date;
  defaultTimeZone: string;
  logger: Logger;
};
