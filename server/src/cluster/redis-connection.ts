import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";

export interface ClusterNode {
  host: string;
  port: number;
}
import type { Logger } from "../logger.js";
import { observeCommands, type RedisObserver } from "../patches/command-observer.js";
import type { ReplicaWait } from "../store/replica-wait.js";

/** A connection of this node to Redis: one server, or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** A node's Redis connections: game state, control plane, adapter publish and subscribe, cluster bus subscribe. */
export type RedisRole = "cmd" | "ctl" | "pub" | "sub" | "bus";

export interface RedisSettings {
  /** REDIS_URL: one Redis server, e.g. redis://127.0.0.1:6379. */
  url: string | null;
  /** REDIS_CLUSTER_NODES: host:port,host:port seeds of a Redis Cluster (instead of REDIS_URL). */
  clusterNodes: ClusterNode[];
  /** REDIS_COMMAND_TIMEOUT_MS: a command not answered by then fails (a paused Redis). */
  commandTimeoutMs: number;
  /** REDIS_AUTO_PIPELINE: batch commands issued in one tick into one round trip. */
  autoPipeline: boolean;
  /**
   * REDIS_COMMIT_REPLICAS / REDIS_COMMIT_REPLICAS_TIMEOUT_MS: replicas a commit must reach (Redis
   * WAIT) before the player is answered `ok`, and how long to wait for them; 0 (the default)
   * answers once the master has it.
   */
  commitReplicas?: ReplicaWait;
}

/**
 * Options chosen so an outage gives fast, clear errors instead of hung requests: no offline
 * queue (commands fail at once while disconnected), a command timeout (for a Redis that accepts
 * but does not answer), one retry per request, and endless reconnects with a capped backoff.
 * `CLIENT SETINFO` is not sent: Redis before 7.2 answers it with an error on every connect,
 * which the command observer would count as a Redis failure.
 */
function baseOptions(s: RedisSettings): RedisOptions {
  return {
    disableClientInfo: true,
    enableOfflineQueue: false,
    commandTimeout: s.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: s.autoPipeline,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    lazyConnect: true,
  };
}

/**
 * On a Redis Cluster the fast failures hold for the cluster as a whole, while each node's own
 * connection keeps ioredis's cluster defaults (no reconnect, a queue while it connects): a master
 * that dies is dropped and the slots fetched again, which is how a failover to its replica is
 * followed. A reconnect strategy on the node connections would keep sending to the dead master.
 */
function clusterOptions(options: RedisOptions, role: string): ClusterOptions {
  const { retryStrategy, enableOfflineQueue: _queue, ...node } = options;
  return {
    redisOptions: node,
    enableOfflineQueue: false,
    lazyConnect: true,
    clusterRetryStrategy: (times) => retryStrategy?.(times) ?? null,
    shardedSubscribers: role.startsWith("sub"),
  };
}

export function createRedisClient(s: RedisSettings, role: string, log: Logger, observer?: RedisObserver): RedisClient {
  const options = { ...baseOptions(s), connectionName: `avalon-${role}` };
  const client: RedisClient = s.clusterNodes.length > 0 ? new Cluster(s.clusterNodes, clusterOptions(options, role)) : new Redis(s.url as string, options);
  let down = false;
  client.on("error", (err: Error) => {
    if (!down) log.warn({ role, err: err.message }, "redis connection error");
    down = true;
  });
  client.on("ready", () => {
    if (down) log.info({ role }, "redis connection restored");
    down = false;
  });
  return observer ? observeCommands(client, observer) : client;
}

/** Connects and waits until the client can take commands. */
export async function connectRedis(client: RedisClient): Promise<void> {
  await client.connect();
}

export function parseClusterNodes(raw: string | undefined): ClusterNode[] {
  if (!raw) return [];
  return raw.split(",").map((hp) => {
    const [host, port] = hp.trim().split(":");
    return { host: host as string, port: Number(port) };
  });
}
