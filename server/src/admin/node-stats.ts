import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { HandshakeStats, Limits, NodeSnapshot, Phase, RedisState } from "@avalon/protocol";
import type { Traffic } from "../metrics/traffic.js";

export interface NodeStatsSources {
  nodeId: string;
  address: () => string;
  appVersion: string;
  startedAt: number;
  traffic: Traffic;
  connections: () => number;
  players: () => number;
  rooms: () => number;
  roomsByPhase: () => Partial<Record<Phase, number>>;
  draining: () => boolean;
  ready: () => boolean;
  limits: () => Limits;
  handshakes: () => { counts: { admitted: number; deferred: number; refused: number }; rate: number; queued: number };
  nodeCap: () => number | null;
}

/** Builds this node's once-a-second snapshot: rates, latency percentiles, event loop, memory, CPU. */
export class NodeStats {
  private readonly loop: IntervalHistogram;
  private lastCpu = process.cpuUsage();
  private lastWall = performance.now();
  private latest: NodeSnapshot | null = null;
  private lastHandshakes = { admitted: 0, deferred: 0, refused: 0 };

  constructor(private readonly src: NodeStatsSources) {
    this.loop = monitorEventLoopDelay({ resolution: 10 });
    this.loop.enable();
  }

  /** Closes the window and returns the new snapshot; `redis` is what the ticker last saw of the cluster store. */
  sample(redis: RedisState, now = Date.now()): NodeSnapshot {
    const t = this.src.traffic;
    t.tick(now);
    const [p50, p95, p99] = t.ackMs.drain([50, 95, 99]) as [number, number, number];
    const cpu = process.cpuUsage(this.lastCpu);
    const wall = performance.now() - this.lastWall;
    this.lastCpu = process.cpuUsage();
    this.lastWall = performance.now();
    const mem = process.memoryUsage();
    const loopP99 = this.loop.count > 0 ? this.loop.percentile(99) / 1e6 : 0;
    this.loop.reset();
    const rates = t.current;
    this.latest = {
      nodeId: this.src.nodeId,
      address: this.src.address(),
      appVersion: this.src.appVersion,
      startedAt: this.src.startedAt,
      ts: now,
      connections: this.src.connections(),
      players: this.src.players(),
      rooms: this.src.rooms(),
      roomsByPhase: this.src.roomsByPhase(),
      msgsInPerSec: round(rates.msgsInPerSec),
      msgsOutPerSec: round(rates.msgsOutPerSec),
      bytesInPerSec: round(rates.bytesInPerSec),
      bytesOutPerSec: round(rates.bytesOutPerSec),
      ackLatencyMs: { p50: round(p50), p95: round(p95), p99: round(p99) },
      eventLoopP99Ms: round(loopP99),
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      cpuPercent: round(wall > 0 ? ((cpu.user + cpu.system) / 1000 / wall) * 100 : 0),
      rejectedConnectionsPerSec: round(rates.rejectedPerSec),
      handshakes: this.handshakes(wall),
      refusalsPerSec: t.refusalsPerSec,
      draining: this.src.draining(),
      ready: this.src.ready(),
      redis,
      limits: this.src.limits(),
      nodeCap: this.src.nodeCap(),
    };
    return this.latest;
  }

  private handshakes(wallMs: number): HandshakeStats {
    const h = this.src.handshakes();
    const perSec = (n: number, before: number) => round(wallMs > 0 ? ((n - before) * 1000) / wallMs : 0);
    const before = this.lastHandshakes;
    this.lastHandshakes = { ...h.counts };
    return {
      admittedPerSec: perSec(h.counts.admitted, before.admitted),
      deferredPerSec: perSec(h.counts.deferred, before.deferred),
      refusedPerSec: perSec(h.counts.refused, before.refused),
      ratePerSec: round(h.rate),
      waiting: h.queued,
    };
  }

  get nodeId(): string {
    return this.src.nodeId;
  }

  get last(): NodeSnapshot | null {
    return this.latest;
  }

  /** Stops the event-loop monitor. */
  stop(): void {
    this.loop.disable();
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
