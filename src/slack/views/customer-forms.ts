/**
 * Modals of customer management. Edit forms use the wizard's field builders and ids, so the same
 * validation answers with errors under the same fields. private_metadata: manageMetadata.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import { CHECKED, CONTACT_FIELDS, CUSTOMER_FIELDS } from "../../services/onboarding/fields.js";
import type { RawValues } from "../../services/onboarding/draft.js";
import { SECURITY_FIELD, type ContactScreen, type SlaScreen } from "../../services/customers/management.js";
import type { ManagedCustomer } from "../../repositories/customer-admin.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { encodeManageMetadata, type ManageMetadata } from "../manage-values.js";
import { actions, button, checkboxInput, clip, context, option, plain, section, selectInput } from "./kit.js";
import { contactFieldBlocks, contractFieldBlocks, customerFieldBlocks } from "./wizard.js";

const text = (v: RawValues[string] | undefined) => (typeof v === "string" ? v : undefined);
const ofCustomer = (t: Catalog, name: string | undefined) => (name ? [context(t.manage.forms.ofCustomer(clip(name, 200)))] : []);

function form(t: Catalog, callbackId: string, title: string, meta: ManageMetadata, blocks: KnownBlock[], submit: string = t.manage.forms.save): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    private_metadata: encodeManageMetadata(meta),
    title: plain(title),
    submit: plain(submit),
    close: plain(t.common.cancel),
    blocks,
  };
}

/** "Edit customer": every field of the wizard's step 1, pre-filled. */
export function customerEditModal(t: Catalog, o: { values: RawValues; meta: ManageMetadata }): ModalView {
  return form(t, CallbackId.customerEdit, t.manage.forms.editTitle, o.meta, customerFieldBlocks(t, o.values, CUSTOMER_FIELDS));
}

/** "Add contact" (with the primary tick box) or "Edit contact" (primary is chosen under Permissions). */
export function contactModal(t: Catalog, o: { mode: "add" | "edit"; values: RawValues; meta: ManageMetadata }): ModalView {
  const f = t.manage.forms;
  const ids = o.mode === "add" ? CONTACT_FIELDS : CONTACT_FIELDS.filter((id) => id !== "contact_primary");
  const blocks: KnownBlock[] = [...ofCustomer(t, o.meta.n), ...contactFieldBlocks(t, o.values, ids)];
  if (o.mode === "edit") blocks.push(context(f.primaryByPermissions));
  return form(t, CallbackId.contactForm, o.mode === "add" ? f.addContactTitle : f.editContactTitle, o.meta, blocks);
}

/** "Add contract" / "Edit contract": the wizard's contract fields, all of them shown. */
export function contractModal(t: Catalog, o: { mode: "add" | "edit"; values: RawValues; meta: ManageMetadata }): ModalView {
  const f = t.manage.forms;
  const blocks: KnownBlock[] = [...ofCustomer(t, o.meta.n), ...contractFieldBlocks(t, o.values, { common: true, typeActionId: ActionId.manageContractType })];
  return form(t, CallbackId.contractForm, o.mode === "add" ? f.addContractTitle : f.editContractTitle, o.meta, blocks);
}

/** The customer's SLA and alert threshold profile (the wizard's step 3 fields, without "new SLA"). */
export function slaModal(t: Catalog, o: { screen: SlaScreen; meta: ManageMetadata; values?: RawValues }): ModalView {
  const { customer, slas, alertProfiles } = o.screen;
  const suffix = t.slaStep.defaultSuffix;
  const blocks: KnownBlock[] = [
    ...ofCustomer(t, customer.name),
    selectInput("sla_id", {
      label: t.slaStep.sla_id.label,
      hint: t.slaStep.sla_id.hint,
      optional: false,
      options: slas.map((s) => option(s.id, s.isDefault ? `${s.name}${suffix}` : s.name)),
      initial: text(o.values?.sla_id) ?? customer.slaId,
    }),
    selectInput("alert_profile_id", {
      label: t.slaStep.alert_profile_id.label,
      hint: t.slaStep.alert_profile_id.hint,
      optional: false,
      options: alertProfiles.map((p) => option(p.id, p.isDefault ? `${p.name}${suffix}` : p.name)),
      initial: text(o.values?.alert_profile_id) ?? customer.alertProfileId,
    }),
  ];
  return form(t, CallbackId.customerSla, t.manage.forms.slaTitle, o.meta, blocks);
}

/** The customer's security setting: tickets from email only from the primary contact. */
export function securityModal(t: Catalog, o: { customer: ManagedCustomer; meta: ManageMetadata }): ModalView {
  const f = t.manage.forms;
  const c = o.customer;
  const primary = c.primaryContact ? `${c.primaryContact.firstName} ${c.primaryContact.lastName}` : undefined;
  const blocks: KnownBlock[] = [
    ...ofCustomer(t, c.name),
    section(f.securityPrimary(primary)),
    checkboxInput(SECURITY_FIELD, { label: f.securityLabel, hint: f.securityHint, text: f.securityCheckbox, value: CHECKED, checked: c.ticketsOnlyFromPrimary }),
  ];
  return form(t, CallbackId.customerSecurity, f.securityTitle, o.meta, blocks);
}

/** A contact's permissions: whether they are the primary contact, and the button to make them it. */
export function permissionsModal(t: Catalog, o: { screen: ContactScreen; meta: ManageMetadata; notice?: string }): ModalView {
  const f = t.manage.forms;
  const p = o.screen.contact;
  const blocks: KnownBlock[] = [
    ...(o.notice ? [section(o.notice, BlockId.customerNotice)] : []),
    section(f.permissionsOf(`${p.firstName} ${p.lastName}`, p.email, p.customer.name)),
    section(o.screen.isPrimary ? f.isPrimary : f.notPrimary(o.screen.primaryName ?? undefined)),
  ];
  if (!o.screen.isPrimary && !p.customer.archivedAt) {
    blocks.push(actions(BlockId.permissionsActions, [button(ActionId.contactSetPrimary, f.setPrimary, { value: p.id, style: "primary" })]));
  }
  blocks.push(context(f.primaryHelp));
  return {
    type: "modal",
    callback_id: CallbackId.contactPermissions,
    private_metadata: encodeManageMetadata(o.meta),
    title: plain(f.permissionsTitle),
    close: plain(t.common.close),
    blocks,
  };
}

/** "Remove contact?": the confirmation dialog before the one hard delete. */
export function removeContactModal(t: Catalog, o: { screen: ContactScreen; meta: ManageMetadata }): ModalView {
  const f = t.manage.forms;
  const p = o.screen.contact;
  const blocks: KnownBlock[] = [section(f.removeText(`${p.firstName} ${p.lastName}`, p.email, p.customer.name))];
  if (o.screen.isPrimary) blocks.push(section(f.removePrimaryWarning));
  return form(t, CallbackId.contactRemove, f.removeTitle, o.meta, blocks, f.removeSubmit);
}
