/**
 * Finding and viewing customers, and the buttons and menus of the list and the card:
 * `/customer list|show|edit|history`, Previous/Next, the ⋯ menus, the card's tabs, archive and
 * restore. Everyone may view; changes are for admins (the service refuses others, and the reply
 * says why). Modals live in customer-forms.ts.
 */
import type { AllMiddlewareArgs, App, BlockAction, RespondFn, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Catalog } from "../../i18n/catalog.js";
import type { CardTab, SaveOutcome } from "../../services/customers/management.js";
import { queryProblem } from "../command-text.js";
import type { SlackDeps } from "../context.js";
import { ActionId } from "../ids.js";
import {
  CONTACT_MENU_OPS,
  CONTRACT_MENU_OPS,
  LIST_MENU_OPS,
  PICK_INTENTS,
  decodeListPage,
  parseId,
  parseOpValue,
  parseTabValue,
} from "../manage-values.js";
import { actionKey } from "../request-keys.js";
import { customerCardMessage } from "../views/customer-card.js";
import { slackText, type Text } from "../views/kit.js";
import { customerListMessage, customerNotFoundMessage, customerPickMessage, type PickIntent } from "../views/customer-list.js";
import type { SubcommandContext } from "./customer-command.js";
import {
  openContactAdd,
  openContactEdit,
  openContactPermissions,
  openContactRemove,
  openContractAdd,
  openContractEdit,
  openCustomerEdit,
  openSecurity,
  openSla,
  registerCustomerForms,
  type Origin,
} from "./customer-forms.js";

const ARCHIVED_FLAG = /(^|\s)--archived(?=\s|$)/;

const ephemeral = (text: Text) => ({ response_type: "ephemeral" as const, replace_original: false, text: slackText(text) });

/** The card (one tab of it) as the answer to a command or click: a new message, or in place of the clicked one. */
async function sendCard(t: Catalog, respond: RespondFn, deps: SlackDeps, customerId: string, tab: CardTab, o: { replace: boolean; offset?: number; notice?: string }): Promise<void> {
  const data = await deps.management.card(t, customerId, tab, o.offset ?? 0);
  if (!data) return void (await respond(ephemeral(t.manage.errors.customerGone)));
  const message = customerCardMessage(t, data, { ...(o.notice ? { notice: o.notice } : {}), portal: Boolean(deps.portalUrl) });
  await respond(o.replace ? { replace_original: true, ...message } : { response_type: "ephemeral", replace_original: false, ...message });
}

// ---- /customer list | show | edit | history ---------------------------------------------------

// A known refusal (not an admin, archived, gone) is thrown as a ManageError; src/slack/failures.ts
// answers it with its reason, and anything else with a ref to the log line.

export const listSubcommand = async ({ args, respond, deps, t }: SubcommandContext): Promise<void> => {
  const includeArchived = ARCHIVED_FLAG.test(args);
  const query = args.replace(ARCHIVED_FLAG, " ").trim();
  const tooLong = queryProblem(t, query);
  if (tooLong) return void (await respond(ephemeral(tooLong)));
  const page = await deps.management.list(query, 0, includeArchived);
  await respond({ response_type: "ephemeral", ...customerListMessage(t, { query, includeArchived, page }) });
};

/** The one customer a typed name means, or an answer (usage, a choice of several, none with close matches). */
async function resolveOrAnswer(ctx: SubcommandContext, intent: PickIntent): Promise<string | undefined> {
  const { t } = ctx;
  const query = ctx.args.trim();
  if (!query) return void (await ctx.respond(ephemeral(t.manage.usage[intent])));
  const tooLong = queryProblem(t, query);
  if (tooLong) return void (await ctx.respond(ephemeral(tooLong)));
  const found = await ctx.deps.management.resolve(query);
  switch (found.kind) {
    case "one":
      return found.customerId;
    case "many":
      await ctx.respond({ response_type: "ephemeral", ...customerPickMessage(t, { query, intent, matches: found.matches, total: found.total }) });
      return undefined;
    case "none":
      await ctx.respond({ response_type: "ephemeral", ...customerNotFoundMessage(t, { query, intent, suggestions: found.suggestions }) });
      return undefined;
    case "empty":
      await ctx.respond(ephemeral(t.manage.usage[intent]));
      return undefined;
  }
}

export const showSubcommand = async (ctx: SubcommandContext): Promise<void> => {
  const id = await resolveOrAnswer(ctx, "show");
  if (id) await sendCard(ctx.t, ctx.respond, ctx.deps, id, "overview", { replace: false });
};

export const historySubcommand = async (ctx: SubcommandContext): Promise<void> => {
  const id = await resolveOrAnswer(ctx, "history");
  if (id) await sendCard(ctx.t, ctx.respond, ctx.deps, id, "history", { replace: false });
};

export const editSubcommand = async (ctx: SubcommandContext): Promise<void> => {
  const { command, deps, client, t } = ctx;
  // Refuse before searching: a technician learns at once that editing is for admins.
  if (!(await deps.admins.isAdmin(command.user_id))) return void (await ctx.respond(ephemeral(t.admin.onlyAdmins(t.manage.can.edit_customer))));
  const id = await resolveOrAnswer(ctx, "edit");
  if (!id) return;
  const origin: Origin = { t, userId: command.user_id, triggerId: command.trigger_id, responseUrl: command.response_url, mode: "post", channelId: command.channel_id };
  await openCustomerEdit(client, deps, origin, id);
};

// ---- Buttons and menus of the list and the card -----------------------------------------------

/** A click's arguments, with the catalog of the person who clicked. */
type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs & { t: Catalog };

function valueOf(action: BlockAction["actions"][number]): string | undefined {
  if (action.type === "button") return action.value;
  if (action.type === "overflow") return action.selected_option.value;
  return undefined;
}

