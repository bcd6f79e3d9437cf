/**
 * Pure builders of the onboarding wizard's modal views: (screen data) => ModalView.
 * One modal updated in place from step to step (the view stack stays at one view; the
 * "new SLA" form is pushed as the second). Everything typed lives in the server-side draft,
 * so private_metadata carries only the draft id and the step.
 */
import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import { LIMITS } from "../../domain/limits.js";
import { CONTRACT_TYPES, CONTRACT_TYPE_FIELDS, isContractType, type ContractFieldSpec } from "../../domain/contract-types.js";
import { PRIORITIES, formatClock, type SlaInput } from "../../domain/sla.js";
import {
  CHECKED,
  CONTACT_BASIC_FIELDS,
  CONTACT_FIELDS,
  CONTRACT_COMMON_IDS,
  CUSTOMER_BASIC_FIELDS,
  CUSTOMER_FIELDS,
  CUSTOMER_LANGUAGES,
  NEW_SLA_OPTION,
  contractFieldId,
} from "../../services/onboarding/fields.js";
import type { RawValue, RawValues, WizardStep } from "../../services/onboarding/draft.js";
import type { WizardScreen } from "../../services/onboarding/service.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { encodeMetadata } from "../metadata.js";
import {
  actions,
  button,
  checkboxInput,
  checkboxesInput,
  context,
  dateInput,
  option,
  plain,
  section,
  selectInput,
  textInput,
  timeInput,
} from "./kit.js";

const text = (raw: RawValue | undefined): string | undefined => (typeof raw === "string" ? raw : undefined);

const MAX_LENGTH: Record<string, number> = {
  customer_name: LIMITS.name,
  customer_domains: 3000,
  customer_rank: LIMITS.shortText,
  customer_business_id: LIMITS.shortText,
  customer_phone: LIMITS.phone,
  customer_fax: LIMITS.phone,
  customer_address: LIMITS.address,
  customer_city: LIMITS.shortText,
  customer_state: LIMITS.shortText,
  customer_zip: LIMITS.zip,
  customer_country: LIMITS.shortText,
  customer_notes: LIMITS.notes,
  contract_name: LIMITS.name,
  contract_notes: LIMITS.notes,
  contact_first_name: LIMITS.shortText,
  contact_last_name: LIMITS.shortText,
  contact_email: LIMITS.email,
  contact_phone: LIMITS.phone,
  contact_mobile: LIMITS.phone,
  contact_job_title: LIMITS.shortText,
  contact_department: LIMITS.shortText,
};
const MULTILINE = new Set(["customer_notes", "customer_address", "contract_notes"]);

function labelled(catalog: Record<string, { label: string; hint: string; placeholder?: string }>, id: string) {
  const entry = catalog[id];
  if (!entry) throw new Error(`No catalog entry for field ${id}`);
  return entry;
}

function textField(catalog: Record<string, { label: string; hint: string; placeholder?: string }>, id: string, values: RawValues, required = false): InputBlock {
  const e = labelled(catalog, id);
  return textInput(id, {
    label: e.label,
    hint: e.hint,
    optional: !required,
    initial: text(values[id]),
    multiline: MULTILINE.has(id),
    ...(MAX_LENGTH[id] ? { maxLength: MAX_LENGTH[id] } : {}),
    ...(e.placeholder ? { placeholder: e.placeholder } : {}),
  });
}

function navigation(t: Catalog, step: WizardStep, extra: ReturnType<typeof button>[]): KnownBlock[] {
  const buttons = [...(step > 1 ? [button(ActionId.wizardBack, t.common.back, { value: String(step) })] : []), ...extra];
  return buttons.length ? [actions(BlockId.wizardNav, buttons)] : [];
}

const toggle = (t: Catalog, expanded: boolean, section: string) =>
  button(ActionId.wizardToggle, expanded ? t.common.showLess : t.common.showMore, { value: section });

