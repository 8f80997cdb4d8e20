import type { ClusterSnapshot } from "@avalon/protocol";
import type { ChartSpec } from "./chart-specs";

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

/** Snapshots further apart than this are drawn with a gap, not a line across the outage. */
export const GAP_MS = 5_000;

/** Node ids in order of first appearance, so a node keeps its colour as others come and go. */
export function nodeOrder(history: readonly ClusterSnapshot[]): string[] {
  const seen = new Set<string>();
  for (const snapshot of history) for (const node of snapshot.nodes) seen.add(node.nodeId);
  return [...seen];
}

export function nodeColor(index: number): string {
  return NODE_COLORS[index % NODE_COLORS.length] ?? CLUSTER_COLOR;
}

export function lineKey(measureId: string, nodeId: string | null): string {
  return nodeId === null ? `${measureId}|cluster` : `${measureId}|node|${nodeId}`;
}

/** One row per snapshot: each node's value per measure, and the cluster's (sum or worst). */
export function buildChartSeries(history: readonly ClusterSnapshot[], spec: ChartSpec, gapMs = GAP_MS): ChartSeries {
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
  for (const snapshot of history) {
    if (previousTs !== null && snapshot.ts - previousTs > gapMs) rows.push({ ts: previousTs + 1, values: {} });
    previousTs = snapshot.ts;
    const values: Record<string, number> = {};
    for (const m of spec.measures) {
      let combined: number | null = null;
      for (const node of snapshot.nodes) {
        const v = m.pick(node);
        if (!Number.isFinite(v)) continue;
        values[lineKey(m.id, node.nodeId)] = v;
        combined = combined === null ? v : m.combine === "sum" ? combined + v : Math.max(combined, v);
      }
      if (combined !== null) values[lineKey(m.id, null)] = combined;
    }
    rows.push({ ts: snapshot.ts, values });
  }
  return { rows, lines };
}

/** The rows within the last `windowMs` of the newest one. */
export function lastWindow(history: readonly ClusterSnapshot[], windowMs: number): ClusterSnapshot[] {
  const newest = history[history.length - 1];
  if (!newest) return [];
  const from = newest.ts - windowMs;
  return history.filter((s) => s.ts >= from);
}
