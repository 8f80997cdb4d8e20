import { pino } from "pino";
import { createRedisClient, RedisStore, type LoggedAction } from "@avalon/server";
import { startRedis, type RedisProcess } from "./redis.js";
import { spawnNode, startHaproxy, type HaproxyProcess, type NodeProcess } from "./processes.js";

export const TEST_TOKENS = { ADMIN_TOKEN: "operator-token-0123456789", VIEWER_TOKEN: "viewer-token-0123456789" };

export interface TestCluster {
  redis: RedisProcess;
  nodes: NodeProcess[];
  haproxy: HaproxyProcess;
  prefix: string;
  actionLog(roomId: string): Promise<LoggedAction[]>;
  stop(): Promise<void>;
}

/** Redis, three real node processes and HAProxy with the repository's configuration. */
export async function startCluster(env: Record<string, string> = {}, redis?: RedisProcess): Promise<TestCluster> {
  const ownRedis = !redis;
  const r = redis ?? (await startRedis());
  const prefix = `hc${Math.random().toString(36).slice(2, 8)}`;
  const common = {
    REDIS_URL: r.url,
    REDIS_PREFIX: prefix,
    SECRET: "cluster-test-secret-0123456789",
    TRUST_PROXY: "true",
    LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000",
    LIMIT_EVENTS_PER_SECOND: "200",
    LIMIT_EVENT_BURST: "400",
    HEARTBEAT_MS: "250",
    ...TEST_TOKENS,
    ...env,
  };
  const nodes = await Promise.all([1, 2, 3].map((i) => spawnNode({ ...common, NODE_ID: `node${i}-${prefix}` })));
  const haproxy = await startHaproxy(nodes.map((n) => `127.0.0.1:${n.port}`));
  const client = createRedisClient({ url: r.url, clusterNodes: [], commandTimeoutMs: 2000, autoPipeline: false }, "cmd", pino({ level: "silent" }));
  await client.connect();
  const store = new RedisStore(client, { prefix, roomTtlMs: 60_000 });
  await haproxy.waitForServersUp();
  return {
    redis: r,
    nodes,
    haproxy,
    prefix,
    actionLog: (roomId) => store.actionLog(roomId),
    async stop() {
      for (const n of nodes) n.kill("SIGKILL");
      await haproxy.stop();
      await client.quit().catch(() => undefined);
      if (ownRedis) await r.stop();
    },
  };
}
