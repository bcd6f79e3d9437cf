/**
 * The SLA summary's figures, computed in the database: one pass over the tickets in scope (open or
 * pending ones of any age, plus those first responded or resolved in the period), GROUP BY customer,
 * medians with window functions (ROW_NUMBER / COUNT OVER a partition), worst tickets with ORDER BY
 * ... LIMIT. Nothing here loads every ticket into JavaScript.
 *
 * Portable SQL on purpose (it also runs on PostgreSQL): quoted identifiers, CASE instead of IIF or
 * FILTER, COALESCE, integer division for the median's middle rows, CAST AS DOUBLE PRECISION, no
 * julianday/strftime. Dates: Prisma's SQLite adapter stores DateTime as ISO text of one fixed width
 * (`2025-03-03T08:00:00.000+00:00`, always UTC) and binds a Date parameter in that same form, so
 * text comparison is time comparison; PostgreSQL compares timestamps. Values of computed date
 * columns come back as text from SQLite and as Date from PostgreSQL: `toDate` takes both.
 *
 * States follow `timerState` in src/domain/business-clock.ts, compared at t = COALESCE(pausedAt,
 * now): a clock is breached when t > dueAt, at risk when t >= atRiskAt and not breached. The
 * response clock counts while there is no first response, the resolution clock while the ticket is
 * not resolved. A ticket is "breached" when either of its running clocks is breached, "at risk"
 * when either is at risk and none is breached; so on track + at risk + breached = open.
 */
import type { Db } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import { isUniqueViolation } from "../db/errors.js";

/** The period [from, now]: first responses and resolutions in it count for compliance and medians. */
export type SummaryWindow = { from: Date; now: Date };

export type SummaryFigures = {
  /** status open or pending, any age */
  open: number;
  /** open tickets with a running clock at risk and none breached */
  atRisk: number;
  /** open tickets with a running clock breached */
  breached: number;
  /** tickets first responded in the period, and how many of those by responseDueAt */
  responded: number;
  respondedInTime: number;
  /** tickets resolved in the period, and how many of those by resolutionDueAt */
  resolved: number;
  resolvedInTime: number;
  /** business minutes, over the tickets first responded / resolved in the period; null when none */
  medianResponseMinutes: number | null;
  medianResolutionMinutes: number | null;
};

/** customerId null: the tickets not matched to a customer yet (triage). */
export type CustomerFigures = SummaryFigures & { customerId: string | null; customerName: string | null };

export type SummaryTicket = {
  id: string;
  number: number;
  subject: string;
  customerName: string | null;
  channelId: string | null;
  messageTs: string | null;
};

/** An open ticket with a breached clock. `since`: the earliest deadline it is past. */
export type BreachedTicket = SummaryTicket & { clock: "response" | "resolution"; since: Date; paused: boolean };

/** A ticket that missed a target in the period; `lateMinutes`: business minutes over the target. */
export type MissedTicket = SummaryTicket & { clock: "response" | "resolution"; at: Date; lateMinutes: number };

type Num = number | bigint | string | null;
type FigureRow = {
  open: Num;
  atRiskOrWorse: Num;
  breached: Num;
  responded: Num;
  respondedInTime: Num;
  resolved: Num;
  resolvedInTime: Num;
  medianResponse: Num;
  medianResolution: Num;
};

const int = (v: Num | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: Num | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** A date column from a computed expression: ISO text (SQLite) or Date (PostgreSQL). */
export function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "string" || typeof v === "number") {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new TypeError(`Not a date from the database: ${String(v)}`);
}

function figures(r: FigureRow): SummaryFigures {
  const breached = int(r.breached);
  return {
    open: int(r.open),
    atRisk: int(r.atRiskOrWorse) - breached,
    breached,
    responded: int(r.responded),
    respondedInTime: int(r.respondedInTime),
    resolved: int(r.resolved),
    resolvedInTime: int(r.resolvedInTime),
    medianResponseMinutes: numOrNull(r.medianResponse),
    medianResolutionMinutes: numOrNull(r.medianResolution),
  };
}

export class SlaSummaryRepository {
  constructor(private readonly db: Db) {}

