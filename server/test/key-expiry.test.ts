import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { client, eventually, type RedisProcess, startNode, startRedis, stopAll } from "@avalon/testkit";
import { BOT_LIMITS, playGames } from "./support/game-batches.js";

let redis: RedisProcess;
let check: Redis;
beforeAll(async () => {
  redis = await startRedis();
  check = new Redis(redis.url);
});
afterAll(async () => {
  await stopAll();
  check?.disconnect();
  await redis?.stop();
});

async function usedMemory(): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await check.info("memory"))?.[1]);
}

const GAMES = 24;

describe("Redis keys after the games have ended", () => {
  it("come back to where they started, in number and in memory, once the TTLs have passed", async () => {
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: `ke${Math.random().toString(36).slice(2, 8)}`,
      SECRET: "key-expiry-secret-0123456789",
      HEARTBEAT_MS: "200",
      ROOM_TTL_MS: "10000",
      ROOM_INDEX_TTL_MS: "2000",
      ...BOT_LIMITS,
    };
    const urls = [(await startNode({ ...env, NODE_ID: "ke-a" })).url, (await startNode({ ...env, NODE_ID: "ke-b" })).url];
    // The per-address connection counter lives a minute by design; one connection per node
    // before the start makes it part of the start.
    for (const url of urls) (await client(url, { name: "warmup" })).socket.disconnect();
    const startKeys = await check.dbsize();
    const startNames = (await check.keys("*")).sort();
    const startMemory = await usedMemory();

    for (const g of await playGames(urls, GAMES, 4, "soak")) expect(g.view.phase).toBe("ended");
    const peakKeys = await check.dbsize();
    expect(peakKeys).toBeGreaterThan(startKeys + GAMES * 3);

    await eventually(async () => (await check.dbsize()) <= startKeys * 1.1, 40_000, 250);
    // Not only as many: the same keys (the nodes' heartbeats, the live-node set, the settings).
    expect((await check.keys("*")).sort()).toEqual(startNames);
    await eventually(async () => (await usedMemory()) <= startMemory * 1.1, 10_000, 250);
    console.log(`[key-expiry] keys ${startKeys} -> ${peakKeys} -> ${await check.dbsize()}; used_memory ${startMemory} -> ${await usedMemory()}`);
  }, 120_000);
});
