import type { Histogram } from "./histogram.js";
import type { MetricsSnapshot } from "./run-metrics.js";
import type { LoadgenRunSummary } from "./results.js";
import type { ThresholdResult } from "./thresholds.js";

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

/** The once-a-second line: elapsed time, connections, games, request rate and latency of the last second, errors. */
export function progressLine(
  elapsedSec: number,
  totalSec: number,
  snap: MetricsSnapshot,
  last: { ack: Histogram; delivery: Histogram; messages: number; connections: number } | undefined,
): string {
  const errors = Object.values(snap.errors).reduce((a, b) => a + b, 0);
  const rate = snap.operations > 0 ? (100 * errors) / snap.operations : 0;
  const parts = [
    `[${String(Math.round(elapsedSec)).padStart(4)}s/${Math.round(totalSec)}s]`,
    `conns ${last?.connections ?? snap.connections}`,
    `games ${snap.counters.games_finished ?? 0}`,
    `acks/s ${last?.ack.count ?? 0} p95 ${ms(last?.ack.percentile(95) ?? 0)}`,
    `delivery p95 ${ms(last?.delivery.percentile(95) ?? 0)}`,
    `msgs/s ${last?.messages ?? 0}`,
    `errors ${errors} (${rate.toFixed(2)}%)`,
  ];
  return parts.join(" | ");
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const fmt = (v: number | undefined, digits = 2) => (v === undefined ? "" : Number.isInteger(v) ? String(v) : v.toFixed(digits));

/** The end-of-run report: trends, counters and thresholds. */
export function summaryText(summary: LoadgenRunSummary, checks: readonly ThresholdResult[], snap: MetricsSnapshot): string {
  const trends = Object.entries(summary.metrics).filter(([, m]) => m.p50 !== undefined);
  const counts = Object.entries(summary.metrics).filter(([, m]) => m.p50 === undefined);
  const out = [
    `${summary.name}`,
    `${summary.tool} run ${summary.id}, ${summary.durationSec.toFixed(1)} s`,
    "",
    table(
      ["trend (ms)", "count", "avg", "p50", "p95", "p99", "max"],
      trends.map(([k, m]) => [k, fmt(m.count), fmt(m.avg), fmt(m.p50), fmt(m.p95), fmt(m.p99), fmt(m.max)]),
    ),
    "",
    table(
      ["counter", "count", "per s / rate", "max"],
      counts.map(([k, m]) => [k, fmt(m.count), k === "error_rate" ? `${((m.rate ?? 0) * 100).toFixed(3)} %` : fmt(m.rate), fmt(m.max)]),
    ),
    "",
    table(
      ["threshold", "value", "result"],
      checks.map((c) => [c.name, c.value === null ? "no samples" : fmt(c.value, 4), c.passed ? "passed" : "FAILED"]),
    ),
    "",
    `thresholds ${summary.thresholdsPassed ? "passed" : "FAILED"}; ${Object.keys(snap.errors).length ? `errors by code: ${Object.entries(snap.errors).map(([k, v]) => `${k} ${v}`).join(", ")}` : "no errors"}`,
  ];
  return `${out.join("\n")}\n`;
}
