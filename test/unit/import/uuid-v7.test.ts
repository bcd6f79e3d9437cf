import { describe, expect, it } from "vitest";
import { uuidV7 } from "../../../src/repositories/import-store.js";

describe("uuidV7", () => {
  it("gives RFC 9562 version 7 ids that ascend within and across milliseconds", () => {
    const ids = [uuidV7(1_700_000_000_000), uuidV7(1_700_000_000_000), uuidV7(1_700_000_000_000), uuidV7(1_700_000_000_001)];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]?.slice(0, 13)).toBe("018bcfe5-6800");
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
    const many = Array.from({ length: 3000 }, () => uuidV7(1_800_000_000_000));
    expect([...many].sort()).toEqual(many);
    expect(new Set(many).size).toBe(3000);
  });
});
