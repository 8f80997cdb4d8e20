import type { HistoryReply, NodeHistory } from "@avalon/protocol";
import type { AdminNamespace } from "../transport/types.js";
import type { NodeHistoryBuffer } from "./history.js";
import { prometheusHistory } from "./prometheus-history.js";
import { askOtherNodes, emitWithAck } from "./ask-nodes.js";

/** Every node answers other nodes' requests for its own series over the adapter. */
export function answerHistoryRequests(nsp: AdminNamespace, nodeId: string, history: NodeHistoryBuffer): void {
  nsp.on("admin:history", (windowMs, reply) => {
    const window = Number.isFinite(windowMs) ? windowMs : 0;
    reply({ nodeId, rows: history.since(Date.now() - window) });
  });
}

/**
 * This node's series and every other live node's, each kept by the node itself. Without a cluster
 * adapter there are no other nodes (and the in-memory adapter cannot ask); when some do not answer
 * in time, the answers that came are used.
 */
export async function gatherHistory(nsp: AdminNamespace, nodeId: string, history: NodeHistoryBuffer, periodMs: number, windowMs: number, clustered: boolean): Promise<HistoryReply> {
  const own: NodeHistory = { nodeId, rows: history.since(Date.now() - windowMs) };
  const others = clustered ? await askOtherNodes<NodeHistory>(() => emitWithAck(nsp, "admin:history", windowMs)) : [];
  const nodes = [own, ...others.filter((h) => h && typeof h.nodeId === "string" && h.nodeId !== nodeId && Array.isArray(h.rows))];
  return { source: "nodes", periodMs, nodes: nodes.sort((a, b) => a.nodeId.localeCompare(b.nodeId)) };
}

/** Prometheus when one is configured and answers; the nodes' own series otherwise. */
export async function readHistory(
  deps: { nsp: AdminNamespace; nodeId: string; history: NodeHistoryBuffer; periodMs: number; clustered: boolean; prometheusUrl: string | null; onPrometheusError(err: Error): void },
  windowMs: number,
): Promise<HistoryReply> {
  if (deps.prometheusUrl) {
    try {
      return await prometheusHistory(deps.prometheusUrl, deps.periodMs, windowMs);
    } catch (err) {
      deps.onPrometheusError(err as Error);
    }
  }
  return gatherHistory(deps.nsp, deps.nodeId, deps.history, deps.periodMs, windowMs, deps.clustered);
}
