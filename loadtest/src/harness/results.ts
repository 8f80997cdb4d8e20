import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LoadTestRunSummary } from "@avalon/protocol";
import { Histogram, type HistogramData } from "./histogram.js";
import type { MetricsSnapshot } from "./run-metrics.js";
import { evaluateThresholds, type Threshold, type ThresholdResult } from "./thresholds.js";

export type LoadgenRunSummary = LoadTestRunSummary;
export type LoadgenTool = LoadTestRunSummary["tool"];
type MetricStats = LoadTestRunSummary["metrics"][string];

export interface RunFacts {
  tool: Exclude<LoadgenTool, "k6">;
  name: string;
  startedAt: number;
  durationSec: number;
  /** Most connections open at once. */
  peakConnections: number;
  /** Games scenario: game counters go into the metrics. */
  games: boolean;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** A k6-style trend: percentiles, average and maximum in ms, count and per-second rate. */
export function trend(data: HistogramData, durationSec: number): MetricStats {
  const h = Histogram.from(data);
  return {
    avg: round(h.avg),
    p50: round(h.percentile(50)),
    p95: round(h.percentile(95)),
    p99: round(h.percentile(99)),
    max: round(h.max),
    count: h.count,
    rate: round(h.count / Math.max(durationSec, 0.001)),
  };
}

function counter(count: number, durationSec: number): MetricStats {
  return { count, rate: round(count / Math.max(durationSec, 0.001)) };
}

/** The metrics of a run, under the names thresholds and the dashboard use. */
export function runMetrics(snap: MetricsSnapshot, facts: RunFacts): LoadTestRunSummary["metrics"] {
  const d = facts.durationSec;
  const errors = Object.values(snap.errors).reduce((a, b) => a + b, 0);
  const metrics: LoadTestRunSummary["metrics"] = {
    connect_ms: trend(snap.connect, d),
    ack_ms: trend(snap.ack, d),
    delivery_ms: trend(snap.delivery, d),
    messages_received: counter(snap.messages, d),
    operations: counter(snap.operations, d),
    errors: counter(errors, d),
    connections: { max: facts.peakConnections },
  };
  // A rate without a count: a fraction, as k6 writes its Rate metrics.
  if (snap.operations > 0) metrics.error_rate = { rate: errors / snap.operations };
  for (const [event, h] of Object.entries(snap.ackByEvent).sort()) metrics[`ack_ms{event:${event}}`] = trend(h, d);
  for (const [code, n] of Object.entries(snap.errors).sort()) metrics[`errors{code:${code}}`] = counter(n, d);
  for (const [name, n] of Object.entries(snap.counters).sort()) {
    if (facts.games || !name.startsWith("games_")) metrics[name] = counter(n, d);
  }
  if (facts.games) metrics.games_finished ??= counter(0, d);
  return metrics;
}

/** Builds the results file of a run and checks its thresholds. */
export function buildSummary(
  snap: MetricsSnapshot,
  series: LoadTestRunSummary["series"],
  thresholds: readonly Threshold[],
  facts: RunFacts,
): { summary: LoadgenRunSummary; checks: ThresholdResult[] } {
  const metrics = runMetrics(snap, facts);
  const checks = evaluateThresholds(thresholds, metrics);
  const summary: LoadgenRunSummary = {
    id: `${facts.tool}-${facts.startedAt}`,
    tool: facts.tool,
    name: facts.name,
    startedAt: facts.startedAt,
    durationSec: round(facts.durationSec),
    thresholdsPassed: checks.every((c) => c.passed),
    thresholds: checks.map((c) => ({ name: c.name, passed: c.passed, measured: c.value })),
    metrics,
    ...(series && series.length > 0 ? { series } : {}),
  };
  return { summary, checks };
}

export function writeResults(dir: string, summary: LoadgenRunSummary): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${summary.id}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file;
}
