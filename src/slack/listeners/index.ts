import type { App } from "@slack/bolt";
import type { SlackDeps } from "../context.js";
import { registerCustomerCommand } from "./customer-command.js";
import { registerWizard } from "./wizard.js";
import { registerImports } from "./imports.js";
import { registerSlaCommand } from "./sla-command.js";
import { registerAppHome } from "./app-home.js";
import { registerCustomerManage } from "./customer-manage.js";
import { registerTickets } from "./tickets.js";
import { registerInstallation } from "./installation.js";
import { registerCustomerPickers } from "./customer-pickers.js";
import { registerCustomerFind } from "./customer-find.js";
import { registerEmailReplies } from "./email-replies.js";

/** Every Slack listener of the app, one register function per surface. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerCustomerCommand(app, deps);
  registerWizard(app, deps);
  registerImports(app, deps);
  registerSlaCommand(app, deps);
  registerAppHome(app, deps);
  registerCustomerManage(app, deps);
  registerTickets(app, deps);
  registerEmailReplies(app, deps);
  registerInstallation(app, deps);
  registerCustomerPickers(app, deps);
  registerCustomerFind(app, deps);
}
