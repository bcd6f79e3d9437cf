/**
 * The SLA trend's figures: for each of a few periods (the summary's deltas: this period and the one
 * before; the charts: the last 12), computed in the database in one statement, each figure by a
 * range scan of an index over that period alone, so the cost follows the tickets in the periods
 * asked for, not the whole history (bench/summary.ts measures 12 weeks over 1,000,000 tickets).
 *
 * Per period [from, to):
 * - responded / in time / median business minutes: first responses in the period (as the summary:
 *   in time when firstResponseAt <= responseDueAt; minutes exclude pending time). Same for resolved.
 *   Read from the summary's covering indexes (Ticket_summary_responded_idx, _resolved_idx); medians
 *   sort that period's minutes only (ORDER BY minutes + 0 keeps SQLite from walking the whole
 *   median index of the summary instead), unless asked otherwise (MedianWay).
 * - breaches: SLA deadlines that fell in the period and were missed there: a clock is breached at
 *   its due time when it had not stopped (first response, resolution) or paused (pending) by then:
 *   COALESCE(stoppedAt, pausedAt, now) > dueAt, as timerState in src/domain/business-clock.ts. The
 *   stored due time is the deadline that held at that instant: pauses before it moved it, pauses
 *   after it cannot. From Ticket_trend_response_due_idx and Ticket_trend_resolution_due_idx.
 * - opened: tickets created in the period; open at its end: the open tickets now (status open or
 *   pending) worked back through what happened since: minus the tickets opened, plus those resolved
 *   (resolvedAt, and the earlier resolutions of reopened tickets, which are TicketPause rows of reason
 *   "resolved" from that resolution to the reopen), minus the reopenings. A gap between windows that
 *   are not consecutive (today against yesterday by this time) is counted the same way.
 *
 * SQL kept portable (it is ported to PostgreSQL): quoted identifiers, CASE, COALESCE, scalar
 * subqueries in LIMIT/OFFSET, CTEs AS MATERIALIZED (PostgreSQL 12+, SQLite 3.35+), integer division,
 * CAST AS DOUBLE PRECISION. SQLite-specific: dates are ISO text compared as text (see
 * sla-summary.ts), and `+ 0` as the way to keep the planner off an index for ORDER BY.
 */
import type { Db } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";
import { toDate } from "./sla-summary.js";

/** A period [from, to). */
export type TrendWindow = { from: Date; to: Date };

/** Whose tickets: all (undefined), one customer's, or the triage tickets (null). */
export type TrendScope = { customerId?: string | null };

export type PeriodFigures = {
  responded: number;
  respondedInTime: number;
  /** null when nothing was responded in the period */
  medianResponseMinutes: number | null;
  resolved: number;
  resolvedInTime: number;
  medianResolutionMinutes: number | null;
  /** deadlines that fell in the period and were missed */
  responseBreaches: number;
  resolutionBreaches: number;
  opened: number;
  /** open or pending at the period's end (for the current period: now) */
  openAtEnd: number;
};

export type CustomerBreaches = { customerId: string | null; customerName: string | null; response: number; resolution: number; total: number };

type Num = number | bigint | string | null;
const int = (v: Num | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: Num | undefined): number | null => (v === null || v === undefined ? null : Number(v));

type Segment = TrendWindow & { window: number | null };

/**
 * How a window's medians are found: "sort" its minutes (cost: the window's rows; what 12 periods
 * over a long history need), "index": leave SQLite free to walk the summary's (minutes, instant)
 * median index in order instead (cost: about half that index, whatever the window; what the
 * summary itself does, cheaper for one long window), or "skip" (null: the caller has them).
 */
export type MedianWay = "sort" | "index" | "skip";

/**
 * A window's first responses and resolutions as the caller already has them (the SLA summary's
 * totals for its own window, read from the same indexes): `periods` then does not count them
 * again, and takes these.
 */
export type KnownClosed = Pick<PeriodFigures, "responded" | "respondedInTime" | "medianResponseMinutes" | "resolved" | "resolvedInTime" | "medianResolutionMinutes">;

