import { describe, expect, it } from "vitest";
import { KeyIndex } from "../../../src/import/key-index.js";

describe("KeyIndex", () => {
  it("maps strings to numbers exactly, like a Map, through many growths", () => {
    const index = new KeyIndex(4);
    const map = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const key = i % 7 === 0 ? `société ${i} ü€😀` : `customer ${i % 30_000}`;
      const seen = index.putIfAbsent(key, i);
      expect(seen).toBe(map.get(key));
      if (!map.has(key)) map.set(key, i);
    }
    expect(index.size).toBe(map.size);
    for (const [key, value] of map) expect(index.get(key)).toBe(value);
    expect(index.get("customer 30000")).toBeUndefined();
    expect(index.has("")).toBe(false);
  });

  it("tells apart keys that differ only in length or in one byte, and the empty key", () => {
    const index = new KeyIndex();
    index.set("ab", 1);
    index.set("abc", 2);
    index.set("abd", 3);
    index.set("", 4);
    expect([index.get("ab"), index.get("abc"), index.get("abd"), index.get(""), index.get("a")]).toEqual([1, 2, 3, 4, undefined]);
  });

  it("replaces a value and keeps a text payload with it", () => {
    const index = new KeyIndex();
    index.set("c1", 2, "anna@acme.com");
    expect([index.get("c1"), index.payload("c1")]).toEqual([2, "anna@acme.com"]);
    index.set("c1", 5, "bén@acme.com");
    expect([index.get("c1"), index.payload("c1")]).toEqual([5, "bén@acme.com"]);
    index.set("c1", 6);
    expect(index.payload("c1")).toBeUndefined();
    expect(index.payload("nope")).toBeUndefined();
  });

  it("keeps an empty payload apart from none, and payloads of keys added before the first one", () => {
    const index = new KeyIndex(2);
    for (let i = 0; i < 100; i++) index.set(`k${i}`, i);
    index.set("k5", 5, "");
    index.set("k7", 7, "ü");
    for (let i = 100; i < 300; i++) index.set(`k${i}`, i, `p${i}`);
    expect([index.payload("k5"), index.payload("k7"), index.payload("k6"), index.payload("k299")]).toEqual(["", "ü", undefined, "p299"]);
  });

  it("forgets everything on clear", () => {
    const index = new KeyIndex();
    for (let i = 0; i < 5000; i++) index.set(`d${i}.com`, i);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.get("d1.com")).toBeUndefined();
    index.set("d1.com", 9);
    expect(index.get("d1.com")).toBe(9);
  });

  it("takes keys longer than its scratch space", () => {
    const index = new KeyIndex();
    const long = "x".repeat(5000);
    index.set(long, 1);
    expect(index.get(long)).toBe(1);
    expect(index.get(`${long}y`)).toBeUndefined();
  });
});
