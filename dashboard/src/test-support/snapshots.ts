import { clusterSnapshot, type ClusterSnapshot, type Limits, type NodeSnapshot } from "@avalon/protocol";
import { sampleOf, type Sample } from "../features/overview/data/samples";

export const TEST_LIMITS: Limits = {
  connectionsPerIpPerMinute: 60,
  eventsPerSecond: 20,
  eventBurst: 40,
  disconnectAfterViolations: 50,
  maxPayloadBytes: 16_384,
  maxConnectionsPerNode: 10_000,
  maxRoomsPerNode: 2_000,
};

export function testNode(nodeId: string, overrides: Partial<NodeSnapshot> = {}): NodeSnapshot {
  return {
    nodeId,
    address: `${nodeId}:3000`,
    appVersion: "0.1.0",
    startedAt: 0,
    ts: 0,
    connections: 0,
    players: 0,
    rooms: 0,
    roomsByPhase: {},
    msgsInPerSec: 0,
    msgsOutPerSec: 0,
    bytesInPerSec: 0,
    bytesOutPerSec: 0,
    ackLatencyMs: { p50: 1, p95: 2, p99: 3 },
    eventLoopP99Ms: 10,
    rssBytes: 100 * 1024 * 1024,
    heapUsedBytes: 50 * 1024 * 1024,
    cpuPercent: 5,
    rejectedConnectionsPerSec: 0,
    handshakes: { admittedPerSec: 0, deferredPerSec: 0, refusedPerSec: 0, ratePerSec: 500, waiting: 0 },
    refusalsPerSec: {},
    draining: false,
    ready: true,
    redis: "ok",
    limits: TEST_LIMITS,
    nodeCap: null,
    ...overrides,
  };
}

export function testSnapshot(ts: number, nodes: NodeSnapshot[]): ClusterSnapshot {
  return clusterSnapshot(nodes, { ts, sentAt: ts, seq: ts, servedBy: nodes[0]?.nodeId ?? "none", periodMs: 1000 });
}

/** The chart sample of a test snapshot. */
export function testSample(ts: number, nodes: NodeSnapshot[]): Sample {
  return sampleOf(testSnapshot(ts, nodes));
}
