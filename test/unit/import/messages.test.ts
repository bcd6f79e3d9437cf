import { describe, expect, it } from "vitest";
import { megabytes } from "../../../src/import/messages.js";

describe("file sizes in messages", () => {
  it("keeps one decimal under 10 MB so a small limit never reads as 0 MB", () => {
    expect(megabytes(512 * 1024)).toBe("0.5 MB");
    expect(megabytes(50 * 1024 * 1024)).toBe("50 MB");
  });
});
