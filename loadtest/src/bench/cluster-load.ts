import type { EchoJob } from "./echo-peers.js";
import type { TablesJob } from "./game-tables.js";
import { errorCount, errorSummary, mergeReports, type LoadReport } from "./load-report.js";
import { cpuMs, sleep, startFixture, startRedis, startServer, type Child, type RedisChild } from "./processes.js";
import { between, bucketQuantile, readCounters, type ServerCounters } from "./server-counters.js";
import { pct, progress, ratio, verdict, type Table } from "./report.js";
import { generatorCell, meterGenerators, type GeneratorLoad } from "./generator-meter.js";
import { shares, startWorkers, stopWorkers, type Worker } from "./workers.js";

const TABLES = 30;
const PLAYERS = 10;
const GENERATORS = 3;
const THINK_MS = 1000;

const ONE_NODE = "1 node, in memory";
const ONE_NODE_REDIS = "1 node, Redis";
const DEFAULTS = "3 nodes, Redis, sharded adapter, auto-pipelining";
const CLASSIC = "3 nodes, Redis, classic adapter, auto-pipelining";
const NO_PIPELINE = "3 nodes, Redis, sharded adapter, no auto-pipelining";
const LOCAL_SHARDED = "3 nodes, Redis, sharded adapter, each game on one node";
const LOCAL_CLASSIC = "3 nodes, Redis, classic adapter, each game on one node";

interface NodeSetup {
  name: string;
  nodes: number;
  redis: boolean;
  env: Record<string, string>;
  /** Seats of a game spread over the nodes (true) or all on one node. */
  spread: boolean;
}

const SETUPS: NodeSetup[] = [
  { name: ONE_NODE, nodes: 1, redis: false, env: {}, spread: true },
  { name: ONE_NODE_REDIS, nodes: 1, redis: true, env: {}, spread: true },
  { name: DEFAULTS, nodes: 3, redis: true, env: { REDIS_ADAPTER: "sharded", REDIS_AUTO_PIPELINE: "true" }, spread: true },
  { name: CLASSIC, nodes: 3, redis: true, env: { REDIS_ADAPTER: "classic", REDIS_AUTO_PIPELINE: "true" }, spread: true },
  { name: NO_PIPELINE, nodes: 3, redis: true, env: { REDIS_ADAPTER: "sharded", REDIS_AUTO_PIPELINE: "false" }, spread: true },
  { name: LOCAL_SHARDED, nodes: 3, redis: true, env: { REDIS_ADAPTER: "sharded", REDIS_AUTO_PIPELINE: "true" }, spread: false },
  { name: LOCAL_CLASSIC, nodes: 3, redis: true, env: { REDIS_ADAPTER: "classic", REDIS_AUTO_PIPELINE: "true" }, spread: false },
];

type Result = ReturnType<typeof mergeReports> & { name: string; serverCpuPct: number; generators: GeneratorLoad; server?: ServerCounters };

/** Nodes (and Redis) of one setup, running for the duration of `run`. */
async function withNodes<T>(setup: { nodes: number; redis: boolean; env: Record<string, string> }, run: (nodes: Child[], redisUrl: string | null) => Promise<T>): Promise<T> {
  const redis: RedisChild | null = setup.redis ? await startRedis() : null;
  const nodes: Child[] = [];
  try {
    for (let i = 0; i < setup.nodes; i++) nodes.push(await startServer({ NODE_ID: `bench-${i}`, ...setup.env, ...(redis ? { REDIS_URL: redis.url } : {}) }));
    return await run(nodes, redis?.url ?? null);
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis?.stop();
  }
}

async function runSetup(workers: Worker[], setup: NodeSetup, thinkMs: number, warmupSeconds: number, seconds: number): Promise<Result> {
  progress(`cluster: ${setup.name}`);
  return withNodes(setup, async (nodes, redisUrl) => {
    const cpu0 = nodes.map((n) => cpuMs(n.pid));
    const urls = nodes.map((n) => n.url);
    // Server counters over the recorded window only, as the clients' figures. The generators
    // keep the bots of unfinished games connected until the reading is taken: a disconnect costs
    // Redis commands, and the window's requests do not include the closing ones.
    const countersAt = (seconds: number) =>
      sleep(seconds * 1000).then(async () => {
        const cpu = nodes.reduce((sum, n, i) => sum + cpuMs(n.pid) - (cpu0[i] as number), 0);
        return { counters: await readCounters(urls, redisUrl), cpu };
      });
    const atWarmupEnd = countersAt(warmupSeconds);
    const atWindowEnd = countersAt(warmupSeconds + seconds);
    const per = shares(TABLES, workers.length);
    const meter = await meterGenerators(workers);
    const reports = await Promise.all(
      workers.map((w, i) => {
        const job: TablesJob = {
          urls: nodes.map((n) => n.url),
          spread: setup.spread,
          tables: per[i] as number,
          firstTable: per.slice(0, i).reduce((a, b) => a + b, 0),
          players: PLAYERS,
          thinkMs,
          parser: "json",
          warmupSeconds,
          seconds,
          failover: false,
          holdOpen: true,
        };
        return w.call<LoadReport>("tables.run", job);
      }),
    );
    const end = await atWindowEnd;
    await Promise.all(workers.map((w) => w.call("tables.close")));
    const server = between((await atWarmupEnd).counters, end.counters);
    return { ...mergeReports(reports), name: setup.name, serverCpuPct: (end.cpu / ((warmupSeconds + seconds) * 1000)) * 100, generators: await meter.read(), server };
  });
}

