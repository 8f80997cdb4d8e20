import { HISTORY_FIELDS, type HistoryField, type HistoryReply, type NodeHistory } from "@avalon/protocol";

/** PromQL per history column, one series per `node` label (every metric a node exports carries it). */
const QUERIES: Partial<Record<HistoryField, string>> = {
  connections: "sum by (node) (avalon_connections)",
  rooms: "sum by (node) (avalon_rooms)",
  msgsInPerSec: "sum by (node) (rate(avalon_events_received_total[30s]))",
  msgsOutPerSec: "sum by (node) (rate(avalon_events_sent_total[30s]))",
  ackP50Ms: "1000 * histogram_quantile(0.50, sum by (node, le) (rate(avalon_ack_latency_seconds_bucket[30s])))",
  ackP95Ms: "1000 * histogram_quantile(0.95, sum by (node, le) (rate(avalon_ack_latency_seconds_bucket[30s])))",
  ackP99Ms: "1000 * histogram_quantile(0.99, sum by (node, le) (rate(avalon_ack_latency_seconds_bucket[30s])))",
  eventLoopP99Ms: "1000 * max by (node) (nodejs_eventloop_lag_p99_seconds)",
  rssBytes: "max by (node) (process_resident_memory_bytes)",
  heapUsedBytes: "sum by (node) (nodejs_heap_size_used_bytes)",
  cpuPercent: "100 * sum by (node) (rate(process_cpu_seconds_total[30s]))",
  rejectedConnectionsPerSec: "sum by (node) (rate(avalon_connections_rejected_total[30s]))",
};

/** Prometheus answers at most 11,000 points per series; stay well under. */
const MAX_POINTS = 3_600;
const TIMEOUT_MS = 5_000;

interface Matrix {
  metric: Record<string, string>;
  values: [number, string][];
}

async function queryRange(baseUrl: string, expr: string, start: number, end: number, stepSec: number): Promise<Matrix[]> {
  const res = await fetch(`${baseUrl.replace(/\/+$/, "")}/api/v1/query_range`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(stepSec) }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await res.json()) as { status?: string; error?: string; data?: { resultType?: string; result?: Matrix[] } };
  if (body.status !== "success" || body.data?.resultType !== "matrix") throw new Error(`prometheus: ${body.error ?? `HTTP ${res.status}`}`);
  return body.data.result ?? [];
}

/**
 * The nodes' series read from Prometheus instead of the nodes' memory: longer than a node keeps,
 * and still there for a node that stopped. Players are not exported as a metric, so that column
 * is null. Throws when Prometheus cannot answer; the caller falls back to the nodes.
 */
export async function prometheusHistory(baseUrl: string, periodMs: number, windowMs: number, now = Date.now()): Promise<HistoryReply> {
  const stepSec = Math.max(periodMs / 1000, Math.ceil(windowMs / 1000 / MAX_POINTS));
  const end = now / 1000;
  const start = end - windowMs / 1000;
  const fields = Object.keys(QUERIES) as HistoryField[];
  const results = await Promise.all(fields.map((f) => queryRange(baseUrl, QUERIES[f] as string, start, end, stepSec)));
  const rows = new Map<string, Map<number, (number | null)[]>>();
  fields.forEach((field, i) => {
    const column = HISTORY_FIELDS.indexOf(field);
    for (const series of results[i] ?? []) {
      const node = series.metric.node;
      if (!node) continue;
      let byTs = rows.get(node);
      if (!byTs) rows.set(node, (byTs = new Map()));
      for (const [t, v] of series.values) {
        const ts = Math.round(t * 1000);
        let row = byTs.get(ts);
        if (!row) byTs.set(ts, (row = HISTORY_FIELDS.map((f) => (f === "ts" ? ts : null))));
        const n = Number(v);
        row[column] = Number.isFinite(n) ? Math.round(n * 100) / 100 : null;
      }
    }
  });
  const nodes: NodeHistory[] = [...rows].map(([nodeId, byTs]) => ({ nodeId, rows: [...byTs.values()].sort((a, b) => (a[0] as number) - (b[0] as number)) }));
  return { source: "prometheus", periodMs: stepSec * 1000, nodes: nodes.sort((a, b) => a.nodeId.localeCompare(b.nodeId)) };
}
