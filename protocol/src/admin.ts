import { z } from "zod";
import type { NodeId, RoomId } from "./ids.js";
import type { Phase, PublicEvent } from "./game.js";
import { roomIdSchema } from "./schemas.js";

export type AdminRole = "operator" | "viewer";

/** Sent in the handshake `auth` of the `/admin` namespace. */
export interface AdminAuth {
  token: string;
}

/** Limits changeable at runtime, cluster-wide. */
export interface Limits {
  /** New connections one IP may open per minute (cluster-wide with Redis). */
  connectionsPerIpPerMinute: number;
  /** Sustained events per second one socket may send (token bucket rate). */
  eventsPerSecond: number;
  /** Token bucket size: the burst a socket may send at once. */
  eventBurst: number;
  /** Rate-limited events after which the socket is disconnected. */
  disconnectAfterViolations: number;
  /** Largest accepted event payload, bytes. */
  maxPayloadBytes: number;
  /** Connections one node accepts; beyond it handshakes get `server_full`. */
  maxConnectionsPerNode: number;
  /** Rooms one node may create. */
  maxRoomsPerNode: number;
}

export const limitsSchema = z
  .object({
    connectionsPerIpPerMinute: z.number().int().min(1).max(1_000_000),
    eventsPerSecond: z.number().min(0.1).max(10_000),
    eventBurst: z.number().int().min(1).max(100_000),
    disconnectAfterViolations: z.number().int().min(1).max(100_000),
    maxPayloadBytes: z.number().int().min(256).max(10_000_000),
    maxConnectionsPerNode: z.number().int().min(1).max(19_000),
    maxRoomsPerNode: z.number().int().min(1).max(1_000_000),
  })
  .strict();

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
}

export interface NodeSnapshot {
  nodeId: NodeId;
  address: string;
  appVersion: string;
  startedAt: number;
  ts: number;
  connections: number;
  players: number;
  rooms: number;
  /** Rooms this node hosts, by phase (as the rooms gauge counts them). */
  roomsByPhase: Partial<Record<Phase, number>>;
  msgsInPerSec: number;
  msgsOutPerSec: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
  /** Server-side ack latency of client requests, ms. */
  ackLatencyMs: LatencySummary;
  eventLoopP99Ms: number;
  rssBytes: number;
  heapUsedBytes: number;
  cpuPercent: number;
  rejectedConnectionsPerSec: number;
  /** Handshake admission over the last period: per second by outcome, the rate in force, handshakes waiting. */
  handshakes: HandshakeStats;
  /** Refused requests and handshakes per second, by error code (`rate_limited`, `server_full`, ...). */
  refusalsPerSec: Record<string, number>;
  draining: boolean;
  /** What `/readyz` answers on this node. */
  ready: boolean;
  /** `ok` when its last cluster write went through, `failing` when it did not, `none` without Redis. */
  redis: RedisState;
  limits: Limits;
  /** An operator's cap on this node's connections, overriding the cluster-wide value; null when none. */
  nodeCap: number | null;
}

export interface HandshakeStats {
  admittedPerSec: number;
  deferredPerSec: number;
  refusedPerSec: number;
  ratePerSec: number;
  waiting: number;
}
export type RedisState = "ok" | "failing" | "none";

export interface ClusterTotals {
  nodes: number;
  connections: number;
  rooms: number;
  msgsInPerSec: number;
  msgsOutPerSec: number;
  rejectedConnectionsPerSec: number;
}

export interface ClusterSnapshot {
  /** When the serving node last read the cluster's nodes: the age of `nodes`. */
  ts: number;
  /** When the serving node sent this snapshot; `sentAt - ts` grows while its cluster reads stall. */
  sentAt: number;
  /** Counts up by one per snapshot sent by `servedBy`. */
  seq: number;
  servedBy: NodeId;
  /** The ticker's period: snapshots are due this often. */
  periodMs: number;
  nodes: NodeSnapshot[];
  totals: ClusterTotals;
}

