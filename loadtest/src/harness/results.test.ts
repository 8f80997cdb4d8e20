import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RunMetrics } from "./run-metrics.js";
import { buildSummary, writeResults } from "./results.js";
import { DEFAULT_THRESHOLDS, thresholdsFor } from "./thresholds.js";

function sampleRun(): RunMetrics {
  const m = new RunMetrics(1_700_000_000_000);
  for (let i = 1; i <= 100; i++) m.ack("game:action", i / 10);
  for (let i = 1; i <= 50; i++) m.delivery(i / 10);
  m.connect(12);
  m.refused("wrong_phase");
  m.refused("wrong_phase");
  m.gameFinished();
  m.count("games_failed");
  return m;
}

const facts = { tool: "raw" as const, name: "raw games", startedAt: 1_700_000_000_000, durationSec: 10, peakConnections: 5, games: true };

describe("results", () => {
  it("writes every trend with p50, p95, p99, avg, max, count and rate", () => {
    const { summary } = buildSummary(sampleRun().snapshot(), [], thresholdsFor(DEFAULT_THRESHOLDS), facts);
    expect(Object.keys(summary.metrics["ack_ms"] ?? {}).sort()).toEqual(["avg", "count", "max", "p50", "p95", "p99", "rate"]);
    expect(summary.metrics["ack_ms"]).toMatchObject({ count: 100, max: 10, rate: 10 });
    expect(summary.metrics["ack_ms{event:game:action}"]?.count).toBe(100);
    expect(summary.metrics["errors{code:wrong_phase}"]).toEqual({ count: 2, rate: 0.2 });
    expect(summary.metrics["games_finished"]).toEqual({ count: 1, rate: 0.1 });
    expect(summary.metrics["error_rate"]?.rate).toBeCloseTo(2 / 101);
    expect(summary.metrics["connections"]).toEqual({ max: 5 });
  });

  it("names the run by tool and start, and fails it with any failed threshold", () => {
    const { summary, checks } = buildSummary(sampleRun().snapshot(), [], thresholdsFor(DEFAULT_THRESHOLDS), facts);
    expect(summary.id).toBe("raw-1700000000000");
    expect(summary.tool).toBe("raw");
    expect(summary.thresholdsPassed).toBe(false);
    expect(checks.find((c) => !c.passed)?.name).toBe("error_rate < 0.01");
    expect(summary.thresholds).toEqual(checks.map((c) => ({ name: c.name, passed: c.passed, measured: c.value })));
  });

  it("keeps game counters out of runs that play no games", () => {
    const { summary } = buildSummary(sampleRun().snapshot(), [], [], { ...facts, games: false });
    expect(Object.keys(summary.metrics).some((k) => k.startsWith("games_"))).toBe(false);
  });

  it("writes the summary as <id>.json with its series", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "loadgen-results-"));
    try {
      const series = [{ t: 1_700_000_000_000, ackP95Ms: 2, deliveryP95Ms: 3, msgsPerSec: 40 }];
      const { summary } = buildSummary(sampleRun().snapshot(), series, [], facts);
      const file = writeResults(dir, summary);
      expect(path.basename(file)).toBe("raw-1700000000000.json");
      const back = JSON.parse(readFileSync(file, "utf8"));
      expect(back).toEqual(summary);
      expect(back.series).toEqual(series);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
