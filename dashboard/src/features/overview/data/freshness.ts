import type { ClusterSnapshot, NodeSnapshot } from "@avalon/protocol";

/** `live`: on time; `late`: a snapshot is overdue; `stale`: the figures have stopped. */
export type Freshness = "live" | "late" | "stale";

/** Thresholds in ticker periods. A node's own figures travel through the cluster store, so allow it one more period. */
export const CLUSTER_LATE_PERIODS = 1.5;
export const CLUSTER_STALE_PERIODS = 5;
export const NODE_LATE_PERIODS = 2.5;
export const NODE_STALE_PERIODS = 5;

export interface Received {
  snapshot: ClusterSnapshot;
  /** The browser's clock when it arrived: time since then is counted on one clock only. */
  receivedAt: number;
}

/**
 * How old the cluster view is now: how long the serving node had been waiting on the cluster
 * store when it sent the snapshot, plus how long ago it arrived.
 */
export function clusterAgeMs({ snapshot, receivedAt }: Received, now: number): number {
  return Math.max(0, snapshot.sentAt - snapshot.ts) + Math.max(0, now - receivedAt);
}

/** How old one node's figures are now (its own sample time on the serving node's clock). */
export function nodeAgeMs(node: Pick<NodeSnapshot, "ts">, { snapshot, receivedAt }: Received, now: number): number {
  return Math.max(0, snapshot.sentAt - node.ts) + Math.max(0, now - receivedAt);
}

export function freshness(ageMs: number, periodMs: number, latePeriods: number, stalePeriods: number): Freshness {
  if (ageMs > stalePeriods * periodMs) return "stale";
  if (ageMs > latePeriods * periodMs) return "late";
  return "live";
}

/** "just now", "4 s ago", "3 min ago". */
export function agoWords(ageMs: number): string {
  const s = Math.floor(ageMs / 1000);
  if (s < 1) return "just now";
  if (s < 120) return `${s} s ago`;
  return `${Math.floor(s / 60)} min ago`;
}
