/**
 * Validation of each wizard step with zod. Input: the raw values keyed by block id. Output: the
 * typed domain input, or `errors` keyed by block id — exactly what `response_action: "errors"` needs.
 * Pure: database checks (name and domain uniqueness) happen in the service.
 */
import { isTimeZone } from "../../domain/time-zone.js";
import { z } from "zod";
import type { Catalog } from "../../i18n/catalog.js";
import { LIMITS } from "../../domain/limits.js";
import { cleanMultiline, cleanText } from "../../domain/text.js";
import { domainProblem, normaliseDomain, splitDomainList } from "../../domain/domains.js";
import { canonicalEmail, isValidEmail } from "../../domain/email.js";
import { parseHoursCentis, parseMoneyCents, parseWholeNumber, type ParseResult } from "../../domain/money.js";
import {
  CONTRACT_TYPE_FIELDS,
  FIELD_COLUMN,
  isContractType,
  type ContractTerms,
  type ContractFieldSpec,
} from "../../domain/contract-types.js";
import type { ContactInput, ContractInput, CustomerInput } from "../../domain/customer.js";
import { PRIORITIES, parseClock, parseDuration, type SlaInput } from "../../domain/sla.js";
import { CHECKED, CUSTOMER_LANGUAGES, NEW_SLA_OPTION, contractFieldId } from "./fields.js";
import { validateWeekdayHours } from "../slas/validate.js";
import type { RawValue, RawValues } from "./draft.js";

export type FieldErrors = Record<string, string>;
export type SlaChoice = { slaId: string; alertProfileId: string };
export type StepResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const asText = (raw: unknown) => (typeof raw === "string" ? cleanText(raw) : Array.isArray(raw) ? cleanText(raw[0]) : undefined);
const asMultiline = (raw: unknown) => (typeof raw === "string" ? cleanMultiline(raw) : undefined);
const isChecked = (raw: unknown) => (Array.isArray(raw) ? raw.includes(CHECKED) : raw === CHECKED);

/**
 * The validators, worded in one catalog: built once per catalog (the zod schemas hold their
 * messages), so a person reads the errors in their own language.
 */