function originOf(t: Catalog, body: BlockAction, mode: Origin["mode"]): Origin {
  return {
    t,
    userId: body.user.id,
    triggerId: body.trigger_id,
    mode,
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
    ...(body.channel?.id ? { channelId: body.channel.id } : {}),
  };
}

export function registerCustomerManage(app: App, deps: SlackDeps): void {
  const m = deps.management;

  /** Acknowledge and run; a refusal or a failure is answered under the message by src/slack/failures.ts. */
  const on = (actionId: string | RegExp, run: (args: ActionArgs, value: string | undefined) => Promise<void>) =>
    app.action<BlockAction>(actionId, async (args) => {
      await args.ack();
      const { t } = await deps.people.reader(args.body.user.id);
      await run({ ...args, t }, valueOf(args.action));
    });

  /** A change made with one click: the card shows the tab concerned, with what was done. */
  const answer = async (t: Catalog, respond: RespondFn, outcome: SaveOutcome, tab: CardTab) => {
    if (outcome.kind === "saved") await sendCard(t, respond, deps, outcome.customerId, tab, { replace: true, notice: outcome.notice });
  };
  /** Runs a one-click change once per click: a replayed or retried click changes nothing. */
  const onceChanged = async ({ body, action, respond, t }: ActionArgs, tab: CardTab, change: () => Promise<SaveOutcome>) => {
    const claimed = await deps.claims.once(actionKey(body, action), change);
    if (claimed.kind === "first") await answer(t, respond, claimed.value, tab);
  };

  const page = async ({ respond, t }: ActionArgs, value: string | undefined) => {
    const p = decodeListPage(value);
    if (!p) return void (await respond(ephemeral(t.manage.errors.stale)));
    const result = await m.list(p.q, p.o, p.a);
    await respond({ replace_original: true, ...customerListMessage(t, { query: p.q, includeArchived: p.a, page: result }) });
  };
  on(ActionId.customerListPrev, page);
  on(ActionId.customerListNext, page);

  on(ActionId.customerListMenu, async ({ body, respond, client, t }, value) => {
    const v = parseOpValue(LIST_MENU_OPS, value);
    if (!v) return;
    const origin = originOf(t, body, "post");
    if (v.op === "view") return sendCard(t, respond, deps, v.id, "overview", { replace: false });
    if (v.op === "edit") return openCustomerEdit(client, deps, origin, v.id);
    if (v.op === "add_contact") return openContactAdd(client, deps, origin, v.id);
    return openContractAdd(client, deps, origin, v.id);
  });

  on(ActionId.customerPick, async ({ body, respond, client, t }, value) => {
    const v = parseOpValue(PICK_INTENTS, value);
    if (!v) return;
    if (v.op === "edit") return openCustomerEdit(client, deps, originOf(t, body, "replace"), v.id);
    return sendCard(t, respond, deps, v.id, v.op === "history" ? "history" : "overview", { replace: true });
  });

  const tab = async ({ respond, t }: ActionArgs, value: string | undefined) => {
    const v = parseTabValue(value);
    if (!v) return void (await respond(ephemeral(t.manage.errors.stale)));
    await sendCard(t, respond, deps, v.customerId, v.tab, { replace: true, offset: v.offset });
  };
  on(new RegExp(`^${ActionId.customerTabPrefix}`), tab);
  on(ActionId.customerPagePrev, tab);
  on(ActionId.customerPageNext, tab);

  const withCustomer = (run: (args: ActionArgs, customerId: string) => Promise<void>) => async (args: ActionArgs, value: string | undefined) => {
    const id = parseId(value);
    if (id) await run(args, id);
  };
  on(ActionId.customerEdit, withCustomer(({ body, client, t }, id) => openCustomerEdit(client, deps, originOf(t, body, "replace"), id)));
  on(ActionId.customerAddContact, withCustomer(({ body, client, t }, id) => openContactAdd(client, deps, originOf(t, body, "replace"), id)));
  on(ActionId.customerAddContract, withCustomer(({ body, client, t }, id) => openContractAdd(client, deps, originOf(t, body, "replace"), id)));
  on(ActionId.customerSla, withCustomer(({ body, client, t }, id) => openSla(client, deps, originOf(t, body, "replace"), id)));
  on(ActionId.customerSecurity, withCustomer(({ body, client, t }, id) => openSecurity(client, deps, originOf(t, body, "replace"), id)));
  on(ActionId.customerArchive, withCustomer((args, id) => onceChanged(args, "overview", () => m.archive(args.t, args.body.user.id, id))));
  on(ActionId.customerRestore, withCustomer((args, id) => onceChanged(args, "overview", () => m.restore(args.t, args.body.user.id, id))));

  on(ActionId.contactMenu, async ({ body, client, t }, value) => {
    const v = parseOpValue(CONTACT_MENU_OPS, value);
    if (!v) return;
    const origin = originOf(t, body, "replace");
    if (v.op === "edit") return openContactEdit(client, deps, origin, v.id);
    if (v.op === "permissions") return openContactPermissions(client, deps, origin, v.id);
    return openContactRemove(client, deps, origin, v.id);
  });

  on(ActionId.contractMenu, async (args, value) => {
    const { body, client, t } = args;
    const v = parseOpValue(CONTRACT_MENU_OPS, value);
    if (!v) return;
    if (v.op === "edit") return openContractEdit(client, deps, originOf(t, body, "replace"), v.id);
    await onceChanged(args, "contracts", () =>
      v.op === "make_default" ? m.makeDefaultContract(t, body.user.id, v.id) : m.setContractActive(t, body.user.id, v.id, v.op === "reactivate"),
    );
  });

  registerCustomerForms(app, deps);
}
