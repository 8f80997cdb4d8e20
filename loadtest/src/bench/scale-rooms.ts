import { Redis } from "ioredis";
import { Bot } from "../bot/bot.js";
import { Histogram } from "../harness/histogram.js";
import { nodeDelta, readNode, redisTotal, type NodeFigures } from "./node-figures.js";
import { sleep, startRedis, startServer, type Child } from "./processes.js";
import { readRedis } from "./redis-info.js";
import { playSeededGame } from "./seeded-games.js";
import { progress, ratio, verdict, type Table } from "./report.js";

const PREFIX = "avalon";
/** A claim lapses after 3 s and is renewed every second: every heartbeat tick renews the node's rooms. */
const CLAIM_TTL_MS = 3000;
const HEARTBEAT_MS = 1000;
/** Seeded rooms outlive the run; no node renews them. */
const SEED_TTL_MS = 600_000;
const OTHER_NODES = 15;
const SEED_BATCH = 2000;
const TARGET = 1.2;

interface Point {
  indexed: number;
  own: number;
  window: NodeFigures;
  usedMemory: number;
}

/** Idle lobbies on the measured node, each kept open by its creator's connection. */
async function openLobbies(url: string, count: number, from: number): Promise<{ bots: Bot[]; rooms: string[] }> {
  const bots = Array.from({ length: count }, (_, i) => new Bot({ url, name: `own${from + i}`, thinkMs: 0 }));
  await Promise.all(bots.map((b) => b.connect()));
  const rooms = await Promise.all(bots.map((b) => b.createRoom({ maxPlayers: 10, roles: [] })));
  return { bots, rooms };
}

/**
 * Rooms of other nodes, written as the store and the claims hold them: every key of one of the
 * measured node's lobbies copied under a new id, and a claim naming one of fifteen other nodes.
 */
async function seedRooms(redis: Redis, template: string, from: number, to: number): Promise<void> {
  const keys = (await redis.keys(`${PREFIX}:*:{${template}}`)).filter((k) => !k.startsWith(`${PREFIX}:roomclaim:`));
  const dumps = await Promise.all(keys.map(async (k) => ({ kind: k.slice(PREFIX.length + 1, k.indexOf(":{")), dump: (await redis.dumpBuffer(k)) as Buffer })));
  for (let start = from; start < to; start += SEED_BATCH) {
    const batch = redis.pipeline();
    for (let i = start; i < Math.min(to, start + SEED_BATCH); i++) {
      const id = `seed${i}`;
      for (const { kind, dump } of dumps) batch.restore(`${PREFIX}:${kind}:{${id}}`, SEED_TTL_MS, dump, "REPLACE");
      batch.hset(`${PREFIX}:roomclaim:{${id}}`, "n", `other-${i % OTHER_NODES}`, "v", "1");
      batch.pexpire(`${PREFIX}:roomclaim:{${id}}`, SEED_TTL_MS);
    }
    await batch.exec();
  }
}

/**
 * What one complete 10-player game leaves in Redis for ROOM_TTL_MS: every key it wrote (state,
 * log, timeline, claim, the players' memberships), by MEMORY USAGE; node keys excluded.
 */
async function endedGameBytes(node: Child, redis: Redis): Promise<number> {
  const game = await playSeededGame({ url: node.url, serverPid: node.pid, players: 10, seed: "scale", parser: "json", latency: new Histogram() });
  if (game.errors.length) throw new Error(`the measured game failed: ${game.errors.join(", ")}`);
  const keys = (await redis.keys(`${PREFIX}:*`)).filter((k) => !/:(node|nodes|settings|audit)\b/.test(k));
  const sizes = await Promise.all(keys.map((k) => redis.call("MEMORY", "USAGE", k, "SAMPLES", "0")));
  return sizes.reduce<number>((a, b) => a + Number(b ?? 0), 0);
}

async function measure(node: Child, redisUrl: string, indexed: number, own: number, seconds: number): Promise<Point> {
  progress(`scale: ${indexed} rooms indexed, ${own} of them the measured node's`);
  // A tick passes first, so the window holds only ticks after the change.
  await sleep(HEARTBEAT_MS * 1.5);
  const before = await readNode(node.url);
  await sleep(seconds * 1000);
  const window = nodeDelta(before, await readNode(node.url));
  return { indexed, own, window, usedMemory: (await readRedis(redisUrl)).usedMemory };
}

function perTick(p: Point) {
  const ticks = Math.max(1, p.window.heartbeats);
  const ctl = redisTotal(p.window, ["ctl"]);
  const all = redisTotal(p.window);
  return { commands: ctl.commands / ticks, written: ctl.written / ticks, read: ctl.read / ticks, bytes: (ctl.written + ctl.read) / ticks, claims: p.window.claims / ticks, allBytes: (all.written + all.read) / ticks, ticks };
}

