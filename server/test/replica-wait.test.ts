import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { type RedisClusterProcess, type RedisProcess, startRedis, startRedisCluster } from "@avalon/testkit";
import { createRoom } from "../src/engine/engine.js";
import { createRedisClient, parseClusterNodes, type RedisClient } from "../src/cluster/redis-connection.js";
import { CommitUnknown, type RoomRecord } from "../src/store/game-store.js";
import { RedisStore } from "../src/store/redis-store.js";
import { RoomService } from "../src/rooms/room-service.js";

const log = pino({ level: "silent" });
let single: RedisProcess;
let cluster: RedisClusterProcess;
const clients: RedisClient[] = [];
beforeAll(async () => {
  [single, cluster] = await Promise.all([startRedis(), startRedisCluster({ replicas: 1 })]);
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await Promise.all([single?.stop(), cluster?.stop()]);
});

async function storeOn(settings: { url: string | null; seeds?: string }): Promise<RedisStore> {
  const client = createRedisClient({ url: settings.url, clusterNodes: parseClusterNodes(settings.seeds), commandTimeoutMs: 2000, autoPipeline: false }, "cmd", log);
  clients.push(client);
  await client.connect();
  return new RedisStore(client, { prefix: `rw${clients.length}`, roomTtlMs: 60_000, replicaWait: { replicas: 1, timeoutMs: 50 } });
}

async function commitOne(store: RedisStore, roomId: string): Promise<unknown> {
  const state = createRoom({ roomId, hostId: "p_host", hostName: "Host", seed: "seed", now: 1 });
  await store.create({ state, recent: [] });
  const next: RoomRecord = { state: { ...state, version: 1 }, recent: [] };
  return store.commit(roomId, 0, next, { log: [{ version: 1, ts: 1, actionId: "a1", action: { type: "ready", playerId: "p_host", ready: true } }], timeline: [] }).catch((err: unknown) => err);
}

describe("REDIS_COMMIT_REPLICAS", () => {
  it("answers a commit no replica confirmed as unknown, and it does not settle while none can", async () => {
    const store = await storeOn({ url: single.url });
    const outcome = await commitOne(store, "ALONE1");
    expect(outcome).toBeInstanceOf(CommitUnknown);
    await expect((outcome as CommitUnknown).settle()).rejects.toThrow(/replicas/);
  });

  it("answers ok once the room's master has passed the commit to its replica, on every master", async () => {
    const store = await storeOn({ url: null, seeds: cluster.seeds });
    // Two rooms per master: their ids hash to slots 36, 1962 / 6295, 5618 / and two above 10922.
    for (const roomId of ["AAAAAA", "BBBBBB", "DDDDDD", "EEEEEE", "JJJJJJ", "LLLLLL"]) expect(await commitOne(store, roomId)).toBe("ok");
  });

  it("answers a resend of a move its replicas never confirmed unknown again, never ok, and ok where they do", async () => {
    const readyAgain = async (store: RedisStore, roomId: string) => {
      const state = createRoom({ roomId, hostId: "p_host", hostName: "Host", seed: "seed", now: 1 });
      await store.create({ state, recent: [] });
      const rooms = new RoomService({ store, log, listener: { roomChanged: () => undefined }, settleBudgetMs: 50 });
      const act = () => rooms.act(roomId, { type: "ready", playerId: "p_host", ready: true }, { actionId: "ready-1" });
      return [await act(), await act()].map((r) => (r.ok ? (r.duplicate ? "duplicate" : "ok") : r.code));
    };
    expect(await readyAgain(await storeOn({ url: single.url }), "ALONE2")).toEqual(["outcome_unknown", "outcome_unknown"]);
    expect(await readyAgain(await storeOn({ url: null, seeds: cluster.seeds }), "AAAAAB")).toEqual(["ok", "duplicate"]);
  });
});
