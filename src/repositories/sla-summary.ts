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

/**
 * The covering indexes the summary reads from instead of the table (measured in bench/summary.ts);
 * schema.prisma's Ticket model needs them as @@index lines. Until then the same SQL runs on the
 * migrated indexes (status, resolvedAt) plus table reads.
 */
export const SUMMARY_INDEXES = {
  open: ["status", "customerId", "pausedAt", "firstResponseAt", "resolvedAt", "responseDueAt", "responseAtRiskAt", "resolutionDueAt", "resolutionAtRiskAt", "number"],
  responded: ["firstResponseAt", "customerId", "responseDueAt", "firstResponseMinutes", "responseTargetMinutes", "number"],
  resolved: ["resolvedAt", "customerId", "resolutionDueAt", "resolutionMinutes", "resolutionTargetMinutes", "number"],
} as const;

export class SlaSummaryRepository {
  constructor(private readonly db: Db) {}

  /**
   * One row per ticket in scope with 0/1 flags and the minutes that count for the medians.
   * `k` is the customer id, '' for triage tickets (so NULLs group and join like any key).
   */
  private flagged({ from, now }: SummaryWindow): Prisma.Sql {
    const t = Prisma.sql`COALESCE(t."pausedAt", ${now})`;
    // Three parts, each found by its own index (and read from it alone when the covering indexes
    // of SUMMARY_INDEXES exist): open tickets, first responses in the window, resolutions in it.
    // A ticket in several parts contributes each part's own flags once.
    return Prisma.sql`SELECT COALESCE(t."customerId", '') AS "k", 1 AS "isOpen",
        CASE WHEN (t."firstResponseAt" IS NULL AND ${t} > t."responseDueAt") OR (t."resolvedAt" IS NULL AND ${t} > t."resolutionDueAt")
          THEN 1 ELSE 0 END AS "isBreached",
        CASE WHEN (t."firstResponseAt" IS NULL AND ${t} >= t."responseAtRiskAt") OR (t."resolvedAt" IS NULL AND ${t} >= t."resolutionAtRiskAt")
          THEN 1 ELSE 0 END AS "isAtRiskOrWorse",
        0 AS "isResponded", 0 AS "isRespondedInTime", 0 AS "isResolved", 0 AS "isResolvedInTime",
        CAST(NULL AS INTEGER) AS "responseMinutes", CAST(NULL AS INTEGER) AS "resolutionMinutes"
      FROM "Ticket" t WHERE t."status" IN ('open', 'pending')
      UNION ALL
      SELECT COALESCE(t."customerId", ''), 0, 0, 0,
        1, CASE WHEN t."firstResponseAt" <= t."responseDueAt" THEN 1 ELSE 0 END, 0, 0,
        t."firstResponseMinutes", CAST(NULL AS INTEGER)
      FROM "Ticket" t WHERE t."firstResponseAt" >= ${from} AND t."firstResponseAt" <= ${now}
      UNION ALL
      SELECT COALESCE(t."customerId", ''), 0, 0, 0,
        0, 0, 1, CASE WHEN t."resolvedAt" <= t."resolutionDueAt" THEN 1 ELSE 0 END,
        CAST(NULL AS INTEGER), t."resolutionMinutes"
      FROM "Ticket" t WHERE t."resolvedAt" >= ${from} AND t."resolvedAt" <= ${now}`;
  }

  /**
   * Medians of `column` (`v`), n = `count` of its non-null values:
   * - per customer of "top" (`<name>ByCustomer`): the middle row or the mean of the two middle rows,
   *   numbered with ROW_NUMBER over the customer's rows (only the customers shown are ranked);
   * - over everything (`<name>All`): the same rows found with ORDER BY ... LIMIT/OFFSET.
   */
  private medians(column: "responseMinutes" | "resolutionMinutes", count: "responseN" | "resolutionN", name: string): Prisma.Sql {
    const col = Prisma.raw(`f."${column}"`);
    const n = Prisma.raw(`"${count}"`);
    const allN = Prisma.raw(`"all_${count}"`);
    const ranked = Prisma.raw(`"${name}Ranked"`);
    const avg = Prisma.sql`CAST(AVG(CAST(m."v" AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS "median"`;
    const totalN = Prisma.sql`(SELECT p.${allN} FROM "top" p LIMIT 1)`;
    return Prisma.sql`${ranked} AS (
        SELECT f."k", ${col} AS "v", ROW_NUMBER() OVER (PARTITION BY f."k" ORDER BY ${col}) AS "rn"
        FROM flagged f WHERE ${col} IS NOT NULL AND f."k" IN (SELECT p."k" FROM "top" p)),
      ${Prisma.raw(`"${name}ByCustomer"`)} AS (
        SELECT m."k", ${avg} FROM ${ranked} m JOIN "top" p ON p."k" = m."k"
        WHERE m."rn" IN ((p.${n} + 1) / 2, (p.${n} + 2) / 2) GROUP BY m."k"),
      ${Prisma.raw(`"${name}All"`)} AS (
        SELECT ${avg} FROM (SELECT ${col} AS "v" FROM flagged f WHERE ${col} IS NOT NULL ORDER BY ${col}
          LIMIT 2 - COALESCE(${totalN}, 0) % 2 OFFSET (COALESCE(${totalN}, 0) - 1) / 2) m)`;
  }

