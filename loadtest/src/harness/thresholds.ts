import type { LoadTestRunSummary } from "@avalon/protocol";

type Metrics = LoadTestRunSummary["metrics"];
type Stat = "p95" | "p99" | "rate" | "count";

/** A pass/fail rule on one statistic of one metric of the run (k6's thresholds). */
export interface Threshold {
  metric: string;
  stat: Stat;
  op: "<" | ">=";
  limit: number;
  /** Pass when the metric has no samples (a latency nobody measured); otherwise fail. */
  passWhenEmpty: boolean;
}

/** The limits of a run, each settable by a CLI flag. */
export interface ThresholdLimits {
  /** --max-connect-p95, ms. */
  maxConnectP95Ms: number;
  /** --max-ack-p95, ms; none by default. */
  maxAckP95Ms: number | null;
  /** --max-ack-p99, ms. */
  maxAckP99Ms: number;
  /** --max-delivery-p99, ms. */
  maxDeliveryP99Ms: number;
  /** --max-error-rate, a fraction of operations. */
  maxErrorRate: number;
  /** --min-games; none by default. */
  minGames: number | null;
}

export const DEFAULT_THRESHOLDS: ThresholdLimits = {
  maxConnectP95Ms: 1000,
  maxAckP95Ms: null,
  maxAckP99Ms: 100,
  maxDeliveryP99Ms: 100,
  maxErrorRate: 0.01,
  minGames: null,
};

export function thresholdsFor(limits: ThresholdLimits): Threshold[] {
  const out: Threshold[] = [{ metric: "connect_ms", stat: "p95", op: "<", limit: limits.maxConnectP95Ms, passWhenEmpty: true }];
  if (limits.maxAckP95Ms !== null) out.push({ metric: "ack_ms", stat: "p95", op: "<", limit: limits.maxAckP95Ms, passWhenEmpty: true });
  out.push(
    { metric: "ack_ms", stat: "p99", op: "<", limit: limits.maxAckP99Ms, passWhenEmpty: true },
    { metric: "delivery_ms", stat: "p99", op: "<", limit: limits.maxDeliveryP99Ms, passWhenEmpty: true },
    // A run that did nothing has no error rate, and that is not a pass.
    { metric: "error_rate", stat: "rate", op: "<", limit: limits.maxErrorRate, passWhenEmpty: false },
  );
  if (limits.minGames !== null) out.push({ metric: "games_finished", stat: "count", op: ">=", limit: limits.minGames, passWhenEmpty: false });
  return out;
}

function label(t: Threshold): string {
  const stat = t.stat === "p95" ? " p(95)" : t.stat === "p99" ? " p(99)" : t.stat === "count" ? " count" : "";
  return `${t.metric}${stat} ${t.op} ${t.limit}`;
}

export interface ThresholdResult {
  name: string;
  passed: boolean;
  /** The measured value, or null without samples. */
  value: number | null;
}

/** Checks each threshold against the run's metrics; the run passes when all do. */
export function evaluateThresholds(thresholds: readonly Threshold[], metrics: Metrics): ThresholdResult[] {
  return thresholds.map((t) => {
    const m = metrics[t.metric];
    const empty = !m || (t.stat !== "rate" && t.metric !== "games_finished" && (m.count ?? 0) === 0);
    const value = empty ? null : (m[t.stat] ?? null);
    if (value === null) return { name: label(t), passed: t.passWhenEmpty, value };
    return { name: label(t), passed: t.op === "<" ? value < t.limit : value >= t.limit, value };
  });
}
