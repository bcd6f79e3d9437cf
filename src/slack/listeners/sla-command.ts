/**
 * `/sla <subcommand>`: list, new, edit <name>, profiles [new | edit <name>], summary [today|week|month],
 * help; and the SLA list's buttons and editor (through the shared admin-list controller).
 *
 * `/sla summary` is for managers: Customer Book admins and SLA_MANAGER_USER_IDS (the people the
 * scheduled summary goes to). Others are told politely who it is for. The answer is ephemeral.
 */
import type { App } from "@slack/bolt";
import type { Catalog } from "../../i18n/catalog.js";
import { commandTextProblem, queryProblem } from "../command-text.js";
import type { SlackDeps } from "../context.js";
import { ActionId, CallbackId } from "../ids.js";
import { slackText, type Text } from "../views/kit.js";
import { slaEditorView, slaListMessage, slaListModal } from "../views/sla.js";
import { editorFromCommand, listFromCommand, registerAdminList, type AdminListSpec } from "./admin-list.js";
import { alertProfileSpec, profilesSubcommand } from "./alert-profiles.js";
import { parseSubcommand, type SubcommandContext } from "./customer-command.js";
import { isSummaryPeriod } from "../../services/summary/service.js";
import { slaSummaryMessage } from "../views/sla-summary.js";
import { chartNotes, slaTrendMessage } from "../views/sla-trend.js";
import { localeFormat } from "../../i18n/format.js";
import { LANGUAGE_TAG } from "../../i18n/locale.js";
import { customerTrendChart, summaryCharts, type ChartFile } from "../../charts/sla-charts.js";
import { dmChannel, uploadCharts } from "../chart-uploads.js";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "@slack/bolt";

const ephemeral = (text: Text) => ({ response_type: "ephemeral" as const, text: slackText(text) });

export function slaSpec(deps: SlackDeps, t: Catalog): AdminListSpec {
  const s = t.slaAdmin;
  return {
    what: "SLA",
    editorCallbackId: CallbackId.slaEditor,
    nameField: "sla_name",
    actionIds: { create: ActionId.slaNew, edit: ActionId.slaEdit, makeDefault: ActionId.slaMakeDefault, delete: ActionId.slaDelete, switchList: ActionId.slaShowProfiles },
    can: { create: s.can.create, edit: s.can.edit, makeDefault: s.can.makeDefault, delete: s.can.delete },
    texts: {
      created: s.created,
      saved: s.saved,
      madeDefault: s.madeDefault,
      deleted: s.deleted,
      defaultNotDeletable: s.defaultNotDeletable,
      gone: s.gone,
      goneTitle: s.listModalTitle,
    },
    listMessage: async (isAdmin, notice) => slaListMessage(t, await deps.slas.list(), { isAdmin, ...(notice ? { notice } : {}) }),
    listModal: async (isAdmin, notice) => slaListModal(t, await deps.slas.list(), { isAdmin, ...(notice ? { notice } : {}) }),
    editorView: (meta, data) =>
      slaEditorView(t, {
        meta,
        defaultTimeZone: deps.defaultTimeZone,
        ...(data ? { values: data.values } : {}),
        ...(data?.name ? { editing: { name: data.name, customers: data.customers } } : {}),
      }),
    load: (by) => deps.slas.editor(by),
    save: async (actorId, id, values) => {
      const r = id ? await deps.slas.update(t, actorId, id, values) : await deps.slas.create(t, actorId, values);
      return r.kind === "saved" ? { kind: "saved", name: r.sla.name, created: r.created } : r;
    },
    makeDefault: async (actorId, id) => {
      const r = await deps.slas.makeDefault(actorId, id);
      return r.kind === "done" ? { kind: "done", name: r.sla.name } : r;
    },
    remove: (actorId, id) => deps.slas.delete(actorId, id),
  };
}

type Subcommand = (ctx: SubcommandContext) => Promise<void>;

function subcommands(): Record<string, Subcommand> {
  const notFound = (t: Catalog, deps: SlackDeps) => async (name: string) => t.slaAdmin.notFound(name, await deps.slas.names());
  return {
    list: ({ command, respond, deps, t }) => listFromCommand(slaSpec(deps, t), command.user_id, respond, deps),
    new: ({ command, respond, client, deps, t }) =>
      editorFromCommand(t, slaSpec(deps, t), { userId: command.user_id, triggerId: command.trigger_id, responseUrl: command.response_url, notFound: notFound(t, deps) }, respond, client, deps),
    edit: async ({ command, args, respond, client, deps, t }) => {
      const s = t.slaAdmin;
      if (!args) {
        // Admins learn which name to type; others learn first that editing is not for them.
        const isAdmin = await deps.admins.isAdmin(command.user_id);
        return void (await respond(ephemeral(isAdmin ? s.whichSla : t.admin.onlyAdmins(s.can.edit))));
      }
      const tooLong = queryProblem(t, args);
      if (tooLong) return void (await respond(ephemeral(tooLong)));
      await editorFromCommand(
        t,
        slaSpec(deps, t),
        { userId: command.user_id, triggerId: command.trigger_id, responseUrl: command.response_url, name: args, notFound: notFound(t, deps) },
        respond,
        client,
        deps,
      );
    },
    profiles: (ctx) => profilesSubcommand(ctx),
    profile: (ctx) => profilesSubcommand(ctx),
    summary: (ctx) => summarySubcommand(ctx),
    trend: (ctx) => trendSubcommand(ctx),
    help: async ({ respond, t }) => void (await respond(ephemeral(t.slaAdmin.help))),
  };
}

