/**
 * SLA summaries for managers: per customer (and the triage tickets), open tickets, at risk and
 * breached now, response and resolution compliance and median times over a period, the worst
 * breaches with links to their ticket messages, and the totals. The figures come from database
 * aggregation (SlaSummaryRepository); this service picks the window, asks for a bounded number of
 * rows and adds the links. Also the change of the headline figures against the previous period of
 * the same length, and the trend of the last TREND_PERIODS periods for the charts and `/sla trend`
 * (SlaTrendRepository). Used by `/sla summary`, `/sla trend` and the scheduled job.
 *
 * Who may see it: admins (checked by the listener) and SLA_MANAGER_USER_IDS (`isManager`).
 */
import type { FeatureContext } from "../../features.js";
import {
  SlaSummaryRepository,
  type BreachedTicket,
  type CustomerFigures,
  type MissedTicket,
  type SummaryFigures,
  type SummaryTicket,
} from "../../repositories/sla-summary.js";
import { SlaTrendRepository, type CustomerBreaches, type PeriodFigures, type TrendScope, type TrendWindow } from "../../repositories/sla-trend.js";
import { currentWindow, periodWindow, previousWindow, trendWindows, type SummaryPeriod } from "./period.js";
import { slackPermalinks, type PermalinkLookup } from "./permalinks.js";

export type { SummaryPeriod } from "./period.js";
export { SUMMARY_PERIODS, isSummaryPeriod, periodWindow } from "./period.js";
export type { CustomerBreaches, PeriodFigures, TrendWindow } from "../../repositories/sla-trend.js";

/** How many customers a summary lists (the rest are "and K more"), and how many worst tickets of each kind. */
export const TOP_CUSTOMERS = 15;
export const WORST_TICKETS = 5;
/** How many periods a trend chart shows, and how many customers the breaches chart. */
export const TREND_PERIODS = 12;
export const TOP_BREACHERS = 10;

type Linked = { link: string | undefined };

export type SlaSummary = {
  period: SummaryPeriod;
  from: Date;
  now: Date;
  /** the zone the period's "today" and the dates shown are in */
  timeZone: string;
  totals: SummaryFigures;
  /** the customers in most trouble first; customerId null is the triage row */
  customers: CustomerFigures[];
  /** how many customers (with the triage row) have anything to report; more than customers.length: "and K more" */
  customerCount: number;
  breachedNow: (BreachedTicket & Linked)[];
  missed: (MissedTicket & Linked)[];
  /**
   * This period's trend figures (breaches in the period, open at its end) and the previous period's
   * (of the same length), for the headline's changes. `previous` is null when no ticket had been
   * opened before the previous period ended: nothing to compare with. (The service always fills it;
   * null is a summary built without it, e.g. by a view's test.)
   */
  change: { current: PeriodFigures; previous: PeriodFigures | null; previousWindow: TrendWindow } | null;
};

export type TrendPoint = PeriodFigures & TrendWindow;

/** The last TREND_PERIODS periods of the summary's length, for the charts and `/sla trend`. */
export type SlaTrend = {
  period: SummaryPeriod;
  now: Date;
  timeZone: string;
  /** the first ticket (of the customer, for a customer's trend); null: none yet */
  firstTicketAt: Date | null;
  /** oldest first, only the periods that end after the first ticket */
  points: TrendPoint[];
  /** none: no tickets yet; short: fewer than two periods of history (no chart); ok */
  history: "none" | "short" | "ok";
  /** the current period's customers with the most breaches (empty for one customer's trend) */
  topBreachers: CustomerBreaches[];
};

export type SlaSummaryDeps = {
  repo: SlaSummaryRepository;
  trends: SlaTrendRepository;
  permalink: PermalinkLookup;
  timeZone: string;
  managerUserIds: readonly string[];
  topCustomers?: number;
  worstTickets?: number;
};

export class SlaSummaryService {
  constructor(private readonly deps: SlaSummaryDeps) {}

  get timeZone(): string {
    return this.deps.timeZone;
  }

  /** SLA_MANAGER_USER_IDS: may see summaries without being an admin. */
  isManager(userId: string): boolean {
    return this.deps.managerUserIds.includes(userId);
  }

