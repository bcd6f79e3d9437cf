/**
 * The shared controller of the two admin lists, SLAs and alert threshold profiles: the same
 * buttons (New, Edit, Make default, Delete, switch to the other list), the same editor life
 * cycle, on two surfaces (an ephemeral message from a slash command, a modal from App Home).
 * Each list describes itself with an AdminListSpec (sla-command.ts, alert-profiles.ts).
 *
 * Everyone may look at a list; only admins get its buttons, and every action and every editor
 * submission checks again (AdminPolicy), because a button can outlive a person's admin rights.
 */
import type { App, BlockAction, ButtonAction, RespondFn, ViewSubmitAction } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { Catalog } from "../../i18n/catalog.js";
import type { RawValues } from "../../services/onboarding/draft.js";
import type { FieldErrors } from "../../services/onboarding/validate.js";
import type { SlackDeps } from "../context.js";
import { decodeMetadata, editorMetadata, type EditorMetadata } from "../metadata.js";
import { postToResponseUrl } from "../respond.js";
import { actionKey, submissionKey } from "../request-keys.js";
import { readValues, type ViewState } from "../state.js";
import { slackText, type Text } from "../views/kit.js";
import type { Message } from "../views/sla.js";
import { noticeView } from "../views/wizard.js";

export type EditorData = { id?: string; name?: string; values: RawValues; customers: number };
export type SaveOutcome = { kind: "errors"; errors: FieldErrors } | { kind: "saved"; name: string; created: boolean } | { kind: "gone" };
export type DefaultOutcome = { kind: "done"; name: string } | { kind: "gone" };
export type DeleteOutcome =
  | { kind: "deleted"; name: string; moved: number; movedTo: string }
  | { kind: "refused_default"; name: string; customers: number }
  | { kind: "gone" };

export type AdminListSpec = {
  /** for log lines: "SLA", "alert profile" */
  what: string;
  editorCallbackId: string;
  /** the editor's name input, where an unexpected failure is shown */
  nameField: string;
  actionIds: { create: string; edit: string; makeDefault: string; delete: string; switchList: string };
  /** the end of "Only Customer Book admins can …" */
  can: { create: string; edit: string; makeDefault: string; delete: string };
  texts: {
    created: (name: string) => string;
    saved: (name: string) => string;
    madeDefault: (name: string) => string;
    deleted: (name: string, moved: number, movedTo: string) => string;
    defaultNotDeletable: (name: string, customers: number) => string;
    gone: string;
    goneTitle: string;
  };
  listMessage(isAdmin: boolean, notice?: string): Promise<Message>;
  listModal(isAdmin: boolean, notice?: string): Promise<ModalView>;
  editorView(meta: EditorMetadata, data?: EditorData): ModalView;
  load(by: { id: string } | { name: string }): Promise<EditorData | undefined>;
  save(actorId: string, id: string | undefined, values: RawValues): Promise<SaveOutcome>;
  makeDefault(actorId: string, id: string): Promise<DefaultOutcome>;
  remove(actorId: string, id: string): Promise<DeleteOutcome>;
};

const ephemeral = (text: Text) => ({ response_type: "ephemeral" as const, text: slackText(text) });

/** Where a list is shown: a modal (updated in place) or an ephemeral message (replaced through its response_url). */
type ListPlace = { kind: "view"; viewId: string } | { kind: "message"; responseUrl: string };

function placeOf(body: BlockAction): ListPlace {
  return body.view ? { kind: "view", viewId: body.view.id } : { kind: "message", responseUrl: body.response_url };
}

/** Shows `spec`'s list, with `notice` on top, where the person clicked. */
export async function showList(spec: AdminListSpec, place: ListPlace, client: WebClient, isAdmin: boolean, notice?: string): Promise<void> {
  if (place.kind === "view") await client.views.update({ view_id: place.viewId, view: await spec.listModal(isAdmin, notice) });
  else await postToResponseUrl(place.responseUrl, { replace_original: true, ...(await spec.listMessage(isAdmin, notice)) });
}

/** `/sla list`, `/sla profiles`: the list as an ephemeral reply. */
export async function listFromCommand(spec: AdminListSpec, userId: string, respond: RespondFn, deps: SlackDeps): Promise<void> {
  await respond({ response_type: "ephemeral", ...(await spec.listMessage(await deps.admins.isAdmin(userId))) });
}

/**
 * `/sla new`, `/sla edit <name>` and the profile equivalents: the editor as a new modal. With
 * `name`, the record is looked up first; an unknown name is answered with the known ones.
 */
export async function editorFromCommand(
  t: Catalog,
  spec: AdminListSpec,
  o: { userId: string; triggerId: string; responseUrl: string; name?: string; notFound: (name: string) => Promise<string> },
  respond: RespondFn,
  client: WebClient,
  deps: SlackDeps,
): Promise<void> {
  const creating = o.name === undefined;
  if (!(await deps.admins.isAdmin(o.userId))) return void (await respond(ephemeral(t.admin.onlyAdmins(creating ? spec.can.create : spec.can.edit))));
  const data = o.name === undefined ? undefined : await spec.load({ name: o.name });
  if (o.name !== undefined && !data) return void (await respond(ephemeral(await o.notFound(o.name))));
  const meta: EditorMetadata = { ...(data?.id ? { id: data.id } : {}), k: "c", r: o.responseUrl };
  await client.views.open({ trigger_id: o.triggerId, view: spec.editorView(meta, data) });
}

