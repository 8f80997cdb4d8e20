import type { TablesJob } from "./game-tables.js";
import { errorSummary, mergeReports, type LoadReport } from "./load-report.js";
import { hostPort, sleep, startHaproxy, startRedis, startServer, type Child } from "./processes.js";
import { pct, progress, type Table } from "./report.js";
import { generatorCell, meterGenerators, type GeneratorLoad } from "./generator-meter.js";
import { shares, startWorkers, stopWorkers } from "./workers.js";

const TABLES = 30;
const PLAYERS = 10;
const THINK_MS = 500;

interface DrainRun {
  name: string;
  report: ReturnType<typeof mergeReports>;
  generators: GeneratorLoad;
  exit: string;
  exitS: number;
}

/**
 * Games run on three nodes through Redis; once they are under way, node 1 gets SIGTERM and
 * drains (readiness fails, clients are told and disconnected in waves over the drain window),
 * and its players reconnect elsewhere with their resume token.
 */
async function drainRun(name: string, viaHaproxy: boolean, windowMs: number, warmupSeconds: number, seconds: number): Promise<DrainRun> {
  progress(`drain: ${name}`);
  const redis = await startRedis();
  const nodes: Child[] = [];
  const workers = startWorkers(3);
  let proxy: Awaited<ReturnType<typeof startHaproxy>> | null = null;
  try {
    for (let i = 0; i < 3; i++) nodes.push(await startServer({ NODE_ID: `bench-${i}`, REDIS_URL: redis.url, DRAIN_WINDOW_MS: String(windowMs), SHUTDOWN_GRACE_MS: "5000", TRUST_PROXY: String(viaHaproxy) }));
    if (viaHaproxy) {
      proxy = await startHaproxy(nodes.map((n) => hostPort(n.url)));
      // Let the health checks mark every node up before the first client arrives.
      await sleep(2500);
    }
    const urls = proxy ? [proxy.url] : nodes.map((n) => n.url);
    const per = shares(TABLES, workers.length);
    const meter = await meterGenerators(workers);
    const running = Promise.all(
      workers.map((w, i) =>
        w.call<LoadReport>("tables.run", {
          urls,
          spread: true,
          tables: per[i] as number,
          firstTable: per.slice(0, i).reduce((a, b) => a + b, 0),
          players: PLAYERS,
          thinkMs: THINK_MS,
          parser: "json",
          warmupSeconds,
          seconds,
          failover: !proxy,
        } satisfies TablesJob),
      ),
    );
    await sleep((warmupSeconds + 2) * 1000);
    const drained = nodes[0] as Child;
    const t0 = Date.now();
    drained.signal("SIGTERM");
    const exited = await Promise.race([drained.exited, sleep(windowMs + 15_000).then(() => null)]);
    const exitS = (Date.now() - t0) / 1000;
    const reports = await running;
    return { name, report: mergeReports(reports), generators: await meter.read(), exit: exited ? `code ${exited.code ?? exited.signal}` : "still running", exitS };
  } finally {
    await stopWorkers(workers);
    await proxy?.cleanup();
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
  }
}

export async function drain(quick: boolean): Promise<Table[]> {
  const windowMs = quick ? 1000 : 3000;
  // Tables are seated in the warm-up, so the drain finds games in progress (a bot does not retry a lost lobby request).
  const warmup = quick ? 4 : 6;
  const seconds = quick ? 8 : 12;
  const runs = [
    await drainRun("direct: clients fail over to the other nodes' addresses", false, windowMs, warmup, seconds),
    await drainRun("through HAProxy (deploy/haproxy.cfg)", true, windowMs, warmup, seconds),
  ];
  return [
    {
      title: "Drain: reconnect-and-resume time of a drained node's players",
      method:
        `3 nodes + Redis, ${TABLES * PLAYERS} socket.io-client bots in ${TABLES} ten-player games (${THINK_MS} ms think time) spread over the nodes; ${warmup + 2} s in, one node gets SIGTERM with DRAIN_WINDOW_MS=${windowMs} ` +
        "(readiness fails, `server:shutdown` to every client, disconnects in 10 waves over the window). Resume time per drained player: the server-side disconnect to the `room:snapshot` the new node sends after the token handshake " +
        "(the bot waits 50-300 ms before reconnecting; a refused handshake is retried after 200-700 ms). Errors are request errors during the recorded window, retried ones included.",
      head: ["clients reconnect", "drained players resumed", "not resumed", "p50 ms", "p95 ms", "p99 ms", "max ms", "games finished", "request errors", "drained node exit", "generators: CPU (busiest), event-loop lag"],
      rows: runs.map((r) => [
        r.name,
        r.report.resumeH.count,
        r.report.unresumed,
        pct(r.report.resumeH, 50),
        pct(r.report.resumeH, 95),
        pct(r.report.resumeH, 99),
        Math.round(r.report.resumeH.max),
        r.report.games,
        errorSummary(r.report),
        `${r.exit} after ${r.exitS.toFixed(1)} s`,
        generatorCell(r.generators),
      ]),
    },
  ];
}
