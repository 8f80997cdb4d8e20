import type { NodeSnapshot } from "@avalon/protocol";

/** A node that was in the cluster and no longer reports: kept until an operator dismisses it. */
export interface LostNode {
  nodeId: string;
  /** Its last heartbeat's time. */
  lastSeen: number;
  /** Its last figures. */
  last: NodeSnapshot;
}

/**
 * Follows which nodes report. A node missing from a fresh read of the cluster is lost; one that
 * comes back is no longer. Only fresh reads count: a stalled read says nothing about the nodes.
 */
export class LostNodes {
  private readonly seen = new Map<string, NodeSnapshot>();
  private readonly lost = new Map<string, LostNode>();
  private readonly dismissed = new Set<string>();

  observe(nodes: readonly NodeSnapshot[]): void {
    const present = new Set(nodes.map((n) => n.nodeId));
    for (const n of nodes) {
      this.seen.set(n.nodeId, n);
      this.lost.delete(n.nodeId);
      this.dismissed.delete(n.nodeId);
    }
    for (const [id, last] of this.seen) {
      if (!present.has(id) && !this.lost.has(id) && !this.dismissed.has(id)) this.lost.set(id, { nodeId: id, lastSeen: last.ts, last });
    }
  }

  dismiss(nodeId: string): void {
    this.lost.delete(nodeId);
    this.seen.delete(nodeId);
    this.dismissed.add(nodeId);
  }

  list(): LostNode[] {
    return [...this.lost.values()].sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  }
}