/**
 * The measured node holds a fixed set of idle lobbies while the index grows around it to 50k
 * rooms (seeded as other nodes' rooms), then doubles its own: per-node work against the cluster's
 * rooms, and against the node's own.
 */
export async function scaleRooms(quick: boolean): Promise<Table> {
  const own = quick ? 50 : 100;
  const levels = quick ? [1000, 50_000] : [1000, 10_000, 50_000];
  const seconds = quick ? 3 : 6;
  const redisChild = await startRedis();
  const redis = new Redis(redisChild.url, { lazyConnect: true });
  const bots: Bot[] = [];
  const points: Point[] = [];
  let node: Child | null = null;
  try {
    await redis.connect();
    node = await startServer({ REDIS_URL: redisChild.url, NODE_ID: "measured", ROOM_INDEX_TTL_MS: String(CLAIM_TTL_MS), HEARTBEAT_MS: String(HEARTBEAT_MS), MAX_LOBBIES_PER_ADDRESS: "100000" });
    const endedGame = await endedGameBytes(node, redis);
    const first = await openLobbies(node.url, own, 0);
    bots.push(...first.bots);
    const memory0 = (await readRedis(redisChild.url)).usedMemory;
    let seeded = 0;
    for (const level of levels) {
      await seedRooms(redis, first.rooms[0] as string, seeded, level - own);
      seeded = level - own;
      points.push(await measure(node, redisChild.url, level, own, seconds));
    }
    bots.push(...(await openLobbies(node.url, own, own)).bots);
    points.push(await measure(node, redisChild.url, seeded + 2 * own, 2 * own, seconds));
    return table(points, memory0, seeded, seconds, endedGame);
  } finally {
    for (const b of bots) b.close();
    redis.disconnect();
    await node?.stop();
    await redisChild.stop();
  }
}

function table(points: Point[], memory0: number, seeded: number, seconds: number, endedGame: number): Table {
  const low = points[0] as Point;
  const high = points.filter((p) => p.own === low.own).at(-1) as Point;
  const doubled = points.at(-1) as Point;
  const [l, h, d] = [perTick(low), perTick(high), perTick(doubled)];
  const perClaim = d.claims > l.claims ? (d.bytes - h.bytes) / (d.claims - h.claims) : 0;
  const seedMemory = (high.usedMemory - memory0) / Math.max(1, seeded);
  return {
    title: "Scaling: idle rooms in the index, per-node control plane",
    method:
      `One node holds ${low.own} idle lobbies (each kept open by its creator's connection) while rooms of fifteen other nodes are seeded into Redis around it (every key of one real lobby copied, and a claim), up to ${high.indexed} rooms; then the node opens ${doubled.own - low.own} more. ` +
      `ROOM_INDEX_TTL_MS ${CLAIM_TTL_MS} and HEARTBEAT_MS ${HEARTBEAT_MS}, so every tick renews the node's claims (at the default 30 s TTL a claim is renewed every 10th tick). ` +
      `Per heartbeat tick over ${seconds} s after one tick of settling, from the node's own counters: its control-plane connection (heartbeat, registry, claims) and all its Redis connections together.`,
    head: ["rooms indexed", "own rooms", "ticks", "control-plane cmds/tick", "bytes written/tick", "bytes read/tick", "claims written/tick", "all connections bytes/tick", "Redis used memory MB"],
    rows: points.map((p) => {
      const t = perTick(p);
      return [p.indexed, p.own, t.ticks, t.commands.toFixed(1), t.written.toFixed(0), t.read.toFixed(0), t.claims.toFixed(1), t.allBytes.toFixed(0), (p.usedMemory / 2 ** 20).toFixed(1)];
    }),
    verdicts: [
      verdict(
        h.bytes <= l.bytes * TARGET,
        `scaling, idle rooms: per-node control-plane Redis bytes per tick with ${high.indexed} rooms indexed ${h.bytes.toFixed(0)} against ${l.bytes.toFixed(0)} with ${low.indexed}, ${ratio(h.bytes, l.bytes)} (target ≤ ${TARGET}x; the node's own rooms fixed at ${low.own})`,
      ),
    ],
    notes: [
      `per own room: ${perClaim.toFixed(0)} control-plane bytes (written + read) per claim renewal, from ${high.own} to ${doubled.own} own rooms (${h.bytes.toFixed(0)} → ${d.bytes.toFixed(0)} bytes/tick); the fixed part, heartbeat and registry, is ${(h.bytes - h.claims * perClaim).toFixed(0)} bytes/tick`,
      `Redis memory per idle room (a lobby's state keys and its claim): ${(seedMemory / 1024).toFixed(2)} KB; per complete 10-player game, kept for ROOM_TTL_MS after its end (its keys and its players' memberships, MEMORY USAGE): ${(endedGame / 1024).toFixed(1)} KB`,
    ],
  };
}
