import { afterAll, beforeAll } from "vitest";
import { pino } from "pino";
import { createRedisClient } from "../src/cluster/redis-connection.js";
import { RedisStore } from "../src/store/redis-store.js";
import { describeStoreContract } from "./support/store-contract.js";
import { startRedis, startRedisCluster, type RedisClusterProcess, type RedisProcess } from "./support/redis.js";

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
