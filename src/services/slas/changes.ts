/**
 * SLAs and alert profiles as flat snapshots for the change log (compared with domain/changes.ts's
 * diff, appeared and disappeared): { field: value }, values a person can read.
 */
import { ALERT_METRICS, SEVERITIES, type AlertProfileInput } from "../../domain/alert-profile.js";
import type { Snapshot } from "../../domain/changes.js";
import { PRIORITIES, WEEKDAYS, formatHoursRange, type SlaInput } from "../../domain/sla.js";

type Flat = Snapshot;

const WEEKDAY_KEYS = ["", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Field names follow the database columns; business hours as "09:00–17:00" or null (closed). */
export function flattenSla(sla: SlaInput): Flat {
  const flat: Flat = { name: sla.name, timeZone: sla.timeZone };
  for (const p of PRIORITIES) flat[`response${cap(p)}Minutes`] = sla.responseMinutes[p];
  for (const p of PRIORITIES) flat[`resolution${cap(p)}Minutes`] = sla.resolutionMinutes[p];
  for (const d of WEEKDAYS) {
    const h = sla.workingHours.find((x) => x.weekday === d);
    flat[`hours.${WEEKDAY_KEYS[d]}`] = h ? formatHoursRange(h.startMinute, h.endMinute) : null;
  }
  return flat;
}

/** "name" and one field per threshold, "cpu_percent.warning": 85 (null when not set). */
export function flattenAlertProfile(profile: AlertProfileInput): Flat {
  const flat: Flat = { name: profile.name };
  for (const m of ALERT_METRICS) {
    for (const s of SEVERITIES) flat[`${m}.${s}`] = profile.thresholds.find((x) => x.metric === m && x.severity === s)?.value ?? null;
  }
  return flat;
}
