import type { Config } from "../config.js";
import type { GameStore } from "../store/game-store.js";
import { MemoryStore } from "../store/memory-store.js";
import { RedisStore } from "../store/redis-store.js";
import type { RedisClients } from "./redis-clients.js";

/** Game state in Redis when the node has Redis, else in this process. */
export function createStore(config: Config, redis: RedisClients | null): GameStore {
  if (!redis) return new MemoryStore({ roomTtlMs: config.roomTtlMs });
  return new RedisStore(redis.cmd, {
    prefix: config.redisPrefix,
    roomTtlMs: config.roomTtlMs,
    commitWindowMs: config.redis.commandTimeoutMs,
    ...(config.redis.commitReplicas ? { replicaWait: config.redis.commitReplicas } : {}),
  });
}
