import type { App } from "@slack/bolt";
import type { SlackDeps } from "../context.js";
import { registerCustomerCommand } from "./customer-command.js";
import { registerWizard } from "./wizard.js";
import { registerImports } from "./imports.js";

/** Every Slack listener of the app, one register function per surface. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerCustomerCommand(app, deps);
  registerWizard(app, deps);
  registerImports(app, deps);
}
