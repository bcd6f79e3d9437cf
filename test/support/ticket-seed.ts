/**
 * Fast seeding of customers and tickets with the times and states a test needs, through Prisma
 * `createMany` (dates are written by Prisma, so they are stored exactly as the app stores them).
 * Clocks here run 24/7: a ticket opened at T with a 60-minute response target is due at T+60m and
 * at risk from T+48m (20% of the target left), which keeps expected figures easy to read.
 */
import type { Db } from "../../src/db/client.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import type { TicketPriority, TicketStatus } from "../../src/domain/ticket.js";
import type { SummaryFigures } from "../../src/repositories/sla-summary.js";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import type { TestDb } from "./db.js";

/** An SLA summary row with nothing in it; tests spread what they expect over it. */
export const NO_FIGURES: SummaryFigures = {
  open: 0,
  atRisk: 0,
  breached: 0,
  responded: 0,
  respondedInTime: 0,
  resolved: 0,
  resolvedInTime: 0,
  medianResponseMinutes: null,
  medianResolutionMinutes: null,
};
export const figures = (o: Partial<SummaryFigures>): SummaryFigures => ({ ...NO_FIGURES, ...o });

export const MINUTE = 60_000;
export const minutesAfter = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MINUTE);

export type SeedTicket = {
  customerId: string | null;
  number?: number;
  subject?: string;
  description?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  openedAt: Date;
  /** target minutes (24/7): due at openedAt + target, at risk from due - 20% of target */
  responseTarget?: number;
  resolutionTarget?: number;
  pausedAt?: Date | null;
  firstResponseAt?: Date | null;
  firstResponseMinutes?: number | null;
  resolvedAt?: Date | null;
  resolutionMinutes?: number | null;
  closedAt?: Date | null;
  channelId?: string | null;
  messageTs?: string | null;
};

/** Customers named as given, on the default SLA and alert profile (created when missing). */
export async function seedTicketCustomers(db: Db, names: readonly string[], chunk = 5000): Promise<{ id: string; name: string }[]> {
  await ensureDefaults(db, "UTC");
  const sla = await db.sla.findFirstOrThrow({ where: { isDefault: true }, select: { id: true } });
  const profile = await db.alertThresholdProfile.findFirstOrThrow({ where: { isDefault: true }, select: { id: true } });
  const rows = names.map((name) => ({
    id: randomUUID(),
    name,
    nameKey: name.trim().toLowerCase().replace(/\s+/g, " "),
    slaId: sla.id,
    alertProfileId: profile.id,
    createdBy: "U0SEED0001",
  }));
  for (let i = 0; i < rows.length; i += chunk) await db.customer.createMany({ data: rows.slice(i, i + chunk) });
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

let nextNumber = 1;

function ticketRows(tickets: readonly SeedTicket[]) {
  const rows = tickets.map((s) => {
    const response = s.responseTarget ?? 60;
    const resolution = s.resolutionTarget ?? 480;
    const number = s.number ?? nextNumber++;
    const responseDueAt = minutesAfter(s.openedAt, response);
    const resolutionDueAt = minutesAfter(s.openedAt, resolution);
    return {
      number,
      customerId: s.customerId,
      subject: s.subject ?? `Ticket ${number}`,
      description: s.description ?? "seeded",
      priority: s.priority ?? "medium",
      status: s.status ?? "open",
      source: "slack",
      responseTargetMinutes: response,
      resolutionTargetMinutes: resolution,
      responseDueAt,
      responseAtRiskAt: minutesAfter(responseDueAt, -response * 0.2),
      resolutionDueAt,
      resolutionAtRiskAt: minutesAfter(resolutionDueAt, -resolution * 0.2),
      pausedAt: s.pausedAt ?? null,
      firstResponseAt: s.firstResponseAt ?? null,
      firstResponseMinutes: s.firstResponseMinutes ?? null,
      resolvedAt: s.resolvedAt ?? null,
      resolutionMinutes: s.resolutionMinutes ?? null,
      closedAt: s.closedAt ?? null,
      channelId: s.channelId ?? null,
      messageTs: s.messageTs ?? null,
      createdAt: s.openedAt,
    };
  });
  const max = rows.reduce((m, r) => Math.max(m, r.number), 0);
  if (max >= nextNumber) nextNumber = max + 1;
  return rows;
}

/** Writes the tickets (numbers continue from the previous call unless given). */
export async function seedTickets(db: Db, tickets: readonly SeedTicket[], chunk = 5000): Promise<void> {
  const rows = ticketRows(tickets);
  for (let i = 0; i < rows.length; i += chunk) await db.ticket.createMany({ data: rows.slice(i, i + chunk) });
}

/** Prisma's SQLite adapter writes a Date as this text (see src/repositories/sla-summary.ts). */
const sqliteDate = (d: Date | null) => (d ? d.toISOString().replace("Z", "+00:00") : null);

/**
 * The same rows written fast, for large books (Prisma's createMany needs ~10x the time and
 * gigabytes of memory for 100,000 tickets): SQLite, prepared better-sqlite3 inserts in one
 * transaction; PostgreSQL, multi-row inserts from arrays (unnest), 5,000 rows a statement.
 */
export async function seedTicketsFast(t: TestDb, tickets: readonly SeedTicket[]): Promise<void> {
  const rows = ticketRows(tickets).map((r) => ({ ...r, id: randomUUID(), updatedAt: r.createdAt }));
  if (t.kind === "postgresql") return insertRowsPostgres(t.url, "Ticket", rows as unknown as Record<string, unknown>[]);
  const sqlite = new Database(t.file);
  try {
    const columns = Object.keys(rows[0] ?? {});
    const insert = sqlite.prepare(`INSERT INTO "Ticket" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
    sqlite.transaction(() => {
      for (const r of rows) insert.run(...Object.values(r).map((v) => (v instanceof Date ? sqliteDate(v) : v)));
    })();
  } finally {
    sqlite.close();
  }
}

/**
 * Rows into a PostgreSQL table, 5,000 to a statement, each column sent as one array (text, cast by
 * the column's own type in the database). Dates as UTC ISO text, as the app writes them.
 */
export async function insertRowsPostgres(url: string, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = Object.keys(rows[0] ?? {});
    const types = new Map(
      (
        await client.query<{ column_name: string; type: string }>(
          `SELECT a.attname AS column_name, format_type(a.atttypid, NULL) AS type FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
          [`"${table}"`],
        )
      ).rows.map((r) => [r.column_name, r.type]),
    );
    const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${types.get(c) ?? "text"}[]`).join(", ")})`;
    await client.query("BEGIN");
    for (let at = 0; at < rows.length; at += 5_000) {
      const part = rows.slice(at, at + 5_000);
      await client.query(sql, columns.map((c) => part.map((r) => (r[c] instanceof Date ? (r[c] as Date).toISOString() : (r[c] ?? null)))));
    }
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}
