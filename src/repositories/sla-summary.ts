/**
 * The SLA summary's figures, computed in the database from three parts of the tickets, each read
 * from its own covering index (SUMMARY_INDEXES): open or pending ones of any age, those first
 * responded in the period, those resolved in it. Only the open part is grouped by customer (it alone
 * orders the list); the other two are aggregated without grouping for the totals, sorted by their
 * minutes for the overall medians (ORDER BY ... LIMIT/OFFSET) and ranked per customer (ROW_NUMBER
 * over a partition) only for the customers shown. Worst tickets with ORDER BY ... LIMIT. Nothing
 * here loads every ticket into JavaScript. Measured in bench/summary.ts: sorting is what costs in
 * SQLite (about 0.25 us a row), so each part is sorted at most once over all its rows.
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
import { TICKET_STATUSES } from "../domain/ticket.js";

/** The statuses of a ticket that is neither open nor pending. */
const CLOSED_STATUSES = TICKET_STATUSES.filter((s) => s !== "open" && s !== "pending");

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
 * The indexes the summary is written for, as in schema.prisma's Ticket model (named
 * Ticket_summary_<key>_idx in the migration): three covering indexes it reads its parts from
 * instead of the table, and two that give the overall medians in minutes order without a sort.
 * bench/summary.ts measures the summary with them and without.
 */
export const SUMMARY_INDEXES = {
  open: ["status", "customerId", "pausedAt", "firstResponseAt", "resolvedAt", "responseDueAt", "responseAtRiskAt", "resolutionDueAt", "resolutionAtRiskAt", "number"],
  responded: ["firstResponseAt", "customerId", "responseDueAt", "firstResponseMinutes", "responseTargetMinutes", "number"],
  resolved: ["resolvedAt", "customerId", "resolutionDueAt", "resolutionMinutes", "resolutionTargetMinutes", "number"],
  response_median: ["firstResponseMinutes", "firstResponseAt"],
  resolution_median: ["resolutionMinutes", "resolvedAt"],
} as const;

export class SlaSummaryRepository {
  constructor(private readonly db: Db) {}

  /**
   * The tickets of one part, found by (and, with SUMMARY_INDEXES, read from) its own index: open
   * tickets, first responses in the window, resolutions in it. `k` is the customer id, '' for triage
   * tickets (so NULLs group and join like any key; the expression also keeps SQLite from walking the
   * customerId index of the whole table to avoid the sort).
   */
  private part(part: "open" | "responded" | "resolved", { from, now }: SummaryWindow): Prisma.Sql {
    const k = Prisma.sql`COALESCE(t."customerId", '') AS "k"`;
    switch (part) {
      case "open": {
        const t = Prisma.sql`COALESCE(t."pausedAt", ${now})`;
        return Prisma.sql`SELECT ${k},
            CASE WHEN (t."firstResponseAt" IS NULL AND ${t} > t."responseDueAt") OR (t."resolvedAt" IS NULL AND ${t} > t."resolutionDueAt")
              THEN 1 ELSE 0 END AS "isBreached",
            CASE WHEN (t."firstResponseAt" IS NULL AND ${t} >= t."responseAtRiskAt") OR (t."resolvedAt" IS NULL AND ${t} >= t."resolutionAtRiskAt")
              THEN 1 ELSE 0 END AS "isAtRiskOrWorse"
          FROM "Ticket" t WHERE t."status" IN ('open', 'pending')`;
      }
      case "responded":
        return Prisma.sql`SELECT ${k}, CASE WHEN t."firstResponseAt" <= t."responseDueAt" THEN 1 ELSE 0 END AS "inTime", t."firstResponseMinutes" AS "v"
          FROM "Ticket" t WHERE t."firstResponseAt" >= ${from} AND t."firstResponseAt" <= ${now}`;
      case "resolved":
        return Prisma.sql`SELECT ${k}, CASE WHEN t."resolvedAt" <= t."resolutionDueAt" THEN 1 ELSE 0 END AS "inTime", t."resolutionMinutes" AS "v"
          FROM "Ticket" t WHERE t."resolvedAt" >= ${from} AND t."resolvedAt" <= ${now}`;
    }
  }