  /**
   * In one statement (the tickets in scope are read once, into a materialized CTE): the `limit`
   * customers in most trouble (breached, then at risk, then open, then name), how many customers
   * (with the triage row) have anything to report in the window, and the totals over all of them
   * (window SUMs over the groups, computed before the LIMIT).
   */
  async summary(window: SummaryWindow, limit: number): Promise<{ rows: CustomerFigures[]; total: number; totals: SummaryFigures }> {
    type Row = FigureRow & { k: string; name: string | null; total: Num } & { [K in keyof FigureRow as `all_${K}`]: Num };
    const sums = (cols: string[]) => Prisma.raw(cols.map((c) => `SUM(a."${c}") OVER () AS "all_${c}"`).join(", "));
    const order = Prisma.sql`"breached" DESC, "atRiskOrWorse" - "breached" DESC, "open" DESC, COALESCE("name", '') ASC`;
    const rows = await this.db.$queryRaw<Row[]>`
      WITH flagged AS MATERIALIZED (${this.flagged(window)}),
      agg AS (SELECT f."k",
          SUM(f."isOpen") AS "open", SUM(f."isAtRiskOrWorse") AS "atRiskOrWorse", SUM(f."isBreached") AS "breached",
          SUM(f."isResponded") AS "responded", SUM(f."isRespondedInTime") AS "respondedInTime",
          SUM(f."isResolved") AS "resolved", SUM(f."isResolvedInTime") AS "resolvedInTime",
          COUNT(f."responseMinutes") AS "responseN", COUNT(f."resolutionMinutes") AS "resolutionN"
        FROM flagged f GROUP BY f."k"),
      "top" AS (
        SELECT * FROM (
          SELECT a.*, c."name" AS "name", COUNT(*) OVER () AS "total",
            ${sums(["open", "atRiskOrWorse", "breached", "responded", "respondedInTime", "resolved", "resolvedInTime", "responseN", "resolutionN"])}
          FROM agg a LEFT JOIN "Customer" c ON c."id" = a."k") ranked
        ORDER BY ${order}
        LIMIT ${Math.max(1, Math.floor(limit))}),
      ${this.medians("responseMinutes", "responseN", "response")},
      ${this.medians("resolutionMinutes", "resolutionN", "resolution")}
      SELECT t.*, r."median" AS "medianResponse", s."median" AS "medianResolution",
        ra."median" AS "all_medianResponse", sa."median" AS "all_medianResolution"
      FROM "top" t
      LEFT JOIN "responseByCustomer" r ON r."k" = t."k"
      LEFT JOIN "resolutionByCustomer" s ON s."k" = t."k"
      CROSS JOIN "responseAll" ra
      CROSS JOIN "resolutionAll" sa
      ORDER BY ${order}`;
    const first = rows[0];
    const totals = figures({
      open: first?.all_open ?? 0,
      atRiskOrWorse: first?.all_atRiskOrWorse ?? 0,
      breached: first?.all_breached ?? 0,
      responded: first?.all_responded ?? 0,
      respondedInTime: first?.all_respondedInTime ?? 0,
      resolved: first?.all_resolved ?? 0,
      resolvedInTime: first?.all_resolvedInTime ?? 0,
      medianResponse: first?.all_medianResponse ?? null,
      medianResolution: first?.all_medianResolution ?? null,
    });
    return {
      rows: rows.slice(0, Math.max(0, Math.floor(limit))).map((r) => ({ customerId: r.k === "" ? null : r.k, customerName: r.k === "" ? null : r.name, ...figures(r) })),
      total: int(first?.total),
      totals,
    };
  }

