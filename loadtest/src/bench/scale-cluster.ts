import { Cluster, Redis } from "ioredis";
import { RedisStore } from "@avalon/server";
import { commandCalls, eventually, startRedisCluster, type RedisClusterProcess } from "@avalon/testkit";
import { Bot } from "../bot/bot.js";
import { playGame, type GameRunResult } from "../bot/game-runner.js";
import { percentile } from "../bot/stats.js";
import { startServer, type Child } from "./processes.js";
import { progress, ratio, verdict, type Table } from "./report.js";

const SPREAD_LIMIT = 1.5;
const GAMES_AT_ONCE = 8;
/** How many times a move answered `unavailable` or `outcome_unknown` is resent with its action id. */
const RESENDS = 100;

const spread = (counts: number[]) => Math.max(...counts) / Math.max(1, counts.reduce((a, b) => a + b, 0) / counts.length);

/** Two nodes on a fresh three-master Redis Cluster (a replica each), for the duration of `run`. */
async function onCluster<T>(prefix: string, env: Record<string, string>, run: (cluster: RedisClusterProcess, urls: string[]) => Promise<T>): Promise<T> {
  const cluster = await startRedisCluster({ replicas: 1 });
  const nodes: Child[] = [];
  try {
    for (let i = 0; i < 2; i++) nodes.push(await startServer({ REDIS_CLUSTER_NODES: cluster.seeds, REDIS_PREFIX: prefix, NODE_ID: `${prefix}-${i}`, ...env }));
    return await run(cluster, nodes.map((n) => n.url));
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await cluster.stop();
  }
}

interface SpreadRun {
  games: number;
  ended: number;
  commands: number[];
  published: number[];
}

async function spreadRun(games: number): Promise<SpreadRun> {
  progress(`scale: ${games} games on a Redis Cluster of three masters`);
  return onCluster("bsp", {}, async (cluster, urls) => {
    const masters = cluster.masters.map((port) => new Redis(port, "127.0.0.1"));
    try {
      await Promise.all(masters.map((m) => m.config("RESETSTAT")));
      const results: GameRunResult[] = [];
      for (let i = 0; i < games; i += GAMES_AT_ONCE) {
        const n = Math.min(GAMES_AT_ONCE, games - i);
        results.push(...(await Promise.all(Array.from({ length: n }, (_, j) => playGame({ urls, players: 5, seed: `spread${i + j}`, timeoutMs: 60_000 })))));
      }
      const calls = await Promise.all(masters.map(commandCalls));
      return {
        games,
        ended: results.filter((r) => r.view.phase === "ended").length,
        commands: calls.map((c) => [...c.values()].reduce((a, b) => a + b, 0)),
        published: calls.map((c) => c.get("spublish") ?? 0),
      };
    } finally {
      for (const m of masters) m.disconnect();
    }
  });
}

export interface FailoverRun {
  replicas: number;
  ackP99Ms: number;
  acked: number;
  /** Acknowledged at their first sending, and missing afterwards. */
  lost: number;
  /** Acknowledged only on a resend after `unavailable` or `outcome_unknown`, and missing afterwards. */
  lostResent: number;
  /** From the kill until every host's moves were answered again, s. */
  resumedS: number;
}

interface Acked {
  actionId: string;
  resent: boolean;
  host: number;
  at: number;
}