/** The customer fields (step 1's ids and rules), pre-filled from `values`; also the "Edit customer" modal. */
export function customerFieldBlocks(t: Catalog, values: RawValues, ids: readonly string[] = CUSTOMER_FIELDS): InputBlock[] {
  return ids.map((id) => (id === "customer_language" ? languageField(t, values) : textField(t.customerFields, id, values, id === "customer_name")));
}

/** The language of the customer's emails: a select of the app's languages, each named in itself; none chosen is DEFAULT_LOCALE. */
function languageField(t: Catalog, values: RawValues): InputBlock {
  const e = labelled(t.customerFields, "customer_language");
  return selectInput("customer_language", {
    label: e.label,
    hint: e.hint,
    optional: true,
    options: CUSTOMER_LANGUAGES.map((l) => option(l, t.languageNames[l] ?? l)),
    initial: text(values.customer_language),
  });
}

/**
 * "Show fewer" hides only empty optional fields: a field holding a value stays in view, so an
 * error on it can always be shown under it (Slack refuses errors for blocks not in the view).
 */
const holdsText = (raw: RawValue | undefined) => typeof raw === "string" && raw.trim() !== "";

function customerStep(t: Catalog, s: WizardScreen): KnownBlock[] {
  const shown = CUSTOMER_FIELDS.filter((id) => s.draft.expanded.customer || CUSTOMER_BASIC_FIELDS.includes(id) || holdsText(s.draft.values[id]));
  return [...customerFieldBlocks(t, s.draft.values, shown), ...navigation(t, 1, [toggle(t, s.draft.expanded.customer, "customer")])];
}

function contractTermField(t: Catalog, f: ContractFieldSpec, values: RawValues): InputBlock {
  const id = contractFieldId(f.key);
  const e = labelled(t.contractFields, id);
  const label = f.labelKey ? (t.contractLabelOverrides[f.labelKey] ?? e.label) : e.label;
  const current = values[id];
  switch (f.kind) {
    case "select":
      return selectInput(id, {
        label,
        hint: e.hint,
        optional: !f.required,
        options: (f.options ?? []).map((o) => option(o, t.options[o] ?? o)),
        initial: text(current) ?? f.initial,
      });
    case "boolean":
      return checkboxInput(id, {
        label,
        hint: e.hint,
        text: t.checkboxText[id] ?? label,
        value: CHECKED,
        checked: Array.isArray(current) && current.includes(CHECKED),
      });
    default:
      return textInput(id, { label, hint: e.hint, optional: !f.required, initial: text(current) ?? f.initial, maxLength: 20 });
  }
}

/**
 * The contract fields (step 2's ids and rules): name, type (dispatches a refresh when changed; pass
 * `typeActionId` to route that to another listener), the type's own fields, and with `common` the
 * dates, flags and notes. Also the "Add/Edit contract" modal.
 */
export function contractFieldBlocks(t: Catalog, values: RawValues, o: { common: boolean; typeActionId?: string }): InputBlock[] {
  const type = text(values.contract_type);
  const blocks: InputBlock[] = [textField(t.contractFields, "contract_name", values)];
  const typeSelect = selectInput("contract_type", {
    label: t.contractFields.contract_type!.label,
    hint: t.contractFields.contract_type!.hint,
    options: CONTRACT_TYPES.map((c) => option(c, t.contractTypes[c])),
    initial: type,
    dispatch: true,
  });
  blocks.push(o.typeActionId ? { ...typeSelect, element: { ...typeSelect.element, action_id: o.typeActionId } as InputBlock["element"] } : typeSelect);
  if (type && isContractType(type)) blocks.push(...CONTRACT_TYPE_FIELDS[type].map((f) => contractTermField(t, f, values)));
  if (o.common) {
    for (const id of CONTRACT_COMMON_IDS) {
      const e = labelled(t.contractFields, id);
      if (id === "contract_start_date" || id === "contract_end_date") blocks.push(dateInput(id, { label: e.label, hint: e.hint, initial: text(values[id]) }));
      else if (id === "contract_notes") blocks.push(textField(t.contractFields, id, values));
      else {
        const current = values[id];
        const checked = id === "contract_active" && (current === undefined || current === null) ? true : Array.isArray(current) && current.includes(CHECKED);
        blocks.push(checkboxInput(id, { label: e.label, hint: e.hint, text: t.checkboxText[id] ?? e.label, value: CHECKED, checked }));
      }
    }
  }
  return blocks;
}

