/**
 * Managing existing customers: find and view (everyone), change (admins only). Every change is
 * written together with its ChangeLog entry (who, when, each field before and after) in one
 * transaction. Input comes as raw values keyed by the wizard's field ids and goes through the
 * wizard's validation. Knows nothing of Slack.
 */
import type { Catalog } from "../../i18n/catalog.js";
import { isUniqueViolation } from "../../db/errors.js";
import { appeared, diff, disappeared, hasChanges, type ChangeAction, type Changes, type EntityType } from "../../domain/changes.js";
import { closest } from "../../domain/similarity.js";
import { nameKey } from "../../domain/text.js";
import { normaliseDomain } from "../../domain/domains.js";
import type { CustomerListItem, CustomerPage } from "../../repositories/customers.js";
import { searchKey, type CustomerSearch } from "../../repositories/customer-search.js";
import type { ContactRecord, CustomerRef, ManagedCustomer } from "../../repositories/customer-admin.js";
import type { ContactWithCustomer } from "../../repositories/contacts.js";
import type { ContractRecord } from "../../repositories/contracts.js";
import type { StoredChange } from "../../repositories/change-log.js";
import type { ManagementRepos, Transactor } from "../../repositories/unit-of-work.js";
import type { SlaOption, SlaRepository } from "../../repositories/slas.js";
import type { AlertProfileOption, AlertProfileRepository } from "../../repositories/alert-profiles.js";
import type { RawValues } from "../onboarding/draft.js";
import { CHECKED } from "../onboarding/fields.js";
import { validateContactStep, validateContractStep, validateCustomerStep, validateSlaStep, type FieldErrors } from "../onboarding/validate.js";
import { ManageError, type ManageAction } from "./errors.js";
import {
  contactData,
  contactLabel,
  contactSnapshot,
  contactValues,
  contractData,
  contractSnapshot,
  contractValues,
  customerSnapshot,
  customerValues,
} from "./forms.js";

/** Page sizes: each keeps its message well under Slack's 50 blocks (see the view builders). */
export const PAGE_SIZE = { list: 20, contacts: 20, contracts: 15, history: 15, matches: 10, suggestions: 5, picker: 50 } as const;

/** Contracts and contacts shown on the card's overview (all of them are in their tabs). */
export const OVERVIEW_ROWS = 5;

/** The security setting's field id in the Security modal. */
export const SECURITY_FIELD = "customer_tickets_only_from_primary";

export type CardTab = "overview" | "contacts" | "contracts" | "history";
export const CARD_TABS: readonly CardTab[] = ["overview", "contacts", "contracts", "history"];

export type HistoryItem = { id: string; at: Date; actorId: string; entityType: string; action: string; label: string; changes: Changes };
export type Paged<T> = { items: T[]; total: number; offset: number; limit: number };

export type CustomerCardData =
  | { tab: "overview"; customer: ManagedCustomer; contracts: ContractRecord[]; contacts: ContactRecord[]; tickets: { open: number; pending: number } }
  | { tab: "contacts"; customer: ManagedCustomer; contacts: Paged<ContactRecord> }
  | { tab: "contracts"; customer: ManagedCustomer; contracts: Paged<ContractRecord> }
  | { tab: "history"; customer: ManagedCustomer; history: Paged<HistoryItem> };

export type Resolution =
  | { kind: "one"; customerId: string }
  | { kind: "many"; matches: CustomerListItem[]; total: number }
  | { kind: "none"; suggestions: CustomerRef[] }
  | { kind: "empty" };

export type SaveOutcome = { kind: "saved"; customerId: string; notice: string } | { kind: "errors"; errors: FieldErrors };

export type ContactScreen = { contact: ContactWithCustomer; isPrimary: boolean; primaryName?: string };
export type SlaScreen = { customer: ManagedCustomer; slas: SlaOption[]; alertProfiles: AlertProfileOption[] };

