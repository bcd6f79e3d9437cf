/**
 * What the App Home tab shows. Admins: counts, the customers created or changed last, the latest
 * imports. Everyone: one page of the customer search. Every list is capped here, so the view
 * stays far below Slack's 100 blocks however large the customer book grows.
 */
import type { CustomerPage } from "../repositories/customers.js";
import type { CustomerSearch } from "../repositories/customer-search.js";
import type { DashboardCounts, DashboardRepository, RecentCustomer } from "../repositories/dashboard.js";
import type { ImportJob, ImportJobRepository } from "../repositories/import-jobs.js";

export const HOME_PAGE_SIZE = 20;
export const HOME_RECENT_CUSTOMERS = 8;
export const HOME_RECENT_IMPORTS = 5;
/** Longest search text kept (the input allows as much). */
export const HOME_QUERY_MAX = 100;

export type AdminDashboard = { counts: DashboardCounts; recentCustomers: RecentCustomer[]; recentImports: ImportJob[] };

export type HomeData = {
  isAdmin: boolean;
  dashboard?: AdminDashboard;
  query: string;
  /** index of the first customer shown */
  offset: number;
  customers: CustomerPage;
};

export class HomeService {
  constructor(private readonly deps: { dashboard: DashboardRepository; search: CustomerSearch; imports: ImportJobRepository }) {}

  async home(o: { isAdmin: boolean; query?: string; offset?: number }): Promise<HomeData> {
    const query = (o.query ?? "").trim().slice(0, HOME_QUERY_MAX);
    const [dashboard, page] = await Promise.all([o.isAdmin ? this.dashboard() : Promise.resolve(undefined), this.page(query, o.offset ?? 0)]);
    return { isAdmin: o.isAdmin, ...(dashboard ? { dashboard } : {}), query, ...page };
  }

  private async dashboard(): Promise<AdminDashboard> {
    const [counts, recentCustomers, recentImports] = await Promise.all([
      this.deps.dashboard.counts(),
      this.deps.dashboard.recentCustomers(HOME_RECENT_CUSTOMERS),
      this.deps.imports.recent(HOME_RECENT_IMPORTS),
    ]);
    return { counts, recentCustomers, recentImports };
  }

  /** A page of the search; an offset past the end (the book shrank) shows the last page. */
  private async page(query: string, requested: number): Promise<{ offset: number; customers: CustomerPage }> {
    const offset = Math.max(0, Math.floor(requested / HOME_PAGE_SIZE) * HOME_PAGE_SIZE);
    const customers = await this.deps.search.search(query, { limit: HOME_PAGE_SIZE, offset });
    if (customers.items.length > 0 || offset === 0 || customers.total === 0) return { offset, customers };
    const last = Math.floor((customers.total - 1) / HOME_PAGE_SIZE) * HOME_PAGE_SIZE;
    return { offset: last, customers: await this.deps.search.search(query, { limit: HOME_PAGE_SIZE, offset: last }) };
  }
}
