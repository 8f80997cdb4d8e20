import { afterAll, afterEach, describe, expect, it } from "vitest";
import { HISTORY_FIELDS, type Ack, type HistoryReply } from "@avalon/protocol";
import { Bot } from "@avalon/loadtest";
import { admin, adminAck, type AdminClient, eventually, freePort, type PrometheusProcess, type RedisProcess, startNode, startPrometheus, startRedis, stopAll, TEST_TOKENS } from "@avalon/testkit";

/*
 * The dashboard's history: each node keeps its own series and the node asked gathers the others'
 * over the adapter; with PROMETHEUS_URL the series come from Prometheus, and from the nodes again
 * when Prometheus cannot answer.
 */

let redis: RedisProcess | null = null;
let prom: PrometheusProcess | null = null;
const sockets: AdminClient[] = [];
const bots: Bot[] = [];

afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  bots.splice(0).forEach((b) => b.close());
  await stopAll();
  await prom?.stop();
  prom = null;
});
afterAll(async () => {
  await redis?.stop();
});

const CONNECTIONS = HISTORY_FIELDS.indexOf("connections");

async function history(url: string, windowMs = 60_000): Promise<HistoryReply> {
  const op = await admin(url, TEST_TOKENS.VIEWER_TOKEN);
  sockets.push(op);
  const reply = await adminAck<Ack<HistoryReply>>(op, "admin:history", { windowMs });
  if (!reply.ok) throw new Error(reply.message);
  return reply;
}

async function connectBot(url: string): Promise<void> {
  const bot = new Bot({ url, name: "hist", autoplay: false });
  bots.push(bot);
  await bot.connect();
}

describe("admin history", () => {
  it("answers every node's own series, gathered from the other nodes, one row per period", async () => {
    redis = await startRedis();
    const common = { ...TEST_TOKENS, REDIS_URL: redis.url, REDIS_PREFIX: "hist", HEARTBEAT_MS: "200" };
    const a = await startNode({ ...common, NODE_ID: "hist-a" });
    const b = await startNode({ ...common, NODE_ID: "hist-b" });
    await connectBot(b.url);
    let reply: HistoryReply | null = null;
    await eventually(async () => {
      reply = await history(a.url);
      const rowsOfB = reply.nodes.find((n) => n.nodeId === "hist-b")?.rows ?? [];
      return reply.nodes.length === 2 && rowsOfB.some((r) => r[CONNECTIONS] === 1) && rowsOfB.length >= 5;
    }, 15_000, 200);
    const got = reply as unknown as HistoryReply;
    expect(got.source).toBe("nodes");
    expect(got.periodMs).toBe(200);
    for (const node of got.nodes) {
      expect(node.rows.every((r) => r.length === HISTORY_FIELDS.length)).toBe(true);
      const ts = node.rows.map((r) => r[0] as number);
      expect(ts).toEqual([...ts].sort((x, y) => x - y));
    }
    // A window shorter than the node's life returns only that window.
    const recent = await history(a.url, 1000);
    expect(recent.nodes.every((n) => n.rows.length <= 7)).toBe(true);
  }, 40_000);

  it("reads the series from Prometheus when PROMETHEUS_URL is set, and from the nodes when it cannot answer", async () => {
    const port = await freePort();
    prom = await startPrometheus([`127.0.0.1:${port}`]);
    const node = await startNode({ ...TEST_TOKENS, PORT: String(port), NODE_ID: "hist-prom", HEARTBEAT_MS: "500", PROMETHEUS_URL: prom.url });
    await connectBot(node.url);
    let reply: HistoryReply | null = null;
    await eventually(async () => {
      reply = await history(node.url);
      return reply.source === "prometheus" && (reply.nodes.find((n) => n.nodeId === "hist-prom")?.rows ?? []).some((r) => r[CONNECTIONS] === 1);
    }, 30_000, 500);
    const rows = (reply as unknown as HistoryReply).nodes[0]?.rows ?? [];
    expect(rows[0]?.length).toBe(HISTORY_FIELDS.length);
    // Prometheus has no player count: that column is empty, not made up.
    expect(rows.every((r) => r[HISTORY_FIELDS.indexOf("players")] === null)).toBe(true);

    await prom.stop();
    prom = null;
    const fallback = await history(node.url);
    expect(fallback.source).toBe("nodes");
    expect(fallback.nodes.map((n) => n.nodeId)).toEqual(["hist-prom"]);
  }, 60_000);
});