type Deps = {
  search: CustomerSearch;
  /** repositories on the plain client, for reads */
  repos: ManagementRepos;
  transaction: Transactor;
  slas: SlaRepository;
  alertProfiles: AlertProfileRepository;
  isAdmin: (userId: string) => Promise<boolean>;
  clock: () => Date;
};

const clampOffset = (offset: number, total: number, limit: number) =>
  Math.max(0, Math.min(Math.floor(offset) || 0, Math.max(0, Math.floor((Math.max(total, 1) - 1) / limit) * limit)));

export class CustomerManagementService {
  constructor(private readonly deps: Deps) {}

  canChange(userId: string): Promise<boolean> {
    return this.deps.isAdmin(userId);
  }

  // ---- Find and view (everyone) --------------------------------------------------------------

  async list(query: string, offset: number, includeArchived = false): Promise<CustomerPage & { offset: number; limit: number }> {
    const limit = PAGE_SIZE.list;
    let page = await this.deps.search.search(query, { limit, offset: Math.max(0, offset), includeArchived });
    const fixed = clampOffset(offset, page.total, limit);
    if (fixed !== offset) page = await this.deps.search.search(query, { limit, offset: fixed, includeArchived });
    return { ...page, offset: fixed, limit };
  }

  /** The customers a picker offers for what was typed (best matches first; archived ones left out). */
  async pick(query: string): Promise<CustomerListItem[]> {
    return (await this.deps.search.search(query, { limit: PAGE_SIZE.picker, offset: 0 })).items;
  }

  /**
   * A name typed after `/customer show|edit|history`: the exact name (any case), an exact domain,
   * the one customer the search finds or the one whose name starts with it, several to choose
   * from (ranked as the search ranks them), or none with close matches. Archived customers are found too (so they can be viewed and restored).
   */
  async resolve(query: string): Promise<Resolution> {
    const key = searchKey(query);
    if (!key) return { kind: "empty" };
    const { customers } = this.deps.repos;
    const exact = (await customers.idByNameKey(nameKey(query))) ?? (await customers.idByDomain(normaliseDomain(key.replace(/^@/, ""))));
    if (exact) return { kind: "one", customerId: exact };
    const page = await this.deps.search.search(key, { limit: PAGE_SIZE.matches, offset: 0, includeArchived: true });
    const [first, second] = page.items;
    // One match, or one name that starts with it (the ranking puts name starts first).
    const onlyStart = first?.match?.tier === "name_start" && second?.match?.tier !== "name_start";
    if (first && (page.total === 1 || onlyStart)) return { kind: "one", customerId: first.id };
    if (page.total > 1) return { kind: "many", matches: page.items, total: page.total };
    return { kind: "none", suggestions: await this.suggestions(key) };
  }

  /**
   * Close matches for a name that matched nothing: the longest shorter prefix (down to half the
   * name) that has matches, then words contained in names. A shorter prefix matches everything a
   * longer one does, so the longest is found by halving the range: a handful of index ranges, not
   * one per dropped character (the queries run back to back without yielding to the event loop,
   * so 60 of them held it for over 50 ms).
   */
  private async suggestions(key: string): Promise<CustomerRef[]> {
    const { customers } = this.deps.repos;
    const found = new Map<string, CustomerRef>();
    const chars = Array.from(key);
    let low = Math.max(1, Math.ceil(chars.length / 2));
    let high = chars.length - 1;
    while (low <= high) {
      const len = Math.ceil((low + high) / 2);
      const matches = await customers.byPrefix(chars.slice(0, len).join(""), 10);
      if (matches.length === 0) {
        high = len - 1;
        continue;
      }
      found.clear();
      for (const c of matches) found.set(c.id, c);
      low = len + 1;
    }
    const words = key.split(" ").filter((w) => w.length >= 3).sort((a, b) => b.length - a.length).slice(0, 2);
    for (const w of words) for (const c of await customers.similar(w, 10)) found.set(c.id, c);
    return closest(key, [...found.values()], (c) => c.name.toLowerCase(), PAGE_SIZE.suggestions);
  }

