import type { NodeSnapshot, Phase } from "@avalon/protocol";

/** The ack p99 the alerts hold each node to (docs/OPERATIONS.md, AvalonAckLatencyHigh). */
export const ACK_P99_TARGET_MS = 100;
/** Event-loop lag p99 above this is alerted on too (AvalonEventLoopLagHigh). */
export const EVENT_LOOP_TARGET_MS = 100;

export interface Headline {
  players: number;
  connections: number;
  /** Rooms counted once each: the sum over phases of the rooms each node hosts. */
  rooms: number;
  roomsByPhase: [Phase, number][];
  worstAck: { nodeId: string; p99Ms: number } | null;
  worstLoop: { nodeId: string; p99Ms: number } | null;
  /** Refusals per second over the cluster, by code, largest first. */
  refusals: [string, number][];
  refusalsTotal: number;
  /** The busiest node by CPU, when more than one node serves and it stands out. */
  hotNodeId: string | null;
}

const PHASE_ORDER: Phase[] = ["lobby", "team_building", "team_vote", "quest", "assassination", "ended"];

function worst(nodes: readonly NodeSnapshot[], pick: (n: NodeSnapshot) => number): { nodeId: string; p99Ms: number } | null {
  let out: { nodeId: string; p99Ms: number } | null = null;
  for (const n of nodes) if (!out || pick(n) > out.p99Ms) out = { nodeId: n.nodeId, p99Ms: pick(n) };
  return out;
}

/** "Is it healthy, how big, how fast, what's failing, where", from one cluster snapshot. */
export function headline(nodes: readonly NodeSnapshot[]): Headline {
  const phases = new Map<Phase, number>();
  const refusals = new Map<string, number>();
  let players = 0;
  let connections = 0;
  let rooms = 0;
  for (const n of nodes) {
    players += n.players;
    connections += n.connections;
    rooms += n.rooms;
    for (const [phase, count] of Object.entries(n.roomsByPhase) as [Phase, number][]) phases.set(phase, (phases.get(phase) ?? 0) + count);
    for (const [code, rate] of Object.entries(n.refusalsPerSec)) refusals.set(code, (refusals.get(code) ?? 0) + rate);
  }
  const sortedRefusals = [...refusals].filter(([, r]) => r > 0).sort((a, b) => b[1] - a[1]);
  return {
    players,
    connections,
    // A room whose players sit on three nodes is in three nodes' `rooms`; by phase it is counted once.
    rooms: phases.size > 0 ? [...phases.values()].reduce((a, n) => a + n, 0) : rooms,
    roomsByPhase: PHASE_ORDER.flatMap((p) => (phases.get(p) ? [[p, phases.get(p) as number] as [Phase, number]] : [])),
    worstAck: worst(nodes, (n) => n.ackLatencyMs.p99),
    worstLoop: worst(nodes, (n) => n.eventLoopP99Ms),
    refusals: sortedRefusals,
    refusalsTotal: Math.round(sortedRefusals.reduce((a, [, r]) => a + r, 0) * 100) / 100,
    hotNodeId: hotNode(nodes),
  };
}

/** The node whose CPU is highest and at least half again the others' average. */
export function hotNode(nodes: readonly NodeSnapshot[]): string | null {
  const serving = nodes.filter((n) => !n.draining);
  if (serving.length < 2) return null;
  const sorted = [...serving].sort((a, b) => b.cpuPercent - a.cpuPercent);
  const top = sorted[0] as NodeSnapshot;
  const rest = sorted.slice(1);
  const average = rest.reduce((a, n) => a + n.cpuPercent, 0) / rest.length;
  return top.cpuPercent >= 10 && top.cpuPercent >= average * 1.5 ? top.nodeId : null;
}
