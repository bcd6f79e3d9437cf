/**
 * The repositories that management actions use, on the Prisma client (reads) or inside one
 * transaction (each change together with its change log entry: all of it is written, or none).
 */
import type { Db } from "../db/client.js";
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
 * Runs `work` in one interactive transaction. With the better-sqlite3 adapter transactions take
 * a mutex on the single connection, so two management transactions of this process run one after
 * the other (the "set as primary" race is decided there, and by Customer.primaryContactId's
 * single column).
 */
export function transactor(db: Db): Transactor {
  return (work) => db.$transaction((tx) => work(managementRepos(tx)), { maxWait: 10_000, timeout: 10_000 });
}