  /** One tab of the customer card, or undefined when there is no such customer. */
  async card(t: Catalog, customerId: string, tab: CardTab, offset = 0): Promise<CustomerCardData | undefined> {
    const { repos } = this.deps;
    const customer = await repos.customers.find(customerId);
    if (!customer) return undefined;
    switch (tab) {
      case "overview": {
        const [contracts, contacts, tickets] = await Promise.all([
          repos.contracts.page(customerId, { limit: OVERVIEW_ROWS, offset: 0 }),
          repos.contacts.page(customerId, { limit: OVERVIEW_ROWS, offset: 0 }),
          repos.customers.activeTicketCounts(customerId),
        ]);
        // The primary contact first, so the overview always shows who it is.
        const primary = customer.primaryContact;
        const others = contacts.items.filter((c) => c.id !== primary?.id);
        return { tab, customer, contracts: contracts.items, contacts: (primary ? [primary, ...others] : others).slice(0, OVERVIEW_ROWS), tickets };
      }
      case "contacts": {
        const limit = PAGE_SIZE.contacts;
        const at = clampOffset(offset, customer._count.contacts, limit);
        const page = await repos.contacts.page(customerId, { limit, offset: at });
        return { tab, customer, contacts: { ...page, offset: at, limit } };
      }
      case "contracts": {
        const limit = PAGE_SIZE.contracts;
        const at = clampOffset(offset, customer._count.contracts, limit);
        const page = await repos.contracts.page(customerId, { limit, offset: at });
        return { tab, customer, contracts: { ...page, offset: at, limit } };
      }
      case "history":
        return { tab, customer, history: await this.history(t, customerId, offset) };
    }
  }

  /** The customer's recent changes, newest first, each with a readable label for what changed. */
  async history(t: Catalog, customerId: string, offset = 0): Promise<Paged<HistoryItem>> {
    const { repos } = this.deps;
    const limit = PAGE_SIZE.history;
    const page = await repos.changes.forCustomer(customerId, { limit, offset: Math.max(0, offset) });
    const ids = (type: EntityType) => [...new Set(page.items.filter((e) => e.entityType === type).map((e) => e.entityId))];
    const [contactNames, contractNames] = await Promise.all([repos.contacts.names(ids("contact")), repos.contracts.names(ids("contract"))]);
    const gone = ids("contact").filter((id) => !contactNames.has(id));
    for (const d of await repos.changes.deletions("contact", gone)) {
      const first = d.changes.firstName?.before;
      const last = d.changes.lastName?.before;
      contactNames.set(d.entityId, `${typeof first === "string" ? first : ""} ${typeof last === "string" ? last : ""}`.trim());
    }
    const label = (e: StoredChange) => {
      if (e.entityType === "contact") return t.manage.history.entity.contact(contactNames.get(e.entityId) ?? t.manage.history.removedContact);
      if (e.entityType === "contract") return t.manage.history.entity.contract(contractNames.get(e.entityId) ?? "");
      return t.manage.history.entity.customer;
    };
    const items = page.items.map((e) => ({ id: e.id, at: e.at, actorId: e.actorId, entityType: e.entityType, action: e.action, label: label(e), changes: e.changes }));
    return { items, total: page.total, offset: Math.max(0, offset), limit };
  }

  async customerForm(customerId: string): Promise<{ customer: ManagedCustomer; values: RawValues }> {
    const customer = await this.openCustomer(this.deps.repos, customerId);
    return { customer, values: customerValues(customer) };
  }

  /** Values for "Add contact": primary ticked when the customer has no primary contact yet. */
  async newContactForm(customerId: string): Promise<{ customer: ManagedCustomer; values: RawValues }> {
    const customer = await this.openCustomer(this.deps.repos, customerId);
    return { customer, values: { contact_primary: customer.primaryContactId ? [] : [CHECKED] } };
  }

