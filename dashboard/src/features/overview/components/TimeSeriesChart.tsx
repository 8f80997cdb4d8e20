import { memo, type ReactNode } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock, formatCompact, formatNumber } from "../../../lib/format";
import type { SeriesLine, SeriesRow } from "../data/cluster-series";

export interface TimeSeriesChartProps {
  testId: string;
  title: string;
  unit: string;
  rows: SeriesRow[];
  lines: SeriesLine[];
  /** Extra controls drawn in the chart's header. */
  actions?: ReactNode;
  height?: number;
}

/** A live line chart over wall-clock time; pure, fed entirely by props. */
export const TimeSeriesChart = memo(function TimeSeriesChart({ testId, title, unit, rows, lines, actions, height = 230 }: TimeSeriesChartProps) {
  return (
    <section className="chart panel" data-testid={testId} aria-label={`${title} (${unit})`}>
      <header className="chart-header">
        <h3>
          {title} <span className="unit">({unit})</span>
        </h3>
        {actions}
      </header>
      {rows.length === 0 ? (
        <p className="chart-empty muted">Waiting for live data…</p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis
              dataKey="ts"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={(ts: number) => formatClock(ts)}
              minTickGap={48}
              fontSize={11}
            />
            <YAxis
              width={70}
              fontSize={11}
              tickFormatter={(v: number) => formatCompact(v)}
              label={{ value: unit, angle: -90, position: "insideLeft", fontSize: 11, fill: "#6b7280" }}
              allowDecimals
            />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(ts) => formatClock(Number(ts))}
              formatter={(value) => `${formatNumber(Number(value))} ${unit}`}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {lines.map((line) => (
              <Line
                key={line.key}
                name={line.label}
                dataKey={(row: SeriesRow) => row.values[line.key] ?? null}
                type="linear"
                stroke={line.color}
                strokeWidth={line.cluster ? 2.5 : 1.5}
                strokeDasharray={line.dashed ? "6 3" : undefined}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </section>
  );
});
