/**
 * The repositories that management actions use, on the Prisma client (reads) or inside one
 * transaction (each change together with its change log entry: all of it is written, or none).
 */
import type { Db } from "../db/client.js";
import { inTransaction } from "../db/transaction.js";
import { ChangeLogRepository, type DbClient } from "./change-log.js";
import { ContactRepository } from "./contacts.js";
import { ContractRepository } from "./contracts.js";
import { CustomerAdminRepository } from "./customer-admin.js";

export type ManagementRepos = {
  customers: CustomerAdminRepository;
  contacts: ContactRepository;
  contracts: ContractRepository;
  changes: ChangeLogRepository;
};

export function managementRepos(db: DbClient): ManagementRepos {
  return {
    customers: new CustomerAdminRepository(db),
    contacts: new ContactRepository(db),
    contracts: new ContractRepository(db),
    changes: new ChangeLogRepository(db),
  };
}

export type Transactor = <T>(work: (repos: ManagementRepos) => Promise<T>) => Promise<T>;

/**
 * Runs `work` in one interactive transaction, race-safe on either database (src/db/transaction.ts):
 * on SQLite two management transactions run one after the other; on PostgreSQL they run
 * SERIALIZABLE and one that conflicts with another is run again. So two admins setting different
 * primary contacts, or default contracts, of one customer at once end with one of them, and its
 * change log entry names the one it replaced.
 */
export function transactor(db: Db): Transactor {
  return (work) => inTransaction(db, (tx) => work(managementRepos(tx)));
}
