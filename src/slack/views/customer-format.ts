/** Formatting shared by the customer list, card and history: pure, no clock (Slack renders dates). */
import type { Catalog } from "../../i18n/catalog.js";
import type { ChangeValue, Changes } from "../../domain/changes.js";
import { clip, md, slackDate, type Mrkdwn, type Text } from "./kit.js";

export { slackDate } from "./kit.js";

const OPTION_FIELDS = new Set(["billingPeriod", "deviceCategory", "gbCategory"]);

/** A value before or after a change, as the history shows it: text, or a date Slack renders. */
export function formatChangeValue(t: Catalog, field: string, v: ChangeValue): Text {
  if (v === null || v === "") return t.common.none;
  if (Array.isArray(v)) return v.length ? clip(v.join(", "), 300) : t.common.none;
  if (typeof v === "boolean") return v ? t.common.yes : t.common.no;
  if (typeof v === "number") return field.endsWith("Cents") ? t.format.money(v) : field.endsWith("Centis") ? t.format.hours(v) : t.format.number(v);
  if (field === "type") return (t.contractTypes as Record<string, string>)[v] ?? v;
  if (OPTION_FIELDS.has(field)) return t.options[v] ?? v;
  if (field === "archivedAt") {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? v : slackDate(d);
  }
  return `“${clip(v, 200)}”`;
}

/** One line per changed field ("• Phone: — → “+39 06 555”"), ids left out (their names are there). */
export function changeLines(t: Catalog, changes: Changes, max = 12): Mrkdwn[] {
  const h = t.manage.history;
  const shown = Object.entries(changes).filter(([field]) => !field.endsWith("Id"));
  const lines = shown
    .slice(0, max)
    .map(([field, c]) => h.change(h.fieldLabels[field] ?? field, formatChangeValue(t, field, c.before), formatChangeValue(t, field, c.after)));
  if (shown.length > max) lines.push(md`${h.moreChanges(shown.length - max)}`);
  return lines;
}
