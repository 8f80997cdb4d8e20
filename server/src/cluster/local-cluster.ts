import type { AuditEntry, Limits, NodeId, NodeSnapshot, RoomId } from "@avalon/protocol";
import { AUDIT_KEPT, type ClusterServices, type NodeCommand, type RoomActivity, type RoomSummary } from "./cluster-services.js";

/** The embedded default: one node, so the "cluster" is this process. */
export class LocalCluster implements ClusterServices {
  readonly kind = "memory" as const;
  private limits: Partial<Limits> | null = null;
  private readonly caps: Record<NodeId, number> = {};
  private readonly limitHandlers: ((l: Limits) => void)[] = [];
  private readonly commandHandlers: ((c: NodeCommand) => void)[] = [];
  private readonly nodes = new Map<NodeId, { snapshot: NodeSnapshot; expires: number }>();
  private readonly audit: AuditEntry[] = [];
  private readonly roomIndex = new Map<RoomId, RoomSummary>();
  private readonly activity = new Map<NodeId, { rooms: Record<RoomId, RoomActivity>; expires: number }>();

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

  async indexRoom(summary: RoomSummary): Promise<void> {
    this.roomIndex.set(summary.roomId, { ...summary });
  }

  async unindexRooms(roomIds: RoomId[]): Promise<void> {
    for (const id of roomIds) this.roomIndex.delete(id);
  }

  async listRoomIndex(): Promise<RoomSummary[]> {
    return [...this.roomIndex.values()];
  }

  async publishActivity(nodeId: NodeId, activity: Record<RoomId, RoomActivity>, ttlMs: number): Promise<void> {
    this.activity.set(nodeId, { rooms: activity, expires: Date.now() + ttlMs });
  }

  async listActivity(): Promise<Record<NodeId, Record<RoomId, RoomActivity>>> {
    const now = Date.now();
    const out: Record<NodeId, Record<RoomId, RoomActivity>> = {};
    for (const [id, a] of this.activity) if (a.expires >= now) out[id] = a.rooms;
    return out;
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
