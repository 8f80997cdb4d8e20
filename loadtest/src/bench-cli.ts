import os from "node:os";
import { parseArgs } from "./args.js";
import { gameLoad, type LoadResult } from "./bench/game-load.js";
import { startRedis, startServer, type Proc } from "./bench/processes.js";
import { storeThroughput, type ClientResult } from "./bench/redis-clients.js";

const args = parseArgs(process.argv.slice(2));
const quick = args.has("quick");
const SECONDS = quick ? 8 : 25;
const TABLES = 30;
const THINK_MS = 100;

function machine(): string {
  return `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; command: npm run bench${quick ? " -- --quick" : ""}`;
}

function table(title: string, head: string[], rows: (string | number)[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => String(c).padEnd(widths[i] as number)).join(" | ")} |`;
  process.stdout.write(`\n${title}\n${line(head)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n${rows.map(line).join("\n")}\n`);
}

async function withNodes<T>(count: number, env: Record<string, string>, redis: boolean, run: (urls: string[]) => Promise<T>): Promise<T> {
  const r: Proc | null = redis ? await startRedis() : null;
  const nodes = await Promise.all(Array.from({ length: count }, (_, i) => startServer({ ...env, NODE_ID: `bench-${i}`, ...(r ? { REDIS_URL: r.url } : {}) })));
  try {
    return await run(nodes.map((n) => n.url));
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await r?.stop();
  }
}

async function clusterLatency(): Promise<void> {
  const configs: [string, number, boolean, Record<string, string>][] = [
    ["1 node, in memory (baseline)", 1, false, {}],
    ["1 node, Redis", 1, true, {}],
    ["3 nodes, Redis, classic adapter", 3, true, { REDIS_ADAPTER: "classic" }],
    ["3 nodes, Redis, sharded adapter", 3, true, { REDIS_ADAPTER: "sharded" }],
  ];
  const results: [string, LoadResult][] = [];
  for (const [name, count, redis, env] of configs) {
    process.stderr.write(`running: ${name}\n`);
    results.push([name, await withNodes(count, env, redis, (urls) => gameLoad(urls, TABLES, SECONDS, THINK_MS))]);
  }
  const base = results[0]?.[1] as LoadResult;
  table(
    `Cross-node delivery latency: ${TABLES * 10} connections in ${TABLES} ten-player games, ${THINK_MS} ms think time, ${SECONDS} s each (${machine()})`,
    ["configuration", "games", "errors", "deliveries/s", "p50 ms", "p95 ms", "p99 ms", "ack p99 ms", "p99 ratio vs baseline"],
    results.map(([name, r]) => [name, r.games, r.errors, r.deliveriesPerSec, r.delivery.p50, r.delivery.p95, r.delivery.p99, r.ackP99, (r.delivery.p99 / Math.max(1, base.delivery.p99)).toFixed(2)]),
  );
}

async function redisClients(): Promise<void> {
  const redis = await startRedis();
  const secs = quick ? 3 : 8;
  const results: ClientResult[] = [];
  try {
    results.push(await storeThroughput(redis.url, "one connection, auto-pipelining (baseline)", 1, true, 200, secs));
    results.push(await storeThroughput(redis.url, "one connection, no pipelining", 1, false, 200, secs));
    results.push(await storeThroughput(redis.url, "round-robin pool of 4, no pipelining", 4, false, 200, secs));
    results.push(await storeThroughput(redis.url, "round-robin pool of 4, auto-pipelining", 4, true, 200, secs));
  } finally {
    await redis.stop();
  }
  const base = results[0] as ClientResult;
  table(
    `Redis client: the store's load + Lua commit from 200 concurrent workers, ${secs} s each (${machine()})`,
    ["client", "ops/s", "p50 ms", "p99 ms", "ops/s ratio vs baseline"],
    results.map((r) => [r.name, r.opsPerSec, r.p50.toFixed(2), r.p99.toFixed(2), (r.opsPerSec / Math.max(1, base.opsPerSec)).toFixed(2)]),
  );
}

async function main(): Promise<void> {
  const only = args.get("only")?.split(",");
  if (!only || only.includes("redis")) await redisClients();
  if (!only || only.includes("cluster")) await clusterLatency();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
