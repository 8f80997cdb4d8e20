import type { NodePoint } from "@avalon/protocol";
import { BYTES_PER_MB } from "../../../lib/format";

/** How per-node values become the cluster line: counts add up, latencies take the worst node. */
export type Combine = "sum" | "max";

export interface Measure {
  id: string;
  /** Shown after the node id when a chart plots more than one measure. */
  label: string;
  pick(node: NodePoint): number;
  combine: Combine;
  dashed?: boolean;
}

export type ChartId = "connections" | "messages" | "latency" | "eventloop" | "memory" | "rejected";

export interface ChartSpec {
  id: ChartId;
  title: string;
  /** The y-axis unit, also shown in tooltips. */
  unit: string;
  measures: Measure[];
}

export type Percentile = "p50" | "p95" | "p99";
export const PERCENTILES: readonly Percentile[] = ["p50", "p95", "p99"];
const ACK_FIELD = { p50: "ackP50Ms", p95: "ackP95Ms", p99: "ackP99Ms" } as const;

export const CONNECTIONS_CHART: ChartSpec = {
  id: "connections",
  title: "Connections",
  unit: "connections",
  measures: [{ id: "connections", label: "", pick: (n) => n.connections, combine: "sum" }],
};

export const MESSAGES_CHART: ChartSpec = {
  id: "messages",
  title: "Messages per second (in solid, out dashed)",
  unit: "msg/s",
  measures: [
    { id: "in", label: "in", pick: (n) => n.msgsInPerSec, combine: "sum" },
    { id: "out", label: "out", pick: (n) => n.msgsOutPerSec, combine: "sum", dashed: true },
  ],
};

// Percentiles cannot be added or averaged across nodes; the cluster line is the worst node.
export function latencyChart(p: Percentile): ChartSpec {
  return {
    id: "latency",
    title: `Ack latency ${p}`,
    unit: "ms",
    measures: [{ id: p, label: p, pick: (n) => n[ACK_FIELD[p]], combine: "max" }],
  };
}

export const EVENT_LOOP_CHART: ChartSpec = {
  id: "eventloop",
  title: "Event-loop lag p99",
  unit: "ms",
  measures: [{ id: "lag", label: "", pick: (n) => n.eventLoopP99Ms, combine: "max" }],
};

export const MEMORY_CHART: ChartSpec = {
  id: "memory",
  title: "Memory (RSS solid, heap used dashed)",
  unit: "MB",
  measures: [
    { id: "rss", label: "RSS", pick: (n) => n.rssBytes / BYTES_PER_MB, combine: "sum" },
    { id: "heap", label: "heap", pick: (n) => n.heapUsedBytes / BYTES_PER_MB, combine: "sum", dashed: true },
  ],
};

export const REJECTED_CHART: ChartSpec = {
  id: "rejected",
  title: "Rejected connections per second",
  unit: "conn/s",
  measures: [{ id: "rejected", label: "", pick: (n) => n.rejectedConnectionsPerSec, combine: "sum" }],
};
