import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { ClusterServices } from "../cluster/cluster-services.js";
import { LocalCluster } from "../cluster/local-cluster.js";
import { RedisCluster } from "../cluster/redis-cluster.js";
import type { RedisClients } from "./redis-clients.js";

export interface ClusterPart {
  readonly cluster: ClusterServices;
  /** Subscribes to the cluster bus; call once the Redis connections are up. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What this node shares with the others: over Redis when it has Redis, else in this process. */
export function createClusterPart(config: Config, redis: RedisClients | null, log: Logger): ClusterPart {
  if (!redis) {
    const cluster = new LocalCluster();
    return { cluster, start: async () => {}, stop: () => cluster.close() };
  }
  const cluster = new RedisCluster(redis.ctl, redis.bus, config.redisPrefix, log, config.nodeId);
  return { cluster, start: () => cluster.start(), stop: () => cluster.close() };
}
