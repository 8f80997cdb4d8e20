import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import type { Config } from "../config.js";
import type { Metrics } from "../metrics/metrics.js";
import type { RedisClient } from "../store/redis-store.js";
import type { GameServer } from "../transport/types.js";
import { keepShardedSubscriptions } from "./subscriptions.js";

/**
 * Joins the nodes through Redis pub/sub. The adapter fires publishes without handling their
 * promise, so a Redis outage would surface as unhandled rejections: publishes are wrapped to
 * count errors instead (messages published while Redis is down are lost; clients recover
 * through versioned resync, and a node whose subscriber reconnects resends its rooms' snapshots).
 * Sharded room subscriptions that fail are tried again until they hold.
 */
export function attachRedisAdapter(io: GameServer, pub: RedisClient, sub: RedisClient, config: Config, metrics: Metrics): void {
  guard(pub, ["publish", "spublish"], metrics, () => metrics.adapterPublished.inc());
  // Room subscriptions change as sockets come and go, also while the connection closes at shutdown.
  guard(sub, ["subscribe", "psubscribe", "unsubscribe", "punsubscribe"], metrics);
  keepShardedSubscriptions(sub, { onError: (command) => metrics.redisErrors.inc({ command }) });
  for (const event of ["messageBuffer", "pmessageBuffer", "smessageBuffer"]) sub.on(event, () => metrics.adapterReceived.inc());
  const adapter =
    config.redisAdapter === "sharded"
      ? createShardedAdapter(pub, sub, { channelPrefix: `${config.redisPrefix}#sio`, subscriptionMode: "dynamic" })
      : createAdapter(pub, sub, { key: `${config.redisPrefix}#sio`, requestsTimeout: 3000 });
  io.adapter(adapter);
}

function guard(client: RedisClient, methods: string[], metrics: Metrics, onCall?: () => void): void {
  const target = client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const method of methods) {
    const original = target[method]?.bind(client);
    if (!original) continue;
    target[method] = (...args: unknown[]) => {
      onCall?.();
      return original(...args).catch(() => {
        metrics.redisErrors.inc({ command: method });
        return 0;
      });
    };
  }
}
