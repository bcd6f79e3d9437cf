/**
 * Pure builders for SLA administration: the SLA list (an ephemeral message from /sla list, or a
 * modal from App Home, same blocks) and the SLA editor modal (/sla new, /sla edit, Edit buttons).
 */
import type { Button, KnownBlock, ModalView } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import { PRIORITIES, WEEKDAYS, formatDuration, formatHoursRange, type WorkingHours } from "../../domain/sla.js";
import type { SlaListItem } from "../../repositories/slas.js";
import type { RawValues } from "../../services/onboarding/draft.js";
import { slaHoursFieldId } from "../../services/slas/fields.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { encodeMetadata, type EditorMetadata } from "../metadata.js";
import { actions, button, clip, context, header, message, plain, section, textInput, type SlackMessage } from "./kit.js";
import { slaFormHeadBlocks } from "./wizard.js";

/** Items shown in a list: 2 blocks each keeps a message within Slack's 50 blocks. */
export const LIST_MAX_ITEMS = 20;

export type Message = SlackMessage;
export type ListOptions = { isAdmin: boolean; notice?: string };

const day = (t: Catalog, weekday: number) => t.slaForm.weekdaysShort[weekday] ?? String(weekday);

/** Mon–Fri 09:00–17:00 · Sat 09:00–13:00: consecutive days with the same hours are grouped. */
export function hoursSummary(t: Catalog, hours: WorkingHours[]): string {
  const sorted = [...hours].sort((a, b) => a.weekday - b.weekday);
  const groups: { from: number; to: number; range: string }[] = [];
  for (const h of sorted) {
    const range = formatHoursRange(h.startMinute, h.endMinute);
    const last = groups.at(-1);
    if (last && last.range === range && last.to === h.weekday - 1) last.to = h.weekday;
    else groups.push({ from: h.weekday, to: h.weekday, range });
  }
  if (groups.length === 0) return t.slaAdmin.noHours;
  return groups.map((g) => `${g.from === g.to ? day(t, g.from) : `${day(t, g.from)}–${day(t, g.to)}`} ${g.range}`).join(" · ");
}

function usage(t: Catalog, count: number, names: string[]): string {
  return count === 0 ? t.slaAdmin.unused : t.slaAdmin.usedBy(count, names);
}

function slaText(t: Catalog, item: SlaListItem): string {
  const p = t.slaForm.priorities;
  const targets = PRIORITIES.map((k) => t.slaAdmin.target(p[k] ?? k, t.format.duration(item.responseMinutes[k]), t.format.duration(item.resolutionMinutes[k])));
  return [
    `*${item.name}*${item.isDefault ? `  ·  _${t.slaAdmin.defaultTag}_` : ""}`,
    t.slaAdmin.targets(targets),
    t.slaAdmin.hours(item.timeZone, hoursSummary(t, item.workingHours)),
    usage(t, item.customerCount, item.customerNames),
  ].join("\n");
}

/** The confirm dialog of a Delete button (Slack shows it before the click is sent). */
export function deleteConfirm(t: Catalog, title: string, text: string) {
  return {
    title: plain(title),
    text: plain(clip(text, 300)),
    confirm: plain(t.slaAdmin.confirmYes),
    deny: plain(t.slaAdmin.confirmNo),
    style: "danger" as const,
  };
}

function slaButtons(t: Catalog, item: SlaListItem, fallback: string): Button[] {
  const buttons: Button[] = [button(ActionId.slaEdit, t.slaAdmin.editButton, { value: item.id })];
  if (!item.isDefault) buttons.push(button(ActionId.slaMakeDefault, t.slaAdmin.makeDefaultButton, { value: item.id }));
  // The default keeps its Delete button: pressing it says why it cannot go, and what to do instead.
  buttons.push({
    ...button(ActionId.slaDelete, t.slaAdmin.deleteButton, { value: item.id, style: "danger" }),
    ...(item.isDefault ? {} : { confirm: deleteConfirm(t, t.slaAdmin.confirmDeleteTitle, t.slaAdmin.confirmDelete(item.name, item.customerCount, fallback)) }),
  });
  return buttons;
}

/** The list's blocks; at most LIST_MAX_ITEMS SLAs, the rest counted. */
export function slaListBlocks(t: Catalog, items: SlaListItem[], o: ListOptions): KnownBlock[] {
  const fallback = items.find((i) => i.isDefault)?.name ?? "";
  const blocks: KnownBlock[] = [header(t.slaAdmin.listHeader)];
  if (o.notice) blocks.push(section(o.notice, BlockId.listNotice));
  blocks.push(context(t.slaAdmin.listIntro));
  for (const item of items.slice(0, LIST_MAX_ITEMS)) {
    blocks.push(section(slaText(t, item)));
    if (o.isAdmin) blocks.push(actions(`${BlockId.slaItemPrefix}${item.id}`, slaButtons(t, item, fallback)));
  }
  if (items.length > LIST_MAX_ITEMS) blocks.push(context(t.slaAdmin.more(items.length - LIST_MAX_ITEMS)));
  const footer = [...(o.isAdmin ? [button(ActionId.slaNew, t.slaAdmin.newButton, { style: "primary" })] : []), button(ActionId.slaShowProfiles, t.slaAdmin.profilesButton)];
  blocks.push(actions(BlockId.listFooter, footer));
  return blocks;
}

export function slaListMessage(t: Catalog, items: SlaListItem[], o: ListOptions): Message {
  return message(o.notice ?? t.slaAdmin.listHeader, slaListBlocks(t, items, o));
}

export function slaListModal(t: Catalog, items: SlaListItem[], o: ListOptions): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.slaList,
    title: plain(t.slaAdmin.listModalTitle),
    close: plain(t.common.close),
    blocks: slaListBlocks(t, items, o),
  };
}

/** The SLA editor: name, targets and time zone as in the wizard's form, then one row per weekday. */
export function slaEditorView(t: Catalog, o: {
  meta: EditorMetadata;
  values?: RawValues;
  defaultTimeZone: string;
  editing?: { name: string; customers: number };
}): ModalView {
  const f = t.slaAdmin.form;
  const values = o.values ?? defaultHours();
  const blocks: KnownBlock[] = [];
  if (o.editing) blocks.push(context(f.editing(o.editing.name, o.editing.customers)));
  blocks.push(...slaFormHeadBlocks(t, values, o.defaultTimeZone), context(f.hoursHeading));
  for (const d of WEEKDAYS) {
    const id = slaHoursFieldId(d);
    const initial = values[id];
    blocks.push(
      textInput(id, {
        label: t.slaForm.weekdays[d] ?? String(d),
        ...(d === 1 ? { hint: f.hoursHint } : {}),
        optional: true,
        maxLength: 20,
        placeholder: f.hoursPlaceholder,
        initial: typeof initial === "string" ? initial : undefined,
      }),
    );
  }
  return {
    type: "modal",
    callback_id: CallbackId.slaEditor,
    private_metadata: encodeMetadata(o.meta),
    title: plain(o.editing ? f.editTitle : f.newTitle),
    submit: plain(f.submit),
    close: plain(t.common.cancel),
    blocks,
  };
}

/** A new SLA starts with Monday to Friday, 09:00–17:00. */
function defaultHours(): RawValues {
  const values: RawValues = {};
  for (const d of WEEKDAYS) values[slaHoursFieldId(d)] = d <= 5 ? formatHoursRange(9 * 60, 17 * 60) : "";
  return values;
}
