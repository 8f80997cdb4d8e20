import type { AuditEntry, Limits, NodeId, NodeSnapshot, Phase, RoomId } from "@avalon/protocol";
import type { NodeBus } from "../rooms/forwarded-action.js";

/** The public summary of a room shown in the admin room list (no hidden information). */
export interface RoomSummary {
  roomId: RoomId;
  phase: Phase;
  players: number;
  spectators: number;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** An operator command addressed to one node (or every node), carried by the cluster bus. */
export type NodeCommand =
  | { type: "drain"; nodeId: NodeId }
  | { type: "cancel_drain"; nodeId: NodeId }
  | { type: "set_node_cap"; nodeId: NodeId; maxConnections: number }
  | { type: "clear_node_cap"; nodeId: NodeId }
  | { type: "close_room"; roomId: string };

/** Runtime limits stored cluster-wide, and the per-node connection caps operators set. */
export interface SharedLimits {
  /** Limits stored cluster-wide, or null when none were ever set. */
  loadLimits(): Promise<Partial<Limits> | null>;
  /** Stores the merged limits and tells every node (this one included). */
  publishLimits(limits: Limits): Promise<void>;
  onLimits(handler: (limits: Limits) => void): void;
  /** Per-node connection caps set by operators. */
  loadNodeCaps(): Promise<Record<NodeId, number>>;
}

/** Operator commands, delivered to every node (a node cap is also kept for nodes that start later). */
export interface CommandBus {
  publishCommand(cmd: NodeCommand): Promise<void>;
  onCommand(handler: (cmd: NodeCommand) => void): void;
}

/** The live nodes, each kept by its own heartbeat. */
export interface NodeRegistry {
  /** Writes this node's heartbeat; it expires after `ttlMs` unless renewed. */
  heartbeat(snapshot: NodeSnapshot, ttlMs: number): Promise<void>;
  removeNode(nodeId: NodeId): Promise<void>;
  /** Live nodes only: expired heartbeats are dropped. */
  listNodes(): Promise<NodeSnapshot[]>;
}

/** Which node lists each room. */
export interface RoomClaims {
  /**
   * Claims the listing of rooms for `nodeId` for `ttlMs`: a claim holds unless another node claimed
   * the room at the same or a newer version and has not let it lapse. Returns the rooms lost to
   * another node. Each room's claim is its own key, so claims spread like the rooms.
   */
  claimRooms(nodeId: NodeId, rooms: { roomId: RoomId; version: number }[], ttlMs: number): Promise<RoomId[]>;
}

/** This node's own channel, for actions forwarded to the rooms it owns. */
export interface NodeChannel extends NodeBus {
  /**
   * Stops listening on this node's own channel (at shutdown, before the server closes): actions
   * sent to it from then on find nobody listening, and their senders take the rooms over at once.
   */
  leaveNodeChannel(): Promise<void>;
}

/** The operators' audit log, newest first, capped at AUDIT_KEPT entries. */
export interface AuditLog {
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;
}

/**
 * What nodes share besides game state. In memory for the embedded single node; in Redis for a
 * cluster, where a change made on one node reaches every node within a second and is kept for
 * nodes that start later. Each consumer takes only the parts it uses.
 */
export interface ClusterServices extends SharedLimits, CommandBus, NodeRegistry, RoomClaims, NodeChannel, AuditLog {
  readonly kind: "memory" | "redis";
  close(): Promise<void>;
}

export const AUDIT_KEPT = 1000;
