import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyPatch, diff } from "./patch.js";

describe("patch", () => {
  it("turns any JSON document into any other", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const norm = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
        expect(applyPatch(norm(a), diff(norm(a), norm(b)))).toEqual(norm(b));
      }),
      { numRuns: 500 },
    );
  });

  it("treats a __proto__ key as data", () => {
    const b = JSON.parse('{"__proto__":{"x":1}}') as unknown;
    const out = applyPatch({}, diff({}, b)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out).toEqual(b);
  });

  it("appends to arrays instead of replacing them", () => {
    expect(diff({ l: [1, 2] }, { l: [1, 2, 3] })).toEqual([{ op: "add", path: ["l", 2], value: 3 }]);
  });

  it("does not mutate the input document", () => {
    const a = { x: { y: 1 } };
    applyPatch(a, [{ op: "replace", path: ["x", "y"], value: 2 }]);
    expect(a.x.y).toBe(1);
  });
});
