/**
 * Data access for managing existing customers from Slack (the card, edits, archive, security,
 * SLA). Works on the Prisma client or on an open transaction (see unit-of-work.ts).
 */
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./change-log.js";

export const contactSelect = {
  id: true,
  customerId: true,
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
  mobile: true,
  jobTitle: true,
  department: true,
  portalSignInAt: true,
} satisfies Prisma.ContactSelect;
export type ContactRecord = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

export const managedCustomerSelect = {
  id: true,
  name: true,
  rank: true,
  businessId: true,
  phone: true,
  fax: true,
  address: true,
  city: true,
  country: true,
  state: true,
  zip: true,
  notes: true,
  language: true,
  ticketsOnlyFromPrimary: true,
  slaId: true,
  alertProfileId: true,
  primaryContactId: true,
  archivedAt: true,
  createdBy: true,
  createdAt: true,
  domains: { select: { domain: true }, orderBy: { domain: "asc" } },
  sla: { select: { id: true, name: true } },
  alertProfile: { select: { id: true, name: true } },
  primaryContact: { select: contactSelect },
} satisfies Prisma.CustomerSelect;
/**
 * A customer with what its card shows, and how many contacts and contracts it has. The counts are
 * two `COUNT ... WHERE customerId = ?` index searches: Prisma's `_count` relation select instead
 * groups the whole Contact and Contract tables (a scan of every contact) on each card.
 */
export type ManagedCustomer = Prisma.CustomerGetPayload<{ select: typeof managedCustomerSelect }> & {
  _count: { contacts: number; contracts: number };
};

/** The columns a management action may set on a customer. */
export type CustomerPatch = {
  name?: string;
  nameKey?: string;
  rank?: string | null;
  businessId?: string | null;
  phone?: string | null;
  fax?: string | null;
  address?: string | null;
  city?: string | null;
  country?: string | null;
  state?: string | null;
  zip?: string | null;
  notes?: string | null;
  language?: string | null;
  ticketsOnlyFromPrimary?: boolean;
  slaId?: string;
  alertProfileId?: string;
  primaryContactId?: string | null;
  archivedAt?: Date | null;
};

export type CustomerRef = { id: string; name: string; archivedAt: Date | null };

export class CustomerAdminRepository {
  constructor(private readonly db: DbClient) {}

  async find(id: string): Promise<ManagedCustomer | null> {
    const [customer, contacts, contracts] = await Promise.all([
      this.db.customer.findUnique({ where: { id }, select: managedCustomerSelect }),
      this.db.contact.count({ where: { customerId: id } }),
      this.db.contract.count({ where: { customerId: id } }),
    ]);
    return customer ? { ...customer, _count: { contacts, contracts } } : null;
  }

  /** The customer's tickets that are not done: open and pending. */
  async activeTicketCounts(id: string): Promise<{ open: number; pending: number }> {
    const rows = await this.db.ticket.groupBy({ by: ["status"], where: { customerId: id, status: { in: ["open", "pending"] } }, _count: { _all: true } });
    const count = (status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
    return { open: count("open"), pending: count("pending") };
  }

  ref(id: string): Promise<CustomerRef | null> {
    return this.db.customer.findUnique({ where: { id }, select: { id: true, name: true, archivedAt: true } });
  }

  /** Exact name (any case and spacing), archived customers included: Customer.nameKey is unique. */
  async idByNameKey(key: string): Promise<string | undefined> {
    return (await this.db.customer.findUnique({ where: { nameKey: key }, select: { id: true } }))?.id;
  }

  /** Exact domain: CustomerDomain.domain is unique. */
  async idByDomain(domain: string): Promise<string | undefined> {
    return (await this.db.customerDomain.findUnique({ where: { domain }, select: { customerId: true } }))?.customerId;
  }

  /**
   * Customers whose name contains `key` anywhere, for "did you mean" after a search found nothing.
   * This one is a scan of Customer (LIKE '%key%' cannot use an index); it runs only on a miss and
   * stops after `limit` matches. Measured with 50,000 customers: under 10 ms when nothing matches.
   */
  similar(key: string, limit: number): Promise<CustomerRef[]> {
    return this.db.customer.findMany({ where: { nameKey: { contains: key } }, select: { id: true, name: true, archivedAt: true }, take: limit });
  }

  /** Customers by name-key prefix (index range), for "did you mean" with a shortened query. */
  byPrefix(key: string, limit: number): Promise<CustomerRef[]> {
    return this.db.customer.findMany({
      where: { nameKey: { gte: key, lt: `${key}\u{10FFFF}` } },
      select: { id: true, name: true, archivedAt: true },
      orderBy: { nameKey: "asc" },
      take: limit,
    });
  }

  /** Which of these domains belong to another customer. */
  async domainOwners(domains: string[], exceptCustomerId: string): Promise<{ domain: string; customerName: string }[]> {
    if (domains.length === 0) return [];
    const rows = await this.db.customerDomain.findMany({
      where: { domain: { in: domains }, customerId: { not: exceptCustomerId } },
      select: { domain: true, customer: { select: { name: true } } },
    });
    return rows.map((r) => ({ domain: r.domain, customerName: r.customer.name }));
  }

  async update(id: string, patch: CustomerPatch): Promise<void> {
    await this.db.customer.update({ where: { id }, data: patch, select: { id: true } });
  }

  /** Replaces the customer's domains with exactly these. */
  async replaceDomains(id: string, domains: string[]): Promise<void> {
    await this.db.customerDomain.deleteMany({ where: { customerId: id, domain: { notIn: domains } } });
    const kept = new Set((await this.db.customerDomain.findMany({ where: { customerId: id }, select: { domain: true } })).map((d) => d.domain));
    const added = domains.filter((d) => !kept.has(d));
    if (added.length) await this.db.customerDomain.createMany({ data: added.map((domain) => ({ customerId: id, domain })) });
  }
}
