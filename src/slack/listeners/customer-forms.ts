/**
 * The modals of customer management: opening them (from the card, the list's menus or a command),
 * their submissions, and the actions inside them (Set as primary, a contract's type). Thin: read
 * Slack's payload, call CustomerManagementService, render with the view builders, then show the
 * result where the modal was opened from (the card is refreshed in place).
 */
import type { App, BlockAction, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Catalog } from "../../i18n/catalog.js";
import { KnownFailure } from "../../domain/failures.js";
import { ManageError, type ManageAction } from "../../services/customers/errors.js";
import type { CardTab, SaveOutcome } from "../../services/customers/management.js";
import type { RawValues } from "../../services/onboarding/draft.js";
import type { SlackDeps } from "../context.js";
import { ActionId, CallbackId } from "../ids.js";
import { decodeManageMetadata, parseId, type ManageMetadata } from "../manage-values.js";
import { postToResponseUrl } from "../respond.js";
import { actionKey, submissionKey } from "../request-keys.js";
import { readValues, type ViewState } from "../state.js";
import { customerCardMessage } from "../views/customer-card.js";
import { contactModal, contractModal, customerEditModal, permissionsModal, removeContactModal, securityModal, slaModal } from "../views/customer-forms.js";
import { noticeView } from "../views/wizard.js";

/** Where a modal is opened from; after saving, that message shows the result. */
export type Origin = {
  /** the catalog of the person who opens the modal */
  t: Catalog;
  userId: string;
  triggerId: string;
  /** response_url of the message or command the modal came from */
  responseUrl?: string;
  /** "replace": that message is a card, refresh it; "post": answer with a new card */
  mode: "replace" | "post";
  channelId?: string;
};

/** Refuses non-admins before a change modal opens (the service checks again on submit). */
export async function requireAdmin(deps: SlackDeps, userId: string, action: ManageAction): Promise<void> {
  if (!(await deps.admins.isAdmin(userId))) throw new ManageError({ code: "not_admin", action });
}

function metaFor(origin: Origin, customerId: string, customerName: string, entityId?: string): ManageMetadata {
  return {
    c: customerId,
    ...(entityId ? { e: entityId } : {}),
    ...(origin.responseUrl ? { r: origin.responseUrl } : {}),
    m: origin.mode,
    ...(origin.channelId ? { ch: origin.channelId } : {}),
    n: customerName.slice(0, 200),
  };
}

async function open(client: WebClient, origin: Origin, view: Parameters<WebClient["views"]["open"]>[0]["view"]): Promise<void> {
  await client.views.open({ trigger_id: origin.triggerId, view });
}

export async function openCustomerEdit(client: WebClient, deps: SlackDeps, origin: Origin, customerId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "edit_customer");
  const { customer, values } = await deps.management.customerForm(customerId);
  await open(client, origin, customerEditModal(origin.t, { values, meta: metaFor(origin, customer.id, customer.name) }));
}

export async function openContactAdd(client: WebClient, deps: SlackDeps, origin: Origin, customerId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "change_contacts");
  const { customer, values } = await deps.management.newContactForm(customerId);
  await open(client, origin, contactModal(origin.t, { mode: "add", values, meta: metaFor(origin, customer.id, customer.name) }));
}

export async function openContactEdit(client: WebClient, deps: SlackDeps, origin: Origin, contactId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "change_contacts");
  const { contact, values } = await deps.management.contactForm(contactId);
  await open(client, origin, contactModal(origin.t, { mode: "edit", values, meta: metaFor(origin, contact.customer.id, contact.customer.name, contact.id) }));
}

export async function openContactPermissions(client: WebClient, deps: SlackDeps, origin: Origin, contactId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "change_contacts");
  const screen = await deps.management.contactScreen(contactId);
  const c = screen.contact.customer;
  await open(client, origin, permissionsModal(origin.t, { screen, meta: metaFor(origin, c.id, c.name, contactId) }));
}

export async function openContactRemove(client: WebClient, deps: SlackDeps, origin: Origin, contactId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "change_contacts");
  const screen = await deps.management.contactScreen(contactId);
  const c = screen.contact.customer;
  if (c.archivedAt) throw new ManageError({ code: "archived", customerName: c.name });
  await open(client, origin, removeContactModal(origin.t, { screen, meta: metaFor(origin, c.id, c.name, contactId) }));
}

export async function openContractAdd(client: WebClient, deps: SlackDeps, origin: Origin, customerId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "change_contracts");
  const { customer, values } = await deps.management.newContractForm(customerId);
  await open(client, origin, contractModal(origin.t, { mode: "add", values, meta: metaFor(origin, customer.id, customer.name) }));
}

export async function openContractEdit(client: WebClient, deps: SlackDeps, origin: Origin, contractId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "change_contracts");
  const { contract, values } = await deps.management.contractForm(contractId);
  await open(client, origin, contractModal(origin.t, { mode: "edit", values, meta: metaFor(origin, contract.customer.id, contract.customer.name, contract.id) }));
}

export async function openSla(client: WebClient, deps: SlackDeps, origin: Origin, customerId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "change_sla");
  const screen = await deps.management.slaScreen(customerId);
  await open(client, origin, slaModal(origin.t, { screen, meta: metaFor(origin, screen.customer.id, screen.customer.name) }));
}

export async function openSecurity(client: WebClient, deps: SlackDeps, origin: Origin, customerId: string): Promise<void> {
  await requireAdmin(deps, origin.userId, "change_security");
  const customer = await deps.management.securityScreen(customerId);
  await open(client, origin, securityModal(origin.t, { customer, meta: metaFor(origin, customer.id, customer.name) }));
}

