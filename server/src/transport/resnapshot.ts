import type { RoomId } from "@avalon/protocol";
import type { GameState } from "../engine/state.js";
import type { Logger } from "../logger.js";
import { channelRoom, roomChannel } from "./channels.js";
import { isMember, snapshotOf } from "./game-handlers.js";
import type { GameServer } from "./types.js";

export interface ResnapshotDeps {
  io: GameServer;
  load: (roomId: RoomId) => Promise<GameState | null>;
  log: Logger;
  /** Tries per room while the store is not back yet, and the pause between them, ms. */
  tries?: number;
  pauseMs?: number;
}

/**
 * Sends every member on this node a snapshot of each room it is in. Run when this node's adapter
 * subscriber comes back from an outage: patches published meanwhile were lost, and a client only
 * notices a missed patch when a later one arrives, which may never happen (the table waits on it).
 */
export async function resnapshotLocalRooms(deps: ResnapshotDeps): Promise<number> {
  const game = deps.io.of("/");
  const roomIds = [...game.adapter.rooms.keys()].map(channelRoom).filter((id): id is RoomId => id !== null);
  let sent = 0;
  await Promise.all(
    roomIds.map(async (roomId) => {
      const state = await loadWithRetry(deps, roomId);
      if (!state) return;
      for (const id of game.adapter.rooms.get(roomChannel(roomId)) ?? []) {
        const socket = game.sockets.get(id);
        if (!socket || !isMember(state, socket.data.playerId)) continue;
        socket.emit("room:snapshot", snapshotOf(state, socket.data.playerId));
        sent++;
      }
    }),
  );
  deps.log.info({ rooms: roomIds.length, snapshots: sent }, "resent room snapshots after the adapter reconnected");
  return sent;
}

async function loadWithRetry(deps: ResnapshotDeps, roomId: RoomId): Promise<GameState | null> {
  const tries = deps.tries ?? 20;
  for (let i = 0; i < tries; i++) {
    try {
      return await deps.load(roomId);
    } catch {
      await new Promise((r) => setTimeout(r, deps.pauseMs ?? 250));
    }
  }
  return null;
}
