/**
 * The app's Prisma client lets the event loop turn between one request's queries (src/db/yielding.ts):
 * better-sqlite3 answers synchronously, and 200 queries in a row used to keep every other request
 * waiting for all of them (230 ms here). Inside a transaction nothing changes: the adapter has one
 * connection, and another request's query must not run inside an open transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";

let testDb: TestDb;
beforeEach(async () => {
  testDb = await createTestDb();
});
afterEach(async () => testDb.close());

/** While `run` runs, how often a 1 ms timer got its turn, and the most CPU time between two turns. */
async function turns(run: () => Promise<unknown>): Promise<{ ticks: number; longestWorkMs: number }> {
  let ticks = 0;
  let longest = 0;
  let last = process.cpuUsage();
  let on = true;
  const tick = () => {
    const now = process.cpuUsage();
    longest = Math.max(longest, (now.user + now.system - last.user - last.system) / 1000);
    last = now;
    ticks++;
    if (on) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  await new Promise((r) => setTimeout(r, 5));
  ticks = 0;
  longest = 0;
  last = process.cpuUsage();
  await run();
  on = false;
  return { ticks, longestWorkMs: longest };
}

describe("the app's database client", () => {
  it("lets the event loop turn between queries: 300 queries in a row never hold it for 50 ms", async () => {
    const db = testDb.db;
    for (let i = 0; i < 20; i++) await db.customerDomain.findUnique({ where: { domain: `warm${i}.example` } });
    const seen = await turns(async () => {
      for (let i = 0; i < 300; i++) await db.customerDomain.findUnique({ where: { domain: `d${i}.example` } });
    });
    expect(seen.ticks).toBeGreaterThan(20);
    expect(seen.longestWorkMs).toBeLessThan(50);
  });

  it("runs no other query inside an open transaction: a rolled-back transaction leaves the others' rows, and only them", async () => {
    const db = testDb.db;
    const key = (who: string, i: number) => `${who}-${i}`;
    const run = { key: (k: string) => ({ key: k, instance: "test" }) };
    const failing = db
      .$transaction(async (tx) => {
        for (let i = 0; i < 30; i++) {
          await tx.scheduledRun.create({ data: run.key(key("tx", i)) });
          // The transaction waits for something else in between (as a slow step would): the others' turn.
          if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
        }
        throw new Error("roll back");
      })
      .catch((e: unknown) => e);
    const others = (async () => {
      for (let i = 0; i < 30; i++) await db.scheduledRun.create({ data: run.key(key("other", i)) });
    })();
    const [error] = await Promise.all([failing, others]);
    expect(String(error)).toMatch(/roll back/);
    // The others never saw the transaction's rows, and theirs were not part of it.
    const keys = (await db.scheduledRun.findMany({ select: { key: true } })).map((r) => r.key);
    expect(keys.filter((k) => k.startsWith("tx-"))).toEqual([]);
    expect(keys.filter((k) => k.startsWith("other-"))).toHaveLength(30);
  });
});