function contractStep(t: Catalog, s: WizardScreen): KnownBlock[] {
  return [
    context(s.draft.contractSkipped ? t.wizard.contractSkipped : t.wizard.contractIntro),
    ...contractFieldBlocks(t, s.draft.values, {
      common: s.draft.expanded.contract || ["contract_start_date", "contract_end_date", "contract_notes"].some((id) => holdsText(s.draft.values[id])),
    }),
    ...navigation(t, 2, [toggle(t, s.draft.expanded.contract, "contract"), button(ActionId.wizardSkipContract, t.wizard.skipContract)]),
  ];
}

function slaStep(t: Catalog, s: WizardScreen): KnownBlock[] {
  const values = s.draft.values;
  const slaOptions = s.slas.map((o) => option(o.id, o.isDefault ? `${o.name}${t.slaStep.defaultSuffix}` : o.name));
  if (s.draft.newSla) slaOptions.unshift(option(NEW_SLA_OPTION, t.wizard.newSlaPending(s.draft.newSla.name)));
  const profileOptions = s.alertProfiles.map((o) => option(o.id, o.isDefault ? `${o.name}${t.slaStep.defaultSuffix}` : o.name));
  const defaultSla = s.slas.find((o) => o.isDefault)?.id;
  const defaultProfile = s.alertProfiles.find((o) => o.isDefault)?.id;
  return [
    selectInput("sla_id", {
      label: t.slaStep.sla_id.label,
      hint: t.slaStep.sla_id.hint,
      optional: false,
      options: slaOptions,
      initial: text(values.sla_id) ?? defaultSla,
    }),
    ...(s.draft.newSla ? [context(slaSummary(t, s.draft.newSla))] : []),
    context(t.slaStep.newSlaHint),
    selectInput("alert_profile_id", {
      label: t.slaStep.alert_profile_id.label,
      hint: t.slaStep.alert_profile_id.hint,
      optional: false,
      options: profileOptions,
      initial: text(values.alert_profile_id) ?? defaultProfile,
    }),
    ...navigation(t, 3, [button(ActionId.wizardNewSla, t.wizard.newSlaButton)]),
  ];
}

export function slaSummary(t: Catalog, sla: SlaInput): string {
  const p = t.slaForm.priorities;
  const targets = PRIORITIES.map((k) => `${p[k]}: ${t.format.duration(sla.responseMinutes[k])} / ${t.format.duration(sla.resolutionMinutes[k])}`).join(" · ");
  const days = sla.workingHours.map((h) => t.slaForm.weekdaysShort[h.weekday] ?? "").join(", ");
  const first = sla.workingHours[0];
  const hours = first ? `${formatClock(first.startMinute)}–${formatClock(first.endMinute)}` : "";
  return t.slaForm.pendingSummary(sla.name, targets, days, hours, sla.timeZone);
}

/** The contact fields (step 4's ids and rules), pre-filled from `values`; also the "Add/Edit contact" modal. */
export function contactFieldBlocks(t: Catalog, values: RawValues, ids: readonly string[]): InputBlock[] {
  return ids.map((id) => {
    if (id === "contact_primary") {
      const current = values[id];
      const e = labelled(t.contactFields, id);
      return checkboxInput(id, {
        label: e.label,
        hint: e.hint,
        text: t.checkboxText[id] ?? e.label,
        value: CHECKED,
        checked: current === undefined || current === null ? true : Array.isArray(current) && current.includes(CHECKED),
      });
    }
    return textField(t.contactFields, id, values, ["contact_first_name", "contact_last_name", "contact_email"].includes(id));
  });
}

function contactStep(t: Catalog, s: WizardScreen): KnownBlock[] {
  const shown = CONTACT_FIELDS.filter((id) => s.draft.expanded.contact || CONTACT_BASIC_FIELDS.includes(id) || holdsText(s.draft.values[id]));
  return [...contactFieldBlocks(t, s.draft.values, shown), ...navigation(t, 4, [toggle(t, s.draft.expanded.contact, "contact")])];
}

