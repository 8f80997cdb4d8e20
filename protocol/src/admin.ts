import { z } from "zod";
import type { NodeId, RoomId } from "./ids.js";
import type { Phase, PublicEvent } from "./game.js";
import type { AckFn } from "./errors.js";
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
  /** Largest accepted frame, bytes. */
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
  draining: boolean;
  limits: Limits;
}

export interface HandshakeStats {
  admittedPerSec: number;
  deferredPerSec: number;
  refusedPerSec: number;
  ratePerSec: number;
  waiting: number;
}

export interface ClusterTotals {
  nodes: number;
  connections: number;
  rooms: number;
  msgsInPerSec: number;
  msgsOutPerSec: number;
  rejectedConnectionsPerSec: number;
}

export interface ClusterSnapshot {
  ts: number;
  nodes: NodeSnapshot[];
  totals: ClusterTotals;
}

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
}

export const ROOM_SORT_KEYS = ["roomId", "phase", "players", "msgsPerSec", "bytesPerSec", "ageSec"] as const;
export type RoomSortKey = (typeof ROOM_SORT_KEYS)[number];

/** The largest room page a node answers; a larger `pageSize` is answered with pages of this size. */
export const MAX_ROOM_PAGE_SIZE = 200;

export const roomQuerySchema = z
  .object({
    page: z.number().int().min(0).max(100_000).default(0),
    pageSize: z.number().int().min(1).max(500).default(50),
    sort: z.enum(ROOM_SORT_KEYS).default("ageSec"),
    desc: z.boolean().default(true),
    phase: z.enum(["lobby", "team_building", "team_vote", "quest", "assassination", "ended"]).optional(),
    search: z.string().max(16).optional(),
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
  z.object({ type: z.literal("drain"), nodeId: z.string().min(1).max(128) }).strict(),
  z.object({ type: z.literal("cancel_drain"), nodeId: z.string().min(1).max(128) }).strict(),
  z.object({ type: z.literal("close_room"), roomId: roomIdSchema }).strict(),
]);
export type AdminCommand = z.infer<typeof adminCommandSchema>;
export type AdminCommandType = AdminCommand["type"];

export interface AuditEntry {
  id: string;
  ts: number;
  tokenName: string;
  role: AdminRole;
  nodeId: NodeId;
  command: AdminCommand | { type: string };
  ok: boolean;
  result: string;
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
  thresholds: { name: string; passed: boolean }[];
  metrics: Record<string, { avg?: number; p50?: number; p95?: number; p99?: number; max?: number; rate?: number; count?: number }>;
  series?: { t: number; ackP95Ms: number; deliveryP95Ms: number; msgsPerSec: number }[];
}

export interface AdminClientToServerEvents {
  "admin:subscribe": (req: { rooms?: boolean }, ack: AckFn<{ role: AdminRole }>) => void;
  /** `pageSize` is the page size applied: at most `MAX_ROOM_PAGE_SIZE`, whatever was asked. */
  "admin:rooms": (query: RoomQuery, ack: AckFn<{ total: number; rooms: RoomStats[]; pageSize?: number }>) => void;
  "admin:room": (req: { roomId: RoomId }, ack: AckFn<{ room: RoomStats; timeline: TimelineEntry[] }>) => void;
  "admin:audit": (req: { limit?: number }, ack: AckFn<{ entries: AuditEntry[] }>) => void;
  "admin:loadtests": (req: Record<string, never>, ack: AckFn<{ runs: LoadTestRunSummary[] }>) => void;
  "admin:command": (cmd: AdminCommand, ack: AckFn<{ result: string }>) => void;
}

export interface AdminServerToClientEvents {
  "admin:hello": (info: { role: AdminRole; tokenName: string; nodeId: NodeId; grafanaUrl: string | null }) => void;
  "admin:cluster": (snapshot: ClusterSnapshot) => void;
  "admin:audit_entry": (entry: AuditEntry) => void;
}
