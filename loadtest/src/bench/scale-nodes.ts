import { Redis } from "ioredis";
import type { TablesJob } from "./game-tables.js";
import { errorCount, mergeReports, type LoadReport } from "./load-report.js";
import { nodeDelta, readNode, redisTotal, type NodeFigures } from "./node-figures.js";
import { cpuMs, sleep, startRedis, startServer, type Child } from "./processes.js";
import { readRedis, type RedisFigures } from "./redis-info.js";
import { pct, progress, verdict, type Table } from "./report.js";
import { shares, startWorkers, stopWorkers, type Worker } from "./workers.js";

const TABLES = 32;
const PLAYERS = 10;
const GENERATORS = 3;
const THINK_MS = 1000;
/** Small heaps: sixteen nodes share the machine with Redis and the generators. */
const NODE_HEAP_MB = 128;
/** "Flat or falling" allows this much noise over the figure at 2 nodes. */
const FLAT_TOLERANCE = 1.1;

/** How a game's seats are placed on the nodes. */
type Placement = "pair" | "spread";
const PLACEMENT_NAME: Record<Placement, string> = {
  pair: "each game on 2 nodes",
  spread: "each game over min(N, 10) nodes",
};

interface Run {
  nodes: number;
  placement: Placement;
  seconds: number;
  perNode: NodeFigures[];
  redis: Omit<RedisFigures, "byCommand">;
  load: ReturnType<typeof mergeReports>;
  cpuPct: number;
  /** Rooms in the store when the run ended (played, playing and abandoned games). */
  storedRooms: number;
}

/** Jobs for the generators: tables grouped by the nodes their seats go to. */
function jobs(urls: string[], placement: Placement, warmupSeconds: number, seconds: number): TablesJob[] {
  const base = { players: PLAYERS, thinkMs: THINK_MS, parser: "json" as const, warmupSeconds, seconds, failover: false, spread: true, holdOpen: true };
  if (placement === "spread") {
    let first = 0;
    return shares(TABLES, GENERATORS).map((tables) => ({ ...base, urls, tables, firstTable: (first += tables) - tables }));
  }
  // Table t on nodes t mod N and t+1 mod N, seats alternating: every game spans two nodes whatever N is.
  const byPair = new Map<number, number>();
  for (let t = 0; t < TABLES; t++) byPair.set(t % urls.length, (byPair.get(t % urls.length) ?? 0) + 1);
  let first = 0;
  return [...byPair].map(([p, tables]) => {
    const pair = urls.length === 1 ? [urls[0] as string] : [urls[p] as string, urls[(p + 1) % urls.length] as string];
    return { ...base, urls: pair, tables, firstTable: (first += tables) - tables };
  });
}

async function measure(workers: Worker[], nodes: Child[], redisUrl: string, placement: Placement, warmupSeconds: number, seconds: number): Promise<Run> {
  progress(`scale: ${nodes.length} nodes, ${PLACEMENT_NAME[placement]}`);
  const urls = nodes.map((n) => n.url);
  const read = () => Promise.all([Promise.all(urls.map(readNode)), readRedis(redisUrl), nodes.map((n) => cpuMs(n.pid))] as const);
  // Both readings are taken on time; the generators keep the bots of unfinished games connected
  // until the second one, so that it counts no mass disconnect.
  const atWarmupEnd = sleep(warmupSeconds * 1000).then(read);
  const atWindowEnd = sleep((warmupSeconds + seconds) * 1000).then(read);
  const work = jobs(urls, placement, warmupSeconds, seconds);
  const reports = await Promise.all(work.map((job, i) => (workers[i % workers.length] as Worker).call<LoadReport>("tables.run", job)));
  const [nodes0, redis0, cpu0] = await atWarmupEnd;
  const [nodes1, redis1, cpu1] = await atWindowEnd;
  await Promise.all(workers.map((w) => w.call("tables.close")));
  const load = mergeReports(reports);
  const cpu = cpu1.reduce((s, c, i) => s + c - (cpu0[i] as number), 0);
  return {
    nodes: nodes.length,
    placement,
    seconds: load.seconds,
    perNode: nodes1.map((after, i) => nodeDelta(nodes0[i] as NodeFigures, after)),
    redis: {
      commands: redis1.commands - redis0.commands,
      bytesIn: redis1.bytesIn - redis0.bytesIn,
      bytesOut: redis1.bytesOut - redis0.bytesOut,
      usedMemory: redis1.usedMemory,
      keys: redis1.keys,
      cpuSeconds: redis1.cpuSeconds - redis0.cpuSeconds,
    },
    load,
    cpuPct: (cpu / (load.seconds * 1000)) * 100,
    storedRooms: await countRooms(redisUrl),
  };
}