  async contactForm(contactId: string): Promise<{ contact: ContactWithCustomer; values: RawValues }> {
    const contact = await this.openContact(this.deps.repos, contactId);
    return { contact, values: contactValues(contact) };
  }

  /** For the Permissions and Remove dialogs (viewing only: the archived check comes when acting). */
  async contactScreen(contactId: string): Promise<ContactScreen> {
    const contact = await this.deps.repos.contacts.find(contactId);
    if (!contact) throw new ManageError({ code: "contact_not_found" });
    const primaryId = contact.customer.primaryContactId;
    if (primaryId === contact.id) return { contact, isPrimary: true };
    const primary = primaryId ? await this.deps.repos.contacts.find(primaryId) : null;
    return { contact, isPrimary: false, ...(primary ? { primaryName: `${primary.firstName} ${primary.lastName}` } : {}) };
  }

  /** Values for "Add contract": active, and default when the customer has no default contract. */
  async newContractForm(customerId: string): Promise<{ customer: ManagedCustomer; values: RawValues }> {
    const customer = await this.openCustomer(this.deps.repos, customerId);
    const hasDefault = (await this.deps.repos.contracts.defaults(customerId)).length > 0;
    return { customer, values: { contract_active: [CHECKED], contract_default: hasDefault ? [] : [CHECKED] } };
  }

  async contractForm(contractId: string): Promise<{ contract: ContractRecord & { customer: CustomerRef }; values: RawValues }> {
    const contract = await this.openContract(this.deps.repos, contractId);
    return { contract, values: contractValues(contract) };
  }

  async slaScreen(customerId: string): Promise<SlaScreen> {
    const [customer, slas, alertProfiles] = await Promise.all([
      this.openCustomer(this.deps.repos, customerId),
      this.deps.slas.list(),
      this.deps.alertProfiles.list(),
    ]);
    return { customer, slas, alertProfiles };
  }

  async securityScreen(customerId: string): Promise<ManagedCustomer> {
    return this.openCustomer(this.deps.repos, customerId);
  }

  // ---- Change (admins) -----------------------------------------------------------------------

