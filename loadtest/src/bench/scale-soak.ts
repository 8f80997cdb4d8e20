import { eventually } from "@avalon/testkit";
import { Bot } from "../bot/bot.js";
import { playGame } from "../bot/game-runner.js";
import { startRedis, startServer, type Child } from "./processes.js";
import { readRedis, type RedisFigures } from "./redis-info.js";
import { progress, ratio, verdict, type Table } from "./report.js";

const BACK_WITHIN = 1.1;
/** Short lives, so the soak's rooms expire within the run. */
const SOAK_ENV = { HEARTBEAT_MS: "200", ROOM_TTL_MS: "10000", ROOM_INDEX_TTL_MS: "2000" };

interface Soak {
  games: number;
  ended: number;
  start: RedisFigures;
  peak: RedisFigures;
  end: RedisFigures;
  settledS: number;
}

/**
 * Two nodes on one Redis play `games` five-player games; Redis's key count and used memory are
 * read before, at the end of the games, and once they are back (or 60 s have passed).
 */
async function soak(games: number): Promise<Soak> {
  progress(`scale: soak of ${games} games, then their keys' expiry`);
  const redis = await startRedis();
  const nodes: Child[] = [];
  try {
    for (let i = 0; i < 2; i++) nodes.push(await startServer({ REDIS_URL: redis.url, REDIS_PREFIX: "soak", NODE_ID: `soak-${i}`, ...SOAK_ENV }));
    const urls = nodes.map((n) => n.url);
    // The per-address connection counter lives a minute by design: one connection per node first makes it part of the start.
    for (const url of urls) {
      const bot = new Bot({ url, name: "warmup", autoplay: false });
      await bot.connect();
      bot.close();
    }
    const start = await readRedis(redis.url);
    let ended = 0;
    for (let i = 0; i < games; i += 4) {
      const batch = await Promise.all(Array.from({ length: Math.min(4, games - i) }, (_, j) => playGame({ urls, players: 5, seed: `soak${i + j}`, timeoutMs: 60_000 })));
      ended += batch.filter((g) => g.view.phase === "ended").length;
    }
    const peak = await readRedis(redis.url);
    const t0 = Date.now();
    const back = async () => {
      const now = await readRedis(redis.url);
      return now.keys <= start.keys * BACK_WITHIN && now.usedMemory <= start.usedMemory * BACK_WITHIN;
    };
    await eventually(back, 60_000, 250).catch(() => undefined);
    return { games, ended, start, peak, end: await readRedis(redis.url), settledS: (Date.now() - t0) / 1000 };
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
  }
}

/** Keys and memory after a soak, against before it. */
export async function scaleSoak(quick: boolean): Promise<Table> {
  const s = await soak(quick ? 12 : 48);
  const keys = s.end.keys / Math.max(1, s.start.keys);
  const memory = s.end.usedMemory / Math.max(1, s.start.usedMemory);
  const kib = (b: number) => (b / 1024).toFixed(0);
  return {
    title: "Soak: Redis keys and memory once the games have ended and their TTLs have passed",
    method: `Two nodes on one Redis (ROOM_TTL_MS=${SOAK_ENV.ROOM_TTL_MS}, ROOM_INDEX_TTL_MS=${SOAK_ENV.ROOM_INDEX_TTL_MS}, HEARTBEAT_MS=${SOAK_ENV.HEARTBEAT_MS}, so the run sees its rooms expire); ${s.games} five-player bot games, 4 at a time, seats alternating between the nodes. Keys from INFO keyspace, used_memory from INFO memory: before the games, when they ended, and when both were back within ${BACK_WITHIN}x (or after 60 s).`,
    head: ["games ended", "keys before", "at the end", "after", "after / before", "used_memory KiB before", "at the end", "after", "after / before", "back after"],
    rows: [[`${s.ended} of ${s.games}`, s.start.keys, s.peak.keys, s.end.keys, ratio(s.end.keys, s.start.keys), kib(s.start.usedMemory), kib(s.peak.usedMemory), kib(s.end.usedMemory), ratio(s.end.usedMemory, s.start.usedMemory), `${s.settledS.toFixed(1)} s`]],
    verdicts: [verdict(keys <= BACK_WITHIN && memory <= BACK_WITHIN, `soak: Redis keys ${keys.toFixed(2)}x and used_memory ${memory.toFixed(2)}x their value before it (target within ${BACK_WITHIN}x)`)],
  };
}
