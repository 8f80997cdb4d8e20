import { useMemo, useState, type ReactNode } from "react";
import type { ClusterSnapshot } from "@avalon/protocol";
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
import { buildChartSeries, lastWindow } from "../data/cluster-series";
import { TimeSeriesChart } from "./TimeSeriesChart";

const WINDOWS = [
  { label: "1 min", ms: 60_000 },
  { label: "5 min", ms: 5 * 60_000 },
  { label: "15 min", ms: 15 * 60_000 },
] as const;

function Chart({ spec, history, actions }: { spec: ChartSpec; history: readonly ClusterSnapshot[]; actions?: ReactNode }) {
  const { rows, lines } = useMemo(() => buildChartSeries(history, spec), [history, spec]);
  return <TimeSeriesChart testId={`chart-${spec.id}`} title={spec.title} unit={spec.unit} rows={rows} lines={lines} actions={actions} />;
}

export function ClusterCharts({ history }: { history: readonly ClusterSnapshot[] }) {
  const [windowMs, setWindowMs] = useState<number>(WINDOWS[2].ms);
  const [percentile, setPercentile] = useState<Percentile>("p99");
  const visible = useMemo(() => lastWindow(history, windowMs), [history, windowMs]);
  const latency = useMemo(() => latencyChart(percentile), [percentile]);

  return (
    <section aria-label="Live charts">
      <div className="toolbar">
        <h2>Live charts</h2>
        <div className="segmented" role="group" aria-label="Time window">
          {WINDOWS.map((w) => (
            <button key={w.ms} type="button" aria-pressed={windowMs === w.ms} onClick={() => setWindowMs(w.ms)}>
              {w.label}
            </button>
          ))}
        </div>
      </div>
      <div className="chart-grid">
        <Chart spec={CONNECTIONS_CHART} history={visible} />
        <Chart spec={MESSAGES_CHART} history={visible} />
        <Chart
          spec={latency}
          history={visible}
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
        <Chart spec={EVENT_LOOP_CHART} history={visible} />
        <Chart spec={MEMORY_CHART} history={visible} />
        <Chart spec={REJECTED_CHART} history={visible} />
      </div>
    </section>
  );
}
