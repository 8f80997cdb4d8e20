import type { LoadTestRunSummary } from "@avalon/protocol";

export interface LatencyRow {
  metric: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ThroughputRow {
  metric: string;
  perSec: number;
  count: number;
}

export interface RunSeriesRow {
  /** Seconds since the first point of the run. */
  sec: number;
  ackP95Ms: number;
  deliveryP95Ms: number;
  msgsPerSec: number;
}

const num = (v: number | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Metrics with percentiles (k6 trends and the bots' latency summaries), in milliseconds. */
export function latencyRows(run: LoadTestRunSummary): LatencyRow[] {
  return Object.entries(run.metrics)
    .map(([metric, m]) => ({ metric, p50: num(m.p50), p95: num(m.p95), p99: num(m.p99) }))
    .filter((r) => r.p50 !== null || r.p95 !== null || r.p99 !== null)
    .sort((a, b) => a.metric.localeCompare(b.metric));
}

/**
 * Counters: metrics with both a count and a rate. A k6 Rate metric (checks, failures) carries a
 * rate without a count, and that rate is a fraction, not a per-second figure, so it is left out.
 */
export function throughputRows(run: LoadTestRunSummary): ThroughputRow[] {
  return Object.entries(run.metrics)
    .flatMap(([metric, m]) => {
      const perSec = num(m.rate);
      const count = num(m.count);
      return perSec !== null && count !== null ? [{ metric, perSec, count }] : [];
    })
    .sort((a, b) => a.metric.localeCompare(b.metric));
}

/**
 * The run's time series with time as seconds from its first point; `t` may be epoch ms, epoch
 * seconds or already an offset, depending on the tool that wrote it.
 */
export function seriesRows(run: LoadTestRunSummary): RunSeriesRow[] {
  const series = run.series ?? [];
  const first = series[0];
  if (!first) return [];
  const scale = first.t > 1e11 ? 1000 : 1;
  const origin = first.t > 1e9 ? first.t : 0;
  return series.map((p) => ({
    sec: Math.round(((p.t - origin) / scale) * 10) / 10,
    ackP95Ms: p.ackP95Ms,
    deliveryP95Ms: p.deliveryP95Ms,
    msgsPerSec: p.msgsPerSec,
  }));
}

/** Up to two runs to compare: choosing a third drops the oldest choice. */
export function toggleCompare(selected: readonly string[], id: string): string[] {
  if (selected.includes(id)) return selected.filter((s) => s !== id);
  return [...selected, id].slice(-2);
}

/** Upper bounds shared by compared runs, so their charts use one scale. */
export interface CommonScale {
  latencyMax: number;
  throughputMax: number;
  seriesLatencyMax: number;
  seriesMsgsMax: number;
}

const maxOf = (values: (number | null)[]): number => Math.max(0, ...values.filter((v): v is number => v !== null));

export function commonScale(runs: readonly LoadTestRunSummary[]): CommonScale {
  return {
    latencyMax: maxOf(runs.flatMap((r) => latencyRows(r).flatMap((x) => [x.p50, x.p95, x.p99]))),
    throughputMax: maxOf(runs.flatMap((r) => throughputRows(r).map((x) => x.perSec))),
    seriesLatencyMax: maxOf(runs.flatMap((r) => seriesRows(r).flatMap((x) => [x.ackP95Ms, x.deliveryP95Ms]))),
    seriesMsgsMax: maxOf(runs.flatMap((r) => seriesRows(r).map((x) => x.msgsPerSec))),
  };
}
