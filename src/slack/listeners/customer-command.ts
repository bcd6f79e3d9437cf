/** `/customer <subcommand>`: parses the text and hands over to the subcommand's handler. */
import type { App, RespondFn, SlashCommand } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Catalog } from "../../i18n/catalog.js";
import { commandTextProblem, queryProblem } from "../command-text.js";
import type { SlackDeps } from "../context.js";
import { slackText, type Text } from "../views/kit.js";
import { wizardView } from "../views/wizard.js";
import { importSubcommand, importsSubcommand } from "./imports.js";
import { editSubcommand, historySubcommand, listSubcommand, showSubcommand } from "./customer-manage.js";

export type SubcommandContext = {
  command: SlashCommand;
  args: string;
  respond: RespondFn;
  client: WebClient;
  deps: SlackDeps;
  /** the catalog of the person who typed the command */
  t: Catalog;
  /** the BCP 47 tag the person's numbers and dates are formatted with */
  tag: string;
};
type Subcommand = (ctx: SubcommandContext) => Promise<void>;

export function parseSubcommand(text: string): { sub: string; args: string } {
  const trimmed = text.trim();
  const sub = trimmed.split(/\s+/)[0] ?? "";
  return { sub: sub.toLowerCase(), args: trimmed.slice(sub.length).trim() };
}

const ephemeral = (text: Text) => ({ response_type: "ephemeral" as const, text: slackText(text) });

const subcommands: Record<string, Subcommand> = {
  import: (ctx) => importSubcommand(ctx),
  imports: (ctx) => importsSubcommand(ctx),
  list: (ctx) => listSubcommand(ctx),
  show: (ctx) => showSubcommand(ctx),
  edit: (ctx) => editSubcommand(ctx),
  history: (ctx) => historySubcommand(ctx),
  help: async ({ respond, t }) => {
    await respond(ephemeral(t.help.customer));
  },
  new: async ({ command, args, respond, client, deps, t }) => {
    if (!(await deps.admins.isAdmin(command.user_id))) {
      await respond(ephemeral(t.admin.onlyAdmins(t.admin.createCustomers)));
      return;
    }
    const tooLong = queryProblem(t, args);
    if (tooLong) return void (await respond(ephemeral(tooLong)));
    const screen = await deps.onboarding.start(command.user_id, args || undefined, command.channel_id, deps.clock());
    await client.views.open({ trigger_id: command.trigger_id, view: wizardView(t, screen) });
  },
};

export function registerCustomerCommand(app: App, deps: SlackDeps): void {
  // A failure is answered to the person by src/slack/failures.ts, as for every listener.
  app.command("/customer", async ({ command, ack, respond, client }) => {
    await ack();
    const { t, tag } = await deps.people.reader(command.user_id);
    const tooLong = commandTextProblem(t, "/customer", command.text);
    if (tooLong) return void (await respond(ephemeral(tooLong)));
    const { sub, args } = parseSubcommand(command.text);
    const handler = subcommands[sub || "help"];
    if (handler) await handler({ command, args, respond, client, deps, t, tag });
    else await respond(ephemeral(`${t.help.unknownSubcommand(sub)}\n\n${t.help.customer}`));
  });
}
