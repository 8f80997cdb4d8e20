import type { NodeSnapshot, RoomStats } from "@avalon/protocol";

export interface ConfirmText {
  title: string;
  body: string;
  confirmLabel: string;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Names the node and what it holds, so nobody drains the wrong one by reflex. */
export function drainConfirm(node: Pick<NodeSnapshot, "nodeId" | "connections" | "rooms">): ConfirmText {
  return {
    title: `Drain node ${node.nodeId}?`,
    body:
      `It holds ${count(node.connections, "connection", "connections")} and ${count(node.rooms, "room", "rooms")}. ` +
      "It stops accepting new connections and asks its clients to move to the other nodes; " +
      "games continue there, but every player on it reconnects once.",
    confirmLabel: `Drain ${node.nodeId}`,
  };
}

/** A drain that leaves no node serving: said plainly, with a different button. */
export function lastNodeDrainConfirm(node: Pick<NodeSnapshot, "nodeId" | "connections" | "rooms">): ConfirmText {
  return {
    title: `Drain ${node.nodeId}, the last serving node?`,
    body:
      `No other node is serving players. Draining ${node.nodeId} disconnects its ${count(node.connections, "connection", "connections")} ` +
      `with nowhere to go and refuses every new player: the service stops until you cancel the drain or start another node.`,
    confirmLabel: `Drain ${node.nodeId} anyway`,
  };
}

/** A cap below what the node holds: nobody is cut off, but every newcomer is refused for a while. */
export function capBelowConnectionsConfirm(node: Pick<NodeSnapshot, "nodeId" | "connections">, cap: number): ConfirmText {
  return {
    title: `Cap ${node.nodeId} below its current connections?`,
    body:
      `${node.nodeId} holds ${count(node.connections, "connection", "connections")}; a cap of ${cap} is below that. ` +
      `Connected players stay, but every new connection to this node is refused with server_full until fewer than ${cap} remain.`,
    confirmLabel: `Set cap to ${cap}`,
  };
}

export function closeRoomConfirm(room: Pick<RoomStats, "roomId" | "players" | "spectators" | "phase">): ConfirmText {
  return {
    title: `Close room ${room.roomId}?`,
    body:
      `It has ${count(room.players, "player", "players")} and ${count(room.spectators, "spectator", "spectators")} ` +
      `(phase: ${room.phase.replace("_", " ")}). The game ends for everyone in it; this cannot be undone.`,
    confirmLabel: `Close ${room.roomId}`,
  };
}
