import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyPatch, diff, PatchError } from "./patch.js";

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

  it("inserts or removes one element in the middle of an array with one op", () => {
    expect(diff({ l: ["a", "c"] }, { l: ["a", "b", "c"] })).toEqual([{ op: "add", path: ["l", 1], value: "b" }]);
    expect(diff({ l: ["a", "b", "c"] }, { l: ["a", "c"] })).toEqual([{ op: "remove", path: ["l", 1] }]);
    expect(diff({ l: ["a", "b", "c"] }, { l: [] })).toEqual([{ op: "replace", path: ["l"], value: [] }]);
    expect(diff({ l: [1, 2, 3, 4] }, { l: [1, 9, 3, 8] })).toEqual([
      { op: "replace", path: ["l", 1], value: 9 },
      { op: "replace", path: ["l", 3], value: 8 },
    ]);
  });

  it("does not mutate the input document", () => {
    const a = { x: { y: 1 } };
    applyPatch(a, [{ op: "replace", path: ["x", "y"], value: 2 }]);
    expect(a.x.y).toBe(1);
  });

  it("mutates neither the document nor the ops, and copies only what an op touches", () => {
    const a = { x: { y: 1 }, big: { list: [1, 2, 3] } };
    const ops = [
      { op: "add" as const, path: ["n"], value: { inner: { z: 1 } } },
      { op: "replace" as const, path: ["n", "inner", "z"], value: 2 },
      { op: "add" as const, path: ["x", "w"], value: 3 },
    ];
    const before = JSON.stringify(ops);
    const out = applyPatch(a, ops) as unknown as { x: unknown; big: unknown; n: { inner: { z: number } } };
    expect(out).toEqual({ x: { y: 1, w: 3 }, big: { list: [1, 2, 3] }, n: { inner: { z: 2 } } });
    expect(JSON.stringify(ops)).toBe(before);
    expect(a).toEqual({ x: { y: 1 }, big: { list: [1, 2, 3] } });
    expect(out.big).toBe(a.big);
    expect(out.x).not.toBe(a.x);
  });

  it("refuses a path through a value that is not a container", () => {
    expect(() => applyPatch({ a: 1 }, [{ op: "replace", path: ["a", "b"], value: 2 }])).toThrow(PatchError);
    expect(() => applyPatch(5, [{ op: "add", path: ["a"], value: 2 }])).toThrow(PatchError);
  });
});
