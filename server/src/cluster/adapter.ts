import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import type { Config } from "../config.js";
import type { AdapterChannel, Metrics } from "../metrics/metrics.js";
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
  const prefix = `${config.redisPrefix}#sio#`;
  const onMessage = (channel: Buffer) => metrics.adapterMessage(adapterChannel(channel, prefix));
  sub.on("messageBuffer", onMessage);
  sub.on("smessageBuffer", onMessage);
  sub.on("pmessageBuffer", (_pattern: Buffer, channel: Buffer) => onMessage(channel));
  const adapter =
    config.redisAdapter === "sharded"
      ? createShardedAdapter(pub, sub, { channelPrefix: shardedChannelPrefix(config), subscriptionMode: "dynamic" })
      : createAdapter(pub, sub, { key: `${config.redisPrefix}#sio`, requestsTimeout: 3000 });
  io.adapter(adapter);
}

const shardedChannelPrefix = (config: Config) => `${config.redisPrefix}#sio`;

/**
 * The channel on which the sharded adapter (its "dynamic" mode) carries broadcasts to one room of
 * the game namespace; a node is subscribed to it while one of its sockets is in the room.
 */
export const shardedRoomChannel = (config: Config, room: string): string => `${shardedChannelPrefix(config)}#/#${room}#`;

/**
 * Which kind of adapter channel a message came on: a namespace's own channel (`<prefix><nsp>#`),
 * which every node receives, or a longer one (a room's, a player's, or this node's replies). The
 * classic adapter's request and response channels, outside the prefix, count as "all".
 */
export function adapterChannel(channel: Buffer, prefix: string): AdapterChannel {
  const name = channel.toString("latin1");
  if (!name.startsWith(prefix)) return "all";
  const rest = name.slice(prefix.length);
  return rest.indexOf("#") === rest.length - 1 ? "all" : "room";
}