export type PeriodOptions = {
  /** per window (in the order given): how its medians are found (default "sort") */
  medians?: readonly MedianWay[];
  /**
   * per window: its first responses and resolutions when the caller has them (see KnownClosed),
   * or will have them (a promise: the statement runs meanwhile, and waits for them only at the end)
   */
  known?: readonly (KnownClosed | PromiseLike<KnownClosed> | undefined)[];
  /** the open or pending tickets now, when the caller has (or will have) them: the summary's open total, not counted again */
  openNow?: number | PromiseLike<number>;
};

/**
 * The windows and the gaps between them, newest first, from `now` (just after it: what happened at
 * `now` counts) back to the oldest window's start.
 */
function segments(windows: readonly TrendWindow[], now: Date): Segment[] {
  const ordered = windows.map((w, i) => ({ ...w, window: i as number | null })).sort((a, b) => b.to.getTime() - a.to.getTime());
  const end = new Date(now.getTime() + 1);
  const out: Segment[] = [];
  const newest = ordered[0];
  if (newest && newest.to.getTime() < end.getTime()) out.push({ from: newest.to, to: end, window: null });
  for (const w of ordered) {
    const prev = out.at(-1);
    if (prev && prev.from.getTime() < w.to.getTime()) throw new RangeError("Trend windows must not overlap");
    if (prev && prev.from.getTime() > w.to.getTime()) out.push({ from: w.to, to: prev.from, window: null });
    out.push(w);
  }
  return out;
}

export class SlaTrendRepository {
  constructor(private readonly db: Db) {}

  private scope(scope: TrendScope, alias = "t"): Prisma.Sql {
    const col = Prisma.raw(`${alias}."customerId"`);
    if (scope.customerId === undefined) return Prisma.empty;
    return scope.customerId === null ? Prisma.sql` AND ${col} IS NULL` : Prisma.sql` AND ${col} = ${scope.customerId}`;
  }

