import { Redis } from "ioredis";
import { createRoom, RedisStore, type RedisClient } from "@avalon/server";
import { startRedis } from "./processes.js";
import { progress, ratio, type Table } from "./report.js";

interface ClientSetup {
  name: string;
  connections: number;
  autoPipeline: boolean;
}

const SETUPS: ClientSetup[] = [
  { name: "one connection, auto-pipelining", connections: 1, autoPipeline: true },
  { name: "one connection, no pipelining", connections: 1, autoPipeline: false },
  { name: "round-robin pool of 4, no pipelining", connections: 4, autoPipeline: false },
  { name: "round-robin pool of 4, auto-pipelining", connections: 4, autoPipeline: true },
];

async function connect(url: string, autoPipeline: boolean): Promise<Redis> {
  // The node's own client options (cluster/redis-connection.ts), so the comparison is with what runs.
  const c = new Redis(url, { lazyConnect: true, disableClientInfo: true, enableOfflineQueue: false, enableAutoPipelining: autoPipeline, maxRetriesPerRequest: 1, commandTimeout: 5000 });
  await c.connect();
  return c;
}

/**
 * One client object over several connections: every command goes to the next connection in
 * turn, and script definitions reach all of them. The store sees one client, so its
 * node-local cache works as it does in a node.
 */
function roundRobin(clients: Redis[]): RedisClient {
  let next = 0;
  const first = clients[0] as Redis;
  return new Proxy(first, {
    get(_target, prop) {
      if (prop === "defineCommand") {
        return (name: string, def: { numberOfKeys: number; lua: string }) => clients.forEach((c) => c.defineCommand(name, def));
      }
      const c = clients[next++ % clients.length] as Redis;
      const v = (c as unknown as Record<string | symbol, unknown>)[prop];
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(c) : v;
    },
  }) as RedisClient;
}

interface ClientResult {
  name: string;
  opsPerSec: number;
  p50: number;
  p99: number;
}

/**
 * The store's write path as a node runs it for every action: the version read (HGET, the cache
 * check) then the Lua commit (EVALSHA: version check, HSET, RPUSH, PEXPIRE), from `concurrency`
 * workers on their own rooms.
 */
async function storeThroughput(url: string, setup: ClientSetup, concurrency: number, seconds: number): Promise<ClientResult> {
  const clients = await Promise.all(Array.from({ length: setup.connections }, () => connect(url, setup.autoPipeline)));
  const store = new RedisStore(clients.length === 1 ? (clients[0] as Redis) : roundRobin(clients), { prefix: `bench${Date.now()}`, roomTtlMs: 600_000 });
  const samples: number[] = [];
  let ops = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const roomId = `R${w}`;
      await store.create({ state: createRoom({ roomId, hostId: "p", hostName: "P", seed: "s", now: 1 }), recent: [] });
      while (Date.now() < deadline) {
        const t0 = performance.now();
        const rec = await store.load(roomId);
        if (!rec) throw new Error("room lost");
        const state = { ...rec.state, version: rec.state.version + 1 };
        const out = await store.commit(roomId, rec.state.version, { state, recent: [] }, {
          log: [{ version: state.version, ts: Date.now(), actionId: null, action: { type: "ready", playerId: "p", ready: true } }],
          timeline: [],
        });
        if (out !== "ok") throw new Error(`commit ${out}`);
        const ms = performance.now() - t0;
        if (samples.length < 200_000) samples.push(ms);
        ops++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.quit()));
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1))] ?? 0;
  return { name: setup.name, opsPerSec: Math.round(ops / seconds), p50: at(50), p99: at(99) };
}

export async function redisClients(quick: boolean): Promise<Table[]> {
  const seconds = quick ? 2 : 4;
  const concurrency = 200;
  const redis = await startRedis();
  const results: ClientResult[] = [];
  try {
    for (const s of SETUPS) {
      progress(`redis clients: ${s.name}`);
      results.push(await storeThroughput(redis.url, s, concurrency, seconds));
    }
  } finally {
    await redis.stop();
  }
  const base = results[0] as ClientResult;
  return [
    {
      title: "Horizontal scaling: Redis client, pool versus one auto-pipelined connection",
      method:
        `The store's real commit pattern (RedisStore: HGET version check, then EVALSHA of the commit script) from ${concurrency} concurrent workers, each on its own room, ${seconds} s per client setup, ` +
        "one client process and one redis-server on the same machine. A pool is one client object sending each command to the next connection in turn.",
      head: ["client", "ops/s", "p50 ms", "p99 ms", "ops/s vs auto-pipelined", "p99 vs auto-pipelined"],
      rows: results.map((r) => [r.name, r.opsPerSec, r.p50.toFixed(2), r.p99.toFixed(2), ratio(r.opsPerSec, base.opsPerSec), ratio(r.p99, base.p99)]),
    },
  ];
}
