/**
 * The chat.update pacer shared through the database (src/slack/rate-pacer.ts): two instances, each
 * with its own database client and pacer, asking for slots at the same moment. Their machine clock
 * is injected and stands still; a pacer's wait is recorded as the time its call goes out.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { SlackRateSlotRepository } from "../../src/repositories/slack-rate-slots.js";
import { SharedRatePacer } from "../../src/slack/rate-pacer.js";
import { createTestDb, type TestDb } from "../support/db.js";

const T0 = Date.parse("2026-11-26T12:00:00.000Z");
let t: TestDb;
let other: Db;
beforeEach(async () => {
  t = await createTestDb();
  other = createDb(t.url);
});
afterEach(async () => {
  await other.$disconnect();
  await t.close();
});

/** A pacer whose calls go out at the recorded times (now + its wait). */
function instance(db: Db, sent: number[]) {
  let now = T0 + 100;
  const pacer = new SharedRatePacer(new SlackRateSlotRepository(db), { now: () => now, sleep: async (ms) => void (now += ms) });
  return {
    async call(o: { waitMs?: number } = {}) {
      const start = now;
      const ok = await pacer.slot("chat.update", o);
      if (ok) sent.push(now);
      now = start; // the next call of this instance is asked for at the same moment
      return ok;
    },
  };
}

describe("chat.update paced for all instances together", () => {
  it("two instances asking at once get distinct slots 60 s / 45 apart: at most 46 calls in any minute, under Slack's 50", async () => {
    const sent: number[] = [];
    const a = instance(t.db, sent);
    const b = instance(other, sent);
    const calls = (x: ReturnType<typeof instance>) => (async () => {
      for (let i = 0; i < 30; i++) await x.call();
    })();
    await Promise.all([calls(a), calls(b)]);
    const times = [...sent].sort((x, y) => x - y);
    expect(times).toHaveLength(60);
    expect(new Set(times).size).toBe(60);
    // One call per slot (the first goes at once, inside the current slot; each later one at its slot's start).
    expect(new Set(times.map((x) => Math.floor(x / 1334))).size).toBe(60);
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(1334);
    for (const start of times) expect(times.filter((x) => x >= start && x < start + 60_000).length).toBeLessThanOrEqual(46);
  });

  it("a progress update takes only a slot free now, and a waiting update is not pushed back by it", async () => {
    const sent: number[] = [];
    const a = instance(t.db, sent);
    const b = instance(other, sent);
    expect(await a.call({ waitMs: 0 })).toBe(true); // the current slot
    expect(await b.call({ waitMs: 0 })).toBe(false); // taken: skipped, not queued
    expect(await b.call()).toBe(true); // a ticket update waits for the next one
    expect(sent).toEqual([T0 + 100, Math.floor((T0 + 100) / 1334) * 1334 + 1334]);
  });
});
