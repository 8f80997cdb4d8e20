import type { ChartSpec } from "./chart-specs";
import { nodeOrder, type Sample } from "./samples";

export interface SeriesRow {
  ts: number;
  /** Keyed by line key; a missing key is a gap in that line. */
  values: Record<string, number>;
}

export interface SeriesLine {
  key: string;
  label: string;
  color: string;
  dashed: boolean;
  /** The cluster line, drawn heavier. */
  cluster: boolean;
}

export interface ChartSeries {
  rows: SeriesRow[];
  lines: SeriesLine[];
}

export const CLUSTER_COLOR = "#111827";
export const NODE_COLORS = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"] as const;

/** Samples further apart than this are drawn with a gap, not a line across the outage. */
export const GAP_MS = 5_000;

export function nodeColor(index: number): string {
  return NODE_COLORS[index % NODE_COLORS.length] ?? CLUSTER_COLOR;
}

export function lineKey(measureId: string, nodeId: string | null): string {
  return nodeId === null ? `${measureId}|cluster` : `${measureId}|node|${nodeId}`;
}

/**
 * One row per sample: each node's value per measure, and the cluster's (sum or worst). Samples
 * further apart than `gapMs` get an empty row between them, and so does the time from the newest
 * sample to `now` when it is longer: the lines stop where the figures stopped.
 */
export function buildChartSeries(history: readonly Sample[], spec: ChartSpec, gapMs = GAP_MS, now?: number): ChartSeries {
  const nodes = nodeOrder(history);
  const many = spec.measures.length > 1;
  const lines: SeriesLine[] = [];
  for (const m of spec.measures) {
    lines.push({
      key: lineKey(m.id, null),
      label: many ? `cluster ${m.label}` : m.combine === "sum" ? "cluster total" : "cluster (worst node)",
      color: CLUSTER_COLOR,
      dashed: m.dashed ?? false,
      cluster: true,
    });
    nodes.forEach((nodeId, i) => {
      lines.push({
        key: lineKey(m.id, nodeId),
        label: many ? `${nodeId} ${m.label}` : nodeId,
        color: nodeColor(i),
        dashed: m.dashed ?? false,
        cluster: false,
      });
    });
  }

  const rows: SeriesRow[] = [];
  let previousTs: number | null = null;
  for (const sample of history) {
    if (previousTs !== null && sample.ts - previousTs > gapMs) rows.push({ ts: previousTs + 1, values: {} });
    previousTs = sample.ts;
    const values: Record<string, number> = {};
    for (const m of spec.measures) {
      let combined: number | null = null;
      for (const [nodeId, point] of Object.entries(sample.nodes)) {
        const v = m.pick(point);
        if (!Number.isFinite(v)) continue;
        values[lineKey(m.id, nodeId)] = v;
        combined = combined === null ? v : m.combine === "sum" ? combined + v : Math.max(combined, v);
      }
      if (combined !== null) values[lineKey(m.id, null)] = combined;
    }
    rows.push({ ts: sample.ts, values });
  }
  if (previousTs !== null && now !== undefined && now - previousTs > gapMs) rows.push({ ts: previousTs + 1, values: {} });
  return { rows, lines };
}

/** The samples within the `windowMs` that ends at `now`. */
export function lastWindow(history: readonly Sample[], windowMs: number, now: number): Sample[] {
  const from = now - windowMs;
  return history.filter((s) => s.ts >= from);
}
