import type { NodeId, RoomId, RoomPlayer } from "@avalon/protocol";
import type { GameStore } from "../store/game-store.js";
import { roomChannel } from "../transport/channels.js";
import type { GameNamespace } from "../transport/types.js";

/**
 * The seats of a room with whether each player has a socket in the room's channel, and on which
 * nodes (fetched over the adapter, so sockets on other nodes count). Roles are never read.
 */
export async function roomPlayers(store: GameStore, game: GameNamespace, roomId: RoomId): Promise<RoomPlayer[]> {
  const [record, sockets] = await Promise.all([store.load(roomId), game.in(roomChannel(roomId)).fetchSockets().catch(() => [])]);
  if (!record) return [];
  const where = new Map<string, Set<NodeId>>();
  for (const s of sockets) {
    const nodes = where.get(s.data.playerId) ?? new Set<NodeId>();
    if (s.data.nodeId) nodes.add(s.data.nodeId);
    where.set(s.data.playerId, nodes);
  }
  return record.state.seats.map((seat) => ({
    playerId: seat.id,
    name: seat.name,
    seat: seat.seat,
    host: seat.id === record.state.hostId,
    connected: where.has(seat.id),
    nodes: [...(where.get(seat.id) ?? [])].sort(),
  }));
}
