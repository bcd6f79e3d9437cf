/** IntakeGate: how many bytes of email are read and parsed at once, and who waits or is turned away. */
import { describe, expect, it } from "vitest";
import { IntakeGate } from "../../src/http/intake-gate.js";

const gate = (o: Partial<{ budgetBytes: number; waitMs: number; maxWaiting: number }> = {}) =>
  new IntakeGate({ budgetBytes: 100, waitMs: 1_000, maxWaiting: 10, ...o });

describe("IntakeGate", () => {
  it("lets emails in while their sizes fit in the budget, and the next one when room is given back", async () => {
    const g = gate();
    const a = await g.enter(60);
    const b = await g.enter(40);
    expect(a && b).toBeTruthy();
    const waiting = g.enter(10);
    expect(g.load).toEqual({ usedBytes: 100, waiting: 1 });
    a!();
    expect(await waiting).toBeTypeOf("function");
    expect(g.load).toEqual({ usedBytes: 50, waiting: 0 });
  });

  it("lets in an email larger than the whole budget, alone", async () => {
    const g = gate();
    const small = await g.enter(10);
    const big = g.enter(500);
    expect(g.load.waiting).toBe(1);
    small!();
    const release = await big;
    expect(g.load).toEqual({ usedBytes: 500, waiting: 0 });
    release!();
    expect(g.load.usedBytes).toBe(0);
  });

  it("keeps arrival order: a small email does not overtake a large one that waits", async () => {
    const g = gate();
    const held = await g.enter(90);
    const order: string[] = [];
    const large = g.enter(80).then((r) => (order.push("large"), r));
    const small = g.enter(5).then((r) => (order.push("small"), r));
    // 5 would fit now, but the large one came first.
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    held!();
    await Promise.all([large, small]);
    expect(order).toEqual(["large", "small"]);
  });

  it("turns an email away after waiting waitMs, and at once when maxWaiting are already waiting", async () => {
    const g = gate({ waitMs: 30, maxWaiting: 1 });
    const held = await g.enter(100);
    const started = Date.now();
    const waited = g.enter(1);
    expect(await g.enter(1)).toBeUndefined(); // the queue is full
    expect(await waited).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(g.load).toEqual({ usedBytes: 100, waiting: 0 });
    held!();
  });

  it("forgets an email whose sender hung up while it waited, and gives a release once only", async () => {
    const g = gate();
    const held = await g.enter(100);
    let hangUp = () => undefined as void;
    const waiting = g.enter(50, (cancel) => (hangUp = cancel));
    hangUp();
    expect(await waiting).toBeUndefined();
    expect(g.load.waiting).toBe(0);
    held!();
    held!();
    expect(g.load.usedBytes).toBe(0);
  });
});
