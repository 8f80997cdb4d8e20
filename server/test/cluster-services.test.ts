import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { NodeSnapshot } from "@avalon/protocol";
import { DEFAULT_LIMITS } from "../src/config.js";
import type { ClusterServices, NodeChannel, NodeCommand } from "../src/cluster/cluster-services.js";
import { LocalCluster } from "../src/cluster/local-cluster.js";
import { RedisCluster } from "../src/cluster/redis-cluster.js";
import { createRedisClient, type RedisClient } from "../src/cluster/redis-connection.js";
import { eventually, type RedisProcess, startRedis } from "@avalon/testkit";

const log = pino({ level: "silent" });
let redis: RedisProcess;
const clients: RedisClient[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit()));
  await redis.stop();
});

function snapshot(nodeId: string): NodeSnapshot {
  return {
    nodeId, address: "x", appVersion: "t", startedAt: 0, ts: 0, connections: 1, players: 1, rooms: 0,
    msgsInPerSec: 0, msgsOutPerSec: 0, bytesInPerSec: 0, bytesOutPerSec: 0, ackLatencyMs: { p50: 0, p95: 0, p99: 0 },
    eventLoopP99Ms: 0, rssBytes: 0, heapUsedBytes: 0, cpuPercent: 0, rejectedConnectionsPerSec: 0,
    handshakes: { admittedPerSec: 0, deferredPerSec: 0, refusedPerSec: 0, ratePerSec: 500, waiting: 0 }, draining: false, limits: DEFAULT_LIMITS,
    roomsByPhase: {}, refusalsPerSec: {}, ready: true, redis: "ok", nodeCap: null,
  };
}

let prefixN = 0;
/** Two handles on the same cluster: a memory one is shared, Redis ones are separate connections. */
const implementations: [string, () => Promise<[ClusterServices, ClusterServices]>][] = [
  ["memory", async () => {
    const c = new LocalCluster();
    return [c, c];
  }],
  ["redis", async () => {
    const prefix = `cs${prefixN++}`;
    const make = async (nodeId: string) => {
      const cmd = createRedisClient({ url: redis.url, clusterNodes: [], commandTimeoutMs: 2000, autoPipeline: true }, "cmd", log);
      const sub = createRedisClient({ url: redis.url, clusterNodes: [], commandTimeoutMs: 2000, autoPipeline: false }, "bus", log);
      await Promise.all([cmd.connect(), sub.connect()]);
      clients.push(cmd, sub);
      const c = new RedisCluster(cmd, sub, prefix, log, nodeId);
      await c.start();
      return c;
    };
    return [await make("node-a"), await make("node-b")];
  }],
];

for (const [name, make] of implementations) {
  describe(`ClusterServices contract: ${name}`, () => {
    let a: ClusterServices;
    let b: ClusterServices;
    afterEach(async () => {
      await a.close();
      await b.close();
    });

    it("SharedLimits: delivers a limits change to every node and keeps it for later ones", async () => {
      [a, b] = await make();
      const seen: number[] = [];
      b.onLimits((l) => seen.push(l.eventsPerSecond));
      await a.publishLimits({ ...DEFAULT_LIMITS, eventsPerSecond: 7 });
      await eventually(() => seen.includes(7), 1000);
      expect((await b.loadLimits())?.eventsPerSecond).toBe(7);
    });

    it("CommandBus: delivers commands, and SharedLimits remembers per-node caps", async () => {
      [a, b] = await make();
      const seen: NodeCommand[] = [];
      b.onCommand((c) => seen.push(c));
      await a.publishCommand({ type: "set_node_cap", nodeId: "n1", maxConnections: 5 });
      await a.publishCommand({ type: "drain", nodeId: "n1" });
      await eventually(() => seen.length === 2, 1000);
      expect(await b.loadNodeCaps()).toEqual({ n1: 5 });
    });

    it("NodeRegistry: lists live nodes and drops those whose heartbeat expired", async () => {
      [a, b] = await make();
      await a.heartbeat(snapshot("live"), 10_000);
      await a.heartbeat(snapshot("dying"), 100);
      expect((await b.listNodes()).map((n) => n.nodeId).sort()).toEqual(["dying", "live"]);
      await eventually(async () => (await b.listNodes()).length === 1);
      expect((await b.listNodes()).map((n) => n.nodeId)).toEqual(["live"]);
      await a.removeNode("live");
      expect(await b.listNodes()).toEqual([]);
    });

    it("AuditLog: keeps the audit log newest first", async () => {
      [a, b] = await make();
      for (let i = 0; i < 3; i++) {
        await a.appendAudit({ id: `e${i}`, ts: i, tokenName: "ADMIN_TOKEN", role: "operator", nodeId: "n", command: { type: "drain" }, ok: true, result: "r" });
      }
      expect((await b.listAudit(2)).map((e) => e.id)).toEqual(["e2", "e1"]);
    });

    it("RoomClaims: gives a room's listing to the node that committed its newest version, until that claim lapses", async () => {
      [a, b] = await make();
      expect(await a.claimRooms("n1", [{ roomId: "ROOM1", version: 3 }], 300)).toEqual([]);
      if (a.kind === "memory") return; // one node lists every room
      expect(await b.claimRooms("n2", [{ roomId: "ROOM1", version: 3 }], 300)).toEqual(["ROOM1"]);
      expect(await b.claimRooms("n2", [{ roomId: "ROOM1", version: 4 }, { roomId: "ROOM2", version: 0 }], 300)).toEqual([]);
      expect(await a.claimRooms("n1", [{ roomId: "ROOM1", version: 3 }], 300)).toEqual(["ROOM1"]);
      await eventually(async () => (await a.claimRooms("n1", [{ roomId: "ROOM1", version: 3 }], 300)).length === 0, 3000, 50);
    });

  });
}

describe("NodeChannel", () => {
  const act = { type: "act" as const, id: "node-a:1", from: "node-a", roomId: "R", action: { type: "ready" as const, playerId: "p", ready: true }, meta: {} };

  it("delivers a message to one node's own channel, and says when no node listens there", async () => {
    const [a, b] = await (implementations[1] as (typeof implementations)[number])[1]();
    try {
      const seen: string[] = [];
      b.onNodeMessage((m) => seen.push(m.id));
      expect(await a.sendToNode("node-b", act)).toBe(true);
      await eventually(() => seen.includes("node-a:1"), 1000);
      expect(await a.sendToNode("node-c", act)).toBe(false);
      await b.leaveNodeChannel();
      expect(await a.sendToNode("node-b", act)).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("has no other node to send to in memory", async () => {
    const local: NodeChannel = new LocalCluster();
    expect(await local.sendToNode("node-b", act)).toBe(false);
  });
});
