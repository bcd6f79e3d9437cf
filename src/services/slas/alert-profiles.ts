/**
 * Alert threshold profile administration: list with usage, create and edit (name, one value per
 * metric and severity), make default, delete (never the default; another profile's customers
 * move to the default). Knows nothing of Slack; every change is logged by the repository.
 */
import { isUniqueViolation } from "../../db/errors.js";
import type { Catalog } from "../../i18n/catalog.js";
import type { AlertProfileListItem, AlertProfileRecord, AlertProfileRepository } from "../../repositories/alert-profiles.js";
import type { RawValues } from "../onboarding/draft.js";
import type { FieldErrors } from "../onboarding/validate.js";
import { appeared, diff, disappeared } from "../../domain/changes.js";
import { flattenAlertProfile } from "./changes.js";
import { ALERT_NAME_FIELD, alertProfileFormValues } from "./fields.js";
import { validateAlertProfileForm } from "./validate.js";
import { CUSTOMER_NAMES_SHOWN } from "./service.js";

export type AlertProfileSaveOutcome =
  | { kind: "errors"; errors: FieldErrors }
  | { kind: "saved"; profile: AlertProfileRecord; created: boolean }
  | { kind: "gone" };
export type AlertProfileDefaultOutcome = { kind: "done"; profile: AlertProfileRecord } | { kind: "gone" };
export type AlertProfileDeleteResult =
  | { kind: "deleted"; name: string; moved: number; movedTo: string }
  | { kind: "refused_default"; name: string; customers: number }
  | { kind: "gone" };

export type AlertProfileEditorData = { id?: string; values: RawValues; name?: string; customers: number };

export class AlertProfileService {
  constructor(private readonly deps: { profiles: AlertProfileRepository; clock: () => Date }) {}

  list(): Promise<AlertProfileListItem[]> {
    return this.deps.profiles.listWithUsage(CUSTOMER_NAMES_SHOWN);
  }

  async names(): Promise<string[]> {
    return (await this.deps.profiles.list()).map((p) => p.name);
  }

  async editor(by: { id: string } | { name: string }): Promise<AlertProfileEditorData | undefined> {
    const p = "id" in by ? await this.deps.profiles.get(by.id) : await this.deps.profiles.findByName(by.name);
    if (!p) return undefined;
    return { id: p.id, name: p.name, values: alertProfileFormValues(p), customers: await this.deps.profiles.customerCount(p.id) };
  }

  async create(t: Catalog, actorId: string, values: RawValues): Promise<AlertProfileSaveOutcome> {
    const r = validateAlertProfileForm(t, values);
    if (!r.ok) return { kind: "errors", errors: r.errors };
    if (await this.deps.profiles.nameTaken(r.value.name)) return nameTaken(t, r.value.name);
    try {
      const profile = await this.deps.profiles.create(r.value, { actorId, at: this.deps.clock(), changes: appeared(flattenAlertProfile(r.value)) });
      return { kind: "saved", profile, created: true };
    } catch (e) {
      if (isUniqueViolation(e)) return nameTaken(t, r.value.name);
      throw e;
    }
  }

  async update(t: Catalog, actorId: string, id: string, values: RawValues): Promise<AlertProfileSaveOutcome> {
    const r = validateAlertProfileForm(t, values);
    if (!r.ok) return { kind: "errors", errors: r.errors };
    const before = await this.deps.profiles.get(id);
    if (!before) return { kind: "gone" };
    if (await this.deps.profiles.nameTaken(r.value.name, id)) return nameTaken(t, r.value.name);
    try {
      const changes = diff(flattenAlertProfile(before), flattenAlertProfile(r.value));
      const profile = await this.deps.profiles.update(id, r.value, { actorId, changes, at: this.deps.clock() });
      return profile ? { kind: "saved", profile, created: false } : { kind: "gone" };
    } catch (e) {
      if (isUniqueViolation(e)) return nameTaken(t, r.value.name);
      throw e;
    }
  }

  async makeDefault(actorId: string, id: string): Promise<AlertProfileDefaultOutcome> {
    const r = await this.deps.profiles.setDefault(id, actorId, this.deps.clock());
    return r ? { kind: "done", profile: r.profile } : { kind: "gone" };
  }

  async delete(actorId: string, id: string): Promise<AlertProfileDeleteResult> {
    const before = await this.deps.profiles.get(id);
    if (!before) return { kind: "gone" };
    const r = await this.deps.profiles.delete(id, { actorId, at: this.deps.clock(), changes: disappeared(flattenAlertProfile(before)) });
    switch (r.kind) {
      case "not_found":
        return { kind: "gone" };
      case "is_default":
        return { kind: "refused_default", name: r.profile.name, customers: r.customers };
      case "deleted":
        return { kind: "deleted", name: r.profile.name, moved: r.moved, movedTo: r.movedTo };
    }
  }
}

function nameTaken(t: Catalog, name: string): AlertProfileSaveOutcome {
  return { kind: "errors", errors: { [ALERT_NAME_FIELD]: t.slaAdmin.profiles.nameTaken(name) } };
}