  /**
   * One row per ticket in scope with 0/1 flags and the minutes that count for the medians.
   * `k` is the customer id, '' for triage tickets (so NULLs group and join like any key).
   */
  private flagged({ from, now }: SummaryWindow): Prisma.Sql {
    const t = Prisma.sql`COALESCE(t."pausedAt", ${now})`;
    const isOpen = Prisma.sql`t."status" IN ('open', 'pending')`;
    const responseRuns = Prisma.sql`t."firstResponseAt" IS NULL`;
    const resolutionRuns = Prisma.sql`t."resolvedAt" IS NULL`;
    const respondedIn = Prisma.sql`(t."firstResponseAt" >= ${from} AND t."firstResponseAt" <= ${now})`;
    const resolvedIn = Prisma.sql`(t."resolvedAt" >= ${from} AND t."resolvedAt" <= ${now})`;
    return Prisma.sql`SELECT COALESCE(t."customerId", '') AS "k",
        CASE WHEN ${isOpen} THEN 1 ELSE 0 END AS "isOpen",
        CASE WHEN ${isOpen} AND ((${responseRuns} AND ${t} > t."responseDueAt") OR (${resolutionRuns} AND ${t} > t."resolutionDueAt"))
          THEN 1 ELSE 0 END AS "isBreached",
        CASE WHEN ${isOpen} AND ((${responseRuns} AND ${t} >= t."responseAtRiskAt") OR (${resolutionRuns} AND ${t} >= t."resolutionAtRiskAt"))
          THEN 1 ELSE 0 END AS "isAtRiskOrWorse",
        CASE WHEN ${respondedIn} THEN 1 ELSE 0 END AS "isResponded",
        CASE WHEN ${respondedIn} AND t."firstResponseAt" <= t."responseDueAt" THEN 1 ELSE 0 END AS "isRespondedInTime",
        CASE WHEN ${resolvedIn} THEN 1 ELSE 0 END AS "isResolved",
        CASE WHEN ${resolvedIn} AND t."resolvedAt" <= t."resolutionDueAt" THEN 1 ELSE 0 END AS "isResolvedInTime",
        CASE WHEN ${respondedIn} THEN t."firstResponseMinutes" END AS "responseMinutes",
        CASE WHEN ${resolvedIn} THEN t."resolutionMinutes" END AS "resolutionMinutes"
      FROM "Ticket" t
      WHERE ${isOpen} OR ${respondedIn} OR ${resolvedIn}`;
  }

  /** Median of `column` per `k` (or over everything when `byCustomer` is false): the middle row, or the mean of the two middle rows. */
  private median(column: "responseMinutes" | "resolutionMinutes", byCustomer: boolean): Prisma.Sql {
    const col = Prisma.raw(`f."${column}"`);
    const partition = byCustomer ? Prisma.sql`PARTITION BY f."k"` : Prisma.empty;
    const key = byCustomer ? Prisma.sql`m."k",` : Prisma.empty;
    return Prisma.sql`SELECT ${key} CAST(AVG(CAST(m."v" AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS "median"
      FROM (SELECT f."k", ${col} AS "v",
              ROW_NUMBER() OVER (${partition} ORDER BY ${col}) AS "rn",
              COUNT(*) OVER (${partition}) AS "n"
            FROM flagged f WHERE ${col} IS NOT NULL) m
      WHERE m."rn" IN ((m."n" + 1) / 2, (m."n" + 2) / 2)
      ${byCustomer ? Prisma.sql`GROUP BY m."k"` : Prisma.empty}`;
  }

  private sums(): Prisma.Sql {
    return Prisma.sql`SUM(f."isOpen") AS "open", SUM(f."isAtRiskOrWorse") AS "atRiskOrWorse", SUM(f."isBreached") AS "breached",
      SUM(f."isResponded") AS "responded", SUM(f."isRespondedInTime") AS "respondedInTime",
      SUM(f."isResolved") AS "resolved", SUM(f."isResolvedInTime") AS "resolvedInTime"`;
  }

  /**
   * The `limit` customers in most trouble (breached, then at risk, then open, then name), and how
   * many customers (with the triage row) have anything to report in the window.
   */
  async byCustomer(window: SummaryWindow, limit: number): Promise<{ rows: CustomerFigures[]; total: number }> {
    const rows = await this.db.$queryRaw<(FigureRow & { k: string; name: string | null; total: Num })[]>`
      WITH flagged AS (${this.flagged(window)}),
      agg AS (SELECT f."k", ${this.sums()} FROM flagged f GROUP BY f."k"),
      rmed AS (${this.median("responseMinutes", true)}),
      smed AS (${this.median("resolutionMinutes", true)})
      SELECT a.*, c."name" AS "name", r."median" AS "medianResponse", s."median" AS "medianResolution", COUNT(*) OVER () AS "total"
      FROM agg a
      LEFT JOIN "Customer" c ON c."id" = a."k"
      LEFT JOIN rmed r ON r."k" = a."k"
      LEFT JOIN smed s ON s."k" = a."k"
      ORDER BY a."breached" DESC, a."atRiskOrWorse" - a."breached" DESC, a."open" DESC, COALESCE(c."name", '') ASC
      LIMIT ${Math.max(0, Math.floor(limit))}`;
    return {
      rows: rows.map((r) => ({ customerId: r.k === "" ? null : r.k, customerName: r.k === "" ? null : r.name, ...figures(r) })),
      total: int(rows[0]?.total),
    };
  }

  /** The same figures over every ticket in scope. */
  async totals(window: SummaryWindow): Promise<SummaryFigures> {
    const rows = await this.db.$queryRaw<FigureRow[]>`
      WITH flagged AS (${this.flagged(window)}),
      rmed AS (${this.median("responseMinutes", false)}),
      smed AS (${this.median("resolutionMinutes", false)})
      SELECT ${this.sums()},
        (SELECT r."median" FROM rmed r) AS "medianResponse",
        (SELECT s."median" FROM smed s) AS "medianResolution"
      FROM flagged f`;
    return figures(rows[0] ?? ({} as FigureRow));
  }

