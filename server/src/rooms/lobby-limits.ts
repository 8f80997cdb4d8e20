import type { RoomId } from "@avalon/protocol";
import type { ClusterServices } from "../cluster/cluster-services.js";
import { SYSTEM_ACTOR } from "../engine/state.js";
import type { Logger } from "../logger.js";
import type { GameStore } from "../store/game-store.js";
import { LobbyQuota } from "./lobby-quota.js";
import { LobbyReaper } from "./lobby-reaper.js";
import type { RoomService } from "./room-service.js";

export interface LobbyLimitsDeps {
  rooms: RoomService;
  store: GameStore;
  cluster: Pick<ClusterServices, "listActivity">;
  nodeId: string;
  /** Sockets of this node in a room's channel. */
  localSockets: (roomId: RoomId) => number;
  graceMs: number;
  maxPerAddress: number;
  log: Logger;
  onReaped?(): void;
}

/**
 * The two bounds on lobbies a node holds: the reaper closing lobbies nobody is connected to, and
 * the per-address quota of open lobbies. Connections count cluster-wide: this node's sockets now,
 * other nodes' from the activity they published in the last second.
 */
export function createLobbyLimits(deps: LobbyLimitsDeps): { quota: LobbyQuota; reaper: LobbyReaper } {
  const { rooms, store } = deps;
  const quota = new LobbyQuota({
    max: () => deps.maxPerAddress,
    isOpenLobby: async (roomId) => rooms.openRooms.has(roomId) && (await store.load(roomId))?.state.phase === "lobby",
  });
  const reaper = new LobbyReaper({
    openRooms: () => rooms.openRooms,
    load: (roomId) => store.load(roomId).then((r) => r?.state ?? null),
    close: (roomId) => rooms.act(roomId, { type: "close", playerId: SYSTEM_ACTOR }).then(() => undefined),
    connections: async () => {
      const activity = await deps.cluster.listActivity();
      return (roomId) => {
        let n = deps.localSockets(roomId);
        for (const [nodeId, byRoom] of Object.entries(activity)) if (nodeId !== deps.nodeId) n += byRoom[roomId]?.sockets ?? 0;
        return n;
      };
    },
    graceMs: deps.graceMs,
    log: deps.log,
    ...(deps.onReaped ? { onReaped: deps.onReaped } : {}),
    afterSweep: (open) => quota.prune(open),
  });
  return { quota, reaper };
}