/** After a save: the list underneath (modal) or the list message is refreshed; from a command, a confirmation. */
async function afterSave(spec: AdminListSpec, meta: EditorMetadata, client: WebClient, notice: string): Promise<void> {
  if (meta.k === "v" && meta.v) return showList(spec, { kind: "view", viewId: meta.v }, client, true, notice);
  if (meta.k === "m" && meta.r) return showList(spec, { kind: "message", responseUrl: meta.r }, client, true, notice);
  if (meta.r) await postToResponseUrl(meta.r, { ...ephemeral(notice), replace_original: false });
}

/**
 * `specOf(t)`: the list's texts and views in a catalog (its ids are the same in every one); each
 * handler builds it in the language of the person who acted.
 */
export function registerAdminList(app: App, deps: SlackDeps, specOf: (t: Catalog) => AdminListSpec, otherOf: (t: Catalog) => AdminListSpec): void {
  const ids = specOf(deps.people.defaultReader.t);
  // Failures are answered by src/slack/failures.ts (under the editor's first field while it is open).
  app.view<ViewSubmitAction>(ids.editorCallbackId, async ({ ack, body, view, client }) => {
    const meta = decodeMetadata(editorMetadata, view.private_metadata);
    const userId = body.user.id;
    const { t } = await deps.people.reader(userId);
    const spec = specOf(t);
    if (!meta) return ack({ response_action: "update", view: noticeView(t, spec.texts.goneTitle, t.manage.errors.stale) });
    if (!(await deps.admins.isAdmin(userId))) {
      return ack({ response_action: "errors", errors: { [spec.nameField]: t.admin.onlyAdmins(meta.id ? spec.can.edit : spec.can.create) } });
    }
    // The same submission again (a replay, a retry) saves nothing twice: the editor just closes.
    const claimed = await deps.claims.once(submissionKey(view), () => spec.save(userId, meta.id, readValues(view.state as ViewState)), (o) => o.kind !== "errors");
    if (claimed.kind === "repeat") return ack();
    const outcome = claimed.value;
    if (outcome.kind === "errors") return ack({ response_action: "errors", errors: outcome.errors });
    if (outcome.kind === "gone") return ack({ response_action: "update", view: noticeView(t, spec.texts.goneTitle, spec.texts.gone) });
    await ack(); // closes the editor; a list modal underneath stays open and is refreshed
    const name = outcome.name;
    await afterSave(spec, meta, client, outcome.created ? spec.texts.created(name) : spec.texts.saved(name));
  });

  type ButtonArgs = { ack: () => Promise<void>; body: BlockAction<ButtonAction>; action: ButtonAction; client: WebClient; respond: RespondFn };
  /** Runs an admin-only button in the clicker's language; a person who is not an admin sees the list again, without buttons, and why. */
  const adminButton = (action: (spec: AdminListSpec) => string, run: (a: ButtonArgs, userId: string, spec: AdminListSpec) => Promise<void>) => async (a: ButtonArgs) => {
    await a.ack();
    const userId = a.body.user.id;
    const { t } = await deps.people.reader(userId);
    const spec = specOf(t);
    if (!(await deps.admins.isAdmin(userId))) return await showList(spec, placeOf(a.body), a.client, false, `:no_entry: ${t.admin.onlyAdmins(action(spec))}`);
    await run(a, userId, spec);
  };

  /** Opens the editor: pushed over a list modal, or a new modal over a list message. */
  const openEditor = async (spec: AdminListSpec, a: ButtonArgs, data: EditorData | undefined) => {
    const place = placeOf(a.body);
    const base = data?.id ? { id: data.id } : {};
    if (place.kind === "view") {
      await a.client.views.push({ trigger_id: a.body.trigger_id, view: spec.editorView({ ...base, k: "v", v: place.viewId }, data) });
    } else {
      await a.client.views.open({ trigger_id: a.body.trigger_id, view: spec.editorView({ ...base, k: "m", r: place.responseUrl }, data) });
    }
  };

  app.action<BlockAction<ButtonAction>>(ids.actionIds.create, adminButton((s) => s.can.create, (a, _user, spec) => openEditor(spec, a, undefined)));

  app.action<BlockAction<ButtonAction>>(
    ids.actionIds.edit,
    adminButton((s) => s.can.edit, async (a, _user, spec) => {
      const data = await spec.load({ id: a.action.value ?? "" });
      if (!data) return showList(spec, placeOf(a.body), a.client, true, spec.texts.gone);
      await openEditor(spec, a, data);
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    ids.actionIds.makeDefault,
    adminButton((s) => s.can.makeDefault, async (a, userId, spec) => {
      const claimed = await deps.claims.once(actionKey(a.body, a.action), () => spec.makeDefault(userId, a.action.value ?? ""));
      if (claimed.kind === "repeat") return;
      const r = claimed.value;
      await showList(spec, placeOf(a.body), a.client, true, r.kind === "done" ? spec.texts.madeDefault(r.name) : spec.texts.gone);
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    ids.actionIds.delete,
    adminButton((s) => s.can.delete, async (a, userId, spec) => {
      const claimed = await deps.claims.once(actionKey(a.body, a.action), () => spec.remove(userId, a.action.value ?? ""));
      if (claimed.kind === "repeat") return;
      const r = claimed.value;
      const notice =
        r.kind === "deleted"
          ? spec.texts.deleted(r.name, r.moved, r.movedTo)
          : r.kind === "refused_default"
            ? spec.texts.defaultNotDeletable(r.name, r.customers)
            : spec.texts.gone;
      await showList(spec, placeOf(a.body), a.client, true, notice);
    }),
  );

  app.action<BlockAction<ButtonAction>>(ids.actionIds.switchList, async ({ ack, body, client }) => {
    await ack();
    const { t } = await deps.people.reader(body.user.id);
    await showList(otherOf(t), placeOf(body), client, await deps.admins.isAdmin(body.user.id));
  });
}
