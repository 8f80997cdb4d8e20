import type { Config } from "../config.js";
import type { NodeChannel, NodeRegistry } from "../cluster/cluster-services.js";
import type { RoomService } from "../rooms/room-service.js";
import type { GameStore } from "../store/game-store.js";

interface Stoppable {
  stop(): Promise<void>;
}

export interface ShutdownParts {
  stats: Stoppable;
  game: Stoppable;
  admin: Stoppable;
  cluster: Pick<NodeRegistry, "removeNode"> & Pick<NodeChannel, "leaveNodeChannel">;
  rooms: Pick<RoomService, "idle">;
  sockets: Stoppable;
  store: GameStore;
  clusterPart: Stoppable;
  redis: Stoppable;
}

/**
 * The closing steps of the one shutdown path, run in this order once clients are gone: the
 * periodic work first, then this node leaves the registry and its channel (so other nodes take its
 * rooms over), then the server, the store, the cluster services and Redis under them.
 */
export function shutdownSteps(config: Config, p: ShutdownParts): { name: string; close: () => Promise<void> }[] {
  return [
    {
      name: "stop_ticker",
      close: async () => {
        await p.stats.stop();
        await p.game.stop();
        await p.admin.stop();
      },
    },
    { name: "leave_registry", close: () => p.cluster.removeNode(config.nodeId) },
    {
      name: "leave_node_channel",
      close: async () => {
        await p.cluster.leaveNodeChannel();
        // Actions forwarded here before that still reach the room through this server.
        await Promise.race([p.rooms.idle(), new Promise((r) => setTimeout(r, config.shutdownGraceMs).unref())]);
      },
    },
    { name: "close_server", close: () => p.sockets.stop() },
    { name: "close_store", close: () => p.store.close() },
    { name: "close_cluster", close: () => p.clusterPart.stop() },
    { name: "close_redis", close: () => p.redis.stop() },
  ];
}
