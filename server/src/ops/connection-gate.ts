import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { ErrorCode } from "@avalon/protocol";
import type { RedisClient } from "../store/redis-store.js";
import type { LimitsState } from "./limits-state.js";

export interface GateDeps {
  limits: LimitsState;
  connections: () => number;
  draining: () => boolean;
  /** Redis for a cluster-wide per-IP limit; null keeps it in memory. */
  redis: RedisClient | null;
  prefix: string;
}

export type GateVerdict = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** Engine-level headroom above the cap: beyond it handshakes are dropped before any allocation. */
export function hardCap(cap: number): number {
  return cap + Math.max(50, Math.ceil(cap * 0.05));
}

/**
 * Admission of new game connections: draining nodes and full nodes refuse with a clear code,
 * and each IP may open only so many connections per minute (cluster-wide with Redis).
 */
export class ConnectionGate {
  private limiter: RateLimiterAbstract;
  private perMinute: number;

  constructor(private readonly deps: GateDeps) {
    this.perMinute = deps.limits.get().connectionsPerIpPerMinute;
    this.limiter = this.build(this.perMinute);
    deps.limits.onChange((l) => {
      if (l.connectionsPerIpPerMinute !== this.perMinute) {
        this.perMinute = l.connectionsPerIpPerMinute;
        this.limiter = this.build(this.perMinute);
      }
    });
  }

  /** Cheap check for the engine's `allowRequest`, before a connection costs memory. */
  allowTransport(): boolean {
    return this.deps.connections() < hardCap(this.deps.limits.get().maxConnectionsPerNode);
  }

  async admit(ip: string): Promise<GateVerdict> {
    if (this.deps.draining()) return { ok: false, code: "draining", message: "this node is draining; connect to another node" };
    const cap = this.deps.limits.get().maxConnectionsPerNode;
    if (this.deps.connections() >= cap) return { ok: false, code: "server_full", message: `this node holds its maximum of ${cap} connections` };
    try {
      await this.limiter.consume(ip);
      return { ok: true };
    } catch (err) {
      if (err instanceof Error) return { ok: true }; // limiter store down: admit rather than lock everyone out
      return { ok: false, code: "rate_limited", message: `more than ${this.perMinute} connections per minute from your address` };
    }
  }

  private build(points: number): RateLimiterAbstract {
    const opts = { points, duration: 60, keyPrefix: `${this.deps.prefix}:connrate` };
    return this.deps.redis
      ? new RateLimiterRedis({ ...opts, storeClient: this.deps.redis, useRedisPackage: false, insuranceLimiter: new RateLimiterMemory(opts) })
      : new RateLimiterMemory(opts);
  }
}
