/** Counts and recent activity for the App Home dashboard: small aggregate queries, no row scans in JS. */
import type { Db } from "../db/client.js";

export type DashboardCounts = {
  /** customers that are not archived */
  customers: number;
  archivedCustomers: number;
  /** contacts of customers that are not archived */
  contacts: number;
  /** contracts of customers that are not archived, by contract type */
  contractsByType: Record<string, number>;
  /** tickets not done: open, pending, and how many of those have no customer yet (triage) */
  tickets: { open: number; pending: number; unassigned: number };
};

export type RecentCustomer = { id: string; name: string; createdAt: Date; updatedAt: Date };

export class DashboardRepository {
  constructor(private readonly db: Db) {}

  async counts(): Promise<DashboardCounts> {
    const active = { archivedAt: null };
    const notDone = { status: { in: ["open", "pending"] } };
    const [customers, archivedCustomers, contacts, contracts, tickets, unassigned] = await Promise.all([
      this.db.customer.count({ where: active }),
      this.db.customer.count({ where: { archivedAt: { not: null } } }),
      this.db.contact.count({ where: { customer: active } }),
      this.db.contract.groupBy({ by: ["type"], where: { customer: active }, _count: { _all: true } }),
      this.db.ticket.groupBy({ by: ["status"], where: notDone, _count: { _all: true } }),
      this.db.ticket.count({ where: { ...notDone, customerId: null } }),
    ]);
    const ticketCount = (status: string) => tickets.find((t) => t.status === status)?._count._all ?? 0;
    return {
      customers,
      archivedCustomers,
      contacts,
      contractsByType: Object.fromEntries(contracts.map((c) => [c.type, c._count._all])),
      tickets: { open: ticketCount("open"), pending: ticketCount("pending"), unassigned },
    };
  }

  /** The customers created or changed last (not archived), newest first. */
  recentCustomers(limit: number): Promise<RecentCustomer[]> {
    return this.db.customer.findMany({
      where: { archivedAt: null },
      orderBy: [{ updatedAt: "desc" }, { nameKey: "asc" }],
      take: limit,
      select: { id: true, name: true, createdAt: true, updatedAt: true },
    });
  }
}
