/** Contracts of a customer. Works on the Prisma client or on an open transaction. */
import type { Contract } from "../generated/prisma/client.js";
import type { ContractTerms } from "../domain/contract-types.js";
import type { DbClient } from "./change-log.js";

export type ContractRecord = Contract;

/** Every stored column a contract form sets; type-specific columns the type does not use are null. */
export type ContractData = Required<{ [K in keyof ContractTerms]: ContractTerms[K] | null }> & {
  name: string;
  type: string;
  startDate: Date | null;
  endDate: Date | null;
  active: boolean;
  isDefault: boolean;
  taxable: boolean;
  notes: string | null;
};

export class ContractRepository {
  constructor(private readonly db: DbClient) {}

  find(id: string): Promise<(ContractRecord & { customer: { id: string; name: string; archivedAt: Date | null } }) | null> {
    return this.db.contract.findUnique({ where: { id }, include: { customer: { select: { id: true, name: true, archivedAt: true } } } });
  }

  /** One page of the customer's contracts: active first, then oldest first. */
  async page(customerId: string, o: { limit: number; offset: number }): Promise<{ items: ContractRecord[]; total: number }> {
    const [items, total] = await Promise.all([
      this.db.contract.findMany({
        where: { customerId },
        orderBy: [{ active: "desc" }, { isDefault: "desc" }, { createdAt: "asc" }, { id: "asc" }],
        skip: o.offset,
        take: o.limit,
      }),
      this.db.contract.count({ where: { customerId } }),
    ]);
    return { items, total };
  }

  /** The customer's default contracts other than `exceptId` (at most one when every write goes through the service). */
  defaults(customerId: string, exceptId?: string): Promise<ContractRecord[]> {
    return this.db.contract.findMany({ where: { customerId, isDefault: true, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  }

  async create(customerId: string, data: ContractData, createdBy: string): Promise<ContractRecord> {
    return this.db.contract.create({ data: { customerId, ...data, createdBy } });
  }

  async update(id: string, data: Partial<ContractData>): Promise<ContractRecord> {
    return this.db.contract.update({ where: { id }, data });
  }

  async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.contract.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
