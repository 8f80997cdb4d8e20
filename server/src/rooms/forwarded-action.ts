import type { EngineAction, NodeId, RoomId } from "@avalon/protocol";
import type { ActMeta } from "./apply-batch.js";
import type { ActResult } from "./room-service.js";

/**
 * What nodes send each other about room ownership, on each node's own channel of the cluster
 * bus. Internal: the result carries the unfiltered state, as other internal events do.
 */
export type NodeMessage =
  /**
   * An action sent to the node that holds its room's lease. With `ackInCommit` the sender hears
   * the room's commit messages and needs only the version: an accepted action is then answered
   * inside its commit's message instead of by a reply.
   */
  | { type: "act"; id: string; from: NodeId; roomId: RoomId; action: EngineAction; meta: ActMeta; ackInCommit?: true }
  /** The owner's answer; `leaseLeftMs` 0 when it no longer holds the room. */
  | { type: "acted"; id: string; from: NodeId; roomId: RoomId; result: ActResult; leaseLeftMs: number };

/** Carries node messages; in memory there is no other node, so nothing is ever delivered. */
export interface NodeBus {
  /** Sends to one node's channel: false when no node listens there (that node is gone), where the bus can tell. */
  sendToNode(nodeId: NodeId, message: NodeMessage): Promise<boolean>;
  onNodeMessage(handler: (message: NodeMessage) => void): void;
}

/** What a commit's message tells the other nodes of its room besides the patch and the views. */
export interface CommitNote {
  /** The forwarded actions this commit accepted, by forward id, each with its version. */
  acks: { id: string; version: number }[];
  /** The node that committed, and how long its lease on the room has left (0: it holds none). */
  owner: NodeId;
  leaseLeftMs: number;
}
