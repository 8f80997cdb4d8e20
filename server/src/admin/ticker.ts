import { clusterSnapshot, nodePoint, type NodeSnapshot, type RedisState } from "@avalon/protocol";
import type { NodeRegistry } from "../cluster/cluster-services.js";
import type { Logger } from "../logger.js";
import type { OwnRooms } from "../rooms/own-rooms.js";
import type { AdminNamespace } from "../transport/types.js";
import type { NodeHistoryBuffer } from "./history.js";
import type { NodeStats } from "./node-stats.js";
import { SUBSCRIBERS } from "./admin-namespace.js";

export interface TickerDeps {
  periodMs: number;
  stats: NodeStats;
  cluster: Pick<NodeRegistry, "heartbeat" | "listNodes">;
  /** Whether the cluster store is Redis (else the snapshot says "none" for it). */
  clustered: boolean;
  adminNsp: AdminNamespace;
  /** The rooms this node lists: their claims are renewed each tick, their phases feed the rooms gauge. */
  ownRooms: Pick<OwnRooms, "renew" | "byPhase">;
  onPhases: (byPhase: Record<string, number>) => void;
  /** This node's own series, one row per tick. */
  history: NodeHistoryBuffer;
  log: Logger;
  /** A tick whose heartbeat and claim renewals were written. */
  onHeartbeat?: () => void;
}

/**
 * Once a period: sample this node, write its heartbeat, renew the claims of its own rooms that are
 * due, and stream the cluster
 * view to this node's own admin subscribers (each node serves its local subscribers, so nothing
 * is sent twice across the adapter).
 *
 * The stream keeps its beat while the cluster store hangs: every period a snapshot goes out,
 * stamped with when the nodes in it were read, so a viewer can tell fresh figures from old ones.
 */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
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

  async tick(): Promise<void> {
    const snapshot = this.deps.stats.sample(this.redisState());
    this.deps.history.push(nodePoint(snapshot));
    if (this.running) {
      // The previous tick still waits on the cluster store: say so by sending the old read's time.
      this.writesOk = false;
      this.broadcast();
      return;
    }
    this.running = true;
    const { cluster, log } = this.deps;
    this.deps.onPhases(this.deps.ownRooms.byPhase());
    try {
      const ttl = this.deps.periodMs * 5;
      await Promise.all([cluster.heartbeat(snapshot, ttl), this.deps.ownRooms.renew()]);
      this.writesOk = true;
      this.deps.onHeartbeat?.();
      if (this.subscribers() > 0) this.lastRead = { nodes: await cluster.listNodes(), at: Date.now() };
    } catch (err) {
      this.writesOk = false;
      log.warn({ err: (err as Error).message }, "heartbeat failed");
    } finally {
      this.running = false;
    }
    this.broadcast();
  }

  /** Whether this node's last heartbeat and activity reached the cluster store. */
  private redisState(): RedisState {
    if (!this.deps.clustered) return "none";
    return this.writesOk ? "ok" : "failing";
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
}