  /**
   * Claims one scheduled run (key: the job's scheduled minute): true for the first instance of the
   * app that asks, false for any other on the same database.
   */
  claimRun(key: string, instance: string, at: Date): Promise<boolean> {
    return this.deps.repo.claimRun(key, instance, at);
  }

  async summary(period: SummaryPeriod, now: Date): Promise<SlaSummary> {
    const window = periodWindow(period, now, this.deps.timeZone);
    const worst = this.deps.worstTickets ?? WORST_TICKETS;
    const previous = previousWindow(period, now, this.deps.timeZone);
    const summarised = this.deps.repo.summary(window, this.deps.topCustomers ?? TOP_CUSTOMERS);
    const [byCustomer, breachedNow, missed, [current, before], firstTicketAt] = await Promise.all([
      summarised,
      this.deps.repo.breachedNow(now, worst),
      this.deps.repo.missedInWindow(window, worst),
      // This period's first responses, resolutions (with their medians) and open tickets are the
      // summary's own totals (the same window, the same indexes): the trend counts only the rest
      // for it (breaches, tickets opened, reopenings), and everything for the previous period, its
      // medians as the summary finds them. Counting this period twice made the month summary 7.5
      // times a plain GROUP BY (bench/summary.ts). The trend's statement does not wait for the
      // summary's (on PostgreSQL they run at once), only its arithmetic does.
      this.deps.trends.periods([currentWindow(period, now, this.deps.timeZone), previous], now, {}, {
        medians: ["skip", "index"],
        known: [summarised.then((s) => s.totals), undefined],
        openNow: summarised.then((s) => s.totals.open),
      }),
      this.deps.trends.firstTicketAt(),
    ]);
    const links = await this.links([...breachedNow, ...missed]);
    return {
      period,
      from: window.from,
      now,
      timeZone: this.deps.timeZone,
      totals: byCustomer.totals,
      customers: byCustomer.rows,
      customerCount: byCustomer.total,
      breachedNow: breachedNow.map((t) => ({ ...t, link: links.get(t.id) })),
      missed: missed.map((t) => ({ ...t, link: links.get(t.id) })),
      change: {
        current: current!,
        previous: before && firstTicketAt && firstTicketAt.getTime() < previous.to.getTime() ? before : null,
        previousWindow: previous,
      },
    };
  }

  /**
   * The last TREND_PERIODS periods of the summary's length (for week: 12 weeks), of every ticket or
   * of one customer's (`scope`), and the current period's customers with the most breaches.
   */
  async trend(period: SummaryPeriod, now: Date, scope: TrendScope = {}): Promise<SlaTrend> {
    const windows = trendWindows(period, now, this.deps.timeZone, TREND_PERIODS);
    const [figures, firstTicketAt, topBreachers] = await Promise.all([
      this.deps.trends.periods(windows, now, scope),
      this.deps.trends.firstTicketAt(scope),
      scope.customerId === undefined ? this.deps.trends.topBreachers(windows[0]!, now, TOP_BREACHERS) : Promise.resolve([]),
    ]);
    const points = windows
      .map((w, i) => ({ ...w, ...figures[i]! }))
      .filter((p) => firstTicketAt !== null && p.to.getTime() > firstTicketAt.getTime())
      .reverse();
    const history = firstTicketAt === null ? "none" : points.length < 2 ? "short" : "ok";
    return { period, now, timeZone: this.deps.timeZone, firstTicketAt, points, history, topBreachers };
  }

  /** One lookup per distinct ticket shown that has a message. */
  private async links(tickets: readonly SummaryTicket[]): Promise<Map<string, string | undefined>> {
    const unique = new Map<string, SummaryTicket>();
    for (const t of tickets) if (t.channelId && t.messageTs) unique.set(t.id, t);
    const found = await Promise.all(
      [...unique.values()].map(async (t) => [t.id, await this.deps.permalink(t.channelId ?? "", t.messageTs ?? "")] as const),
    );
    return new Map(found);
  }
}

export function createSlaSummary(ctx: Pick<FeatureContext, "config" | "db" | "client" | "logger">): SlaSummaryService {
  return new SlaSummaryService({
    repo: new SlaSummaryRepository(ctx.db),
    trends: new SlaTrendRepository(ctx.db),
    permalink: slackPermalinks(ctx.client, ctx.logger),
    timeZone: ctx.config.slaSummary.timeZone,
    managerUserIds: ctx.config.slaSummary.managerUserIds,
  });
}