/** One host toggling readiness in its lobby, one acknowledged move after another, until told to stop. */
async function toggle(bot: Bot, roomId: string, host: number, until: { stop: boolean }, acked: Acked[], latencies: number[]): Promise<void> {
  for (let n = 0; !until.stop; n++) {
    const actionId = `h${host}-${n}`;
    for (let attempt = 0; attempt < RESENDS && !until.stop; attempt++) {
      const sent = performance.now();
      const res = await bot.request("room:ready", { roomId, ready: n % 2 === 0, actionId });
      if (res.ok) {
        acked.push({ actionId, resent: attempt > 0, host, at: performance.now() });
        if (attempt === 0) latencies.push(performance.now() - sent);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Hosts toggling readiness as fast as answered; the ack p99 of `calm` moves before any fault, then
 * the first master's replica is stopped while `lagging` moves are answered, the master is killed
 * with SIGKILL (its replica, resumed, takes over), and the acknowledged moves missing from the
 * rooms' logs afterwards are counted.
 */
export async function measureFailover(replicas: number, calm: number, lagging: number): Promise<FailoverRun> {
  progress(`scale: a master killed mid-play, REDIS_COMMIT_REPLICAS=${replicas}`);
  const prefix = `bfo${replicas}`;
  const hosts = 24;
  const env: Record<string, string> = replicas > 0 ? { REDIS_COMMIT_REPLICAS: String(replicas), REDIS_COMMIT_REPLICAS_TIMEOUT_MS: "100" } : {};
  return onCluster(prefix, env, async (cluster, urls) => {
    const bots: Bot[] = [];
    const reader = new Cluster(cluster.seeds.split(",").map((s) => ({ host: "127.0.0.1", port: Number(s.split(":")[1]) })));
    try {
      const rooms: string[] = [];
      for (let i = 0; i < hosts; i++) {
        const bot = new Bot({ url: urls[i % urls.length] as string, name: `host${i}`, autoplay: false, requestTimeoutMs: 5000 });
        bots.push(bot);
        await bot.connect();
        rooms.push(await bot.createRoom({ maxPlayers: 5 }));
      }
      const latencies: number[] = [];
      const calmUntil = { stop: false };
      const calmRuns = bots.map((b, i) => toggle(b, rooms[i] as string, 1000 + i, calmUntil, [], latencies));
      await eventually(() => latencies.length >= calm, 60_000, 50);
      calmUntil.stop = true;
      await Promise.all(calmRuns);

      const acked: Acked[] = [];
      const until = { stop: false };
      const runs = bots.map((b, i) => toggle(b, rooms[i] as string, i, until, acked, []));
      await eventually(() => acked.length >= hosts * 10, 30_000, 50);
      const master = cluster.masters[0] as number;
      const replica = cluster.server(cluster.replicaOf(master));
      replica.pause();
      const lagFrom = acked.length;
      await eventually(() => acked.length >= lagFrom + lagging, 30_000, 10);
      // Resumed once the master is gone: it never receives what the master still held for it.
      let killedAt = 0;
      await cluster.failover(master, {
        afterKill: () => {
          killedAt = performance.now();
          replica.resume();
        },
      });
      const atFailover = acked.length;
      const answeredSinceKill = () => new Set(acked.filter((a) => a.at > killedAt).map((a) => a.host)).size;
      await eventually(() => acked.length >= atFailover + hosts * 10 && answeredSinceKill() === hosts, 60_000, 50);
      until.stop = true;
      await Promise.all(runs);

      const store = new RedisStore(reader, { prefix, roomTtlMs: 60_000 });
      const logged = new Set<string | null>();
      for (const roomId of rooms) for (const l of await store.actionLog(roomId)) logged.add(l.actionId);
      const missing = acked.filter((a) => !logged.has(a.actionId));
      const resumedAt = bots.map((_, host) => Math.min(...acked.filter((a) => a.host === host && a.at > killedAt).map((a) => a.at)));
      return {
        replicas,
        ackP99Ms: percentile(latencies, 99),
        acked: acked.length,
        lost: missing.filter((a) => !a.resent).length,
        lostResent: missing.filter((a) => a.resent).length,
        resumedS: (Math.max(...resumedAt) - killedAt) / 1000,
      };
    } finally {
      for (const b of bots) b.close();
      reader.disconnect();
    }
  });
}

/** Redis Cluster for real: how commands spread over the masters, and what a master failover loses. */
export async function scaleCluster(quick: boolean): Promise<Table[]> {
  const games = quick ? 48 : 240;
  const s = await spreadRun(games);
  const calm = quick ? 500 : 2000;
  const lagging = quick ? 100 : 400;
  const runs = [await measureFailover(0, calm, lagging), await measureFailover(1, calm, lagging)];
  const [without, withWait] = runs as [FailoverRun, FailoverRun];
  return [
    {
      title: "Redis Cluster: commands and sharded publishes per master",
      method: `Three masters with a replica each (redis-server in cluster mode on loopback), two nodes; ${games} five-player bot games, ${GAMES_AT_ONCE} at a time, seats alternating between the nodes. Calls per master from INFO commandstats (commands run inside scripts included), reset before the games.`,
      head: ["games ended", "commands per master", "max / mean", "SPUBLISH per master", "max / mean"],
      rows: [[`${s.ended} of ${s.games}`, s.commands.join(", "), spread(s.commands).toFixed(2), s.published.join(", "), spread(s.published).toFixed(2)]],
      verdicts: [
        verdict(spread(s.commands) <= SPREAD_LIMIT, `Redis Cluster: the most-loaded master's commands ${spread(s.commands).toFixed(2)}x the mean (target ≤ ${SPREAD_LIMIT})`),
        verdict(spread(s.published) <= SPREAD_LIMIT, `Redis Cluster: the rooms' sharded publishes ${spread(s.published).toFixed(2)}x the mean on the busiest master (target ≤ ${SPREAD_LIMIT})`),
      ],
    },
    {
      title: "Redis Cluster failover: acknowledged moves lost, with and without REDIS_COMMIT_REPLICAS",
      method:
        `The same cluster, fresh per row; 24 hosts on two nodes each toggle readiness in their own lobby as fast as they are answered. Ack p99 over ${calm} moves before any fault; then the first master's replica is stopped (SIGSTOP) while ${lagging} moves are answered, the master is killed with SIGKILL, the replica resumed takes over. ` +
        "A move answered unavailable or outcome_unknown is resent with its action id. Lost: acknowledged moves missing from the rooms' logs after the failover. Answered again: from the kill until every host has had a move answered after it.",
      head: ["REDIS_COMMIT_REPLICAS", "acknowledged", "lost (acked at first sending)", "lost (acked on a resend)", "every room answered again after the kill", "ack p99 ms before the fault", "ack p99 vs 0"],
      rows: runs.map((r) => [r.replicas, r.acked, r.lost, r.lostResent, `${r.resumedS.toFixed(1)} s`, r.ackP99Ms.toFixed(1), ratio(r.ackP99Ms, without.ackP99Ms)]),
      verdicts: [
        verdict(withWait.lost + withWait.lostResent === 0, `Redis failover with REDIS_COMMIT_REPLICAS=1: ${withWait.lost + withWait.lostResent} of ${withWait.acked} acknowledged moves lost (target 0); without it ${without.lost + without.lostResent} of ${without.acked}; ack p99 ${withWait.ackP99Ms.toFixed(1)} ms against ${without.ackP99Ms.toFixed(1)} ms`),
      ],
    },
  ];
}
