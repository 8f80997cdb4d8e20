import { describe, expect, it } from "vitest";
import { handleSummaryJson, summaryExportJson } from "@avalon/testkit";
import { fromK6Summary } from "./k6-summary.js";

describe("k6 summaries", () => {
  it("reads handleSummary output: values, thresholds with their verdicts and measured values, duration", () => {
    const run = fromK6Summary(handleSummaryJson(120, 3000), { name: "checkout.json", mtimeMs: 1_700_000_060_250 });
    expect(run).toMatchObject({ id: "k6-checkout", tool: "k6", name: "checkout", durationSec: 60.3, startedAt: 1_700_000_000_000, thresholdsPassed: true });
    expect(run?.metrics.http_req_duration).toEqual({ avg: 96, p50: 84, p95: 120, max: 180 });
    expect(run?.metrics.http_reqs?.count).toBe(3000);
    expect(run?.thresholds).toEqual([
      { name: "http_req_duration p(95)<500", passed: true, measured: 120 },
      { name: "http_req_failed rate<0.01", passed: true, measured: 0.002 },
    ]);
  });

  it("reads a failed threshold of handleSummary output as failed", () => {
    const run = fromK6Summary(handleSummaryJson(700, 3000), { name: "slow.json", mtimeMs: 0 });
    expect(run?.thresholds[0]).toEqual({ name: "http_req_duration p(95)<500", passed: false, measured: 700 });
    expect(run?.thresholdsPassed).toBe(false);
  });

  it("reads --summary-export output, where true means the threshold failed", () => {
    const run = fromK6Summary(summaryExportJson(320, 1500), { name: "export.json", mtimeMs: 5000 });
    expect(run?.thresholds).toEqual([
      { name: "http_req_duration p(95)<500", passed: true, measured: 320 },
      { name: "http_req_failed rate<0.01", passed: false, measured: 0.02 },
    ]);
    expect(run?.metrics.http_req_failed?.rate).toBe(0.02);
    expect(run?.thresholdsPassed).toBe(false);
  });

  it("ignores JSON that is not a k6 summary", () => {
    expect(fromK6Summary({ metrics: {} }, { name: "x.json", mtimeMs: 0 })).toBeNull();
    expect(fromK6Summary([1, 2], { name: "x.json", mtimeMs: 0 })).toBeNull();
  });
});
