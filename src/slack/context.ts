/** What the Slack listeners get from the composition root: services, never repositories or Prisma. */
import type { Logger } from "@slack/bolt";
import type { AdminPolicy } from "../services/admin-policy.js";
import type { OnboardingService } from "../services/onboarding/service.js";

export type SlackDeps = {
  onboarding: OnboardingService;
  admins: AdminPolicy;
  clock: () => Date;
  defaultTimeZone: string;
  logger: Logger;
};