/** A snapshot of these nodes, with their totals rounded to hundredths. */
export function clusterSnapshot(nodes: NodeSnapshot[], stamp: Pick<ClusterSnapshot, "ts" | "sentAt" | "seq" | "servedBy" | "periodMs">): ClusterSnapshot {
  const sum = (f: (n: NodeSnapshot) => number) => Math.round(nodes.reduce((a, n) => a + f(n), 0) * 100) / 100;
  return {
    ...stamp,
    nodes,
    totals: {
      nodes: nodes.length,
      connections: sum((n) => n.connections),
      rooms: sum((n) => n.rooms),
      msgsInPerSec: sum((n) => n.msgsInPerSec),
      msgsOutPerSec: sum((n) => n.msgsOutPerSec),
      rejectedConnectionsPerSec: sum((n) => n.rejectedConnectionsPerSec),
    },
  };
}

/** The figures of a node kept in its history, in this column order on the wire. */
export const HISTORY_FIELDS = [
  "ts",
  "connections",
  "players",
  "rooms",
  "msgsInPerSec",
  "msgsOutPerSec",
  "ackP50Ms",
  "ackP95Ms",
  "ackP99Ms",
  "eventLoopP99Ms",
  "rssBytes",
  "heapUsedBytes",
  "cpuPercent",
  "rejectedConnectionsPerSec",
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];
export type NodePoint = Record<HistoryField, number>;

export function nodePoint(n: NodeSnapshot): NodePoint {
  return {
    ts: n.ts,
    connections: n.connections,
    players: n.players,
    rooms: n.rooms,
    msgsInPerSec: n.msgsInPerSec,
    msgsOutPerSec: n.msgsOutPerSec,
    ackP50Ms: n.ackLatencyMs.p50,
    ackP95Ms: n.ackLatencyMs.p95,
    ackP99Ms: n.ackLatencyMs.p99,
    eventLoopP99Ms: n.eventLoopP99Ms,
    rssBytes: n.rssBytes,
    heapUsedBytes: n.heapUsedBytes,
    cpuPercent: n.cpuPercent,
    rejectedConnectionsPerSec: n.rejectedConnectionsPerSec,
  };
}

/** One node's recent series: each row holds `HISTORY_FIELDS` in order, oldest first; null where a source lacks a figure. */
export interface NodeHistory {
  nodeId: NodeId;
  rows: (number | null)[][];
}

export interface HistoryReply {
  source: "nodes" | "prometheus";
  periodMs: number;
  nodes: NodeHistory[];
}

export const historyQuerySchema = z.object({ windowMs: z.number().int().min(1000).max(24 * 3600_000).default(15 * 60_000) }).strict();
export type HistoryQuery = z.input<typeof historyQuerySchema>;

export interface RoomStats {
  roomId: RoomId;
  phase: Phase;
  players: number;
  spectators: number;
  nodes: NodeId[];
  msgsPerSec: number;
  bytesPerSec: number;
  createdAt: number;
  ageSec: number;
  version: number;
  status: RoomStatus;
}

/** What one node saw of one room in the last second. */
export interface RoomActivity {
  sockets: number;
  msgsPerSec: number;
  bytesPerSec: number;
}

/** One node's answer to a room-list request: its own rooms passing the filters, and the first rows in the asked order. */
export interface NodeRoomRows {
  nodeId: NodeId;
  total: number;
  rows: RoomStats[];
}

/** One node's activity in the asked rooms, and the rows of those it lists itself. */
export interface NodeRoomActivity {
  nodeId: NodeId;
  activity: Record<RoomId, RoomActivity>;
  rows: RoomStats[];
}

/** A seat as operators see it: no role, only who sits where and whether they are connected. */
export interface RoomPlayer {
  playerId: string;
  name: string;
  seat: number;
  host: boolean;
  connected: boolean;
  /** Nodes holding a socket of this player. */
  nodes: NodeId[];
}

/** `active`: open and someone connected; `abandoned`: open with nobody connected; `ended`: game over. */
export const ROOM_STATUSES = ["active", "abandoned", "ended"] as const;
export type RoomStatus = (typeof ROOM_STATUSES)[number];

export const ROOM_SORT_KEYS = ["roomId", "phase", "players", "msgsPerSec", "bytesPerSec", "ageSec"] as const;
export type RoomSortKey = (typeof ROOM_SORT_KEYS)[number];

/** The largest room page a node answers; a larger `pageSize` is answered with pages of this size. */
export const MAX_ROOM_PAGE_SIZE = 200;