  /**
   * Open tickets with a breached clock, the longest-breached first (the earliest deadline they are
   * past). A paused ticket is compared at its pausedAt.
   */
  async breachedNow(now: Date, limit: number): Promise<BreachedTicket[]> {
    const t = Prisma.sql`COALESCE(x."pausedAt", ${now})`;
    const responseBreached = Prisma.sql`(x."firstResponseAt" IS NULL AND ${t} > x."responseDueAt")`;
    const resolutionBreached = Prisma.sql`(x."resolvedAt" IS NULL AND ${t} > x."resolutionDueAt")`;
    const responseFirst = Prisma.sql`${responseBreached} AND (NOT ${resolutionBreached} OR x."responseDueAt" <= x."resolutionDueAt")`;
    // The inner query reads only columns of the open-tickets index; the few rows kept are then joined.
    const rows = await this.db.$queryRaw<(RawTicket & { clock: string; since: unknown; paused: Num })[]>`
      SELECT b."clock", b."since", b."paused", t."id", t."number", t."subject", t."channelId", t."messageTs", c."name" AS "customerName"
      FROM (
        SELECT x."number",
          CASE WHEN ${responseFirst} THEN 'response' ELSE 'resolution' END AS "clock",
          CASE WHEN ${responseFirst} THEN x."responseDueAt" ELSE x."resolutionDueAt" END AS "since",
          CASE WHEN x."pausedAt" IS NULL THEN 0 ELSE 1 END AS "paused"
        FROM "Ticket" x
        WHERE x."status" IN ('open', 'pending') AND (${responseBreached} OR ${resolutionBreached})
        ORDER BY 3 ASC, 1 ASC
        LIMIT ${Math.max(0, Math.floor(limit))}
      ) b
      JOIN "Ticket" t ON t."number" = b."number"
      LEFT JOIN "Customer" c ON c."id" = t."customerId"
      ORDER BY b."since" ASC, b."number" ASC`;
    return rows.map((r) => ({
      ...ticketOf(r),
      clock: r.clock === "response" ? "response" : "resolution",
      since: toDate(r.since),
      paused: int(r.paused) === 1,
    }));
  }

  /**
   * Tickets first responded or resolved in the window after their deadline, the latest (in business
   * minutes over the target) first. A ticket that missed both shows the larger miss.
   */
  async missedInWindow({ from, now }: SummaryWindow, limit: number): Promise<MissedTicket[]> {
    const n = Math.max(0, Math.floor(limit));
    // Each part reads one index's columns; a ticket that missed both can come twice, so twice the rows are asked for.
    const rows = await this.db.$queryRaw<(RawTicket & { clock: string; at: unknown; lateMinutes: Num })[]>`
      SELECT m."clock", m."at", m."lateMinutes", t."id", t."number", t."subject", t."channelId", t."messageTs", c."name" AS "customerName"
      FROM (
        SELECT x."number", 'response' AS "clock", x."firstResponseAt" AS "at",
          COALESCE(x."firstResponseMinutes", 0) - x."responseTargetMinutes" AS "lateMinutes"
        FROM "Ticket" x
        WHERE x."firstResponseAt" >= ${from} AND x."firstResponseAt" <= ${now} AND x."firstResponseAt" > x."responseDueAt"
        UNION ALL
        SELECT x."number", 'resolution', x."resolvedAt",
          COALESCE(x."resolutionMinutes", 0) - x."resolutionTargetMinutes"
        FROM "Ticket" x
        WHERE x."resolvedAt" >= ${from} AND x."resolvedAt" <= ${now} AND x."resolvedAt" > x."resolutionDueAt"
        ORDER BY 4 DESC, 1 ASC, 2 DESC
        LIMIT ${2 * n}
      ) m
      JOIN "Ticket" t ON t."number" = m."number"
      LEFT JOIN "Customer" c ON c."id" = t."customerId"
      ORDER BY m."lateMinutes" DESC, m."number" ASC, m."clock" DESC`;
    const seen = new Set<number>();
    const out: MissedTicket[] = [];
    for (const r of rows) {
      const ticket = ticketOf(r);
      if (seen.has(ticket.number) || out.length >= n) continue;
      seen.add(ticket.number);
      out.push({ ...ticket, clock: r.clock === "response" ? "response" : "resolution", at: toDate(r.at), lateMinutes: int(r.lateMinutes) });
    }
    return out;
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
