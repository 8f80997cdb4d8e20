import { describe, expect, it } from "vitest";
import { ownEntry, playerRecord, withEntry } from "./records.js";

describe("player-keyed records", () => {
  it("have no prototype, so an id like __proto__ or toString is an ordinary key", () => {
    const record = playerRecord<boolean>([["__proto__", true], ["toString", false]]);
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(Object.keys(record)).toEqual(["__proto__", "toString"]);
    expect(ownEntry(record, "__proto__")).toBe(true);
    expect(JSON.parse(JSON.stringify(record))).toEqual({ ["__proto__"]: true, toString: false });
  });

  it("are copied with one entry set, the input left as it was, from a plain object too", () => {
    const plain = JSON.parse('{"a":true}') as Record<string, boolean>;
    const next = withEntry(plain, "b", false);
    expect(next).toEqual({ a: true, b: false });
    expect(Object.getPrototypeOf(next)).toBeNull();
    expect(plain).toEqual({ a: true });
    expect(withEntry(next, "a", false)).toEqual({ a: false, b: false });
  });
});
