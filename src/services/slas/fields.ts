/**
 * Field ids of the SLA editor (`/sla new`, `/sla edit`) and the alert profile editor. Each is both
 * the input's block_id and its action_id. The SLA editor shares name, target and time zone ids
 * with the wizard's "new SLA" form (sla_name, sla_response_<priority>, sla_resolution_<priority>,
 * sla_time_zone) and has one working-hours row per weekday instead of one range for every day.
 */
import { ALERT_METRICS, SEVERITIES, type AlertMetric, type AlertProfileInput, type Severity } from "../../domain/alert-profile.js";
import { PRIORITIES, WEEKDAYS, formatDuration, formatHoursRange, type SlaInput } from "../../domain/sla.js";
import type { RawValues } from "../onboarding/draft.js";

/** "sla_hours_1" (Monday) ... "sla_hours_7" (Sunday): "09:00–17:00", empty = closed. */
export const slaHoursFieldId = (weekday: number) => `sla_hours_${weekday}` as const;

export const ALERT_NAME_FIELD = "alert_profile_name";
/** "alert_cpu_percent_warning": the threshold of one metric at one severity; empty = none. */
export const alertFieldId = (metric: AlertMetric, severity: Severity) => `alert_${metric}_${severity}` as const;

/** The editor's values for an existing SLA, as a person would have typed them. */
export function slaFormValues(sla: SlaInput): RawValues {
  const values: RawValues = { sla_name: sla.name, sla_time_zone: sla.timeZone };
  for (const p of PRIORITIES) {
    values[`sla_response_${p}`] = formatDuration(sla.responseMinutes[p]);
    values[`sla_resolution_${p}`] = formatDuration(sla.resolutionMinutes[p]);
  }
  for (const d of WEEKDAYS) {
    const h = sla.workingHours.find((x) => x.weekday === d);
    values[slaHoursFieldId(d)] = h ? formatHoursRange(h.startMinute, h.endMinute) : "";
  }
  return values;
}

/** The editor's values for an existing alert profile. */
export function alertProfileFormValues(profile: AlertProfileInput): RawValues {
  const values: RawValues = { [ALERT_NAME_FIELD]: profile.name };
  for (const m of ALERT_METRICS) {
    for (const s of SEVERITIES) {
      const th = profile.thresholds.find((x) => x.metric === m && x.severity === s);
      values[alertFieldId(m, s)] = th ? String(th.value) : "";
    }
  }
  return values;
}
