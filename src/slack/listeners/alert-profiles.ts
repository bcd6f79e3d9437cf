/**
 * Alert threshold profiles in Slack: `/sla profiles` (list), `/sla profiles new`,
 * `/sla profiles edit <name>`, the list's buttons and the editor. The buttons and the editor run
 * through the shared admin-list controller, registered together with the SLA list in sla-command.ts.
 */
import type { Catalog } from "../../i18n/catalog.js";
import type { SlackDeps } from "../context.js";
import { ActionId, CallbackId } from "../ids.js";
import { alertProfileEditorView, alertProfileListMessage, alertProfileListModal } from "../views/alert-profiles.js";
import { slackText } from "../views/kit.js";
import { ALERT_NAME_FIELD } from "../../services/slas/fields.js";
import { editorFromCommand, listFromCommand, type AdminListSpec } from "./admin-list.js";
import { queryProblem } from "../command-text.js";
import { parseSubcommand, type SubcommandContext } from "./customer-command.js";


export function alertProfileSpec(deps: SlackDeps, t: Catalog): AdminListSpec {
  const s = t.slaAdmin;
  const p = s.profiles;
  return {
    what: "alert profile",
    editorCallbackId: CallbackId.alertProfileEditor,
    nameField: ALERT_NAME_FIELD,
    actionIds: {
      create: ActionId.alertProfileNew,
      edit: ActionId.alertProfileEdit,
      makeDefault: ActionId.alertProfileMakeDefault,
      delete: ActionId.alertProfileDelete,
      switchList: ActionId.alertProfileShowSlas,
    },
    can: { create: s.can.createProfile, edit: s.can.editProfile, makeDefault: s.can.makeDefaultProfile, delete: s.can.deleteProfile },
    texts: {
      created: p.created,
      saved: p.saved,
      madeDefault: p.madeDefault,
      deleted: p.deleted,
      defaultNotDeletable: p.defaultNotDeletable,
      gone: p.gone,
      goneTitle: p.listModalTitle,
    },
    listMessage: async (isAdmin, notice) => alertProfileListMessage(t, await deps.alertProfiles.list(), { isAdmin, ...(notice ? { notice } : {}) }),
    listModal: async (isAdmin, notice) => alertProfileListModal(t, await deps.alertProfiles.list(), { isAdmin, ...(notice ? { notice } : {}) }),
    editorView: (meta, data) =>
      alertProfileEditorView(t, {
        meta,
        ...(data ? { values: data.values } : {}),
        ...(data?.name ? { editing: { name: data.name, customers: data.customers } } : {}),
      }),
    load: (by) => deps.alertProfiles.editor(by),
    save: async (actorId, id, values) => {
      const r = id ? await deps.alertProfiles.update(t, actorId, id, values) : await deps.alertProfiles.create(t, actorId, values);
      return r.kind === "saved" ? { kind: "saved", name: r.profile.name, created: r.created } : r;
    },
    makeDefault: async (actorId, id) => {
      const r = await deps.alertProfiles.makeDefault(actorId, id);
      return r.kind === "done" ? { kind: "done", name: r.profile.name } : r;
    },
    remove: (actorId, id) => deps.alertProfiles.delete(actorId, id),
  };
}

/** `/sla profiles [new | edit <name>]` */
export async function profilesSubcommand(ctx: SubcommandContext): Promise<void> {
  const { command, respond, client, deps, t } = ctx;
  const s = t.slaAdmin;
  const p = s.profiles;
  const spec = alertProfileSpec(deps, t);
  const { sub, args } = parseSubcommand(ctx.args);
  const base = {
    userId: command.user_id,
    triggerId: command.trigger_id,
    responseUrl: command.response_url,
    notFound: async (name: string) => p.notFound(name, await deps.alertProfiles.names()),
  };
  if (sub === "new") return editorFromCommand(t, spec, base, respond, client, deps);
  if (sub === "edit") {
    if (!args) {
      const isAdmin = await deps.admins.isAdmin(command.user_id);
      return void (await respond({ response_type: "ephemeral", text: slackText(isAdmin ? p.whichProfile : t.admin.onlyAdmins(s.can.editProfile)) }));
    }
    const tooLong = queryProblem(t, args);
    if (tooLong) return void (await respond({ response_type: "ephemeral", text: slackText(tooLong) }));
    return editorFromCommand(t, spec, { ...base, name: args }, respond, client, deps);
  }
  if (sub === "" || sub === "list") return listFromCommand(spec, command.user_id, respond, deps);
  await respond({ response_type: "ephemeral", text: slackText(`${s.unknownSubcommand(`profiles ${sub}`)}\n\n${s.help}`) });
}
