import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import { attachRedisAdapter } from "../cluster/adapter.js";
import type { GameStore } from "../store/game-store.js";
import { resnapshotLocalRooms } from "../transport/resnapshot.js";
import type { GameServer } from "../transport/types.js";
import type { RedisClients } from "./redis-clients.js";

export interface AdapterDeps {
  io: GameServer;
  redis: RedisClients | null;
  store: GameStore;
  metrics: Metrics;
  log: Logger;
}

/**
 * Joins this node's Socket.IO to the others' through Redis (none without Redis). It closes with
 * Socket.IO, and its connections with the node's other Redis connections.
 */
export function createClusterAdapter(config: Config, deps: AdapterDeps): { start(): Promise<void> } {
  const { io, redis, store, log } = deps;
  return {
    async start() {
      if (!redis) return;
      attachRedisAdapter(io, redis.pub, redis.sub, config, deps.metrics);
      let subscriberDown = false;
      redis.sub.on("close", () => {
        subscriberDown = true;
      });
      redis.sub.on("ready", () => {
        if (!subscriberDown) return;
        subscriberDown = false;
        // The ping is answered after the resubscriptions sent on reconnect: no patch falls between.
        void redis.sub
          .ping()
          .catch(() => undefined)
          .then(() => resnapshotLocalRooms({ io, load: (roomId) => store.load(roomId).then((r) => r?.state ?? null), log }));
      });
    },
  };
}
