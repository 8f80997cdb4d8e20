import { nodePoint, type ClusterSnapshot, type NodeSnapshot } from "@avalon/protocol";
import type { ClusterServices, RoomActivity } from "../cluster/cluster-services.js";
import type { Logger } from "../logger.js";
import { hostedRooms } from "../metrics/room-hosting.js";
import type { AdminNamespace } from "../transport/types.js";
import type { NodeHistoryBuffer } from "./history.js";
import type { NodeStats } from "./node-stats.js";
import type { Traffic } from "../metrics/traffic.js";
import { SUBSCRIBERS } from "./admin-namespace.js";

export interface TickerDeps {
  periodMs: number;
  stats: NodeStats;
  cluster: ClusterServices;
  traffic: Traffic;
  adminNsp: AdminNamespace;
  /** Room id -> sockets of that room on this node. */
  localRooms: () => Record<string, number>;
  /** Phases of the rooms this node hosts (see `hostedRooms`), for the rooms gauge. */
  onPhases: (byPhase: Record<string, number>) => void;
  roomTtlMs: number;
  /** This node's own series, one row per tick. */
  history: NodeHistoryBuffer;
  log: Logger;
}

/**
 * Once a period: sample this node, write its heartbeat and room activity, and stream the cluster
 * view to this node's own admin subscribers (each node serves its local subscribers, so nothing
 * is sent twice across the adapter).
 *
 * The stream keeps its beat while the cluster store hangs: every period a snapshot goes out,
 * stamped with when the nodes in it were read, so a viewer can tell fresh figures from old ones.
 */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticks = 0;
  private seq = 0;
  private lastRead: { nodes: NodeSnapshot[]; at: number } = { nodes: [], at: 0 };
  private writesOk = true;

  constructor(private readonly deps: TickerDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.deps.periodMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Whether this node's last heartbeat and activity reached the cluster store. */
  get clusterWritesOk(): boolean {
    return this.writesOk;
  }

  async tick(): Promise<void> {
    const snapshot = this.deps.stats.sample();
    this.deps.history.push(nodePoint(snapshot));
    if (this.running) {
      // The previous tick still waits on the cluster store: say so by sending the old read's time.
      this.writesOk = false;
      this.broadcast();
      return;
    }
    this.running = true;
    const { cluster, log } = this.deps;
    try {
      const local = this.deps.localRooms();
      const activity: Record<string, RoomActivity> = {};
      for (const [roomId, sockets] of Object.entries(local)) activity[roomId] = { sockets, ...this.deps.traffic.roomRate(roomId) };
      const ttl = this.deps.periodMs * 5;
      await Promise.all([cluster.heartbeat(snapshot, ttl), cluster.publishActivity(snapshot.nodeId, activity, ttl)]);
      this.writesOk = true;
      if (this.ticks++ % 5 === 0) await this.refreshIndex(snapshot.nodeId);
      if (this.subscribers() > 0) this.lastRead = { nodes: await cluster.listNodes(), at: Date.now() };
    } catch (err) {
      this.writesOk = false;
      log.warn({ err: (err as Error).message }, "heartbeat failed");
    } finally {
      this.running = false;
    }
    this.broadcast();
  }

  private subscribers(): number {
    return this.deps.adminNsp.adapter.rooms.get(SUBSCRIBERS)?.size ?? 0;
  }

  private broadcast(): void {
    if (this.subscribers() === 0 || this.lastRead.at === 0) return;
    // This node's own figures need no cluster read: they are always this tick's, so while the
    // store hangs its card stays current and says its Redis is failing, and the others age.
    const own = this.deps.stats.last;
    const nodes = own ? this.lastRead.nodes.map((n) => (n.nodeId === own.nodeId ? own : n)) : this.lastRead.nodes;
    const snapshot = clusterSnapshot(nodes, {
      ts: this.lastRead.at,
      sentAt: Date.now(),
      seq: ++this.seq,
      servedBy: this.deps.stats.nodeId,
      periodMs: this.deps.periodMs,
    });
    this.deps.adminNsp.local.to(SUBSCRIBERS).emit("admin:cluster", snapshot);
  }

  /**
   * Phases of the rooms this node hosts, for the metrics, and forgetting rooms idle past their
   * TTL. Hosting is decided from every node's published activity (this node's was just written),
   * so a room whose players sit on two nodes is counted once in the cluster.
   */
  private async refreshIndex(nodeId: string): Promise<void> {
    const [index, activity] = await Promise.all([this.deps.cluster.listRoomIndex(), this.deps.cluster.listActivity()]);
    const hosted = hostedRooms(nodeId, activity);
    const now = Date.now();
    const byPhase: Record<string, number> = { lobby: 0, team_building: 0, team_vote: 0, quest: 0, assassination: 0, ended: 0 };
    const stale: string[] = [];
    for (const s of index) {
      if (now - s.updatedAt > this.deps.roomTtlMs) stale.push(s.roomId);
      else if (hosted.has(s.roomId)) byPhase[s.phase] = (byPhase[s.phase] ?? 0) + 1;
    }
    this.deps.onPhases(byPhase);
    if (stale.length) await this.deps.cluster.unindexRooms(stale);
  }
}

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
