import { HISTORY_FIELDS, nodePoint, type ClusterSnapshot, type HistoryReply, type NodeId, type NodePoint } from "@avalon/protocol";

/** The figures of every node at one moment: what the charts draw. */
export interface Sample {
  ts: number;
  nodes: Record<NodeId, NodePoint>;
}

export function sampleOf(snapshot: ClusterSnapshot): Sample {
  return { ts: snapshot.ts, nodes: Object.fromEntries(snapshot.nodes.map((n) => [n.nodeId, nodePoint(n)])) };
}

/** Nodes sample on their own beat: rows are grouped by period, so one sample holds each node once. */
export function samplesFromHistory(reply: HistoryReply): Sample[] {
  const period = Math.max(1, reply.periodMs);
  const buckets = new Map<number, Sample>();
  for (const { nodeId, rows } of reply.nodes) {
    for (const row of rows) {
      if (row.length !== HISTORY_FIELDS.length) continue;
      // A figure the source lacks (Prometheus has no player count) is NaN: a gap in its chart.
      const point = Object.fromEntries(HISTORY_FIELDS.map((f, i) => [f, row[i] ?? Number.NaN])) as NodePoint;
      const key = Math.round(point.ts / period);
      let sample = buckets.get(key);
      if (!sample) buckets.set(key, (sample = { ts: key * period, nodes: {} }));
      sample.nodes[nodeId] = point;
    }
  }
  return [...buckets.values()].sort((a, b) => a.ts - b.ts);
}

/** Fetched history first, then the live samples newer than its last one. */
export function mergeSamples(history: readonly Sample[], live: readonly Sample[]): Sample[] {
  const last = history[history.length - 1]?.ts ?? -Infinity;
  return [...history, ...live.filter((s) => s.ts > last)];
}

/** Node ids in order of first appearance, so a node keeps its colour as others come and go. */
export function nodeOrder(samples: readonly Sample[]): string[] {
  const seen = new Set<string>();
  for (const s of samples) for (const id of Object.keys(s.nodes)) seen.add(id);
  return [...seen];
}
