/**
 * A ticket history over many weeks for trend tests: each week back from `now`, `perWeek` closed
 * tickets of one customer opened two days into that week (24/7 clocks, 60 / 480 minute targets, see
 * ticket-seed.ts), answered in 30 minutes except the first of every other week (90: late), and
 * resolved in 300 minutes. So every week has figures, and weeks alternate in compliance.
 */
import type { Db } from "../../src/db/client.js";
import { minutesAfter, seedTickets, type SeedTicket } from "./ticket-seed.js";

const WEEK_MINUTES = 7 * 24 * 60;

export async function seedWeeklyHistory(db: Db, customerId: string, now: Date, weeks: number, perWeek = 4): Promise<void> {
  const tickets: SeedTicket[] = [];
  for (let w = 1; w <= weeks; w++) {
    for (let i = 0; i < perWeek; i++) {
      const openedAt = minutesAfter(now, -w * WEEK_MINUTES + 2 * 24 * 60 + i * 60);
      const response = i === 0 && w % 2 === 0 ? 90 : 30;
      tickets.push({
        customerId,
        status: "closed",
        openedAt,
        firstResponseAt: minutesAfter(openedAt, response),
        firstResponseMinutes: response,
        resolvedAt: minutesAfter(openedAt, 300),
        resolutionMinutes: 300,
        closedAt: minutesAfter(openedAt, 1440),
      });
    }
  }
  await seedTickets(db, tickets);
}