async function runEchoBaseline(workers: Worker[], requestsPerSec: number, warmupSeconds: number, seconds: number): Promise<Result> {
  progress("cluster: baseline (a) plain Socket.IO relay at the same event rate");
  const plain = await startFixture("plain-socketio.js");
  try {
    const cpu0 = cpuMs(plain.pid);
    const per = shares(TABLES, workers.length);
    const clients = TABLES * PLAYERS;
    const meter = await meterGenerators(workers);
    const reports = await Promise.all(
      workers.map((w, i) => {
        const job: EchoJob = {
          url: plain.url,
          rooms: per[i] as number,
          firstRoom: per.slice(0, i).reduce((a, b) => a + b, 0),
          players: PLAYERS,
          meanIntervalMs: (clients / Math.max(1, requestsPerSec)) * 1000,
          warmupSeconds,
          seconds,
        };
        return w.call<LoadReport>("echo.run", job);
      }),
    );
    const cpu = cpuMs(plain.pid) - cpu0;
    return { ...mergeReports(reports), name: "baseline (a): plain Socket.IO relay, 1 process", serverCpuPct: (cpu / ((warmupSeconds + seconds) * 1000)) * 100, generators: await meter.read() };
  } finally {
    await plain.stop();
  }
}

const perSec = (r: Result, n: number) => Math.round(n / Math.max(1, r.seconds));

function row(r: Result, base: Result): (string | number)[] {
  const d = r.deliveryH;
  return [r.name, r.games, errorCount(r), perSec(r, r.requests), perSec(r, r.deliveries), pct(d, 50), pct(d, 95), pct(d, 99), pct(r.ackH, 99), `${r.serverCpuPct.toFixed(0)}%`, generatorCell(r.generators), ratio(pct(d, 99), pct(base.deliveryH, 99))];
}

const SERVER_HEAD = ["configuration", "requests", "game:action ack p99 ms (server)", "batches", "batch size p50", "p99", "max", "conflicts", "Redis commands", "commands/request", "per request by command"];

/** The commands behind the per-request figure, largest first (those under 0.05 per request left out). */
function byCommand(s: ServerCounters, requests: number): string {
  const per = [...s.redisByCommand].map(([cmd, n]) => [cmd.toUpperCase(), n / Math.max(1, requests)] as const).filter(([, n]) => n >= 0.05);
  return per.sort((a, b) => b[1] - a[1]).map(([cmd, n]) => `${cmd} ${n.toFixed(2)}`).join(", ") || "–";
}

function serverStats(r: Result) {
  const s = r.server as ServerCounters;
  const commits = s.batches + s.conflicts;
  return {
    ackP99: bucketQuantile(s.ack, 0.99) * 1000,
    conflictPct: commits > 0 ? (s.conflicts / commits) * 100 : 0,
    perRequest: r.requests > 0 ? s.redisCommands / r.requests : 0,
  };
}

function serverRow(r: Result): (string | number)[] {
  const s = r.server as ServerCounters;
  const st = serverStats(r);
  return [r.name, r.requests, `≤ ${st.ackP99}`, s.batches, bucketQuantile(s.batch, 0.5), bucketQuantile(s.batch, 0.99), `≤ ${bucketQuantile(s.batch, 1)}`, `${s.conflicts} (${st.conflictPct.toFixed(2)}%)`, s.redisCommands, st.perRequest.toFixed(2), byCommand(s, r.requests)];
}

function serverVerdicts(r: Result): string[] {
  const st = serverStats(r);
  return [
    verdict(st.ackP99 <= 10, `seed load on 3 nodes: server-side game:action ack p99 ≤ ${st.ackP99} ms (target ≤ 10 ms)`),
    verdict(st.conflictPct < 1, `seed load on 3 nodes: version conflicts ${st.conflictPct.toFixed(2)}% of commits (target < 1%)`),
    verdict(st.perRequest <= 7, `seed load on 3 nodes: ${st.perRequest.toFixed(2)} Redis commands per client request (target ≤ 7)`),
  ];
}

const HEAD = ["configuration", "games", "errors", "requests/s", "deliveries/s", "p50 ms", "p95 ms", "p99 ms", "ack p99 ms", "server CPU", "generators: CPU (busiest), event-loop lag", "p99 vs 1 node"];

/**
 * Tables 2 (cross-node latency through Redis) and 4 (seed load) share these runs; `want`
 * picks which tables to produce (and so which setups to run).
 */
