import type { NodeId, RoomId } from "@avalon/protocol";
import type { RoomActivity } from "../cluster/cluster-services.js";

/**
 * The rooms `nodeId` hosts, for the rooms gauge. Players of one room may sit on several nodes;
 * the room is hosted by the node holding most of its sockets (a tie goes to the lowest node id).
 * Every node decides from the same activity records that all nodes publish, so each room with
 * connected sockets counts on exactly one node and `sum(avalon_rooms)` is the cluster's count.
 */
export function hostedRooms(nodeId: NodeId, activity: Record<NodeId, Record<RoomId, RoomActivity>>): Set<RoomId> {
  const host = new Map<RoomId, { nodeId: NodeId; sockets: number }>();
  for (const id of Object.keys(activity).sort()) {
    for (const [roomId, a] of Object.entries(activity[id] ?? {})) {
      if (a.sockets <= 0) continue;
      const best = host.get(roomId);
      if (!best || a.sockets > best.sockets) host.set(roomId, { nodeId: id, sockets: a.sockets });
    }
  }
  const out = new Set<RoomId>();
  for (const [roomId, h] of host) if (h.nodeId === nodeId) out.add(roomId);
  return out;
}
