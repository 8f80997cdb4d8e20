import type { RoomId } from "@avalon/protocol";
import { SYSTEM_ACTOR } from "../engine/state.js";
import type { Logger } from "../logger.js";
import type { GameStore } from "../store/game-store.js";
import { LobbyQuota } from "./lobby-quota.js";
import { LobbyReaper } from "./lobby-reaper.js";
import type { RoomService } from "./room-service.js";

export interface LobbyLimitsDeps {
  rooms: RoomService;
  store: GameStore;
  /** Sockets of this node in a room's channel. */
  localSockets: (roomId: RoomId) => number;
  /** Sockets of the other nodes in these rooms, asked of them. */
  remoteSockets: (roomIds: RoomId[]) => Promise<Record<RoomId, number>>;
  graceMs: number;
  maxPerAddress: number;
  log: Logger;
  onReaped?(): void;
}

/**
 * The two bounds on lobbies a node holds: the reaper closing lobbies nobody is connected to, and
 * the per-address quota of open lobbies. Connections count cluster-wide: this node's sockets, and
 * for the lobbies where it has none, the other nodes' (asked once per pass, for those rooms only).
 */
export function createLobbyLimits(deps: LobbyLimitsDeps): { quota: LobbyQuota; reaper: LobbyReaper } {
  const { rooms, store } = deps;
  const quota = new LobbyQuota({
    max: () => deps.maxPerAddress,
    isOpenLobby: async (roomId) => {
      if (!rooms.openRooms.has(roomId)) return false;
      // When the store cannot answer the lobby still counts, and the request meets the outage itself (`unavailable`).
      const state = await store.load(roomId).then((r) => r?.state ?? null, () => undefined);
      return state === undefined || state?.phase === "lobby";
    },
  });
  const reaper = new LobbyReaper({
    openRooms: () => rooms.openRooms,
    load: (roomId) => store.load(roomId).then((r) => r?.state ?? null),
    close: (roomId) => rooms.act(roomId, { type: "close", playerId: SYSTEM_ACTOR }).then(() => undefined),
    connections: async () => {
      const unseen = [...rooms.openRooms].filter((roomId) => deps.localSockets(roomId) === 0);
      const remote = unseen.length ? await deps.remoteSockets(unseen) : {};
      return (roomId) => deps.localSockets(roomId) + (remote[roomId] ?? 0);
    },
    graceMs: deps.graceMs,
    log: deps.log,
    ...(deps.onReaped ? { onReaped: deps.onReaped } : {}),
    afterSweep: (open) => quota.prune(open),
  });
  return { quota, reaper };
}
