/**
 * Pure builders for alert threshold profiles: the list (ephemeral message from /sla profiles, or
 * a modal from App Home, same blocks) and the editor modal.
 */
import type { Button, KnownBlock, ModalView } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import { ALERT_METRICS, SEVERITIES, higherIsWorse } from "../../domain/alert-profile.js";
import { LIMITS } from "../../domain/limits.js";
import type { AlertProfileListItem, AlertProfileRecord } from "../../repositories/alert-profiles.js";
import type { RawValues } from "../../services/onboarding/draft.js";
import { ALERT_NAME_FIELD, alertFieldId } from "../../services/slas/fields.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { encodeMetadata, type EditorMetadata } from "../metadata.js";
import { actions, button, context, header, message, plain, section, textInput } from "./kit.js";
import { LIST_MAX_ITEMS, deleteConfirm, type ListOptions, type Message } from "./sla.js";


function thresholdLines(t: Catalog, profile: AlertProfileRecord): string[] {
  const lines: string[] = [];
  for (const metric of ALERT_METRICS) {
    const set = profile.thresholds.filter((x) => x.metric === metric);
    if (set.length === 0) continue;
    const comparison = higherIsWorse(metric) ? "≥" : "≤";
    const unit = t.slaAdmin.profiles.units[metric] ?? "";
    const parts = set.map((x) => t.slaAdmin.profiles.threshold(t.slaAdmin.profiles.severities[x.severity] ?? x.severity, comparison, `${x.value}${unit}`));
    lines.push(t.slaAdmin.profiles.thresholdLine(t.slaAdmin.profiles.metrics[metric] ?? metric, parts));
  }
  return lines.length ? lines : [t.slaAdmin.profiles.noThresholds];
}

function profileText(t: Catalog, item: AlertProfileListItem): string {
  return [
    `*${item.name}*${item.isDefault ? `  ·  _${t.slaAdmin.defaultTag}_` : ""}`,
    ...thresholdLines(t, item),
    item.customerCount === 0 ? t.slaAdmin.unused : t.slaAdmin.usedBy(item.customerCount, item.customerNames),
  ].join("\n");
}

function profileButtons(t: Catalog, item: AlertProfileListItem, fallback: string): Button[] {
  const s = t.slaAdmin;
  const buttons: Button[] = [button(ActionId.alertProfileEdit, s.editButton, { value: item.id })];
  if (!item.isDefault) buttons.push(button(ActionId.alertProfileMakeDefault, s.makeDefaultButton, { value: item.id }));
  // The default keeps its Delete button: pressing it says why it cannot go, and what to do instead.
  buttons.push({
    ...button(ActionId.alertProfileDelete, s.deleteButton, { value: item.id, style: "danger" }),
    ...(item.isDefault ? {} : { confirm: deleteConfirm(t, t.slaAdmin.profiles.confirmDeleteTitle, t.slaAdmin.profiles.confirmDelete(item.name, item.customerCount, fallback)) }),
  });
  return buttons;
}

export function alertProfileListBlocks(t: Catalog, items: AlertProfileListItem[], o: ListOptions): KnownBlock[] {
  const fallback = items.find((i) => i.isDefault)?.name ?? "";
  const blocks: KnownBlock[] = [header(t.slaAdmin.profiles.listHeader)];
  if (o.notice) blocks.push(section(o.notice, BlockId.listNotice));
  blocks.push(context(t.slaAdmin.profiles.listIntro));
  for (const item of items.slice(0, LIST_MAX_ITEMS)) {
    blocks.push(section(profileText(t, item)));
    if (o.isAdmin) blocks.push(actions(`${BlockId.alertProfileItemPrefix}${item.id}`, profileButtons(t, item, fallback)));
  }
  if (items.length > LIST_MAX_ITEMS) blocks.push(context(t.slaAdmin.profiles.more(items.length - LIST_MAX_ITEMS)));
  const footer = [
    ...(o.isAdmin ? [button(ActionId.alertProfileNew, t.slaAdmin.profiles.newButton, { style: "primary" })] : []),
    button(ActionId.alertProfileShowSlas, t.slaAdmin.profiles.slasButton),
  ];
  blocks.push(actions(BlockId.listFooter, footer));
  return blocks;
}

export function alertProfileListMessage(t: Catalog, items: AlertProfileListItem[], o: ListOptions): Message {
  return message(o.notice ?? t.slaAdmin.profiles.listHeader, alertProfileListBlocks(t, items, o));
}

export function alertProfileListModal(t: Catalog, items: AlertProfileListItem[], o: ListOptions): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.alertProfileList,
    title: plain(t.slaAdmin.profiles.listModalTitle),
    close: plain(t.common.close),
    blocks: alertProfileListBlocks(t, items, o),
  };
}

/** Name, then per metric a heading and one input per severity (empty = no alert at that level). */
export function alertProfileEditorView(t: Catalog, o: { meta: EditorMetadata; values?: RawValues; editing?: { name: string; customers: number } }): ModalView {
  const f = t.slaAdmin.profiles.form;
  const values = o.values ?? {};
  const text = (id: string) => {
    const v = values[id];
    return typeof v === "string" ? v : undefined;
  };
  const blocks: KnownBlock[] = [];
  if (o.editing) blocks.push(context(f.editing(o.editing.name, o.editing.customers)));
  blocks.push(
    textInput(ALERT_NAME_FIELD, { label: f.name.label, hint: f.name.hint, optional: false, maxLength: LIMITS.name, initial: text(ALERT_NAME_FIELD) }),
    context(f.intro),
  );
  for (const metric of ALERT_METRICS) {
    const metricName = t.slaAdmin.profiles.metrics[metric] ?? metric;
    blocks.push(context(f.metricHeading(metricName, f.rule[metric] ?? "")));
    for (const severity of SEVERITIES) {
      const id = alertFieldId(metric, severity);
      blocks.push(textInput(id, { label: f.fieldLabel(metricName, t.slaAdmin.profiles.severities[severity] ?? severity), optional: true, maxLength: 6, initial: text(id) }));
    }
  }
  return {
    type: "modal",
    callback_id: CallbackId.alertProfileEditor,
    private_metadata: encodeMetadata(o.meta),
    title: plain(o.editing ? f.editTitle : f.newTitle),
    submit: plain(f.submit),
    close: plain(t.common.cancel),
    blocks,
  };
}
