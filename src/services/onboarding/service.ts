/**
 * The onboarding wizard's domain logic: drafts between steps, validation of each step, and the
 * final all-or-nothing creation. Knows nothing of Slack: it takes raw values keyed by field id
 * and returns what the next screen needs.
 */
import type { CustomerCard, CustomerRepository } from "../../repositories/customers.js";
import type { DraftRepository } from "../../repositories/drafts.js";
import type { SlaOption, SlaRepository } from "../../repositories/slas.js";
import type { AlertProfileOption, AlertProfileRepository } from "../../repositories/alert-profiles.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { Catalog } from "../../i18n/catalog.js";
import { emptyDraft, wizardDraftSchema, type ExpandableSection, type RawValues, type WizardDraft, type WizardStep } from "./draft.js";
import { NEW_SLA_OPTION } from "./fields.js";
import {
  validateContactStep,
  validateContractStep,
  validateCustomerStep,
  validateSlaForm,
  validateSlaStep,
  type FieldErrors,
} from "./validate.js";

export type WizardScreen = {
  draftId: string;
  step: WizardStep;
  draft: WizardDraft;
  slas: SlaOption[];
  alertProfiles: AlertProfileOption[];
  notice?: string;
};

export type StepOutcome =
  | { kind: "errors"; errors: FieldErrors }
  | { kind: "screen"; screen: WizardScreen }
  | { kind: "created"; customer: CustomerCard; firstTime: boolean; channelId?: string }
  | { kind: "expired" }
  | NotOwner;

/**
 * The draft id names someone else's draft: a draft belongs to the person who opened the wizard,
 * and the id travels in the modal's private_metadata, which a forged request can carry. Nothing
 * is read, written or deleted.
 */
export type NotOwner = { kind: "not_owner" };

export type NavOutcome = { kind: "screen"; screen: WizardScreen } | { kind: "expired" } | NotOwner;

export type Navigation =
  | { kind: "back" }
  | { kind: "toggle"; section: ExpandableSection }
  | { kind: "skip_contract" }
  | { kind: "refresh" };

/**
 * Expired drafts are deleted at most this often (when a wizard opens): an expired draft is already
 * gone to whoever asks for it (DraftRepository.find), so the delete only keeps the table small, and
 * a delete on every open was one more write in the wizard's slowest step (bench/wizard.ts).
 */
const PURGE_EVERY_MS = 3_600_000;