export function wizardView(t: Catalog, s: WizardScreen): ModalView {
  const body = s.step === 1 ? customerStep(t, s) : s.step === 2 ? contractStep(t, s) : s.step === 3 ? slaStep(t, s) : contactStep(t, s);
  return {
    type: "modal",
    callback_id: CallbackId.customerWizard,
    private_metadata: encodeMetadata({ d: s.draftId, s: s.step }),
    notify_on_close: true,
    title: plain(t.wizard.title(s.step)),
    submit: plain(t.wizard.submit[s.step]),
    close: plain(t.common.cancel),
    blocks: [
      context(`*${t.wizard.stepHeading[s.step]}*`),
      ...(s.notice ? [section(s.notice, BlockId.wizardNotice)] : []),
      ...body,
    ],
  };
}

/**
 * Name, the eight targets and the time zone of an SLA form: shared by the wizard's "new SLA"
 * form below and the /sla editor (views/sla.ts), which differ only in their business hours.
 */
export function slaFormHeadBlocks(t: Catalog, values: RawValues, defaultTimeZone: string): KnownBlock[] {
  const f = t.slaForm;
  const blocks: KnownBlock[] = [
    textInput("sla_name", { label: f.sla_name.label, hint: f.sla_name.hint, optional: false, maxLength: LIMITS.name, initial: text(values.sla_name) }),
    context(f.targetsHeading),
  ];
  const defaults = { response: { low: "8h", medium: "4h", high: "2h", critical: "30m" }, resolution: { low: "5d", medium: "3d", high: "1d", critical: "4h" } };
  for (const kind of ["response", "resolution"] as const) {
    for (const p of PRIORITIES) {
      const id = `sla_${kind}_${p}`;
      blocks.push(
        textInput(id, {
          label: kind === "response" ? f.response(f.priorities[p] ?? p) : f.resolution(f.priorities[p] ?? p),
          optional: false,
          maxLength: 20,
          initial: text(values[id]) ?? defaults[kind][p],
        }),
      );
    }
  }
  blocks.push(
    textInput("sla_time_zone", { label: f.sla_time_zone.label, hint: f.sla_time_zone.hint, optional: false, maxLength: 64, initial: text(values.sla_time_zone) ?? defaultTimeZone }),
  );
  return blocks;
}

/** The pushed "Create a new SLA" form. */
export function newSlaView(t: Catalog, o: { draftId: string; parentViewId: string; defaultTimeZone: string; values?: RawValues }): ModalView {
  const f = t.slaForm;
  const values = o.values ?? {};
  const blocks = slaFormHeadBlocks(t, values, o.defaultTimeZone);
  blocks.push(
    checkboxesInput("sla_days", {
      label: f.sla_days.label,
      optional: false,
      options: [1, 2, 3, 4, 5, 6, 7].map((d) => option(String(d), f.weekdays[d] ?? String(d))),
      initial: Array.isArray(values.sla_days) ? values.sla_days : ["1", "2", "3", "4", "5"],
    }),
    timeInput("sla_start_time", { label: f.sla_start_time.label, optional: false, initial: text(values.sla_start_time) ?? "09:00" }),
    timeInput("sla_end_time", { label: f.sla_end_time.label, optional: false, initial: text(values.sla_end_time) ?? "17:00" }),
  );
  return {
    type: "modal",
    callback_id: CallbackId.wizardNewSla,
    private_metadata: encodeMetadata({ d: o.draftId, parent: o.parentViewId }),
    title: plain(f.title),
    submit: plain(f.submit),
    close: plain(t.common.back.replace("◀ ", "")),
    blocks,
  };
}

/** A modal that only says something (expired wizard, success). */
export function noticeView(t: Catalog, title: string, body: string): ModalView {
  return {
    type: "modal",
    callback_id: CallbackId.notice,
    title: plain(title),
    close: plain(t.common.close),
    blocks: [section(body)],
  };
}
