import { Cluster, Redis, type RedisOptions } from "ioredis";

export interface ClusterNode {
  host: string;
  port: number;
}
import type { Logger } from "../logger.js";
import { observeCommands, type RedisObserver } from "../patches/command-observer.js";

/** A connection of this node to Redis: one server, or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

export interface RedisSettings {
  /** REDIS_URL: one Redis server, e.g. redis://127.0.0.1:6379. */
  url: string | null;
  /** REDIS_CLUSTER_NODES: host:port,host:port seeds of a Redis Cluster (instead of REDIS_URL). */
  clusterNodes: ClusterNode[];
  /** REDIS_COMMAND_TIMEOUT_MS: a command not answered by then fails (a paused Redis). */
  commandTimeoutMs: number;
  /** REDIS_AUTO_PIPELINE: batch commands issued in one tick into one round trip. */
  autoPipeline: boolean;
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

export function createRedisClient(s: RedisSettings, role: string, log: Logger, observer?: RedisObserver): RedisClient {
  const options = { ...baseOptions(s), connectionName: `avalon-${role}` };
  const client: RedisClient =
    s.clusterNodes.length > 0
      ? new Cluster(s.clusterNodes, { redisOptions: options, enableOfflineQueue: false, lazyConnect: true, clusterRetryStrategy: options.retryStrategy as (t: number) => number, shardedSubscribers: role.startsWith("sub") } as ConstructorParameters<typeof Cluster>[1])
      : new Redis(s.url as string, options);
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
