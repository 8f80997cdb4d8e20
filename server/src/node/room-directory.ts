import type { RoomId } from "@avalon/protocol";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { RoomClaims } from "../cluster/cluster-services.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Traffic } from "../metrics/traffic.js";
import { roomGather, type LocalRooms, type RoomGather } from "../admin/room-gather.js";
import { OwnRooms } from "../rooms/own-rooms.js";
import { roomChannel } from "../transport/channels.js";
import type { AdminNamespace, GameNamespace } from "../transport/types.js";

export interface RoomDirectory {
  /** The rooms this node lists, claimed in the cluster. */
  readonly ownRooms: OwnRooms;
  readonly localRooms: LocalRooms;
  /** Room lists and activity asked of every node. */
  readonly gather: RoomGather;
  /** Sockets of this node in a room's channel. */
  localSockets(roomId: RoomId): number;
}

export interface RoomDirectoryDeps {
  game: GameNamespace;
  admin: AdminNamespace;
  claims: RoomClaims;
  /** Whether other nodes share this one's adapter, so they can be asked. */
  clustered: boolean;
  metrics: Metrics;
  traffic: Traffic;
  log: Logger;
}

/** Which rooms this node lists and what it sees of any room, and how to ask the other nodes the same. */
export function createRoomDirectory(config: Config, deps: RoomDirectoryDeps): RoomDirectory {
  const { game, metrics } = deps;
  const localSockets = (roomId: RoomId) => game.adapter.rooms.get(roomChannel(roomId))?.size ?? 0;
  const ownRooms = new OwnRooms({
    nodeId: config.nodeId,
    cluster: deps.claims,
    claimTtlMs: config.roomIndexTtlMs,
    roomTtlMs: config.roomTtlMs,
    localSockets,
    log: deps.log,
    onClaimed: (n) => metrics.roomClaimsWritten.inc(n),
  });
  const localRooms: LocalRooms = { nodeId: config.nodeId, own: ownRooms, sockets: localSockets, rate: (roomId) => deps.traffic.roomRate(roomId) };
  return { ownRooms, localRooms, gather: roomGather(deps.admin, localRooms, deps.clustered), localSockets };
}
