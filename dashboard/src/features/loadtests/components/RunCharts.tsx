import { memo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatNumber } from "../../../lib/format";
import type { LatencyRow, RunSeriesRow, ThroughputRow } from "../data/run-charts";

const HEIGHT = 220;
const axisLabel = (value: string) => ({ value, angle: -90, position: "insideLeft" as const, fontSize: 11, fill: "#6b7280" });
/** Metric names are long: bars run sideways with the names on their own axis. */
const NAME_WIDTH = 150;
const barsHeight = (rows: number, barsPerRow: number) => Math.max(140, 40 + rows * (10 + barsPerRow * 12));
/** A fixed upper bound when two runs are compared, so equal bars mean equal values. */
const domainTo = (max: number | undefined): [number, number | "auto"] => [0, max ?? "auto"];

export const LatencyBars = memo(function LatencyBars({ rows, max }: { rows: LatencyRow[]; max?: number }) {
  return (
    <figure className="run-chart" data-testid="loadtest-latency">
      <figcaption>Latency percentiles (ms)</figcaption>
      <ResponsiveContainer width="100%" height={barsHeight(rows.length, 3)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <YAxis type="category" dataKey="metric" fontSize={11} width={NAME_WIDTH} interval={0} />
          <XAxis type="number" fontSize={11} domain={domainTo(max)} allowDecimals tickFormatter={(v: number) => formatNumber(v)} unit=" ms" />
          <Tooltip formatter={(v) => `${formatNumber(Number(v))} ms`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="p50" fill="#93c5fd" isAnimationActive={false} />
          <Bar dataKey="p95" fill="#2563eb" isAnimationActive={false} />
          <Bar dataKey="p99" fill="#1e3a8a" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
});

export const ThroughputBars = memo(function ThroughputBars({ rows, max }: { rows: ThroughputRow[]; max?: number }) {
  return (
    <figure className="run-chart" data-testid="loadtest-throughput">
      <figcaption>Throughput (per second, run average)</figcaption>
      <ResponsiveContainer width="100%" height={barsHeight(rows.length, 1)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <YAxis type="category" dataKey="metric" fontSize={11} width={NAME_WIDTH} interval={0} />
          <XAxis type="number" fontSize={11} domain={domainTo(max)} allowDecimals tickFormatter={(v: number) => formatNumber(v)} unit=" /s" />
          <Tooltip formatter={(v) => `${formatNumber(Number(v))} /s`} />
          <Bar dataKey="perSec" name="per second" fill="#059669" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
});

export const RunSeriesCharts = memo(function RunSeriesCharts({ rows, latencyMax, msgsMax }: { rows: RunSeriesRow[]; latencyMax?: number; msgsMax?: number }) {
  const xAxis = (
    <XAxis
      dataKey="sec"
      type="number"
      domain={["dataMin", "dataMax"]}
      fontSize={11}
      tickFormatter={(s: number) => `${s}s`}
      label={{ value: "seconds into the run", position: "insideBottom", offset: -2, fontSize: 11, fill: "#6b7280" }}
    />
  );
  return (
    <>
      <figure className="run-chart" data-testid="loadtest-series-latency">
        <figcaption>Latency over the run, p95 (ms)</figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 12, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            {xAxis}
            <YAxis width={64} fontSize={11} domain={domainTo(latencyMax)} tickFormatter={(v: number) => formatCompact(v)} label={axisLabel("ms")} />
            <Tooltip labelFormatter={(s) => `${String(s)} s`} formatter={(v) => `${formatNumber(Number(v))} ms`} />
            <Legend wrapperStyle={{ fontSize: 12 }} verticalAlign="top" />
            <Line dataKey="ackP95Ms" name="ack p95" stroke="#2563eb" dot={false} isAnimationActive={false} />
            <Line dataKey="deliveryP95Ms" name="delivery p95" stroke="#d97706" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="run-chart" data-testid="loadtest-series-throughput">
        <figcaption>Messages over the run (msg/s)</figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 12, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            {xAxis}
            <YAxis width={64} fontSize={11} domain={domainTo(msgsMax)} tickFormatter={(v: number) => formatCompact(v)} label={axisLabel("msg/s")} />
            <Tooltip labelFormatter={(s) => `${String(s)} s`} formatter={(v) => `${formatNumber(Number(v))} msg/s`} />
            <Line dataKey="msgsPerSec" name="messages" stroke="#059669" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </>
  );
});
