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

export function closeRoomConfirm(room: Pick<RoomStats, "roomId" | "players" | "spectators" | "phase">): ConfirmText {
  return {
    title: `Close room ${room.roomId}?`,
    body:
      `It has ${count(room.players, "player", "players")} and ${count(room.spectators, "spectator", "spectators")} ` +
      `(phase: ${room.phase.replace("_", " ")}). The game ends for everyone in it; this cannot be undone.`,
    confirmLabel: `Close ${room.roomId}`,
  };
}