  /**
   * The figures of each window (given newest or oldest first, in any order; they must not overlap),
   * at `now` (the latest window may end after it). Windows older than the first ticket come back
   * with zeros; tell them apart with firstTicketAt.
   */
  async periods(windows: readonly TrendWindow[], now: Date, scope: TrendScope = {}, opts: PeriodOptions = {}): Promise<PeriodFigures[]> {
    if (windows.length === 0) return [];
    const segs = segments(windows, now);
    const s = this.scope(scope);
    const knows = (seg: Segment) => seg.window !== null && opts.known?.[seg.window] !== undefined;
    const parts = segs.map((seg, i) => {
      const { from, to } = seg;
      const known = knows(seg);
      const way: MedianWay = seg.window === null || known ? "skip" : (opts.medians?.[seg.window] ?? "sort");
      const r = Prisma.raw(`"r${i}"`);
      const z = Prisma.raw(`"z${i}"`);
      const counts = known
        ? undefined
        : Prisma.sql`${r} AS MATERIALIZED (
          SELECT COUNT(*) AS "n", SUM(CASE WHEN t."firstResponseAt" <= t."responseDueAt" THEN 1 ELSE 0 END) AS "inTime", COUNT(t."firstResponseMinutes") AS "vn"
          FROM "Ticket" t WHERE t."firstResponseAt" >= ${from} AND t."firstResponseAt" < ${to}${s}),
        ${z} AS MATERIALIZED (
          SELECT COUNT(*) AS "n", SUM(CASE WHEN t."resolvedAt" <= t."resolutionDueAt" THEN 1 ELSE 0 END) AS "inTime", COUNT(t."resolutionMinutes") AS "vn"
          FROM "Ticket" t WHERE t."resolvedAt" >= ${from} AND t."resolvedAt" < ${to}${s})`;
      const median = (col: "firstResponseMinutes" | "resolutionMinutes", at: "firstResponseAt" | "resolvedAt", cte: Prisma.Sql) => {
        // Typed: in a UNION ALL, PostgreSQL gives a bare NULL the type text, which the other rows' medians are not.
        if (way === "skip") return Prisma.sql`CAST(NULL AS DOUBLE PRECISION)`;
        const v = Prisma.raw(`t."${col}"`);
        const a = Prisma.raw(`t."${at}"`);
        const vn = Prisma.sql`(SELECT x."vn" FROM ${cte} x)`;
        const order = way === "sort" ? Prisma.sql`${v} + 0` : v;
        return Prisma.sql`(SELECT CAST(AVG(CAST(m."v" AS DOUBLE PRECISION)) AS DOUBLE PRECISION) FROM (
            SELECT ${v} AS "v" FROM "Ticket" t WHERE ${a} >= ${from} AND ${a} < ${to} AND ${v} IS NOT NULL${s}
            ORDER BY ${order} LIMIT 2 - ${vn} % 2 OFFSET (${vn} - 1) / 2) m)`;
      };
      const count = (where: Prisma.Sql) => Prisma.sql`(SELECT COUNT(*) FROM "Ticket" t WHERE ${where}${s})`;
      const pauses = (col: "from" | "to") => {
        const c = Prisma.raw(`p."${col}"`);
        return scope.customerId === undefined
          ? Prisma.sql`(SELECT COUNT(*) FROM "TicketPause" p WHERE p."reason" = 'resolved' AND ${c} >= ${from} AND ${c} < ${to})`
          : Prisma.sql`(SELECT COUNT(*) FROM "TicketPause" p JOIN "Ticket" t ON t."id" = p."ticketId"
              WHERE p."reason" = 'resolved' AND ${c} >= ${from} AND ${c} < ${to}${s})`;
      };
      // The segment's number as a literal (an untyped parameter in a select list is an error in PostgreSQL).
      // A window whose closed figures the caller has: typed NULLs (see median), replaced below.
      const closed = known
        ? Prisma.sql`CAST(NULL AS BIGINT) AS "responded", CAST(NULL AS BIGINT) AS "respondedInTime", CAST(NULL AS DOUBLE PRECISION) AS "medianResponse",
          CAST(NULL AS BIGINT) AS "resolved", CAST(NULL AS BIGINT) AS "resolvedInTime", CAST(NULL AS DOUBLE PRECISION) AS "medianResolution"`
        : Prisma.sql`(SELECT x."n" FROM ${r} x) AS "responded", (SELECT x."inTime" FROM ${r} x) AS "respondedInTime",
          ${median("firstResponseMinutes", "firstResponseAt", r)} AS "medianResponse",
          (SELECT x."n" FROM ${z} x) AS "resolved", (SELECT x."inTime" FROM ${z} x) AS "resolvedInTime",
          ${median("resolutionMinutes", "resolvedAt", z)} AS "medianResolution"`;
      const row = Prisma.sql`SELECT ${Prisma.raw(String(i))} AS "i",
          ${closed},
          ${count(Prisma.sql`t."responseDueAt" >= ${from} AND t."responseDueAt" < ${to} AND COALESCE(t."firstResponseAt", t."pausedAt", ${now}) > t."responseDueAt"`)} AS "responseBreaches",
          ${count(Prisma.sql`t."resolutionDueAt" >= ${from} AND t."resolutionDueAt" < ${to} AND COALESCE(t."resolvedAt", t."pausedAt", ${now}) > t."resolutionDueAt"`)} AS "resolutionBreaches",
          ${count(Prisma.sql`t."createdAt" >= ${from} AND t."createdAt" < ${to}`)} AS "opened",
          ${pauses("from")} AS "earlierResolutions",
          ${pauses("to")} AS "reopened",
          ${i === 0 && opts.openNow === undefined ? count(Prisma.sql`t."status" IN ('open', 'pending')`) : Prisma.sql`CAST(NULL AS BIGINT)`} AS "openNow"`;
      return { counts, row };
    });
    type Row = { i: Num; responded: Num; respondedInTime: Num; medianResponse: Num; resolved: Num; resolvedInTime: Num; medianResolution: Num; responseBreaches: Num; resolutionBreaches: Num; opened: Num; earlierResolutions: Num; reopened: Num; openNow: Num };
    const ctes = parts.flatMap((p) => (p.counts ? [p.counts] : []));
    const [rows, knownFigures, openNow] = await Promise.all([
      this.db.$queryRaw<Row[]>`
      ${ctes.length > 0 ? Prisma.sql`WITH ${Prisma.join(ctes, ",\n")}` : Prisma.empty}
      ${Prisma.join(parts.map((p) => p.row), "\nUNION ALL\n")}`,
      Promise.all((opts.known ?? []).map((k) => k)),
      opts.openNow,
    ]);
    const knownOf = (seg: Segment) => (seg.window === null ? undefined : knownFigures[seg.window]);
    const byIndex = new Map(rows.map((r) => [int(r.i), r]));
    // Open at each segment's end: open now, less what each newer segment added to the open tickets.
    const out: PeriodFigures[] = new Array<PeriodFigures>(windows.length);
    let openAtEnd = openNow ?? int(byIndex.get(0)?.openNow);
    segs.forEach((seg, i) => {
      const r = byIndex.get(i);
      const known = knownOf(seg);
      const resolved = known ? known.resolved : int(r?.resolved);
      if (seg.window !== null) {
        out[seg.window] = {
          responded: known ? known.responded : int(r?.responded),
          respondedInTime: known ? known.respondedInTime : int(r?.respondedInTime),
          medianResponseMinutes: known ? known.medianResponseMinutes : numOrNull(r?.medianResponse),
          resolved,
          resolvedInTime: known ? known.resolvedInTime : int(r?.resolvedInTime),
          medianResolutionMinutes: known ? known.medianResolutionMinutes : numOrNull(r?.medianResolution),
          responseBreaches: int(r?.responseBreaches),
          resolutionBreaches: int(r?.resolutionBreaches),
          opened: int(r?.opened),
          openAtEnd,
        };
      }
      openAtEnd -= int(r?.opened) - resolved - int(r?.earlierResolutions) + int(r?.reopened);
    });
    return out;
  }