  /**
   * A closed part's minutes in ascending order, straight from the table, so that the median index
   * of the part (minutes, instant) is walked in order instead of every row of the window sorted.
   */
  private minutesInOrder(part: "responded" | "resolved", { from, now }: SummaryWindow): Prisma.Sql {
    return part === "responded"
      ? Prisma.sql`SELECT t."firstResponseMinutes" AS "v" FROM "Ticket" t
          WHERE t."firstResponseAt" >= ${from} AND t."firstResponseAt" <= ${now} AND t."firstResponseMinutes" IS NOT NULL
          ORDER BY t."firstResponseMinutes"`
      : Prisma.sql`SELECT t."resolutionMinutes" AS "v" FROM "Ticket" t
          WHERE t."resolvedAt" >= ${from} AND t."resolvedAt" <= ${now} AND t."resolutionMinutes" IS NOT NULL
          ORDER BY t."resolutionMinutes"`;
  }

  /**
   * For a closed part (`responded` or `resolved`), as CTEs named after it:
   * - `<part>Top`: its tickets of the customers shown ("top"), found in the window's index range;
   *   `<part>ByCustomer`: their count, in time, and median of `v` (the middle row or the mean of the
   *   two middle rows, numbered with ROW_NUMBER over the customer's rows, NULLs last);
   * - `<part>Count`: count, in time and count of `v` over every ticket of the part (no grouping);
   *   `<part>All`: with the median over all of them, the middle rows found with ORDER BY ... LIMIT/
   *   OFFSET over this part's minutes alone.
   */
  private closedPart(part: "responded" | "resolved", window: SummaryWindow): Prisma.Sql {
    const name = (suffix: string) => Prisma.raw(`"${part}${suffix}"`);
    const rows = this.part(part, window);
    const avg = Prisma.sql`CAST(AVG(CAST(m."v" AS DOUBLE PRECISION)) AS DOUBLE PRECISION)`;
    const vn = Prisma.sql`(SELECT x."vn" FROM ${name("Count")} x)`;
    return Prisma.sql`${name("Top")} AS (
        SELECT p.* FROM (${rows}) p WHERE p."k" IN (SELECT x."k" FROM "top" x)),
      ${name("ByCustomer")} AS (
        SELECT m."k", COUNT(*) AS "n", SUM(m."inTime") AS "inTime",
          CAST(AVG(CASE WHEN m."rn" IN ((m."vn" + 1) / 2, (m."vn" + 2) / 2) THEN CAST(m."v" AS DOUBLE PRECISION) END) AS DOUBLE PRECISION) AS "median"
        FROM (SELECT q."k", q."inTime", q."v",
            ROW_NUMBER() OVER (PARTITION BY q."k" ORDER BY q."v" NULLS LAST) AS "rn",
            COUNT(q."v") OVER (PARTITION BY q."k" ORDER BY q."v" NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "vn"
          FROM ${name("Top")} q) m
        GROUP BY m."k"),
      ${name("Count")} AS MATERIALIZED (
        SELECT COUNT(*) AS "n", SUM(r."inTime") AS "inTime", COUNT(r."v") AS "vn" FROM (${rows}) r),
      ${name("All")} AS (
        SELECT c."n", c."inTime",
          (SELECT ${avg} FROM (${this.minutesInOrder(part, window)}
            LIMIT 2 - ${vn} % 2 OFFSET (${vn} - 1) / 2) m) AS "median"
        FROM ${name("Count")} c)`;
  }