/** How deep the room list can be paged in one order: rows past this many are not served (narrow the filters instead). */
export const MAX_ROOM_LIST_DEPTH = 10_000;

export const roomQuerySchema = z
  .object({
    page: z.number().int().min(0).max(100_000).default(0),
    pageSize: z.number().int().min(1).max(500).default(50),
    sort: z.enum(ROOM_SORT_KEYS).default("ageSec"),
    desc: z.boolean().default(true),
    phase: z.enum(["lobby", "team_building", "team_vote", "quest", "assassination", "ended"]).optional(),
    search: z.string().max(16).optional(),
    status: z.enum(ROOM_STATUSES).optional(),
  })
  .strict();
export type RoomQuery = z.input<typeof roomQuerySchema>;

export interface TimelineEntry {
  version: number;
  ts: number;
  event: PublicEvent;
}

export const adminCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("set_limits"), limits: limitsSchema.partial() }).strict(),
  z
    .object({ type: z.literal("set_node_cap"), nodeId: z.string().min(1).max(128), maxConnections: z.number().int().min(1).max(19_000) })
    .strict(),
  z.object({ type: z.literal("clear_node_cap"), nodeId: z.string().min(1).max(128) }).strict(),
  // `force` drains the last serving node anyway; without it that drain is refused.
  z.object({ type: z.literal("drain"), nodeId: z.string().min(1).max(128), force: z.boolean().optional() }).strict(),
  z.object({ type: z.literal("cancel_drain"), nodeId: z.string().min(1).max(128) }).strict(),
  z.object({ type: z.literal("close_room"), roomId: roomIdSchema }).strict(),
]);
export type AdminCommand = z.infer<typeof adminCommandSchema>;
export type AdminCommandType = AdminCommand["type"];

/** One value a command changed. */
export interface AuditChange {
  field: string;
  before: number | string | null;
  after: number | string | null;
}

export interface AuditEntry {
  id: string;
  ts: number;
  /** The operator's name (or the token variable's, for ADMIN_TOKEN and VIEWER_TOKEN). */
  tokenName: string;
  role: AdminRole;
  /** The node that ran the command. */
  nodeId: NodeId;
  command: AdminCommand | { type: string };
  ok: boolean;
  result: string;
  /** What changed, before and after; empty when nothing did. */
  changes?: AuditChange[];
}

export const auditQuerySchema = z
  .object({
    limit: z.number().int().min(1).max(500).default(100),
    operator: z.string().max(64).optional(),
    command: z.string().max(32).optional(),
    /** The node a command ran on or was aimed at. */
    nodeId: z.string().max(128).optional(),
  })
  .strict();
export type AuditQuery = z.input<typeof auditQuerySchema>;

/** The audit filter, one definition for the server's query and the dashboard's live entries. */
export function auditMatches(e: AuditEntry, f: Pick<AuditQuery, "operator" | "command" | "nodeId">): boolean {
  const target = (e.command as { nodeId?: unknown }).nodeId;
  return (!f.operator || e.tokenName === f.operator) && (!f.command || e.command.type === f.command) && (!f.nodeId || e.nodeId === f.nodeId || target === f.nodeId);
}

/** Who produced a run: the raw-protocol load generator, the socket.io-client bots, or an imported k6 summary. */
export type LoadTestTool = "raw" | "bots" | "k6";

export interface LoadTestRunSummary {
  id: string;
  tool: LoadTestTool;
  name: string;
  startedAt: number;
  durationSec: number;
  thresholdsPassed: boolean;
  /** Each rule and whether it held; `measured` is the value it was judged on (absent in older files, null without samples). */
  thresholds: { name: string; passed: boolean; measured?: number | null }[];
  metrics: Record<string, { avg?: number; p50?: number; p95?: number; p99?: number; max?: number; rate?: number; count?: number }>;
  series?: { t: number; ackP95Ms: number; deliveryP95Ms: number; msgsPerSec: number }[];
}

export interface AdminServerToClientEvents {
  "admin:hello": (info: { role: AdminRole; tokenName: string; nodeId: NodeId; grafanaUrl: string | null }) => void;
  "admin:cluster": (snapshot: ClusterSnapshot) => void;
  "admin:audit_entry": (entry: AuditEntry) => void;
}