  /** The customers (and the triage tickets, customerId null) with the most breaches in the window, most first. */
  async topBreachers(window: TrendWindow, now: Date, limit: number): Promise<CustomerBreaches[]> {
    const { from, to } = window;
    const rows = await this.db.$queryRaw<{ k: string; name: string | null; response: Num; resolution: Num; total: Num }[]>`
      SELECT b."k", c."name" AS "name", SUM(b."response") AS "response", SUM(b."resolution") AS "resolution", COUNT(*) AS "total"
      FROM (
        SELECT COALESCE(t."customerId", '') AS "k", 1 AS "response", 0 AS "resolution" FROM "Ticket" t
        WHERE t."responseDueAt" >= ${from} AND t."responseDueAt" < ${to} AND COALESCE(t."firstResponseAt", t."pausedAt", ${now}) > t."responseDueAt"
        UNION ALL
        SELECT COALESCE(t."customerId", ''), 0, 1 FROM "Ticket" t
        WHERE t."resolutionDueAt" >= ${from} AND t."resolutionDueAt" < ${to} AND COALESCE(t."resolvedAt", t."pausedAt", ${now}) > t."resolutionDueAt"
      ) b
      LEFT JOIN "Customer" c ON c."id" = b."k"
      GROUP BY b."k", c."name"
      ORDER BY COUNT(*) DESC, COALESCE(c."name", '') ASC
      LIMIT ${Math.max(0, Math.floor(limit))}`;
    return rows.map((r) => ({
      customerId: r.k === "" ? null : r.k,
      customerName: r.k === "" ? null : r.name,
      response: int(r.response),
      resolution: int(r.resolution),
      total: int(r.total),
    }));
  }

  /** When the first ticket (of the scope) was opened; null when there is none. */
  async firstTicketAt(scope: TrendScope = {}): Promise<Date | null> {
    const rows = await this.db.$queryRaw<{ first: unknown }[]>`SELECT MIN(t."createdAt") AS "first" FROM "Ticket" t WHERE 1 = 1${this.scope(scope)}`;
    const first = rows[0]?.first;
    return first === null || first === undefined ? null : toDate(first);
  }
}
