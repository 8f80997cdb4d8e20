import { describe, expect, it } from "vitest";
import { sortRows, toggleSort } from "./sort";

describe("toggleSort", () => {
  it("flips the direction of the column already sorted", () => {
    expect(toggleSort({ key: "ts", desc: true }, "ts")).toEqual({ key: "ts", desc: false });
  });
  it("starts a new column in the given direction", () => {
    expect(toggleSort({ key: "ts", desc: false }, "node", false)).toEqual({ key: "node", desc: false });
  });
});

describe("sortRows", () => {
  const rows = [
    { id: "a", n: 2 },
    { id: "b", n: 10 },
    { id: "c", n: 2 },
    { id: "d", n: undefined },
  ];
  it("sorts numbers numerically, not as text", () => {
    expect(sortRows(rows, (r) => r.n, false).map((r) => r.id)).toEqual(["a", "c", "b", "d"]);
  });
  it("keeps ties in input order when descending", () => {
    expect(sortRows(rows, (r) => r.n, true).map((r) => r.id)).toEqual(["b", "a", "c", "d"]);
  });
  it("does not change its input", () => {
    sortRows(rows, (r) => r.id, true);
    expect(rows.map((r) => r.id)).toEqual(["a", "b", "c", "d"]);
  });
});
