import { useMemo, useState, type ReactNode } from "react";
import { formatClock } from "../../../lib/format";
import type { ChartMarker } from "../data/chart-markers";
import {
  CONNECTIONS_CHART,
  EVENT_LOOP_CHART,
  MEMORY_CHART,
  MESSAGES_CHART,
  PERCENTILES,
  REJECTED_CHART,
  latencyChart,
  type ChartSpec,
  type Percentile,
} from "../data/chart-specs";
import { GAP_MS, buildChartSeries, lastWindow } from "../data/cluster-series";
import type { Sample } from "../data/samples";
import { MARKER_COLOR, TimeSeriesChart } from "./TimeSeriesChart";

const WINDOWS = [
  { label: "1 min", ms: 60_000 },
  { label: "5 min", ms: 5 * 60_000 },
  { label: "15 min", ms: 15 * 60_000 },
  { label: "1 h", ms: 60 * 60_000 },
] as const;

interface ChartProps {
  spec: ChartSpec;
  samples: readonly Sample[];
  now: number;
  windowMs: number;
  gapMs: number;
  markers: readonly ChartMarker[];
  actions?: ReactNode;
}

function Chart({ spec, samples, now, windowMs, gapMs, markers, actions }: ChartProps) {
  const { rows, lines } = useMemo(() => buildChartSeries(samples, spec, gapMs, now), [samples, spec, gapMs, now]);
  return (
    <TimeSeriesChart
      testId={`chart-${spec.id}`}
      title={spec.title}
      unit={spec.unit}
      rows={rows}
      lines={lines}
      domain={[now - windowMs, now]}
      markers={markers}
      actions={actions}
    />
  );
}

export interface ClusterChartsProps {
  samples: readonly Sample[];
  markers: readonly ChartMarker[];
  now: number;
  periodMs: number;
  source: "nodes" | "prometheus" | null;
}

const SOURCE_WORDS = { nodes: "history kept by the nodes, then live", prometheus: "history read from Prometheus, then live" } as const;

/** The charts run to now: when the figures stop, the lines stop and the axis keeps moving. */
export function ClusterCharts({ samples, markers, now, periodMs, source }: ClusterChartsProps) {
  const [windowMs, setWindowMs] = useState<number>(WINDOWS[2].ms);
  const [percentile, setPercentile] = useState<Percentile>("p99");
  // Re-windowing on every clock tick would redraw six charts twice a second; once a period is enough.
  const tick = Math.floor(now / Math.max(periodMs, 500)) * Math.max(periodMs, 500);
  const visible = useMemo(() => lastWindow(samples, windowMs, tick), [samples, windowMs, tick]);
  const latency = useMemo(() => latencyChart(percentile), [percentile]);
  const gapMs = Math.max(GAP_MS, periodMs * 3);
  const shown = markers.filter((m) => m.ts >= tick - windowMs);
  const common = { samples: visible, now: tick, windowMs, gapMs, markers: shown };

  return (
    <section aria-label="Charts">
      <div className="toolbar">
        <h2>History</h2>
        {source && (
          <span className="muted small" data-testid="history-source">
            {SOURCE_WORDS[source]}
          </span>
        )}
        <div className="segmented" role="group" aria-label="Time window">
          {WINDOWS.map((w) => (
            <button key={w.ms} type="button" aria-pressed={windowMs === w.ms} onClick={() => setWindowMs(w.ms)}>
              {w.label}
            </button>
          ))}
        </div>
      </div>
      {shown.length > 0 && (
        <ul className="marker-list" data-testid="chart-markers" aria-label="Events on the charts">
          {shown.map((m) => (
            <li key={`${m.kind}-${m.ts}-${m.label}`}>
              <span className="marker-swatch" style={{ background: MARKER_COLOR[m.kind] }} aria-hidden="true" />
              <span className="mono small">{formatClock(m.ts)}</span> {m.label}
            </li>
          ))}
        </ul>
      )}
      <div className="chart-grid">
        <Chart spec={CONNECTIONS_CHART} {...common} />
        <Chart spec={MESSAGES_CHART} {...common} />
        <Chart
          spec={latency}
          {...common}
          actions={
            <div className="segmented small" role="group" aria-label="Percentile">
              {PERCENTILES.map((p) => (
                <button key={p} type="button" aria-pressed={percentile === p} onClick={() => setPercentile(p)}>
                  {p}
                </button>
              ))}
            </div>
          }
        />
        <Chart spec={EVENT_LOOP_CHART} {...common} />
        <Chart spec={MEMORY_CHART} {...common} />
        <Chart spec={REJECTED_CHART} {...common} />
      </div>
    </section>
  );
}