/**
 * After a change made in a modal: the card where it started shows the tab concerned with a line
 * saying what was done (replacing the card, or as a new card under a list or a command). The
 * response_url lasts 30 minutes; after that the card is posted with chat.postEphemeral.
 */
export async function refreshCard(t: Catalog, client: WebClient, deps: SlackDeps, meta: ManageMetadata, userId: string, tab: CardTab, customerId: string, notice: string): Promise<void> {
  const data = await deps.management.card(t, customerId, tab);
  if (!data) return;
  const message = customerCardMessage(t, data, { notice, portal: Boolean(deps.portalUrl) });
  if (meta.r) {
    try {
      await postToResponseUrl(meta.r, meta.m === "replace" ? { replace_original: true, ...message } : { response_type: "ephemeral", replace_original: false, ...message });
      return;
    } catch (error) {
      deps.logger.warn(`Could not refresh the card of customer ${customerId} through its response_url; posting it instead`, error);
    }
  }
  if (meta.ch) await client.chat.postEphemeral({ channel: meta.ch, user: userId, ...message });
}

export function registerCustomerForms(app: App, deps: SlackDeps): void {
  const m = deps.management;

  /**
   * One submission handler: validation errors under their fields; saved closes the modal and
   * refreshes the card. A refusal (ManageError: not an admin, archived, gone) replaces the modal
   * with its reason, and an unexpected failure keeps it open with a ref: src/slack/failures.ts.
   */
  const onSubmit = (callbackId: string, tab: CardTab, run: (t: Catalog, meta: ManageMetadata, values: RawValues, userId: string) => Promise<SaveOutcome>) =>
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, client }) => {
      const { t } = await deps.people.reader(body.user.id);
      const meta = decodeManageMetadata(view.private_metadata);
      if (!meta) return ack({ response_action: "update", view: noticeView(t, t.manage.forms.notSavedTitle, t.manage.errors.stale) });
      // The same submission again (a replay, a retry) saves nothing twice: the modal just closes.
      const claimed = await deps.claims.once(submissionKey(view), () => run(t, meta, readValues(view.state as ViewState), body.user.id), (o) => o.kind !== "errors");
      if (claimed.kind === "repeat") return ack();
      const outcome = claimed.value;
      if (outcome.kind === "errors") return ack({ response_action: "errors", errors: outcome.errors });
      await ack();
      await refreshCard(t, client, deps, meta, body.user.id, tab, outcome.customerId, outcome.notice);
    });

  onSubmit(CallbackId.customerEdit, "overview", (t, meta, values, user) => m.updateCustomer(t, user, meta.c, values));
  onSubmit(CallbackId.contactForm, "contacts", (t, meta, values, user) =>
    meta.e ? m.updateContact(t, user, meta.e, values) : m.addContact(t, user, meta.c, values),
  );
  onSubmit(CallbackId.contractForm, "contracts", (t, meta, values, user) =>
    meta.e ? m.updateContract(t, user, meta.e, values) : m.addContract(t, user, meta.c, values),
  );
  onSubmit(CallbackId.customerSla, "overview", (t, meta, values, user) => m.setSlaAndProfile(t, user, meta.c, values));
  onSubmit(CallbackId.customerSecurity, "overview", (t, meta, values, user) => m.setSecurity(t, user, meta.c, values));
  onSubmit(CallbackId.contactRemove, "contacts", async (t, meta, _values, user) => {
    if (!meta.e) throw new ManageError({ code: "contact_not_found" });
    return m.removeContact(t, user, meta.e);
  });

  // "Set as primary contact" in a contact's Permissions modal: the modal shows the outcome, a
  // refusal too (it is the place the person looks at); anything unexpected goes to failures.ts.
  app.action<BlockAction>(ActionId.contactSetPrimary, async ({ ack, body, action, client }) => {
    await ack();
    const { t } = await deps.people.reader(body.user.id);
    const view = body.view;
    const meta = decodeManageMetadata(view?.private_metadata);
    const contactId = parseId(action.type === "button" ? action.value : undefined);
    if (!view || !meta || !contactId) return;
    let notice: string;
    let saved: SaveOutcome | undefined;
    try {
      const claimed = await deps.claims.once(actionKey(body, action), () => m.setPrimary(t, body.user.id, contactId));
      if (claimed.kind === "repeat") return;
      saved = claimed.value;
      notice = saved.kind === "saved" ? saved.notice : t.manage.errors.stale;
    } catch (error) {
      if (!(error instanceof KnownFailure)) throw error;
      notice = t.failures.text(error.failure);
    }
    try {
      const screen = await m.contactScreen(contactId);
      await client.views.update({ view_id: view.id, view: permissionsModal(t, { screen, meta, notice }) });
    } catch (error) {
      if (!(error instanceof KnownFailure)) throw error;
      await client.views.update({ view_id: view.id, view: noticeView(t, t.manage.forms.permissionsTitle, t.failures.text(error.failure)) });
    }
    if (saved?.kind === "saved") await refreshCard(t, client, deps, meta, body.user.id, "contacts", saved.customerId, saved.notice);
  });

  // A different contract type in the Add/Edit contract modal: show that type's fields, keep what was typed.
  app.action<BlockAction>(ActionId.manageContractType, async ({ ack, body, client }) => {
    await ack();
    const { t } = await deps.people.reader(body.user.id);
    const view = body.view;
    const meta = decodeManageMetadata(view?.private_metadata);
    if (!view || !meta) return;
    const values = readValues(view.state as ViewState);
    await client.views.update({ view_id: view.id, hash: view.hash, view: contractModal(t, { mode: meta.e ? "edit" : "add", values, meta }) });
  });
}
