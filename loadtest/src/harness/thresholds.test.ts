import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, evaluateThresholds, thresholdsFor } from "./thresholds.js";

describe("thresholds", () => {
  const defaults = thresholdsFor(DEFAULT_THRESHOLDS);

  it("default to connect p95 < 1000, ack p99 < 100, delivery p99 < 100 and error rate < 1 %", () => {
    expect(evaluateThresholds(defaults, {}).map((r) => r.name)).toEqual([
      "connect_ms p(95) < 1000",
      "ack_ms p(99) < 100",
      "delivery_ms p(99) < 100",
      "error_rate < 0.01",
    ]);
  });

  it("pass when every value is under its limit", () => {
    const results = evaluateThresholds(defaults, {
      connect_ms: { p95: 20, count: 10 },
      ack_ms: { p99: 99.9, count: 100 },
      delivery_ms: { p99: 3, count: 100 },
      error_rate: { rate: 0.001 },
    });
    expect(results.every((r) => r.passed)).toBe(true);
  });

  it("fail the one whose value reaches its limit", () => {
    const results = evaluateThresholds(defaults, {
      connect_ms: { p95: 20, count: 10 },
      ack_ms: { p99: 100, count: 100 },
      delivery_ms: { p99: 3, count: 100 },
      error_rate: { rate: 0 },
    });
    expect(results.filter((r) => !r.passed).map((r) => [r.name, r.value])).toEqual([["ack_ms p(99) < 100", 100]]);
  });

  it("let a latency nobody measured pass, but not a run without operations", () => {
    const results = evaluateThresholds(defaults, { connect_ms: { count: 0 }, ack_ms: { count: 0 }, delivery_ms: { count: 0 } });
    expect(results.map((r) => [r.passed, r.value])).toEqual([
      [true, null],
      [true, null],
      [true, null],
      [false, null],
    ]);
  });

  it("add optional ack p95 and minimum games checks when asked", () => {
    const t = thresholdsFor({ ...DEFAULT_THRESHOLDS, maxAckP95Ms: 20, minGames: 3 });
    const results = evaluateThresholds(t, { ack_ms: { p95: 25, p99: 30, count: 5 }, games_finished: { count: 3 }, error_rate: { rate: 0 } });
    expect(results.find((r) => r.name === "ack_ms p(95) < 20")?.passed).toBe(false);
    expect(results.find((r) => r.name === "games_finished count >= 3")?.passed).toBe(true);
  });
});