async function countRooms(url: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    return (await redis.keys("avalon:room:*")).length;
  } finally {
    redis.disconnect();
  }
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Per-node figures of a run, averaged over its nodes. */
function figures(r: Run) {
  const s = Math.max(1, r.seconds);
  const per = (f: (n: NodeFigures) => number) => mean(r.perNode.map(f));
  const all = (n: NodeFigures) => redisTotal(n);
  const ctl = (n: NodeFigures) => redisTotal(n, ["ctl"]);
  const ticks = (n: NodeFigures) => Math.max(1, n.heartbeats);
  const received = r.perNode.reduce((a, n) => a + n.adapterReceived, 0);
  const delivered = r.perNode.reduce((a, n) => a + n.delivered, 0);
  return {
    commandsPerSec: per((n) => all(n).commands) / s,
    writtenPerSec: per((n) => all(n).written) / s,
    readPerSec: per((n) => all(n).read) / s,
    // Summed over nodes first: a node that delivered nothing in the window would divide by zero.
    adapterPerDelivery: delivered > 0 ? received / delivered : 0,
    namespacePerDelivery: delivered > 0 ? r.perNode.reduce((a, n) => a + n.adapterAll, 0) / delivered : 0,
    allChannelPerNodePerSec: per((n) => n.adapterAll) / s,
    worstAdapterPerDelivery: Math.max(0, ...r.perNode.map((n) => (n.delivered > 0 ? n.adapterReceived / n.delivered : 0))),
    ctlCommandsPerTick: per((n) => ctl(n).commands / ticks(n)),
    ctlBytesPerTick: per((n) => (ctl(n).written + ctl(n).read) / ticks(n)),
    claimsPerTick: per((n) => n.claims / ticks(n)),
  };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function row(r: Run): (string | number)[] {
  const f = figures(r);
  const s = Math.max(1, r.seconds);
  return [
    r.nodes,
    PLACEMENT_NAME[r.placement],
    Math.round(r.load.requests / s),
    Math.round(r.load.deliveries / s),
    errorCount(r.load),
    f.commandsPerSec.toFixed(0),
    kb(f.writtenPerSec),
    kb(f.readPerSec),
    `${f.adapterPerDelivery.toFixed(3)} (worst node ${f.worstAdapterPerDelivery.toFixed(3)})`,
    f.allChannelPerNodePerSec.toFixed(1),
    `${f.ctlCommandsPerTick.toFixed(1)} cmds, ${f.ctlBytesPerTick.toFixed(0)} B, ${f.claimsPerTick.toFixed(1)} claims`,
    Math.round(r.redis.commands / s),
    `${kb(r.redis.bytesIn / s)} / ${kb(r.redis.bytesOut / s)}`,
    pct(r.load.deliveryH, 99),
    `${r.cpuPct.toFixed(0)}%`,
    `${((r.redis.cpuSeconds / s) * 100).toFixed(0)}%`,
  ];
}

function flatVerdict(runs: Run[]): string {
  const pairs = runs.filter((r) => r.placement === "pair" && r.nodes >= 2);
  const at2 = pairs.find((r) => r.nodes === 2);
  const values = pairs.map((r) => `${r.nodes}: ${figures(r).adapterPerDelivery.toFixed(3)}`).join(", ");
  const worst = Math.max(0, ...pairs.map((r) => figures(r).adapterPerDelivery));
  const base = at2 ? figures(at2).adapterPerDelivery : 0;
  return verdict(
    at2 !== undefined && worst <= base * FLAT_TOLERANCE,
    `scaling, same total load on N nodes: adapter messages received per delivered event, per node, ${values} (target: flat or falling from N = 2, every N within ${FLAT_TOLERANCE}x of N = 2's)`,
  );
}

/** N node processes holding one fixed total load between them, N = 1, 2, 4, 8, 16. */
export async function scaleNodes(quick: boolean): Promise<Table> {
  const counts = quick ? [1, 2, 16] : [1, 2, 4, 8, 16];
  const warmup = quick ? 2 : 3;
  const seconds = quick ? 4 : 8;
  const workers = startWorkers(GENERATORS);
  const runs: Run[] = [];
  try {
    for (const n of counts) {
      const redis = await startRedis();
      const nodes: Child[] = [];
      try {
        const env = { REDIS_URL: redis.url, NODE_OPTIONS: `--max-old-space-size=${NODE_HEAP_MB}` };
        nodes.push(...(await Promise.all(Array.from({ length: n }, (_, i) => startServer({ ...env, NODE_ID: `scale-${i}` })))));
        for (const placement of n > 2 ? (["pair", "spread"] as const) : (["pair"] as const)) runs.push(await measure(workers, nodes, redis.url, placement, warmup, seconds));
      } finally {
        await Promise.all(nodes.map((c) => c.stop()));
        await redis.stop();
      }
    }
  } finally {
    await stopWorkers(workers);
  }
  return {
    title: "Scaling: one total load on 1 to 16 node processes",
    method:
      `${TABLES * PLAYERS} socket.io-client bots in ${TABLES} ten-player games played continuously, ${THINK_MS} ms mean think time, from ${GENERATORS} generator processes; the same load whatever N is. ` +
      `Each N gets a fresh Redis and fresh nodes (heap capped at ${NODE_HEAP_MB} MB, default sharded adapter, HEARTBEAT_MS 1000); ${warmup} s unrecorded warm-up, then ${seconds} s recorded per placement, one after the other on the same nodes. ` +
      "\"Each game on 2 nodes\": table t's seats alternate between nodes t and t+1 (mod N); \"over min(N, 10) nodes\": seat i of table t on node (i + t) mod N, as a balancer's leastconn spreads them. " +
      "Per node, averaged over the nodes, from each node's own counters: Redis commands sent and bytes written and read over all its connections; adapter messages received per event delivered (summed over the nodes, and the worst node's); " +
      "control plane per heartbeat tick on its own Redis connection (heartbeat, registry, room claims): commands, bytes written + read, claims written. Redis's own count (commands run by scripts included) and bytes for the whole cluster, delivery p99, CPU of all nodes and of Redis (% of one core) are context: times on this box do not carry over.",
    head: ["N", "placement", "requests/s (all)", "deliveries/s (all)", "errors", "Redis cmds/s per node", "Redis KB/s written per node", "KB/s read per node", "adapter msgs received per delivered event", "of them on the all-nodes channel, msgs/s per node", "control plane per tick per node", "Redis cmds/s (server, all)", "Redis KB/s in / out (server, all)", "p99 ms", "node CPU", "Redis CPU"],
    rows: runs.map(row),
    verdicts: [flatVerdict(runs)],
    notes: [
      `adapter messages per delivered event on the namespace channel alone (every node receives them; the disconnect of a player's older sessions at each new connection goes there): ${runs
        .map((r) => `N ${r.nodes} ${r.placement}: ${figures(r).namespacePerDelivery.toFixed(3)}`)
        .join("; ")}`,
      `Redis memory after each run (every key: the games' state, logs and timelines, sessions, claims, the registry): ${runs
        .map((r) => `N ${r.nodes} ${r.placement}: ${(r.redis.usedMemory / 2 ** 20).toFixed(1)} MB for ${r.storedRooms} rooms`)
        .join("; ")}`,
    ],
  };
}
