import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.js";
import { RequestClaimRepository } from "../../src/repositories/request-claims.js";
import { RequestClaimService } from "../../src/services/request-claims.js";
import { createTestDb, type TestDb } from "../support/db.js";

let t: TestDb;
let now: Date;
const service = (db = t.db) => new RequestClaimService({ claims: new RequestClaimRepository(db), clock: () => now });

beforeEach(async () => {
  t = await createTestDb();
  now = new Date("2026-06-01T08:00:00Z");
});
afterEach(async () => t.close());

describe("request claims in the database (SQLite, and PostgreSQL in the postgres project)", () => {
  it("runs the work of a key once, across two clients of one database, and says the rest are repeats", async () => {
    const other = createDb(t.url);
    try {
      let runs = 0;
      const work = async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 20));
        return runs;
      };
      const outcomes = await Promise.all([service().once("view:V1:h1", work), service(other).once("view:V1:h1", work), service().once("view:V1:h1", work)]);
      expect(outcomes.filter((o) => o.kind === "first")).toHaveLength(1);
      expect(runs).toBe(1);
      expect((await service(other).once("view:V1:h2", work)).kind).toBe("first");
    } finally {
      await other.$disconnect();
    }
  });

  it("gives the claim back when the work fails or wrote nothing, so the request can be sent again", async () => {
    const s = service();
    await expect(s.once("k1", async () => Promise.reject(new Error("database busy")))).rejects.toThrow("database busy");
    expect(await s.once("k1", async () => "saved")).toEqual({ kind: "first", value: "saved" });
    expect(await s.once("k1", async () => "again")).toEqual({ kind: "repeat" });
    const errors = { kind: "errors" as const };
    expect(await s.once("k2", async () => errors, (o) => o.kind !== "errors")).toEqual({ kind: "first", value: errors });
    expect((await s.once("k2", async () => ({ kind: "saved" as const }))).kind).toBe("first");
  });

  it("forgets claims after a day (Slack refuses signatures older than 5 minutes)", async () => {
    const s = service();
    await s.once("old", async () => undefined);
    now = new Date(now.getTime() + 25 * 3600_000);
    await s.once("new", async () => undefined);
    expect((await t.db.requestClaim.findMany()).map((c) => c.key)).toEqual(["new"]);
  });
});