/**
 * Charts go to the asker's DM with the app (a file cannot be ephemeral). A failed upload is logged
 * and the asker told; the summary they already have stands.
 */
async function sendChartsToDm(t: Catalog, client: WebClient, logger: Logger, userId: string, files: readonly ChartFile[], comment: string, respond: SubcommandContext["respond"]): Promise<void> {
  if (files.length === 0) return;
  try {
    await uploadCharts(client, await dmChannel(client, userId), files, comment);
  } catch (error) {
    logger.error(`SLA charts could not be sent to ${userId}`, error);
    await respond(ephemeral(t.trend.chartsFailed)).catch(() => undefined);
  }
}

/** `/sla summary [today|week|month]`: the same message the scheduled job sends, on demand; its charts in the asker's DM. */
async function summarySubcommand({ command, args, respond, client, deps, t, tag }: SubcommandContext): Promise<void> {
  const summaryText = t.slaSummary;
  const trendText = t.trend;
  const userId = command.user_id;
  const allowed = deps.slaSummary.isManager(userId) || (await deps.admins.isAdmin(userId));
  if (!allowed) return void (await respond(ephemeral(summaryText.onlyManagers)));
  const words = args.toLowerCase().split(/\s+/).filter(Boolean);
  const period = words[0] ?? "week";
  if (words.length > 1 || !isSummaryPeriod(period)) {
    return void (await respond(ephemeral(`${summaryText.unknownPeriod(args)}\n${summaryText.usage}`)));
  }
  const now = deps.clock();
  const [summary, trend] = await Promise.all([deps.slaSummary.summary(period, now), deps.slaSummary.trend(period, now)]);
  const format = localeFormat(tag, summary.timeZone);
  const periodName = summaryText.periodName[period];
  const charts = await drawn(deps.logger, userId, () => summaryCharts(trend, periodName, trendText, format));
  const notes = charts === undefined ? [trendText.chartsNotDrawn] : charts.length > 0 ? [trendText.chartsInDm] : chartNotes(trendText, trend, format);
  await respond({ response_type: "ephemeral", ...slaSummaryMessage(summaryText, summary, notes) });
  await sendChartsToDm(t, client, deps.logger, userId, charts ?? [], trendText.uploadComment(periodName), respond);
}

/** The charts, or undefined when they could not be drawn (logged): the figures go out without them. */
async function drawn<T>(logger: Logger, userId: string, draw: () => Promise<T>): Promise<T | undefined> {
  try {
    return await draw();
  } catch (error) {
    logger.error(`SLA charts could not be drawn for ${userId}`, error);
    return undefined;
  }
}

/** `/sla trend <customer>` (or `triage`): one customer's last 12 weeks, for the same people as the summary. */
async function trendSubcommand({ command, args, respond, client, deps, t, tag }: SubcommandContext): Promise<void> {
  const summaryText = t.slaSummary;
  const trendText = t.trend;
  const ticketText = t.tickets;
  const userId = command.user_id;
  const allowed = deps.slaSummary.isManager(userId) || (await deps.admins.isAdmin(userId));
  if (!allowed) return void (await respond(ephemeral(summaryText.onlyManagers)));
  const query = args.trim();
  if (!query) return void (await respond(ephemeral(trendText.trendUsage)));
  const tooLong = queryProblem(t, query);
  if (tooLong) return void (await respond(ephemeral(tooLong)));
  let scope: { customerId: string | null };
  let name: string;
  if (/^(triage|unassigned)$/i.test(query)) {
    scope = { customerId: null };
    name = trendText.unassigned;
  } else {
    const found = await deps.management.resolve(query);
    if (found.kind === "many") return void (await respond(ephemeral(ticketText.customerQuery.many(query, found.matches.map((m) => m.name), found.total))));
    if (found.kind !== "one") {
      const suggestions = found.kind === "none" ? found.suggestions.map((x) => x.name) : [];
      return void (await respond(ephemeral(ticketText.customerQuery.none(query, suggestions))));
    }
    scope = { customerId: found.customerId };
    name = (await deps.tickets.customerRef(found.customerId))?.name ?? query;
  }
  const trend = await deps.slaSummary.trend("week", deps.clock(), scope);
  const format = localeFormat(tag, trend.timeZone);
  const chart = await drawn(deps.logger, userId, () => customerTrendChart(trend, name, trendText, format));
  await respond({ response_type: "ephemeral", ...slaTrendMessage(trendText, name, trend, format, chart !== undefined) });
  if (chart) await sendChartsToDm(t, client, deps.logger, userId, [chart], trendText.fallback(name), respond);
  else if (trend.history === "ok") await respond(ephemeral(trendText.chartsNotDrawn));
}

export function registerSlaCommand(app: App, deps: SlackDeps): void {
  const slas = (t: Catalog) => slaSpec(deps, t);
  const profiles = (t: Catalog) => alertProfileSpec(deps, t);
  const handlers = subcommands();
  registerAdminList(app, deps, slas, profiles);
  registerAdminList(app, deps, profiles, slas);

  app.command("/sla", async ({ command, ack, respond, client }) => {
    await ack();
    const { t, tag } = await deps.people.reader(command.user_id);
    const tooLong = commandTextProblem(t, "/sla", command.text);
    if (tooLong) return void (await respond(ephemeral(tooLong)));
    const { sub, args } = parseSubcommand(command.text);
    const handler = handlers[sub || "help"];
    if (handler) await handler({ command, args, respond, client, deps, t, tag });
    else await respond(ephemeral(`${t.slaAdmin.unknownSubcommand(sub)}\n\n${t.slaAdmin.help}`));
  });
}
