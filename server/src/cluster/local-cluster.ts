import type { AuditEntry, Limits, NodeId, NodeSnapshot, RoomId } from "@avalon/protocol";
import { AUDIT_KEPT, type ClusterServices, type NodeCommand } from "./cluster-services.js";

/** The embedded default: one node, so the "cluster" is this process. */
export class LocalCluster implements ClusterServices {
  readonly kind = "memory" as const;
  private limits: Partial<Limits> | null = null;
  private readonly caps: Record<NodeId, number> = {};
  private readonly limitHandlers: ((l: Limits) => void)[] = [];
  private readonly commandHandlers: ((c: NodeCommand) => void)[] = [];
  private readonly nodes = new Map<NodeId, { snapshot: NodeSnapshot; expires: number }>();
  private readonly audit: AuditEntry[] = [];

  async loadLimits(): Promise<Partial<Limits> | null> {
    return this.limits ? { ...this.limits } : null;
  }

  async publishLimits(limits: Limits): Promise<void> {
    this.limits = { ...limits };
    for (const h of this.limitHandlers) h({ ...limits });
  }

  onLimits(handler: (limits: Limits) => void): void {
    this.limitHandlers.push(handler);
  }

  async loadNodeCaps(): Promise<Record<NodeId, number>> {
    return { ...this.caps };
  }

  async publishCommand(cmd: NodeCommand): Promise<void> {
    if (cmd.type === "set_node_cap") this.caps[cmd.nodeId] = cmd.maxConnections;
    if (cmd.type === "clear_node_cap") delete this.caps[cmd.nodeId];
    for (const h of this.commandHandlers) h(cmd);
  }

  onCommand(handler: (cmd: NodeCommand) => void): void {
    this.commandHandlers.push(handler);
  }

  async heartbeat(snapshot: NodeSnapshot, ttlMs: number): Promise<void> {
    this.nodes.set(snapshot.nodeId, { snapshot, expires: Date.now() + ttlMs });
  }

  async removeNode(nodeId: NodeId): Promise<void> {
    this.nodes.delete(nodeId);
  }

  async listNodes(): Promise<NodeSnapshot[]> {
    const now = Date.now();
    for (const [id, n] of this.nodes) if (n.expires < now) this.nodes.delete(id);
    return [...this.nodes.values()].map((n) => n.snapshot);
  }

  /** One node lists every room. */
  async claimRooms(): Promise<RoomId[]> {
    return [];
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.push(entry);
    if (this.audit.length > AUDIT_KEPT) this.audit.splice(0, this.audit.length - AUDIT_KEPT);
  }

  async listAudit(limit: number): Promise<AuditEntry[]> {
    return this.audit.slice(-limit).reverse();
  }

  /** No other node listens: the one node owns every room. */
  async sendToNode(): Promise<boolean> {
    return false;
  }

  onNodeMessage(): void {}

  async leaveNodeChannel(): Promise<void> {}

  async close(): Promise<void> {}
}
