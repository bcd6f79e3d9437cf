/** Formatting shared by the customer list, card and history: pure, no clock (Slack renders dates). */
import { t } from "../../i18n/en.js";
import type { ChangeValue, Changes } from "../../domain/changes.js";
import { formatCents, formatHours } from "../../domain/money.js";
import { clip } from "./kit.js";

/** Text people typed, made safe for mrkdwn: no mentions, links or broken markup from `<`, `>`, `&`. */
/** One escaping rule for text people typed, shared with the catalog. */
export { esc } from "../../i18n/en.js";
import { esc } from "../../i18n/en.js";

/** A time Slack shows in each reader's own time zone ("Nov 26 at 10:00", "today at 10:00"). */
export function slackDate(d: Date): string {
  return `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString().slice(0, 16).replace("T", " ")} UTC>`;
}

const OPTION_FIELDS = new Set(["billingPeriod", "deviceCategory", "gbCategory"]);

export function formatChangeValue(field: string, v: ChangeValue): string {
  if (v === null || v === "") return t.common.none;
  if (Array.isArray(v)) return v.length ? esc(clip(v.join(", "), 300)) : t.common.none;
  if (typeof v === "boolean") return v ? t.common.yes : t.common.no;
  if (typeof v === "number") return field.endsWith("Cents") ? formatCents(v) : field.endsWith("Centis") ? formatHours(v) : v.toLocaleString("en-US");
  if (field === "type") return (t.contractTypes as Record<string, string>)[v] ?? esc(v);
  if (OPTION_FIELDS.has(field)) return t.options[v] ?? esc(v);
  if (field === "archivedAt") {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? esc(v) : slackDate(d);
  }
  return `“${esc(clip(v, 200))}”`;
}

/** One line per changed field ("• Phone: — → “+39 06 555”"), ids left out (their names are there). */
export function changeLines(changes: Changes, max = 12): string[] {
  const h = t.manage.history;
  const shown = Object.entries(changes).filter(([field]) => !field.endsWith("Id"));
  const lines = shown
    .slice(0, max)
    .map(([field, c]) => h.change(h.fieldLabels[field] ?? field, formatChangeValue(field, c.before), formatChangeValue(field, c.after)));
  if (shown.length > max) lines.push(h.moreChanges(shown.length - max));
  return lines;
}