function makeValidators(t: Catalog) {
  const v = t.validation;


  function requiredText(max: number) {
    return z.preprocess(asText, z.string({ error: v.required }).max(max, v.tooLong(max)));
  }
  function optionalText(max: number, multiline = false) {
    return z.preprocess(multiline ? asMultiline : asText, z.string().max(max, v.tooLong(max)).optional());
  }

  const wholeNumber = (raw: string) => parseWholeNumber(raw, t.format.decimalComma);
  function numberField(parse: (raw: string) => ParseResult, required: boolean) {
    return z.preprocess(asText, required ? z.string({ error: v.required }) : z.string().optional()).transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const r = parse(raw);
      if (r.ok) return r.value;
      const message = { not_a_number: v.notANumber, negative: v.negative, too_precise: v.tooPrecise, too_large: v.tooLarge }[r.reason];
      ctx.addIssue({ code: "custom", message: parse === wholeNumber && r.reason === "not_a_number" ? v.notWhole : message });
      return z.NEVER;
    });
  }

  function selectField(options: readonly string[], required: boolean) {
    return z.preprocess(asText, required ? z.string({ error: v.required }) : z.string().optional()).refine(
      (value) => value === undefined || options.includes(value),
      v.unknownOption,
    );
  }

  const dateField = z.preprocess(asText, z.string().optional()).transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T00:00:00.000Z`) : new Date(NaN);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: v.required });
      return z.NEVER;
    }
    return d;
  });

  const domainsField = z.preprocess((raw) => splitDomainList(typeof raw === "string" ? raw : undefined), z.array(z.string())).superRefine((domains, ctx) => {
    if (domains.length > LIMITS.domains) ctx.addIssue({ code: "custom", message: v.tooManyDomains(LIMITS.domains) });
    for (const d of domains) {
      const problem = domainProblem(d);
      if (problem === "contains_at") ctx.addIssue({ code: "custom", message: v.domainHasAt(d) });
      else if (problem) ctx.addIssue({ code: "custom", message: v.domainInvalid(d) });
      if (problem) return;
    }
  });

  function collect<T>(schema: z.ZodType<T>, values: RawValues): StepResult<T> {
    const result = schema.safeParse(values);
    if (result.success) return { ok: true, value: result.data };
    const errors: FieldErrors = {};
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      if (key && !errors[key]) errors[key] = issue.message;
    }
    return { ok: false, errors };
  }

  /** Adds cross-field errors to a result; a field's own error wins over a cross-field one. */
  function merge<T>(r: StepResult<T>, extra: FieldErrors): StepResult<T> {
    if (Object.keys(extra).length === 0) return r;
    return { ok: false, errors: { ...extra, ...(r.ok ? {} : r.errors) } };
  }

  const customerSchema = z.object({
    customer_name: requiredText(LIMITS.name),
    customer_domains: domainsField,
    customer_rank: optionalText(LIMITS.shortText),
    customer_business_id: optionalText(LIMITS.shortText),
    customer_phone: optionalText(LIMITS.phone),
    customer_fax: optionalText(LIMITS.phone),
    customer_address: optionalText(LIMITS.address, true),
    customer_city: optionalText(LIMITS.shortText),
    customer_state: optionalText(LIMITS.shortText),
    customer_zip: optionalText(LIMITS.zip),
    customer_country: optionalText(LIMITS.shortText),
    customer_notes: optionalText(LIMITS.notes, true),
    customer_language: z.preprocess((v) => (v === null || v === "" ? undefined : v), z.enum(CUSTOMER_LANGUAGES).optional()),
  });

  function validateCustomerStep(values: RawValues): StepResult<CustomerInput> {
    const r = collect(customerSchema, values);
    if (!r.ok) return r;
    const c = r.value;
    return {
      ok: true,
      value: {
        name: c.customer_name,
        domains: c.customer_domains.map(normaliseDomain),
        rank: c.customer_rank,
        businessId: c.customer_business_id,
        phone: c.customer_phone,
        fax: c.customer_fax,
        address: c.customer_address,
        city: c.customer_city,
        state: c.customer_state,
        zip: c.customer_zip,
        country: c.customer_country,
        notes: c.customer_notes,
        ...(c.customer_language ? { language: c.customer_language } : {}),
      },
    };
  }

  function termFieldSchema(f: ContractFieldSpec): z.ZodType<unknown> {
    switch (f.kind) {
      case "money":
        return numberField((raw) => parseMoneyCents(raw, t.format.decimalComma), f.required);
      case "hours":
        return numberField((raw) => parseHoursCentis(raw, t.format.decimalComma), f.required);
      case "integer":
        return numberField(wholeNumber, f.required);
      case "boolean":
        return z.unknown().optional().transform(isChecked);
      case "select":
        return selectField(f.options ?? [], f.required);
    }
  }

  /** Step 2. `undefined` value means no contract (skipped, or nothing entered). */
  function validateContractStep(values: RawValues, skipped: boolean): StepResult<ContractInput | undefined> {
    const name = asText(values.contract_name);
    const type = asText(values.contract_type);
    if (skipped && !name && !type) return { ok: true, value: undefined };
    if (!type || !isContractType(type)) {
      return { ok: false, errors: { contract_type: name ? v.contractTypeNeeded : v.contractTypeNeeded } };
    }
    const specs = CONTRACT_TYPE_FIELDS[type];
    const shape: Record<string, z.ZodType<unknown>> = {
      contract_name: z.preprocess(asText, z.string({ error: v.contractNameNeeded }).max(LIMITS.name, v.tooLong(LIMITS.name))),
      contract_start_date: dateField,
      contract_end_date: dateField,
      contract_active: z.unknown().optional(),
      contract_default: z.unknown().optional().transform(isChecked),
      contract_taxable: z.unknown().optional().transform(isChecked),
      contract_notes: optionalText(LIMITS.notes, true),
    };
    for (const f of specs) shape[contractFieldId(f.key)] = termFieldSchema(f);
    // Cross-field rules are checked on their own, so they show together with every other error.
    const start = dateField.safeParse(values.contract_start_date);
    const end = dateField.safeParse(values.contract_end_date);
    const crossErrors: FieldErrors =
      start.success && end.success && start.data && end.data && end.data <= start.data ? { contract_end_date: v.endBeforeStart } : {};
    const r = merge(collect(z.object(shape), values), crossErrors);
    if (!r.ok) return r;
    const c = r.value;
    const terms: ContractTerms = {};
    for (const f of specs) {
      const value = c[contractFieldId(f.key)];
      if (value !== undefined) (terms as Record<string, unknown>)[FIELD_COLUMN[f.key]] = value;
    }
    // "Active" is on unless someone unticks it; an untouched wizard has no value yet.
    const active = values.contract_active === undefined || values.contract_active === null ? true : isChecked(values.contract_active);
    return {
      ok: true,
      value: {
        name: c.contract_name as string,
        type,
        terms,
        startDate: c.contract_start_date as Date | undefined,
        endDate: c.contract_end_date as Date | undefined,
        active,
        isDefault: c.contract_default as boolean,
        taxable: c.contract_taxable as boolean,
        notes: c.contract_notes as string | undefined,
      },
    };
  }


  function validateSlaStep(
    values: RawValues,
    known: { slaIds: readonly string[]; alertProfileIds: readonly string[]; hasNewSla: boolean },
  ): StepResult<SlaChoice> {
    const slaOptions = known.hasNewSla ? [...known.slaIds, NEW_SLA_OPTION] : known.slaIds;
    return collect(
      z
        .object({ sla_id: selectField(slaOptions, true), alert_profile_id: selectField(known.alertProfileIds, true) })
        .transform((c) => ({ slaId: c.sla_id as string, alertProfileId: c.alert_profile_id as string })),
      values,
    );
  }

  const contactSchema = z.object({
    contact_first_name: requiredText(LIMITS.shortText),
    contact_last_name: requiredText(LIMITS.shortText),
    contact_email: z
      .preprocess(asText, z.string({ error: v.required }))
      .refine((e) => e.length <= LIMITS.email, v.tooLong(LIMITS.email))
      .superRefine((e, ctx) => {
        if (e.length <= LIMITS.email && !isValidEmail(e)) ctx.addIssue({ code: "custom", message: v.email(e) });
      }),
    contact_phone: optionalText(LIMITS.phone),
    contact_mobile: optionalText(LIMITS.phone),
    contact_job_title: optionalText(LIMITS.shortText),
    contact_department: optionalText(LIMITS.shortText),
    contact_primary: z.unknown().optional(),
  });

  function validateContactStep(values: RawValues): StepResult<ContactInput> {
    const r = collect(contactSchema, values);
    if (!r.ok) return r;
    const c = r.value;
    // The first contact is the primary one unless the box was unticked.
    const primary = c.contact_primary === undefined || c.contact_primary === null ? true : isChecked(c.contact_primary);
    return {
      ok: true,
      value: {
        firstName: c.contact_first_name,
        lastName: c.contact_last_name,
        email: canonicalEmail(c.contact_email).toLowerCase(),
        phone: c.contact_phone,
        mobile: c.contact_mobile,
        jobTitle: c.contact_job_title,
        department: c.contact_department,
        primary,
      },
    };
  }

  function durationField() {
    return z.preprocess(asText, z.string({ error: v.required })).transform((raw, ctx) => {
      const minutes = parseDuration(raw);
      if (minutes === undefined) ctx.addIssue({ code: "custom", message: v.duration });
      else if (minutes <= 0) ctx.addIssue({ code: "custom", message: v.durationZero });
      return minutes ?? 0;
    });
  }


  /**
   * The SLA form. `one_range`: the wizard's "new SLA" form (working days ticked, one start and end
   * for all of them). `per_weekday`: `/sla new|edit`, one range per weekday (see services/slas).
   */
  function validateSlaForm(values: RawValues, calendar: "one_range" | "per_weekday" = "one_range"): StepResult<SlaInput> {
    const perWeekday = calendar === "per_weekday";
    const shape: Record<string, z.ZodType<unknown>> = {
      sla_name: requiredText(LIMITS.name),
      sla_time_zone: z.preprocess(asText, z.string({ error: v.required })).refine(isTimeZone, v.timeZone),
    };
    if (!perWeekday) {
      shape.sla_days = z.preprocess((raw) => (Array.isArray(raw) ? raw : []), z.array(z.string())).refine((d) => d.length > 0, v.noWorkingDays);
      shape.sla_start_time = z.preprocess(asText, z.string({ error: v.required })).refine((s) => parseClock(s) !== undefined, v.required);
      shape.sla_end_time = z.preprocess(asText, z.string({ error: v.required })).refine((s) => parseClock(s) !== undefined, v.required);
    }
    for (const p of PRIORITIES) {
      shape[`sla_response_${p}`] = durationField();
      shape[`sla_resolution_${p}`] = durationField();
    }
    const weekly = perWeekday ? validateWeekdayHours(t, values) : undefined;
    const crossErrors: FieldErrors = weekly && !weekly.ok ? { ...weekly.errors } : {};
    const startClock = parseClock(asText(values.sla_start_time) ?? "");
    const endClock = parseClock(asText(values.sla_end_time) ?? "");
    if (!perWeekday && startClock !== undefined && endClock !== undefined && endClock <= startClock) crossErrors.sla_end_time = v.endTimeBeforeStart;
    for (const p of PRIORITIES) {
      const response = parseDuration(asText(values[`sla_response_${p}`]) ?? "");
      const resolution = parseDuration(asText(values[`sla_resolution_${p}`]) ?? "");
      if (response !== undefined && resolution !== undefined && resolution < response) crossErrors[`sla_resolution_${p}`] = v.resolutionBeforeResponse;
    }
    const r = merge(collect(z.object(shape), values), crossErrors);
    if (!r.ok) return r;
    const c = r.value;
    const minutes = (kind: "response" | "resolution") =>
      Object.fromEntries(PRIORITIES.map((p) => [p, c[`sla_${kind}_${p}`] as number])) as SlaInput["responseMinutes"];
    const startMinute = parseClock(String(c.sla_start_time)) ?? 0;
    const endMinute = parseClock(String(c.sla_end_time)) ?? 0;
    return {
      ok: true,
      value: {
        name: c.sla_name as string,
        timeZone: c.sla_time_zone as string,
        responseMinutes: minutes("response"),
        resolutionMinutes: minutes("resolution"),
        workingHours: weekly?.ok
          ? weekly.value
          : (c.sla_days as string[])
              .map(Number)
              .filter((d) => d >= 1 && d <= 7)
              .sort()
              .map((weekday) => ({ weekday, startMinute, endMinute })),
      },
    };
  }
  return { validateCustomerStep, validateContractStep, validateSlaStep, validateContactStep, validateSlaForm };
}

const validatorsByCatalog = new WeakMap<Catalog, ReturnType<typeof makeValidators>>();
function validators(t: Catalog): ReturnType<typeof makeValidators> {
  let v = validatorsByCatalog.get(t);
  if (!v) validatorsByCatalog.set(t, (v = makeValidators(t)));
  return v;
}

export function validateCustomerStep(t: Catalog, values: RawValues): StepResult<CustomerInput> {
  return validators(t).validateCustomerStep(values);
}
export function validateContractStep(t: Catalog, values: RawValues, skipped: boolean): StepResult<ContractInput | undefined> {
  return validators(t).validateContractStep(values, skipped);
}
export function validateSlaStep(t: Catalog, values: RawValues,
  known: { slaIds: readonly string[]; alertProfileIds: readonly string[]; hasNewSla: boolean }): StepResult<SlaChoice> {
  return validators(t).validateSlaStep(values, known);
}
export function validateContactStep(t: Catalog, values: RawValues): StepResult<ContactInput> {
  return validators(t).validateContactStep(values);
}
export function validateSlaForm(t: Catalog, values: RawValues, calendar: "one_range" | "per_weekday" = "one_range"): StepResult<SlaInput> {
  return validators(t).validateSlaForm(values, calendar);
}

export function rawText(raw: RawValue | undefined): string | undefined {
  return asText(raw);
}
