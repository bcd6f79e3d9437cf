/**
 * Validation of the SLA editor's weekday rows and of the alert profile form. Input: raw values
 * keyed by block id; output: the domain input, or errors keyed by block id (what
 * `response_action: "errors"` needs). Pure: name uniqueness is checked by the services.
 * Name, targets and time zone of an SLA are validated by onboarding's validateSlaForm.
 */
import type { Catalog } from "../../i18n/catalog.js";
import { LIMITS } from "../../domain/limits.js";
import { cleanText } from "../../domain/text.js";
import { WEEKDAYS, parseHoursRange, type WorkingHours } from "../../domain/sla.js";
import {
  ALERT_METRICS,
  SEVERITIES,
  higherIsWorse,
  metricRange,
  type AlertProfileInput,
  type AlertThresholdInput,
} from "../../domain/alert-profile.js";
import type { RawValue, RawValues } from "../onboarding/draft.js";
import type { FieldErrors, StepResult } from "../onboarding/validate.js";
import { ALERT_NAME_FIELD, alertFieldId, slaHoursFieldId } from "./fields.js";

const text = (raw: RawValue | undefined): string | undefined => (typeof raw === "string" ? cleanText(raw) : undefined);

/** One "HH:MM-HH:MM" row per weekday, empty = closed; at least one day open. */
export function validateWeekdayHours(t: Catalog, values: RawValues): StepResult<WorkingHours[]> {
  const errors: FieldErrors = {};
  const hours: WorkingHours[] = [];
  for (const weekday of WEEKDAYS) {
    const id = slaHoursFieldId(weekday);
    const r = parseHoursRange(text(values[id]));
    if (!r.ok) errors[id] = r.reason === "end_before_start" ? t.validation.endTimeBeforeStart : t.slaAdmin.validation.hours;
    else if (r.hours) hours.push({ weekday, ...r.hours });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (hours.length === 0) return { ok: false, errors: { [slaHoursFieldId(1)]: t.slaAdmin.validation.noHours } };
  return { ok: true, value: hours };
}

/** Name and thresholds: whole numbers in the metric's range, each severity worse than the one below. */
export function validateAlertProfileForm(t: Catalog, values: RawValues): StepResult<AlertProfileInput> {
  const p = t.slaAdmin.profiles;
  const errors: FieldErrors = {};
  const name = text(values[ALERT_NAME_FIELD]);
  if (!name) errors[ALERT_NAME_FIELD] = t.validation.required;
  else if (name.length > LIMITS.name) errors[ALERT_NAME_FIELD] = t.validation.tooLong(LIMITS.name);

  const thresholds: AlertThresholdInput[] = [];
  for (const metric of ALERT_METRICS) {
    const { min, max } = metricRange(metric);
    let previous: AlertThresholdInput | undefined;
    for (const severity of SEVERITIES) {
      const id = alertFieldId(metric, severity);
      const raw = text(values[id]);
      if (raw === undefined) continue;
      if (!/^\d+$/.test(raw)) {
        errors[id] = /^-?\d+([.,]\d+)?$/.test(raw) ? p.validation.range(min, max) : t.validation.notWhole;
        continue;
      }
      const value = Number(raw);
      if (value < min || value > max) {
        errors[id] = p.validation.range(min, max);
        continue;
      }
      if (previous) {
        const other = p.severities[previous.severity] ?? previous.severity;
        if (higherIsWorse(metric) && value <= previous.value) errors[id] = p.validation.mustBeHigher(other, previous.value);
        if (!higherIsWorse(metric) && value >= previous.value) errors[id] = p.validation.mustBeLower(other, previous.value);
      }
      const threshold = { metric, severity, value };
      thresholds.push(threshold);
      previous = threshold;
    }
  }
  if (Object.keys(errors).length > 0 || !name) return { ok: false, errors };
  return { ok: true, value: { name, thresholds } };
}
