import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoom } from "../src/engine/engine.js";
import { pino } from "pino";
import { createRedisClient } from "../src/cluster/redis-connection.js";
import { RedisStore } from "../src/store/redis-store.js";
import { TIMELINE_KEPT } from "../src/store/game-store.js";
import { describeStoreContract } from "./support/store-contract.js";
import { type RedisClusterProcess, type RedisProcess, startRedis, startRedisCluster } from "@avalon/testkit";

const log = pino({ level: "silent" });
let single: RedisProcess;
let cluster: RedisClusterProcess;

beforeAll(async () => {
  [single, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([single?.stop(), cluster?.stop()]);
});

let n = 0;
describeStoreContract("single Redis", async () => {
  const client = createRedisClient({ url: single.url, clusterNodes: [], commandTimeoutMs: 2000, autoPipeline: true }, "cmd", log);
  await client.connect();
  const store = new RedisStore(client, { prefix: `t${n++}`, roomTtlMs: 60_000 });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await client.quit();
  };
  return store;
});

describeStoreContract("3-master Redis Cluster", async () => {
  const nodes = cluster.ports.map((port) => ({ host: "127.0.0.1", port }));
  const client = createRedisClient({ url: null, clusterNodes: nodes, commandTimeoutMs: 2000, autoPipeline: true }, "cmd", log);
  await client.connect();
  const store = new RedisStore(client, { prefix: `c${n++}`, roomTtlMs: 60_000 });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await client.quit();
  };
  return store;
});

describe("RedisStore node-local cache", () => {
  const connected = async (prefix: string) => {
    const client = createRedisClient({ url: single.url, clusterNodes: [], commandTimeoutMs: 2000, autoPipeline: true }, "cmd", log);
    await client.connect();
    return { client, store: new RedisStore(client, { prefix, roomTtlMs: 60_000 }) };
  };

  it("never serves a stale cached room after another node committed", async () => {
    const a = await connected("cache");
    const b = await connected("cache");
    const state = createRoom({ roomId: "CACHE1", hostId: "p", hostName: "P", seed: "s", now: 1 });
    await a.store.create({ state, recent: [] });
    expect((await a.store.load("CACHE1"))?.state.version).toBe(0);
    const next = { state: { ...state, version: 1, phase: "ended" as const }, recent: [] };
    expect(await b.store.commit("CACHE1", 0, next, { log: [{ version: 1, ts: 1, actionId: null, action: { type: "close", playerId: "p" } }], timeline: [] })).toBe("ok");
    expect((await a.store.load("CACHE1"))?.state.phase).toBe("ended");
    // A stale writer loses: its expected version is checked in Redis, not in its cache.
    expect(await a.store.commit("CACHE1", 0, next, { log: [{ version: 1, ts: 1, actionId: null, action: { type: "close", playerId: "p" } }], timeline: [] })).toBe("conflict");
    await a.client.quit();
    await b.client.quit();
  });

  it("keeps a room's log and timeline in its one key, with an expiry of at least the room TTL, and only the newest timeline entries", async () => {
    const { client, store } = await connected("ttl");
    const state = createRoom({ roomId: "TTL1", hostId: "p", hostName: "P", seed: "s", now: 1 });
    const event = (v: number, i = 0) => ({ version: v, ts: i, event: { type: "player_left" as const, playerId: `q${i}` } });
    await store.create({ state, recent: [] }, [event(0)]);
    const entry = (v: number) => ({ version: v, ts: v, actionId: null, action: { type: "ready" as const, playerId: "p", ready: true } });
    expect(await store.commit("TTL1", 0, { state: { ...state, version: 1 }, recent: [] }, { log: [entry(1)], timeline: [] })).toBe("ok");
    const many = Array.from({ length: TIMELINE_KEPT + 1 }, (_, i) => event(2, i + 1));
    expect(await store.commit("TTL1", 1, { state: { ...state, version: 2 }, recent: [] }, { log: [entry(2)], timeline: many })).toBe("ok");
    expect((await store.actionLog("TTL1")).map((l) => l.version)).toEqual([1, 2]);
    const kept = await store.timeline("TTL1", TIMELINE_KEPT + 10);
    expect(kept).toEqual(many.slice(1));
    expect(await store.timeline("TTL1", 2)).toEqual(many.slice(-2));
    expect(await client.keys(`${store.keys.prefix}:*`)).toEqual([store.keys.room("TTL1")]);
    const ttl = await client.pttl(store.keys.room("TTL1"));
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(67_500);
    await client.quit();
  });

  it("keeps no ended room in memory", async () => {
    const { client, store } = await connected("cache-ended");
    const state = createRoom({ roomId: "ENDED1", hostId: "p", hostName: "P", seed: "s", now: 1 });
    await store.create({ state, recent: [] });
    expect(store.cachedRooms()).toBe(1);
    const ended = { state: { ...state, version: 1, phase: "ended" as const }, recent: [] };
    expect(await store.commit("ENDED1", 0, ended, { log: [{ version: 1, ts: 1, actionId: null, action: { type: "close", playerId: "p" } }], timeline: [] })).toBe("ok");
    expect(store.cachedRooms()).toBe(0);
    expect((await store.load("ENDED1"))?.state.phase).toBe("ended");
    expect(store.cachedRooms()).toBe(0);
    await client.quit();
  });
});
