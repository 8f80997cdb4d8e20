import type { EngineAction, NodeId, RoomId } from "@avalon/protocol";
import type { ActMeta } from "./apply-batch.js";
import type { ActResult } from "./room-service.js";

/**
 * What nodes send each other about room ownership, on each node's own channel of the cluster
 * bus. Internal: the result carries the unfiltered state, as other internal events do.
 */
export type NodeMessage =
  /** An action sent to the node that holds its room's lease. */
  | { type: "act"; id: string; from: NodeId; roomId: RoomId; action: EngineAction; meta: ActMeta }
  /** The owner's answer; `leaseLeftMs` 0 when it no longer holds the room. */
  | { type: "acted"; id: string; from: NodeId; roomId: RoomId; result: ActResult; leaseLeftMs: number };

/** Carries node messages; in memory there is no other node, so nothing is ever delivered. */
export interface NodeBus {
  /** Sends to one node's channel: false when no node listens there (that node is gone), where the bus can tell. */
  sendToNode(nodeId: NodeId, message: NodeMessage): Promise<boolean>;
  onNodeMessage(handler: (message: NodeMessage) => void): void;
}
