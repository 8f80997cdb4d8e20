import { Redis } from "ioredis";
import { pino } from "pino";
import { Server } from "socket.io";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createRedisClient, loadConfig, RedisStore, type LoggedAction } from "@avalon/server";
import { doubleSeats, doubleSockets } from "./census.js";
import { TEST_TOKENS } from "./cluster.js";
import { spawnNode, startHaproxy, waitReady, type HaproxyProcess, type NodeProcess } from "./processes.js";
import { startRedis, type RedisProcess } from "./redis.js";
import { TcpProxy } from "./tcp-proxy.js";

/**
 * Redis with every write fsynced, three node processes behind HAProxy, and node 1 reaching Redis
 * through a TCP proxy the test can cut. Killed nodes come back on the same port (HAProxy's
 * configuration names fixed addresses), as an orchestrator would restart them.
 */
export interface FaultCluster {
  redis: RedisProcess;
  /** Node 1's only way to Redis. */
  proxy: TcpProxy;
  nodes: NodeProcess[];
  haproxy: HaproxyProcess;
  prefix: string;
  store: RedisStore;
  /** Exits of node processes not caused by the test (crashes). */
  unexpectedExits: string[];
  actionLog(roomId: string): Promise<LoggedAction[]>;
  /** Kills a node with a signal; the exit is expected. */
  kill(i: number, signal: NodeJS.Signals): Promise<number | null>;
  /** Starts node `i` again on its port and waits until HAProxy can use it. */
  respawn(i: number): Promise<NodeProcess>;
  /** Live game sockets across the cluster (read over the Socket.IO adapter), and players holding two. */
  census(): Promise<{ live: number; doubles: string[] }>;
  doubleSeats(playerIds: string[]): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startFaultCluster(env: Record<string, string> = {}): Promise<FaultCluster> {
  const redis = await startRedis(["--appendonly", "yes", "--appendfsync", "always"]);
  const proxy = await TcpProxy.start(redis.port);
  const prefix = `rf${Math.random().toString(36).slice(2, 8)}`;
  const common: Record<string, string> = {
    REDIS_PREFIX: prefix,
    SECRET: "fault-test-secret-0123456789",
    TRUST_PROXY: "true",
    LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000",
    LIMIT_EVENTS_PER_SECOND: "200",
    LIMIT_EVENT_BURST: "400",
    HEARTBEAT_MS: "250",
    REDIS_COMMAND_TIMEOUT_MS: "500",
    DRAIN_WINDOW_MS: "1000",
    ...TEST_TOKENS,
    ...env,
  };
  const envOf = (i: number, generation: number) => ({
    ...common,
    REDIS_URL: i === 0 ? proxy.url : redis.url,
    NODE_ID: `node${i + 1}-${prefix}${generation ? `-r${generation}` : ""}`,
  });
  const unexpectedExits: string[] = [];
  const expected = new Set<NodeProcess>();
  const generations = [0, 0, 0];
  const watch = (n: NodeProcess) => {
    void n.exited.then((code) => {
      if (!expected.has(n)) unexpectedExits.push(`${n.nodeId} exited with ${code}\n${n.output().slice(-2000)}`);
    });
    return n;
  };
  const nodes = (await Promise.all([0, 1, 2].map((i) => spawnNode(envOf(i, 0))))).map(watch);
  const haproxy = await startHaproxy(nodes.map((n) => `127.0.0.1:${n.port}`));
  const client = createRedisClient({ url: redis.url, clusterNodes: [], commandTimeoutMs: 3000, autoPipeline: false }, "cmd", pino({ level: "silent" }));
  await client.connect();
  const store = new RedisStore(client, { prefix, roomTtlMs: 600_000 });
  await haproxy.waitForServersUp();

  let observer: { io: Server; pub: Redis; sub: Redis } | null = null;
  const census = async () => {
    if (!observer) {
      const pub = new Redis(redis.url, { lazyConnect: false, disableClientInfo: true });
      const sub = pub.duplicate();
      // Redis is restarted on purpose in some runs; the observer just waits for it.
      pub.on("error", () => undefined);
      sub.on("error", () => undefined);
      const io = new Server();
      // The same adapter the nodes run (REDIS_ADAPTER, or the configured default).
      const kind = common.REDIS_ADAPTER ?? loadConfig({}).redisAdapter;
      io.adapter(
        kind === "sharded"
          ? createShardedAdapter(pub, sub, { channelPrefix: `${prefix}#sio`, subscriptionMode: "dynamic" })
          : createAdapter(pub, sub, { key: `${prefix}#sio`, requestsTimeout: 3000 }),
      );
      io.of("/");
      observer = { io, pub, sub };
      await new Promise((r) => setTimeout(r, 300));
    }
    const sockets = await observer.io.of("/").fetchSockets();
    return sockets.map((s) => (s.data as { playerId: string }).playerId);
  };

  const cluster: FaultCluster = {
    redis,
    proxy,
    nodes,
    haproxy,
    prefix,
    store,
    unexpectedExits,
    actionLog: (roomId) => store.actionLog(roomId),
    async kill(i, signal) {
      const n = cluster.nodes[i] as NodeProcess;
      expected.add(n);
      n.kill(signal);
      return n.exited;
    },
    async respawn(i) {
      const old = cluster.nodes[i] as NodeProcess;
      if (old.proc.exitCode === null && old.proc.signalCode === null) await cluster.kill(i, "SIGKILL");
      generations[i] = (generations[i] ?? 0) + 1;
      const n = watch(await spawnNode({ ...envOf(i, generations[i] as number), PORT: String(old.port) }));
      cluster.nodes[i] = n;
      await waitReady(n.url);
      await cluster.haproxy.waitForServersUp([`node${i + 1}`]);
      return n;
    },
    async census() {
      const ids = await census();
      return { live: ids.length, doubles: doubleSockets(ids) };
    },
    doubleSeats: (playerIds) => doubleSeats(store, playerIds),
    async stop() {
      for (const n of cluster.nodes) {
        expected.add(n);
        n.kill("SIGKILL");
      }
      if (observer) {
        observer.pub.disconnect();
        observer.sub.disconnect();
      }
      await haproxy.stop();
      await client.quit().catch(() => undefined);
      await proxy.stop();
      await redis.stop();
    },
  };
  return cluster;
}
