import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import type { Config } from "../config.js";
import type { Metrics } from "../metrics/metrics.js";
import type { RedisClient } from "../cluster/redis-connection.js";
import type { GameServer } from "../transport/types.js";
import { catchCommandErrors, PUBLISH_METHODS, SUBSCRIBE_METHODS } from "../patches/publish-errors.js";
import { keepShardedSubscriptions } from "../patches/sharded-subscriptions.js";

/**
 * Joins the nodes through Redis pub/sub. Publishes that fail while Redis is down are counted
 * instead of rejecting unhandled (messages published then are lost; clients recover through
 * versioned resync, and a node whose subscriber reconnects resends its rooms' snapshots).
 * Sharded room subscriptions that fail are tried again until they hold.
 */
export function attachRedisAdapter(io: GameServer, pub: RedisClient, sub: RedisClient, config: Config, metrics: Metrics): void {
  const countError = (command: string) => metrics.redisErrors.inc({ command });
  catchCommandErrors(pub, PUBLISH_METHODS, countError, () => metrics.adapterPublished.inc());
  // Room subscriptions change as sockets come and go, also while the connection closes at shutdown.
  catchCommandErrors(sub, SUBSCRIBE_METHODS, countError);
  keepShardedSubscriptions(sub, { onError: countError });
  for (const event of ["messageBuffer", "pmessageBuffer", "smessageBuffer"]) sub.on(event, () => metrics.adapterReceived.inc());
  const adapter =
    config.redisAdapter === "sharded"
      ? createShardedAdapter(pub, sub, { channelPrefix: `${config.redisPrefix}#sio`, subscriptionMode: "dynamic" })
      : createAdapter(pub, sub, { key: `${config.redisPrefix}#sio`, requestsTimeout: 3000 });
  io.adapter(adapter);
}