  async updateCustomer(t: Catalog, actorId: string, customerId: string, values: RawValues): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "edit_customer");
    const r = validateCustomerStep(t, values);
    if (!r.ok) return { kind: "errors", errors: r.errors };
    const input = r.value;
    try {
      return await this.deps.transaction(async (repos) => {
        const current = await this.openCustomer(repos, customerId);
        const key = nameKey(input.name);
        const sameName = await repos.customers.idByNameKey(key);
        if (sameName && sameName !== customerId) return { kind: "errors", errors: { customer_name: t.validation.nameTaken(input.name) } };
        const owner = (await repos.customers.domainOwners(input.domains, customerId))[0];
        if (owner) return { kind: "errors", errors: { customer_domains: t.validation.domainTaken(owner.domain, owner.customerName) } };
        const changes = diff(customerSnapshot(current), customerSnapshot(input));
        if (!hasChanges(changes)) return this.saved(customerId, t.manage.notice.nothingChanged);
        await repos.customers.update(customerId, {
          name: input.name,
          nameKey: key,
          rank: input.rank ?? null,
          businessId: input.businessId ?? null,
          phone: input.phone ?? null,
          fax: input.fax ?? null,
          address: input.address ?? null,
          city: input.city ?? null,
          state: input.state ?? null,
          zip: input.zip ?? null,
          country: input.country ?? null,
          notes: input.notes ?? null,
          language: input.language ?? null,
        });
        if (changes.domains) await repos.customers.replaceDomains(customerId, input.domains);
        await this.log(repos, "customer", customerId, customerId, "updated", actorId, changes);
        return this.saved(customerId, t.manage.notice.customerSaved(input.name, Object.keys(changes).length));
      });
    } catch (e) {
      // A name or domain taken by someone else between the check and the write.
      if (isUniqueViolation(e, "nameKey")) return { kind: "errors", errors: { customer_name: t.validation.nameTaken(input.name) } };
      if (isUniqueViolation(e, "domain")) return { kind: "errors", errors: { customer_domains: t.manage.errors.domainTakenMeanwhile } };
      throw e;
    }
  }

  async addContact(t: Catalog, actorId: string, customerId: string, values: RawValues): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_contacts");
    const r = validateContactStep(t, values);
    if (!r.ok) return { kind: "errors", errors: r.errors };
    const data = contactData(r.value);
    try {
      return await this.deps.transaction(async (repos) => {
        const customer = await this.openCustomer(repos, customerId);
        if (await repos.contacts.emailTaken(customerId, data.emailKey)) return this.emailTaken(t, data.email, customer.name);
        const contact = await repos.contacts.create(customerId, data, actorId);
        await this.log(repos, "contact", contact.id, customerId, "created", actorId, appeared(contactSnapshot(contact)));
        const name = `${contact.firstName} ${contact.lastName}`;
        if (!r.value.primary) return this.saved(customerId, t.manage.notice.contactAdded(name, customer.name));
        await this.makePrimary(repos, actorId, customer, contact);
        return this.saved(customerId, t.manage.notice.contactAddedPrimary(name, customer.name));
      });
    } catch (e) {
      if (isUniqueViolation(e, "emailKey")) return this.emailTaken(t, data.email, "");
      throw e;
    }
  }

  async updateContact(t: Catalog, actorId: string, contactId: string, values: RawValues): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_contacts");
    const r = validateContactStep(t, values);
    if (!r.ok) return { kind: "errors", errors: r.errors };
    const data = contactData(r.value);
    try {
      return await this.deps.transaction(async (repos) => {
        const current = await this.openContact(repos, contactId);
        const customerId = current.customer.id;
        if (await repos.contacts.emailTaken(customerId, data.emailKey, contactId)) return this.emailTaken(t, data.email, current.customer.name);
        const changes = diff(contactSnapshot(current), contactSnapshot(data));
        if (!hasChanges(changes)) return this.saved(customerId, t.manage.notice.nothingChanged);
        await repos.contacts.update(contactId, data);
        await this.log(repos, "contact", contactId, customerId, "updated", actorId, changes);
        return this.saved(customerId, t.manage.notice.contactSaved(`${data.firstName} ${data.lastName}`));
      });
    } catch (e) {
      if (isUniqueViolation(e, "emailKey")) return this.emailTaken(t, data.email, "");
      throw e;
    }
  }

  /** The one hard delete from Slack: the change log keeps every value the contact had. */
  async removeContact(t: Catalog, actorId: string, contactId: string): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_contacts");
    return this.deps.transaction(async (repos) => {
      const contact = await this.openContact(repos, contactId);
      const customer = contact.customer;
      if (customer.primaryContactId === contactId) {
        await repos.customers.update(customer.id, { primaryContactId: null });
        await this.log(repos, "customer", customer.id, customer.id, "updated", actorId, {
          primaryContact: { before: contactLabel(contact), after: null },
          primaryContactId: { before: contactId, after: null },
        });
      }
      await repos.contacts.delete(contactId);
      await this.log(repos, "contact", contactId, customer.id, "deleted", actorId, disappeared(contactSnapshot(contact)));
      return this.saved(customer.id, t.manage.notice.contactRemoved(`${contact.firstName} ${contact.lastName}`, customer.name));
    });
  }

  /**
   * Makes this contact the customer's primary contact. Customer.primaryContactId is one column,
   * so the new primary replaces the old one in the same write; the change log entry records both.
   */
  async setPrimary(t: Catalog, actorId: string, contactId: string): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_contacts");
    return this.deps.transaction(async (repos) => {
      const contact = await this.openContact(repos, contactId);
      const name = `${contact.firstName} ${contact.lastName}`;
      if (contact.customer.primaryContactId === contactId) return this.saved(contact.customer.id, t.manage.notice.alreadyPrimary(name));
      const previous = await this.makePrimary(repos, actorId, contact.customer, contact);
      return this.saved(contact.customer.id, t.manage.notice.primarySet(name, contact.customer.name, previous ? `${previous.firstName} ${previous.lastName}` : undefined));
    });
  }

  async setSecurity(t: Catalog, actorId: string, customerId: string, values: RawValues): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_security");
    const raw = values[SECURITY_FIELD];
    const on = Array.isArray(raw) ? raw.includes(CHECKED) : raw === CHECKED;
    return this.deps.transaction(async (repos) => {
      const customer = await this.openCustomer(repos, customerId);
      if (on && !customer.primaryContactId) return { kind: "errors", errors: { [SECURITY_FIELD]: t.manage.errors.needsPrimary } };
      if (customer.ticketsOnlyFromPrimary === on) return this.saved(customerId, t.manage.notice.nothingChanged);
      await repos.customers.update(customerId, { ticketsOnlyFromPrimary: on });
      await this.log(repos, "customer", customerId, customerId, "updated", actorId, { ticketsOnlyFromPrimary: { before: !on, after: on } });
      return this.saved(customerId, on ? t.manage.notice.securityOn(customer.name) : t.manage.notice.securityOff(customer.name));
    });
  }

  async setSlaAndProfile(t: Catalog, actorId: string, customerId: string, values: RawValues): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_sla");
    const [slas, profiles] = await Promise.all([this.deps.slas.list(), this.deps.alertProfiles.list()]);
    const r = validateSlaStep(t, values, { slaIds: slas.map((s) => s.id), alertProfileIds: profiles.map((p) => p.id), hasNewSla: false });
    if (!r.ok) return { kind: "errors", errors: r.errors };
    const slaName = (id: string) => slas.find((s) => s.id === id)?.name ?? id;
    const profileName = (id: string) => profiles.find((p) => p.id === id)?.name ?? id;
    return this.deps.transaction(async (repos) => {
      const customer = await this.openCustomer(repos, customerId);
      const changes: Changes = {};
      if (customer.slaId !== r.value.slaId) {
        changes.sla = { before: customer.sla.name, after: slaName(r.value.slaId) };
        changes.slaId = { before: customer.slaId, after: r.value.slaId };
      }
      if (customer.alertProfileId !== r.value.alertProfileId) {
        changes.alertProfile = { before: customer.alertProfile.name, after: profileName(r.value.alertProfileId) };
        changes.alertProfileId = { before: customer.alertProfileId, after: r.value.alertProfileId };
      }
      if (!hasChanges(changes)) return this.saved(customerId, t.manage.notice.nothingChanged);
      await repos.customers.update(customerId, { slaId: r.value.slaId, alertProfileId: r.value.alertProfileId });
      await this.log(repos, "customer", customerId, customerId, "updated", actorId, changes);
      return this.saved(customerId, t.manage.notice.slaSaved(customer.name, slaName(r.value.slaId), profileName(r.value.alertProfileId)));
    });
  }

  async addContract(t: Catalog, actorId: string, customerId: string, values: RawValues): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_contracts");
    const r = validateContractStep(t, values, false);
    if (!r.ok) return { kind: "errors", errors: r.errors };
    if (!r.value) return { kind: "errors", errors: { contract_type: t.manage.errors.contractTypeNeeded } };
    const data = contractData(r.value);
    if (data.isDefault && !data.active) return { kind: "errors", errors: { contract_default: t.manage.errors.inactiveDefault } };
    return this.deps.transaction(async (repos) => {
      const customer = await this.openCustomer(repos, customerId);
      if (data.isDefault) await this.clearDefaults(repos, actorId, customerId);
      const contract = await repos.contracts.create(customerId, data, actorId);
      await this.log(repos, "contract", contract.id, customerId, "created", actorId, appeared(contractSnapshot(contract)));
      return this.saved(customerId, t.manage.notice.contractAdded(contract.name, customer.name));
    });
  }

  async updateContract(t: Catalog, actorId: string, contractId: string, values: RawValues): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_contracts");
    const r = validateContractStep(t, values, false);
    if (!r.ok) return { kind: "errors", errors: r.errors };
    if (!r.value) return { kind: "errors", errors: { contract_type: t.manage.errors.contractTypeNeeded } };
    const data = contractData(r.value);
    if (data.isDefault && !data.active) return { kind: "errors", errors: { contract_default: t.manage.errors.inactiveDefault } };
    return this.deps.transaction(async (repos) => {
      const current = await this.openContract(repos, contractId);
      const customerId = current.customer.id;
      const changes = diff(contractSnapshot(current), contractSnapshot(data));
      if (!hasChanges(changes)) return this.saved(customerId, t.manage.notice.nothingChanged);
      if (data.isDefault && !current.isDefault) await this.clearDefaults(repos, actorId, customerId, contractId);
      await repos.contracts.update(contractId, data);
      await this.log(repos, "contract", contractId, customerId, "updated", actorId, changes);
      return this.saved(customerId, t.manage.notice.contractSaved(data.name));
    });
  }

  /** Deactivate (kept, not billed; no longer the default) or reactivate a contract. */
  async setContractActive(t: Catalog, actorId: string, contractId: string, active: boolean): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_contracts");
    return this.deps.transaction(async (repos) => {
      const current = await this.openContract(repos, contractId);
      const customerId = current.customer.id;
      if (current.active === active) return this.saved(customerId, t.manage.notice.nothingChanged);
      const changes: Changes = { active: { before: current.active, after: active } };
      if (!active && current.isDefault) changes.isDefault = { before: true, after: false };
      await repos.contracts.update(contractId, { active, ...(changes.isDefault ? { isDefault: false } : {}) });
      await this.log(repos, "contract", contractId, customerId, active ? "reactivated" : "deactivated", actorId, changes);
      return this.saved(customerId, active ? t.manage.notice.contractReactivated(current.name) : t.manage.notice.contractDeactivated(current.name));
    });
  }

  /** One default contract per customer: the old default stops being it in the same transaction. */
  async makeDefaultContract(t: Catalog, actorId: string, contractId: string): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "change_contracts");
    return this.deps.transaction(async (repos) => {
      const current = await this.openContract(repos, contractId);
      const customerId = current.customer.id;
      if (current.isDefault) return this.saved(customerId, t.manage.notice.alreadyDefault(current.name));
      if (!current.active) return this.saved(customerId, t.manage.notice.inactiveNotDefault(current.name));
      await this.clearDefaults(repos, actorId, customerId, contractId);
      await repos.contracts.update(contractId, { isDefault: true });
      await this.log(repos, "contract", contractId, customerId, "updated", actorId, { isDefault: { before: false, after: true } });
      return this.saved(customerId, t.manage.notice.contractDefault(current.name));
    });
  }

  /** Archived customers leave lists and searches but keep everything; nothing is deleted. */
  async archive(t: Catalog, actorId: string, customerId: string): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "archive");
    return this.deps.transaction(async (repos) => {
      const customer = await repos.customers.ref(customerId);
      if (!customer) throw new ManageError({ code: "customer_not_found" });
      if (customer.archivedAt) return this.saved(customerId, t.manage.notice.alreadyArchived(customer.name));
      const now = this.deps.clock();
      await repos.customers.update(customerId, { archivedAt: now });
      await this.log(repos, "customer", customerId, customerId, "archived", actorId, { archivedAt: { before: null, after: now.toISOString() } });
      return this.saved(customerId, t.manage.notice.archived(customer.name));
    });
  }

  async restore(t: Catalog, actorId: string, customerId: string): Promise<SaveOutcome> {
    await this.requireAdmin(actorId, "archive");
    return this.deps.transaction(async (repos) => {
      const customer = await repos.customers.ref(customerId);
      if (!customer) throw new ManageError({ code: "customer_not_found" });
      if (!customer.archivedAt) return this.saved(customerId, t.manage.notice.notArchived(customer.name));
      await repos.customers.update(customerId, { archivedAt: null });
      await this.log(repos, "customer", customerId, customerId, "restored", actorId, { archivedAt: { before: customer.archivedAt.toISOString(), after: null } });
      return this.saved(customerId, t.manage.notice.restored(customer.name));
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async requireAdmin(userId: string, action: ManageAction): Promise<void> {
    if (!(await this.deps.isAdmin(userId))) throw new ManageError({ code: "not_admin", action });
  }

  private saved(customerId: string, notice: string): SaveOutcome {
    return { kind: "saved", customerId, notice };
  }

  private emailTaken(t: Catalog, email: string, customerName: string): SaveOutcome {
    return { kind: "errors", errors: { contact_email: t.manage.errors.emailTaken(email, customerName) } };
  }

  /** A customer that exists and is not archived (archived customers can only be viewed and restored). */
  private async openCustomer(repos: ManagementRepos, customerId: string): Promise<ManagedCustomer> {
    const customer = await repos.customers.find(customerId);
    if (!customer) throw new ManageError({ code: "customer_not_found" });
    if (customer.archivedAt) throw new ManageError({ code: "archived", customerName: customer.name });
    return customer;
  }

  private async openContact(repos: ManagementRepos, contactId: string): Promise<ContactWithCustomer> {
    const contact = await repos.contacts.find(contactId);
    if (!contact) throw new ManageError({ code: "contact_not_found" });
    if (contact.customer.archivedAt) throw new ManageError({ code: "archived", customerName: contact.customer.name });
    return contact;
  }

  private async openContract(repos: ManagementRepos, contractId: string) {
    const contract = await repos.contracts.find(contractId);
    if (!contract) throw new ManageError({ code: "contract_not_found" });
    if (contract.customer.archivedAt) throw new ManageError({ code: "archived", customerName: contract.customer.name });
    return contract;
  }

  /** Sets the primary contact and records the change; answers the contact it replaced. */
  private async makePrimary(
    repos: ManagementRepos,
    actorId: string,
    customer: { id: string; primaryContactId: string | null },
    contact: ContactRecord,
  ): Promise<ContactRecord | undefined> {
    const previousId = customer.primaryContactId;
    const previous = previousId ? ((await repos.contacts.find(previousId)) ?? undefined) : undefined;
    await repos.customers.update(customer.id, { primaryContactId: contact.id });
    await this.log(repos, "customer", customer.id, customer.id, "primary_set", actorId, {
      primaryContact: { before: previous ? contactLabel(previous) : null, after: contactLabel(contact) },
      primaryContactId: { before: previousId, after: contact.id },
    });
    return previous;
  }

  private async clearDefaults(repos: ManagementRepos, actorId: string, customerId: string, exceptId?: string): Promise<void> {
    for (const old of await repos.contracts.defaults(customerId, exceptId)) {
      await repos.contracts.update(old.id, { isDefault: false });
      await this.log(repos, "contract", old.id, customerId, "updated", actorId, { isDefault: { before: true, after: false } });
    }
  }

  private log(repos: ManagementRepos, entityType: EntityType, entityId: string, customerId: string, action: ChangeAction, actorId: string, changes: Changes) {
    return repos.changes.record({ entityType, entityId, customerId, action, actorId, changes, at: this.deps.clock() });
  }
}