export async function clusterLoad(quick: boolean, want: { redis: boolean; seed: boolean }): Promise<Table[]> {
  const thinkMs = THINK_MS;
  const warmup = quick ? 3 : 4;
  const seconds = quick ? 6 : 12;
  const setups = want.redis ? SETUPS : SETUPS.filter((s) => s.name === ONE_NODE || s.name === DEFAULTS);
  const workers = startWorkers(GENERATORS);
  const results = new Map<string, Result>();
  let echo: Result | null = null;
  try {
    for (const s of setups) results.set(s.name, await runSetup(workers, s, thinkMs, warmup, seconds));
    const one = results.get(ONE_NODE) as Result;
    if (want.seed) echo = await runEchoBaseline(workers, one.requests / one.seconds, warmup, seconds);
  } finally {
    await stopWorkers(workers);
  }
  const one = results.get(ONE_NODE) as Result;
  const three = results.get(DEFAULTS) as Result;
  const method =
    `${TABLES * PLAYERS} socket.io-client bots in ${TABLES} ten-player games played continuously (a new game with new connections as soon as one ends), ${thinkMs} ms mean think time (each move after 0-${2 * thinkMs} ms), ` +
    `spread over ${GENERATORS} generator processes on the same 2 cores; ${warmup} s unrecorded warm-up, then ${seconds} s recorded. On 3 nodes seat i of table t connects to node (i + t) mod 3, so every game spans all nodes and most deliveries cross Redis ` +
    "(except in the rows \"each game on one node\", where every seat of table t is on node t mod 3). " +
    "Delivery latency: server `ts` stamp to receipt, every delivered event; server CPU: all node processes together, % of one core.";
  const tables: Table[] = [];
  if (want.redis) {
    const classic = results.get(CLASSIC) as Result;
    const noPipe = results.get(NO_PIPELINE) as Result;
    const oneRedis = results.get(ONE_NODE_REDIS) as Result;
    const localSharded = results.get(LOCAL_SHARDED) as Result;
    const localClassic = results.get(LOCAL_CLASSIC) as Result;
    tables.push({
      title: "Horizontal scaling: cross-node delivery latency through Redis",
      method,
      head: HEAD,
      rows: [...results.values()].map((r) => row(r, one)),
      notes: [
        `sharded vs classic adapter: p99 ${pct(three.deliveryH, 99)} vs ${pct(classic.deliveryH, 99)} ms, deliveries/s ${perSec(three, three.deliveries)} vs ${perSec(classic, classic.deliveries)}, node CPU ${three.serverCpuPct.toFixed(0)}% vs ${classic.serverCpuPct.toFixed(0)}%`,
        `auto-pipelining on vs off (sharded): p99 ${pct(three.deliveryH, 99)} vs ${pct(noPipe.deliveryH, 99)} ms, ack p99 ${pct(three.ackH, 99)} vs ${pct(noPipe.ackH, 99)} ms, node CPU ${three.serverCpuPct.toFixed(0)}% vs ${noPipe.serverCpuPct.toFixed(0)}%`,
        `each game on one node, sharded vs classic adapter: p99 ${pct(localSharded.deliveryH, 99)} vs ${pct(localClassic.deliveryH, 99)} ms, node CPU ${localSharded.serverCpuPct.toFixed(0)}% vs ${localClassic.serverCpuPct.toFixed(0)}%`,
        `1 node with Redis vs in memory: p99 ${pct(oneRedis.deliveryH, 99)} vs ${pct(one.deliveryH, 99)} ms`,
      ],
    });
  }
  if (want.seed && echo) {
    const base = echo;
    const p1 = pct(one.deliveryH, 99);
    const p3 = pct(three.deliveryH, 99);
    tables.push({
      title: "Seed load: 300 connections in 30 rooms playing continuously",
      method: `${method} The baseline is the plain Socket.IO fixture relaying the same request rate (each request echo-broadcast to its room) from the same 300 socket.io-client connections.`,
      head: [...HEAD.slice(0, -1), "p99 vs baseline (a)"],
      rows: [one, three, base].map((r) => [...row(r, base).slice(0, -1), ratio(pct(r.deliveryH, 99), pct(base.deliveryH, 99))]),
    });
    tables.push({
      title: "Seed load, inside the servers: commit pipeline and Redis",
      method:
        "The same recorded windows, read from the nodes' own metrics and Redis's INFO commandstats (summed over every node; commands run inside scripts included, the INFO calls excluded). " +
        "Ack p99 is the upper bound of the histogram bucket holding it; a batch is one commit of a room's queued actions; conflicts are commits that lost a version race, as a share of all commits.",
      head: SERVER_HEAD,
      rows: [one, three].map(serverRow),
      verdicts: [
        ...serverVerdicts(three),
        verdict(p1 < 10 && errorCount(one) === 0, `seed load on 1 node: p99 delivery ${p1} ms (target < 10 ms); errors: ${errorSummary(one)}`),
        verdict(p3 < 25 && errorCount(three) === 0, `seed load on 3 nodes through Redis: p99 delivery ${p3} ms (target < 25 ms); errors: ${errorSummary(three)}`),
      ],
    });
  }
  return tables;
}
