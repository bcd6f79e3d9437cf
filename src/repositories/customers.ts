import type { Db } from "../db/client.js";
import { inTransaction } from "../db/transaction.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { ContactInput, ContractInput, CustomerInput } from "../domain/customer.js";
import type { SlaInput } from "../domain/sla.js";
import { emailKey, nameKey } from "../domain/text.js";
import { slaCreateData } from "./slas.js";
import type { Match } from "../domain/search.js";
import { ChangeLogRepository } from "./change-log.js";

export type NewCustomerBundle = {
  customer: CustomerInput;
  contract?: ContractInput;
  contact: ContactInput;
  slaId?: string;
  newSla?: SlaInput;
  alertProfileId: string;
  createdBy: string;
  creationKey: string;
  /** when it was created, from the app's clock: stamps the customer's first history entry */
  at: Date;
};

export const customerCardInclude = {
  domains: { select: { domain: true }, orderBy: { domain: "asc" } },
  contracts: { orderBy: { createdAt: "asc" } },
  sla: { select: { id: true, name: true } },
  alertProfile: { select: { id: true, name: true } },
  primaryContact: true,
  contacts: { orderBy: [{ lastName: "asc" }, { firstName: "asc" }] },
} satisfies Prisma.CustomerInclude;

export type CustomerCard = Prisma.CustomerGetPayload<{ include: typeof customerCardInclude }>;

/** A customer in a list; `match` says how it matched a search (absent when browsing everyone). */
export type CustomerListItem = { id: string; name: string; domains: string[]; archivedAt: Date | null; match?: Match };
/**
 * A page of a list. truncated: a search matched too many to rank them all (see MATCH_CAP in
 * sqlite/customer-search.ts); `total` is then a lower bound.
 */
export type CustomerPage = { items: CustomerListItem[]; total: number; truncated?: boolean };

export class CustomerRepository {
  constructor(private readonly db: Db) {}

  async findIdByNameKey(name: string): Promise<string | undefined> {
    return (await this.db.customer.findUnique({ where: { nameKey: nameKey(name) }, select: { id: true } }))?.id;
  }

  /** Which of these domains belong to a customer already (other than `exceptCustomerId`). */
  async domainOwners(domains: string[], exceptCustomerId?: string): Promise<{ domain: string; customerName: string }[]> {
    if (domains.length === 0) return [];
    const rows = await this.db.customerDomain.findMany({
      where: { domain: { in: domains }, ...(exceptCustomerId ? { customerId: { not: exceptCustomerId } } : {}) },
      select: { domain: true, customer: { select: { name: true } } },
    });
    return rows.map((r) => ({ domain: r.domain, customerName: r.customer.name }));
  }

  findByCreationKey(creationKey: string): Promise<CustomerCard | null> {
    return this.db.customer.findUnique({ where: { creationKey }, include: customerCardInclude });
  }

  findCard(id: string): Promise<CustomerCard | null> {
    return this.db.customer.findUnique({ where: { id }, include: customerCardInclude });
  }

  /**
   * Creates the customer with its domains, contract, SLA choice and first contact in one
   * transaction: all of it is written, or none. Unique keys (name, domains, creation key)
   * turn a race or a double submit into a P2002 error the caller handles.
   */
  async createOnboarding(b: NewCustomerBundle): Promise<CustomerCard> {
    return inTransaction(this.db, async (tx) => {
      const slaId = b.newSla ? (await tx.sla.create({ data: slaCreateData(b.newSla), select: { id: true } })).id : b.slaId;
      if (!slaId) throw new Error("createOnboarding needs slaId or newSla");
      const c = b.customer;
      const customer = await tx.customer.create({
        data: {
          name: c.name,
          nameKey: nameKey(c.name),
          rank: c.rank,
          businessId: c.businessId,
          phone: c.phone,
          fax: c.fax,
          address: c.address,
          city: c.city,
          country: c.country,
          state: c.state,
          zip: c.zip,
          notes: c.notes,
          language: c.language ?? null,
          slaId,
          alertProfileId: b.alertProfileId,
          createdBy: b.createdBy,
          creationKey: b.creationKey,
          domains: { create: c.domains.map((domain) => ({ domain })) },
        },
        select: { id: true },
      });
      if (b.contract) {
        const k = b.contract;
        await tx.contract.create({
          data: {
            customerId: customer.id,
            name: k.name,
            type: k.type,
            ...k.terms,
            startDate: k.startDate,
            endDate: k.endDate,
            active: k.active,
            isDefault: k.isDefault,
            taxable: k.taxable,
            notes: k.notes,
            createdBy: b.createdBy,
          },
        });
      }
      const p = b.contact;
      const contact = await tx.contact.create({
        data: {
          customerId: customer.id,
          firstName: p.firstName,
          lastName: p.lastName,
          email: p.email,
          emailKey: emailKey(p.email),
          phone: p.phone,
          mobile: p.mobile,
          jobTitle: p.jobTitle,
          department: p.department,
          createdBy: b.createdBy,
        },
        select: { id: true },
      });
      if (p.primary) {
        await tx.customer.update({ where: { id: customer.id }, data: { primaryContactId: contact.id } });
      }
      // The customer's history starts with its creation (later changes: services/customers/management.ts).
      await new ChangeLogRepository(tx).record({
        entityType: "customer",
        entityId: customer.id,
        customerId: customer.id,
        action: "created",
        actorId: b.createdBy,
        changes: { name: { before: null, after: c.name } },
        at: b.at,
      });
      return tx.customer.findUniqueOrThrow({ where: { id: customer.id }, include: customerCardInclude });
    });
  }
}
