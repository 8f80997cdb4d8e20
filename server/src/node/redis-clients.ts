import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import { createRedisClient, type RedisClient, type RedisRole } from "../cluster/redis-connection.js";
import { RedisWire, type WireTotals } from "../cluster/redis-wire.js";

export type RedisClients = Record<RedisRole, RedisClient>;

export interface RedisPart {
  /** Null in memory mode (no REDIS_URL nor REDIS_CLUSTER_NODES). */
  readonly clients: RedisClients | null;
  /** Whether every connection is up (always true without Redis). */
  ready(): boolean;
  /** Commands and bytes of each connection since start, by role. */
  wireTotals(): Record<string, WireTotals>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The node's Redis connections, one per role, when Redis is configured. */
export function createRedisClients(config: Config, log: Logger, metrics: Metrics): RedisPart {
  const redisMode = config.redis.url !== null || config.redis.clusterNodes.length > 0;
  const observe = (cmd: string, ms: number, failed: boolean) => metrics.redisCommand(cmd, ms, failed);
  // ctl carries the control plane (heartbeats, room claims, settings) apart from the game's cmd, so each one's traffic is measured alone.
  const clients: RedisClients | null = redisMode
    ? {
        cmd: createRedisClient(config.redis, "cmd", log, observe),
        ctl: createRedisClient(config.redis, "ctl", log, observe),
        pub: createRedisClient(config.redis, "pub", log),
        sub: createRedisClient(config.redis, "sub", log),
        bus: createRedisClient(config.redis, "bus", log),
      }
    : null;
  const all = clients ? Object.values(clients) : [];
  const wires = clients ? Object.entries(clients).map(([role, client]) => ({ role, wire: new RedisWire(client) })) : [];
  return {
    clients,
    ready: () => all.every((c) => c.status === "ready"),
    wireTotals: () => Object.fromEntries(wires.map((w) => [w.role, w.wire.totals()])),
    async start() {
      await Promise.all(all.map((c) => c.connect()));
    },
    async stop() {
      await Promise.all(all.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
