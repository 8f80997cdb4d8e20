import { describe, expect, it } from "vitest";
import { OwnStamps } from "./own-stamps.js";

describe("OwnStamps", () => {
  it("finds a move's patch by the acked version, also inside a patch of several moves", () => {
    const s = new OwnStamps();
    s.patch(4, 5, 100);
    s.patch(5, 8, 200);
    expect(s.forVersion(5)).toBe(100);
    expect(s.forVersion(6)).toBe(200);
    expect(s.forVersion(8)).toBe(200);
    expect(s.forVersion(9)).toBeUndefined();
  });

  it("keeps only the last few stamps", () => {
    const s = new OwnStamps();
    for (let v = 1; v <= 20; v++) {
      s.patch(v - 1, v, v * 10);
      s.keyedMessage(`m${v}`, v * 10);
    }
    expect(s.forVersion(1)).toBeUndefined();
    expect(s.forVersion(20)).toBe(200);
    expect(s.forKey("m1")).toBeUndefined();
    expect(s.forKey("m20")).toBe(200);
  });
});
