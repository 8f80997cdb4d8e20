import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AckTable, type AckOutcome } from "./acks.js";

describe("AckTable", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("hands out ids counting up from 0", () => {
    const t = new AckTable();
    expect([t.register(() => {}, 1000), t.register(() => {}, 1000), t.register(() => {}, 1000)]).toEqual([0, 1, 2]);
  });

  it("matches answers to requests by id, in any order", () => {
    const t = new AckTable();
    const got: [string, AckOutcome][] = [];
    const a = t.register((o) => got.push(["a", o]), 1000);
    const b = t.register((o) => got.push(["b", o]), 1000);
    expect(t.resolve(b, ["B"])).toBe(true);
    expect(t.resolve(a, ["A"])).toBe(true);
    expect(got).toEqual([
      ["b", { ok: true, args: ["B"] }],
      ["a", { ok: true, args: ["A"] }],
    ]);
    expect(t.size).toBe(0);
  });

  it("reports an answer to an id nothing waits for", () => {
    const t = new AckTable();
    expect(t.resolve(5, ["x"])).toBe(false);
  });

  it("times a request out, and then ignores its late answer", () => {
    const t = new AckTable();
    const settle = vi.fn();
    const id = t.register(settle, 500);
    vi.advanceTimersByTime(499);
    expect(settle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(settle).toHaveBeenCalledWith({ ok: false, reason: "timeout" });
    expect(t.resolve(id, ["late"])).toBe(false);
    expect(settle).toHaveBeenCalledTimes(1);
  });

  it("fails every waiting request when the connection goes", () => {
    const t = new AckTable();
    const a = vi.fn();
    const b = vi.fn();
    t.register(a, 1000);
    t.register(b, 1000);
    t.failAll("disconnected");
    expect(a).toHaveBeenCalledWith({ ok: false, reason: "disconnected" });
    expect(b).toHaveBeenCalledWith({ ok: false, reason: "disconnected" });
    vi.advanceTimersByTime(2000);
    expect(a).toHaveBeenCalledTimes(1);
  });

  it("forgets a cancelled request without settling it", () => {
    const t = new AckTable();
    const settle = vi.fn();
    const id = t.register(settle, 100);
    expect(t.cancel(id)).toBe(true);
    vi.advanceTimersByTime(200);
    expect(settle).not.toHaveBeenCalled();
  });
});