  /**
   * In one statement: the `limit` customers in most trouble (breached, then at risk, then open, then
   * name), how many customers (with the triage row) have anything to report in the window, and the
   * totals over all of them. Each part is read once from its own index for the totals; only the
   * open part is grouped by customer (the order of the rows shown depends on it alone: a customer
   * with an open ticket comes before any without), and the closed parts are grouped only for the
   * customers shown. Customer names are joined for the open customers (their order needs them) and
   * for the few without open tickets that can still fill the list.
   */
  async summary(window: SummaryWindow, limit: number): Promise<{ rows: CustomerFigures[]; total: number; totals: SummaryFigures }> {
    type Row = { k: string; name: string | null; total: Num } & FigureRow & { [K in keyof FigureRow as `all_${K}`]: Num };
    const n = Math.max(1, Math.floor(limit));
    const order = (figures: string, name: string) =>
      Prisma.raw(`${figures}."breached" DESC, ${figures}."atRiskOrWorse" - ${figures}."breached" DESC, ${figures}."open" DESC, COALESCE(${name}."name", '') ASC`);
    const { from, now } = window;
    // A customer with no open or pending ticket has only closed-status ones: found by the open index's
    // (status, customerId) prefix, which also holds firstResponseAt and resolvedAt.
    const closedInWindow = Prisma.sql`t."status" IN (${Prisma.join(CLOSED_STATUSES)})
      AND ((t."firstResponseAt" >= ${from} AND t."firstResponseAt" <= ${now}) OR (t."resolvedAt" >= ${from} AND t."resolvedAt" <= ${now}))`;
    const rows = await this.db.$queryRaw<Row[]>`
      WITH "openAgg" AS MATERIALIZED (
        SELECT o."k", COUNT(*) AS "open", SUM(o."isAtRiskOrWorse") AS "atRiskOrWorse", SUM(o."isBreached") AS "breached"
        FROM (${this.part("open", window)}) o GROUP BY o."k"),
      "others" AS MATERIALIZED (
        SELECT c."id" AS "k", c."name" AS "name" FROM "Customer" c
        WHERE c."id" NOT IN (SELECT a."k" FROM "openAgg" a)
          AND EXISTS (SELECT 1 FROM "Ticket" t WHERE t."customerId" = c."id" AND ${closedInWindow})
        UNION ALL
        SELECT '', CAST(NULL AS TEXT)
        WHERE '' NOT IN (SELECT a."k" FROM "openAgg" a)
          AND EXISTS (SELECT 1 FROM "Ticket" t WHERE t."customerId" IS NULL AND ${closedInWindow})),
      "top" AS MATERIALIZED (
        SELECT * FROM (
          SELECT a."k", a."open", a."atRiskOrWorse", a."breached", c."name" AS "name", 0 AS "part"
          FROM "openAgg" a LEFT JOIN "Customer" c ON c."id" = a."k"
          ORDER BY ${order("a", "c")} LIMIT ${n}) w
        UNION ALL
        SELECT * FROM (
          SELECT o."k", 0, 0, 0, o."name", 1 FROM "others" o
          WHERE (SELECT COUNT(*) FROM "openAgg") < ${n}
          ORDER BY COALESCE(o."name", '') ASC LIMIT ${n}) z),
      ${this.closedPart("responded", window)},
      ${this.closedPart("resolved", window)},
      "openAll" AS (
        SELECT SUM(a."open") AS "open", SUM(a."atRiskOrWorse") AS "atRiskOrWorse", SUM(a."breached") AS "breached", COUNT(*) AS "customers"
        FROM "openAgg" a)
      SELECT t."k", t."name", t."open", t."atRiskOrWorse", t."breached",
        r."n" AS "responded", r."inTime" AS "respondedInTime", r."median" AS "medianResponse",
        s."n" AS "resolved", s."inTime" AS "resolvedInTime", s."median" AS "medianResolution",
        oa."customers" + (SELECT COUNT(*) FROM "others") AS "total",
        oa."open" AS "all_open", oa."atRiskOrWorse" AS "all_atRiskOrWorse", oa."breached" AS "all_breached",
        ra."n" AS "all_responded", ra."inTime" AS "all_respondedInTime", ra."median" AS "all_medianResponse",
        sa."n" AS "all_resolved", sa."inTime" AS "all_resolvedInTime", sa."median" AS "all_medianResolution"
      FROM "top" t
      LEFT JOIN "respondedByCustomer" r ON r."k" = t."k"
      LEFT JOIN "resolvedByCustomer" s ON s."k" = t."k"
      CROSS JOIN "openAll" oa
      CROSS JOIN "respondedAll" ra
      CROSS JOIN "resolvedAll" sa
      ORDER BY t."part" ASC, ${order("t", "t")}
      LIMIT ${n}`;
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