  /**
   * Open tickets with a breached clock, the longest-breached first (the earliest deadline they are
   * past). A paused ticket is compared at its pausedAt.
   */
  async breachedNow(now: Date, limit: number): Promise<BreachedTicket[]> {
    const t = Prisma.sql`COALESCE(t."pausedAt", ${now})`;
    const responseBreached = Prisma.sql`(t."firstResponseAt" IS NULL AND ${t} > t."responseDueAt")`;
    const resolutionBreached = Prisma.sql`(t."resolvedAt" IS NULL AND ${t} > t."resolutionDueAt")`;
    const rows = await this.db.$queryRaw<(RawTicket & { clock: string; since: unknown; pausedAt: unknown })[]>`
      SELECT b.*, c."name" AS "customerName" FROM (
        SELECT t."id", t."number", t."subject", t."customerId", t."channelId", t."messageTs", t."pausedAt",
          CASE WHEN ${responseBreached} AND (NOT ${resolutionBreached} OR t."responseDueAt" <= t."resolutionDueAt")
            THEN 'response' ELSE 'resolution' END AS "clock",
          CASE WHEN ${responseBreached} AND (NOT ${resolutionBreached} OR t."responseDueAt" <= t."resolutionDueAt")
            THEN t."responseDueAt" ELSE t."resolutionDueAt" END AS "since"
        FROM "Ticket" t
        WHERE t."status" IN ('open', 'pending') AND (${responseBreached} OR ${resolutionBreached})
      ) b LEFT JOIN "Customer" c ON c."id" = b."customerId"
      ORDER BY b."since" ASC, b."number" ASC
      LIMIT ${Math.max(0, Math.floor(limit))}`;
    return rows.map((r) => ({
      ...ticketOf(r),
      clock: r.clock === "response" ? "response" : "resolution",
      since: toDate(r.since),
      paused: r.pausedAt !== null && r.pausedAt !== undefined,
    }));
  }

  /**
   * Tickets first responded or resolved in the window after their deadline, the latest (in business
   * minutes over the target) first. A ticket that missed both shows the larger miss.
   */
  async missedInWindow({ from, now }: SummaryWindow, limit: number): Promise<MissedTicket[]> {
    const responseLate = Prisma.sql`CASE WHEN t."firstResponseAt" >= ${from} AND t."firstResponseAt" <= ${now} AND t."firstResponseAt" > t."responseDueAt"
      THEN COALESCE(t."firstResponseMinutes", 0) - t."responseTargetMinutes" END`;
    const resolutionLate = Prisma.sql`CASE WHEN t."resolvedAt" >= ${from} AND t."resolvedAt" <= ${now} AND t."resolvedAt" > t."resolutionDueAt"
      THEN COALESCE(t."resolutionMinutes", 0) - t."resolutionTargetMinutes" END`;
    const rows = await this.db.$queryRaw<(RawTicket & { responseLate: Num; resolutionLate: Num; firstResponseAt: unknown; resolvedAt: unknown })[]>`
      SELECT m.*, c."name" AS "customerName" FROM (
        SELECT t."id", t."number", t."subject", t."customerId", t."channelId", t."messageTs", t."firstResponseAt", t."resolvedAt",
          ${responseLate} AS "responseLate", ${resolutionLate} AS "resolutionLate"
        FROM "Ticket" t
        WHERE (t."firstResponseAt" >= ${from} AND t."firstResponseAt" <= ${now} AND t."firstResponseAt" > t."responseDueAt")
           OR (t."resolvedAt" >= ${from} AND t."resolvedAt" <= ${now} AND t."resolvedAt" > t."resolutionDueAt")
      ) m LEFT JOIN "Customer" c ON c."id" = m."customerId"
      ORDER BY CASE WHEN COALESCE(m."responseLate", -2147483648) >= COALESCE(m."resolutionLate", -2147483648)
                 THEN m."responseLate" ELSE m."resolutionLate" END DESC, m."number" ASC
      LIMIT ${Math.max(0, Math.floor(limit))}`;
    return rows.map((r) => {
      const response = numOrNull(r.responseLate);
      const resolution = numOrNull(r.resolutionLate);
      const useResponse = response !== null && (resolution === null || response >= resolution);
      return {
        ...ticketOf(r),
        clock: useResponse ? "response" : "resolution",
        at: toDate(useResponse ? r.firstResponseAt : r.resolvedAt),
        lateMinutes: (useResponse ? response : resolution) ?? 0,
      };
    });
  }

  /**
   * Claims a scheduled run: true for the first caller with this key, false for every later one
   * (another instance of the app on the same database already has it).
   */
  async claimRun(key: string, instance: string, at: Date): Promise<boolean> {
    try {
      await this.db.scheduledRun.create({ data: { key, instance, createdAt: at } });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }
}

type RawTicket = { id: string; number: Num; subject: string; customerName: string | null; channelId: string | null; messageTs: string | null };

function ticketOf(r: RawTicket): SummaryTicket {
  return { id: r.id, number: int(r.number), subject: r.subject, customerName: r.customerName, channelId: r.channelId, messageTs: r.messageTs };
}
