import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { commandCalls, type RedisClusterProcess, startNode, startRedisCluster, stopAll } from "@avalon/testkit";
import { BOT_LIMITS, playGames } from "./support/game-batches.js";

let cluster: RedisClusterProcess;
let masters: Redis[] = [];
beforeAll(async () => {
  cluster = await startRedisCluster({ replicas: 1 });
  masters = cluster.masters.map((port) => new Redis(port, "127.0.0.1"));
});
afterAll(async () => {
  await stopAll();
  for (const m of masters) m.disconnect();
  await cluster?.stop();
});

const sum = (calls: Map<string, number>) => [...calls.values()].reduce((a, b) => a + b, 0);
const spread = (counts: number[]) => Math.max(...counts) / (counts.reduce((a, b) => a + b, 0) / counts.length);

/**
 * Rooms land on masters by their ids' hash slots: 240 keep the share of each master near a third.
 * The bots all come from one loopback address, so the per-address connection counter (one key)
 * adds a few percent of the commands to one master; real clients spread it too.
 */
const GAMES = 240;
const AT_ONCE = 8;

describe("nodes on a Redis Cluster of three masters with a replica each", () => {
  it("play games, with the commands and the rooms' sharded channels spread over the masters", async () => {
    const env = {
      REDIS_CLUSTER_NODES: cluster.seeds,
      REDIS_PREFIX: `sp${Math.random().toString(36).slice(2, 8)}`,
      SECRET: "cluster-spread-secret-0123456789",
      HEARTBEAT_MS: "250",
      ...BOT_LIMITS,
    };
    const urls = [(await startNode({ ...env, NODE_ID: "sp-a" })).url, (await startNode({ ...env, NODE_ID: "sp-b" })).url];
    await Promise.all(masters.map((m) => m.config("RESETSTAT")));

    const games = await playGames(urls, GAMES, AT_ONCE, "spread");
    expect(games.flatMap((g) => g.violations)).toEqual([]);
    expect(games.filter((g) => g.view.phase === "ended")).toHaveLength(GAMES);

    const calls = await Promise.all(masters.map(commandCalls));
    const totals = calls.map(sum);
    const published = calls.map((c) => c.get("spublish") ?? 0);
    console.log(`[cluster-spread] ${GAMES} games; commands per master ${totals.join(", ")} (max/mean ${spread(totals).toFixed(2)}); SPUBLISH per master ${published.join(", ")} (max/mean ${spread(published).toFixed(2)})`);
    expect(Math.min(...published)).toBeGreaterThan(0);
    expect(spread(totals)).toBeLessThanOrEqual(1.5);
    expect(spread(published)).toBeLessThanOrEqual(1.5);
  }, 180_000);
});
