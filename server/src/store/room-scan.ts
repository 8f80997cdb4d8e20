import { Cluster } from "ioredis";
import type { RoomId } from "@avalon/protocol";
import type { RedisClient } from "../cluster/redis-connection.js";
import type { RedisKeys } from "./redis-keys.js";

/** The ids of every stored room, by SCAN over each master (a Redis Cluster spreads them). */
export async function scanRoomIds(redis: RedisClient, keys: RedisKeys): Promise<RoomId[]> {
  const match = keys.room("*");
  const servers = redis instanceof Cluster ? redis.nodes("master") : [redis];
  const ids = new Set<RoomId>();
  for (const server of servers) {
    let cursor = "0";
    do {
      const [next, found] = await server.scan(cursor, "MATCH", match, "COUNT", 1000);
      cursor = next;
      for (const key of found) ids.add(key.slice(key.indexOf("{") + 1, key.lastIndexOf("}")));
    } while (cursor !== "0");
  }
  return [...ids];
}
