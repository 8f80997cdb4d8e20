import { memo, type ReactNode } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock, formatCompact, formatNumber } from "../../../lib/format";
import type { ChartMarker, MarkerKind } from "../data/chart-markers";
import type { SeriesLine, SeriesRow } from "../data/cluster-series";

export const MARKER_COLOR: Record<MarkerKind, string> = { drain: "#b45309", limits: "#7c3aed", join: "#059669", loss: "#dc2626" };

export interface TimeSeriesChartProps {
  testId: string;
  title: string;
  unit: string;
  rows: SeriesRow[];
  lines: SeriesLine[];
  /** The time axis: the chosen window, ending now. */
  domain: [number, number];
  markers: readonly ChartMarker[];
  /** Extra controls drawn in the chart's header. */
  actions?: ReactNode;
  height?: number;
}

/** A live line chart over wall-clock time; pure, fed entirely by props. */
export const TimeSeriesChart = memo(function TimeSeriesChart({ testId, title, unit, rows, lines, domain, markers, actions, height = 230 }: TimeSeriesChartProps) {
  return (
    <section className="chart panel" data-testid={testId} data-first-ts={rows[0]?.ts} aria-label={`${title} (${unit})`}>
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
              domain={domain}
              allowDataOverflow
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
            {markers
              .filter((m) => m.ts >= domain[0] && m.ts <= domain[1])
              .map((m) => (
                <ReferenceLine key={`${m.kind}-${m.ts}-${m.label}`} x={m.ts} stroke={MARKER_COLOR[m.kind]} strokeDasharray="2 2" ifOverflow="hidden" />
              ))}
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