export class OnboardingService {
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: {
      drafts: DraftRepository;
      customers: CustomerRepository;
      slas: SlaRepository;
      alertProfiles: AlertProfileRepository;
    },
  ) {}

  async start(userId: string, presetName: string | undefined, channelId: string | undefined, now: Date): Promise<WizardScreen> {
    const draft = emptyDraft(presetName?.trim() || undefined, channelId);
    if (now.getTime() - this.lastPurge >= PURGE_EVERY_MS || now.getTime() < this.lastPurge) {
      this.lastPurge = now.getTime();
      await this.deps.drafts.purgeExpired(now);
    }
    const draftId = await this.deps.drafts.create(userId, draft, now);
    return this.screen(draftId, 1, draft);
  }

  /** The wizard was closed: its draft is deleted, if it is this person's (false otherwise). */
  cancel(draftId: string, userId: string): Promise<boolean> {
    return this.deps.drafts.delete(draftId, userId);
  }

  /** Back, Show more, Skip, or a change of contract type: remember what was typed, no validation. */
  async navigate(draftId: string, userId: string, step: WizardStep, values: RawValues, nav: Navigation, now: Date): Promise<NavOutcome> {
    const loaded = await this.load(draftId, userId, now);
    if (loaded.kind !== "found") return loaded;
    const draft = loaded.draft;
    Object.assign(draft.values, values);
    let next: WizardStep = step;
    if (nav.kind === "back") next = Math.max(1, step - 1) as WizardStep;
    if (nav.kind === "toggle") draft.expanded[nav.section] = !draft.expanded[nav.section];
    if (nav.kind === "skip_contract") {
      draft.contractSkipped = true;
      for (const key of Object.keys(draft.values)) if (key.startsWith("contract_")) delete draft.values[key];
      next = 3;
    }
    if (nav.kind === "refresh" && step === 2) draft.contractSkipped = false;
    await this.deps.drafts.save(draftId, userId, draft, now);
    return { kind: "screen", screen: await this.screen(draftId, next, draft) };
  }

  /** Whether this person may open the "Create a new SLA" form over this wizard: it is their live draft. */
  async slaFormAllowed(draftId: string, userId: string, now: Date): Promise<{ kind: "ok" } | { kind: "expired" } | NotOwner> {
    const loaded = await this.load(draftId, userId, now);
    return loaded.kind === "found" ? { kind: "ok" } : loaded;
  }

  async submitStep(t: Catalog, draftId: string, userId: string, step: WizardStep, values: RawValues, now: Date): Promise<StepOutcome> {
    if (step === 4) {
      const created = await this.createdBy(draftId, userId);
      if (created) return created;
    }
    const loaded = await this.load(draftId, userId, now);
    if (loaded.kind === "not_owner") return loaded;
    if (loaded.kind === "expired") {
      // A second submit that raced the first past the check above finds the draft already used.
      return (step === 4 ? await this.createdBy(draftId, userId) : undefined) ?? { kind: "expired" };
    }
    const draft = loaded.draft;
    Object.assign(draft.values, values);

    const errors = await this.checkStep(t, step, draft);
    if (errors) return { kind: "errors", errors };
    if (step < 4) {
      if (step === 2 && Object.keys(values).some((k) => values[k] != null)) draft.contractSkipped = false;
      await this.deps.drafts.save(draftId, userId, draft, now);
      return { kind: "screen", screen: await this.screen(draftId, (step + 1) as WizardStep, draft) };
    }
    return this.create(t, draftId, userId, draft, now);
  }

  /** The "Create a new SLA" form of step 3: validated now, created with the customer. */
  async addNewSla(t: Catalog, draftId: string, userId: string, values: RawValues, now: Date): Promise<StepOutcome> {
    const loaded = await this.load(draftId, userId, now);
    if (loaded.kind !== "found") return loaded;
    const draft = loaded.draft;
    const r = validateSlaForm(t, values);
    if (!r.ok) return { kind: "errors", errors: r.errors };
    if (await this.deps.slas.nameExists(r.value.name)) return { kind: "errors", errors: { sla_name: t.validation.slaNameTaken(r.value.name) } };
    draft.newSla = r.value;
    draft.values.sla_id = NEW_SLA_OPTION;
    await this.deps.drafts.save(draftId, userId, draft, now);
    return { kind: "screen", screen: await this.screen(draftId, 3, draft) };
  }

  private async load(draftId: string, userId: string, now: Date): Promise<{ kind: "found"; draft: WizardDraft } | { kind: "expired" } | NotOwner> {
    const found = await this.deps.drafts.find(draftId, userId, now);
    if (found.kind === "not_owner") return found;
    const parsed = found.kind === "found" ? wizardDraftSchema.safeParse(found.data) : undefined;
    return parsed?.success ? { kind: "found", draft: parsed.data } : { kind: "expired" };
  }

  /**
   * The customer this wizard already created (a repeated last step), if this person created it.
   * Someone else sending this wizard's draft id learns nothing about it.
   */
  private async createdBy(draftId: string, userId: string): Promise<StepOutcome | undefined> {
    const created = await this.deps.customers.findByCreationKey(draftId);
    if (!created) return undefined;
    return created.createdBy === userId ? { kind: "created", customer: created, firstTime: false } : { kind: "not_owner" };
  }

  private async screen(draftId: string, step: WizardStep, draft: WizardDraft, notice?: string): Promise<WizardScreen> {
    const [slas, alertProfiles] = step === 3 ? await Promise.all([this.deps.slas.list(), this.deps.alertProfiles.list()]) : [[], []];
    return { draftId, step, draft, slas, alertProfiles, ...(notice ? { notice } : {}) };
  }

  /** Validation of one step, including the database checks. */
  private async checkStep(t: Catalog, step: WizardStep, draft: WizardDraft): Promise<FieldErrors | undefined> {
    switch (step) {
      case 1: {
        const r = validateCustomerStep(t, draft.values);
        if (!r.ok) return r.errors;
        if (await this.deps.customers.findIdByNameKey(r.value.name)) return { customer_name: t.validation.nameTaken(r.value.name) };
        const owners = await this.deps.customers.domainOwners(r.value.domains);
        const first = owners[0];
        if (first) return { customer_domains: t.validation.domainTaken(first.domain, first.customerName) };
        return undefined;
      }
      case 2: {
        const r = validateContractStep(t, draft.values, draft.contractSkipped);
        return r.ok ? undefined : r.errors;
      }
      case 3: {
        const [slas, profiles] = await Promise.all([this.deps.slas.list(), this.deps.alertProfiles.list()]);
        const r = validateSlaStep(t, draft.values, {
          slaIds: slas.map((s) => s.id),
          alertProfileIds: profiles.map((p) => p.id),
          hasNewSla: Boolean(draft.newSla),
        });
        return r.ok ? undefined : r.errors;
      }
      case 4: {
        const r = validateContactStep(t, draft.values);
        return r.ok ? undefined : r.errors;
      }
    }
  }

  private async create(t: Catalog, draftId: string, userId: string, draft: WizardDraft, now: Date): Promise<StepOutcome> {
    const customer = validateCustomerStep(t, draft.values);
    const contract = validateContractStep(t, draft.values, draft.contractSkipped);
    const contact = validateContactStep(t, draft.values);
    const slaId = draft.values.sla_id;
    const alertProfileId = draft.values.alert_profile_id;
    if (!customer.ok) return { kind: "screen", screen: await this.screen(draftId, 1, draft) };
    if (!contract.ok) return { kind: "screen", screen: await this.screen(draftId, 2, draft) };
    if (typeof slaId !== "string" || typeof alertProfileId !== "string") return { kind: "screen", screen: await this.screen(draftId, 3, draft) };
    if (!contact.ok) return { kind: "errors", errors: contact.errors };

    const useNewSla = slaId === NEW_SLA_OPTION && draft.newSla;
    try {
      const card = await this.deps.customers.createOnboarding({
        customer: customer.value,
        ...(contract.value ? { contract: contract.value } : {}),
        contact: contact.value,
        ...(useNewSla ? { newSla: draft.newSla } : { slaId }),
        alertProfileId,
        createdBy: userId,
        creationKey: draftId,
        at: now,
      });
      await this.deps.drafts.delete(draftId, userId);
      return { kind: "created", customer: card, firstTime: true, ...(draft.channelId ? { channelId: draft.channelId } : {}) };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const existing = await this.createdBy(draftId, userId);
      if (existing) return existing;
      // Someone else took the name, a domain or the new SLA's name while this wizard was open.
      if (await this.deps.customers.findIdByNameKey(customer.value.name)) {
        return { kind: "screen", screen: await this.screen(draftId, 1, draft, t.wizard.nameTakenMeanwhile(customer.value.name)) };
      }
      const owner = (await this.deps.customers.domainOwners(customer.value.domains))[0];
      if (owner) {
        return {
          kind: "screen",
          screen: await this.screen(draftId, 1, draft, `:warning: ${t.validation.domainTaken(owner.domain, owner.customerName)}`),
        };
      }
      if (useNewSla && draft.newSla && (await this.deps.slas.nameExists(draft.newSla.name))) {
        return { kind: "screen", screen: await this.screen(draftId, 3, draft, `:warning: ${t.validation.slaNameTaken(draft.newSla.name)}`) };
      }
      throw e;
    }
  }
}

