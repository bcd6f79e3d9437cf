/**
 * SLA administration: list with the customers that use each SLA, create and edit (name,
 * targets per priority, business hours per weekday), make default, delete. Knows nothing of
 * Slack: takes raw form values keyed by field id, returns outcomes the listeners render.
 * Who may do what is the listeners' check (AdminPolicy); every change is logged by the repository.
 */
import { isUniqueViolation } from "../../db/errors.js";
import type { Catalog } from "../../i18n/catalog.js";
import type { SlaListItem, SlaRecord, SlaRepository } from "../../repositories/slas.js";
import type { RawValues } from "../onboarding/draft.js";
import { validateSlaForm, type FieldErrors } from "../onboarding/validate.js";
import { appeared, diff, disappeared } from "../../domain/changes.js";
import { flattenSla } from "./changes.js";
import { slaFormValues } from "./fields.js";

/** How many customer names the list shows per SLA (the rest are counted). */
export const CUSTOMER_NAMES_SHOWN = 5;

export type SlaSaveOutcome = { kind: "errors"; errors: FieldErrors } | { kind: "saved"; sla: SlaRecord; created: boolean } | { kind: "gone" };
export type SlaDefaultOutcome = { kind: "done"; sla: SlaRecord } | { kind: "gone" };
export type SlaDeleteResult =
  | { kind: "deleted"; name: string; moved: number; movedTo: string }
  | { kind: "refused_default"; name: string; customers: number }
  | { kind: "gone" };

export type SlaEditorData = { id?: string; values: RawValues; name?: string; customers: number };

export class SlaService {
  constructor(private readonly deps: { slas: SlaRepository; clock: () => Date }) {}

  list(): Promise<SlaListItem[]> {
    return this.deps.slas.listWithUsage(CUSTOMER_NAMES_SHOWN);
  }

  async names(): Promise<string[]> {
    return (await this.deps.slas.list()).map((s) => s.name);
  }

  /** What the editor shows for an existing SLA (by id or name); undefined when there is none. */
  async editor(by: { id: string } | { name: string }): Promise<SlaEditorData | undefined> {
    const sla = "id" in by ? await this.deps.slas.get(by.id) : await this.deps.slas.findByName(by.name);
    if (!sla) return undefined;
    return { id: sla.id, name: sla.name, values: slaFormValues(sla), customers: await this.deps.slas.customerCount(sla.id) };
  }

  async create(t: Catalog, actorId: string, values: RawValues): Promise<SlaSaveOutcome> {
    const r = validateSlaForm(t, values, "per_weekday");
    if (!r.ok) return { kind: "errors", errors: r.errors };
    if (await this.deps.slas.nameTaken(r.value.name)) return nameTaken(t, r.value.name);
    try {
      const sla = await this.deps.slas.create(r.value, { actorId, at: this.deps.clock(), changes: appeared(flattenSla(r.value)) });
      return { kind: "saved", sla, created: true };
    } catch (e) {
      if (isUniqueViolation(e)) return nameTaken(t, r.value.name);
      throw e;
    }
  }

  /** Saves every field of the form over the SLA, keeping its id (customers keep pointing at it). */
  async update(t: Catalog, actorId: string, id: string, values: RawValues): Promise<SlaSaveOutcome> {
    const r = validateSlaForm(t, values, "per_weekday");
    if (!r.ok) return { kind: "errors", errors: r.errors };
    const before = await this.deps.slas.get(id);
    if (!before) return { kind: "gone" };
    if (await this.deps.slas.nameTaken(r.value.name, id)) return nameTaken(t, r.value.name);
    try {
      const sla = await this.deps.slas.update(id, r.value, { actorId, at: this.deps.clock(), changes: diff(flattenSla(before), flattenSla(r.value)) });
      return sla ? { kind: "saved", sla, created: false } : { kind: "gone" };
    } catch (e) {
      if (isUniqueViolation(e)) return nameTaken(t, r.value.name);
      throw e;
    }
  }

  async makeDefault(actorId: string, id: string): Promise<SlaDefaultOutcome> {
    const r = await this.deps.slas.setDefault(id, actorId, this.deps.clock());
    return r ? { kind: "done", sla: r.sla } : { kind: "gone" };
  }

  /** The default SLA is never deleted; another one's customers move to the default. */
  async delete(actorId: string, id: string): Promise<SlaDeleteResult> {
    const before = await this.deps.slas.get(id);
    if (!before) return { kind: "gone" };
    const r = await this.deps.slas.delete(id, { actorId, at: this.deps.clock(), changes: disappeared(flattenSla(before)) });
    switch (r.kind) {
      case "not_found":
        return { kind: "gone" };
      case "is_default":
        return { kind: "refused_default", name: r.sla.name, customers: r.customers };
      case "deleted":
        return { kind: "deleted", name: r.sla.name, moved: r.moved, movedTo: r.movedTo };
    }
  }
}

function nameTaken(t: Catalog, name: string): SlaSaveOutcome {
  return { kind: "errors", errors: { sla_name: t.validation.slaNameTaken(name) } };
}
