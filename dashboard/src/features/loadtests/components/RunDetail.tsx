import { useMemo } from "react";
import type { LoadTestRunSummary } from "@avalon/protocol";
import { Notice } from "../../../ui/Notice";
import { latencyRows, seriesRows, throughputRows, type CommonScale } from "../data/run-charts";
import { LatencyBars, RunSeriesCharts, ThroughputBars } from "./RunCharts";

/** A run's charts: percentiles and counters from its summary, and its time series when it has one. */
export function RunDetail({ run, scale }: { run: LoadTestRunSummary; scale?: CommonScale }) {
  const latency = useMemo(() => latencyRows(run), [run]);
  const throughput = useMemo(() => throughputRows(run), [run]);
  const series = useMemo(() => seriesRows(run), [run]);

  return (
    <div className="run-detail">
      {latency.length > 0 ? <LatencyBars rows={latency} max={scale?.latencyMax} /> : <Notice>No latency percentiles in this run.</Notice>}
      {throughput.length > 0 ? <ThroughputBars rows={throughput} max={scale?.throughputMax} /> : <Notice>No counters in this run.</Notice>}
      {series.length > 0 && <RunSeriesCharts rows={series} latencyMax={scale?.seriesLatencyMax} msgsMax={scale?.seriesMsgsMax} />}
    </div>
  );
}
