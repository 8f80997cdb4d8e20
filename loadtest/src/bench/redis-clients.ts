import { Redis } from "ioredis";
import { RedisStore } from "../../../server/dist/store/redis-store.js";
import { createRoom } from "../../../server/dist/engine/engine.js";
import { percentile } from "../bot/stats.js";

export interface ClientResult {
  name: string;
  opsPerSec: number;
  p50: number;
  p99: number;
}

async function client(url: string, autoPipeline: boolean): Promise<Redis> {
  const c = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, enableAutoPipelining: autoPipeline, maxRetriesPerRequest: 1, commandTimeout: 2000 });
  await c.connect();
  return c;
}

/**
 * The store's real write path (a version read, then the Lua commit) from `concurrency` workers,
 * each on its own room, through one or more connections used round-robin.
 */
export async function storeThroughput(url: string, name: string, connections: number, autoPipeline: boolean, concurrency: number, seconds: number): Promise<ClientResult> {
  const clients = await Promise.all(Array.from({ length: connections }, () => client(url, autoPipeline)));
  const prefix = `bench-${name}-${Date.now()}`;
  const stores = clients.map((c) => new RedisStore(c, { prefix, roomTtlMs: 600_000 }));
  const samples: number[] = [];
  let ops = 0;
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const roomId = `R${w}`;
      const first = stores[0] as RedisStore;
      let state = createRoom({ roomId, hostId: "p", hostName: "P", seed: "s", now: 1 });
      await first.create({ state, recent: [] });
      while (Date.now() < deadline) {
        const store = stores[next++ % stores.length] as RedisStore;
        const t0 = performance.now();
        const rec = await store.load(roomId);
        if (!rec) throw new Error("room lost");
        state = { ...rec.state, version: rec.state.version + 1 };
        const out = await store.commit(roomId, rec.state.version, { state, recent: [] }, {
          log: { version: state.version, ts: Date.now(), actionId: null, action: { type: "ready", playerId: "p", ready: true } },
          timeline: [],
        });
        if (out !== "ok") throw new Error(`commit ${out}`);
        samples.push(performance.now() - t0);
        ops++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.quit()));
  return { name, opsPerSec: Math.round(ops / seconds), p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
