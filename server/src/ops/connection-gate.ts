import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { ErrorCode } from "@avalon/protocol";
import type { RedisClient } from "../cluster/redis-connection.js";
import type { LimitsState } from "./limits-state.js";

export interface GateDeps {
  limits: LimitsState;
  /** Game-namespace sockets: the soft cap answered with `server_full`. */
  connections: () => number;
  /** Engine.IO connections, joined to a namespace or not: the hard cap. */
  transports: () => number;
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
 * Admission of new connections, in two steps.
 *
 * At the Engine.IO handshake (`allowHandshake`) the hard cap is checked and the address pays a
 * point on the "unjoined" limiter. At the game namespace (`admit`) draining and full nodes refuse
 * with a clear code, the address pays its point on the per-minute limiter, and the unjoined point
 * is given back. So every connection costs its address one point per minute: a client that joins
 * is refused with a `rate_limited` code it can read, and a flood that never joins is refused
 * before Engine.IO allocates a session for it.
 *
 * The per-minute limiter is shared by the nodes through Redis when there is one. The unjoined one
 * is kept by each node in its own memory: what it guards, sessions that have not joined yet, is
 * the node's own memory, and keeping it in Redis cost every connection two more script calls.
 */
export class ConnectionGate {
  private joined: RateLimiterAbstract;
  private unjoined: RateLimiterAbstract;
  private perMinute: number;
  /** Engine.IO connections whose unjoined point was given back: once each, however often they join. */
  private readonly refunded = new WeakSet<object>();

  constructor(private readonly deps: GateDeps) {
    this.perMinute = deps.limits.get().connectionsPerIpPerMinute;
    this.joined = this.build("connrate", this.perMinute, "shared");
    this.unjoined = this.build("connopen", this.perMinute, "node");
    deps.limits.onChange((l) => {
      if (l.connectionsPerIpPerMinute !== this.perMinute) {
        this.perMinute = l.connectionsPerIpPerMinute;
        this.joined = this.build("connrate", this.perMinute, "shared");
        this.unjoined = this.build("connopen", this.perMinute, "node");
      }
    });
  }

  /** For the engine's `allowRequest`, before a connection costs memory. */
  async allowHandshake(ip: string): Promise<GateVerdict> {
    const cap = this.deps.limits.get().maxConnectionsPerNode;
    if (this.deps.transports() >= hardCap(cap)) return { ok: false, code: "server_full", message: `this node holds its maximum of ${cap} connections` };
    return this.consume(this.unjoined, ip);
  }

  /** `connection` is the Engine.IO connection the namespace join came over. */
  async admit(ip: string, connection: object): Promise<GateVerdict> {
    if (!this.refunded.has(connection)) {
      this.refunded.add(connection);
      await this.unjoined.reward(ip).catch(() => undefined);
    }
    if (this.deps.draining()) return { ok: false, code: "draining", message: "this node is draining; connect to another node" };
    const cap = this.deps.limits.get().maxConnectionsPerNode;
    if (this.deps.connections() >= cap) return { ok: false, code: "server_full", message: `this node holds its maximum of ${cap} connections` };
    return this.consume(this.joined, ip);
  }

  private async consume(limiter: RateLimiterAbstract, ip: string): Promise<GateVerdict> {
    try {
      await limiter.consume(ip);
      return { ok: true };
    } catch (err) {
      if (err instanceof Error) return { ok: true }; // limiter store down: admit rather than lock everyone out
      return { ok: false, code: "rate_limited", message: `more than ${this.perMinute} connections per minute from your address` };
    }
  }

  private build(name: string, points: number, scope: "shared" | "node"): RateLimiterAbstract {
    const opts = { points, duration: 60, keyPrefix: `${this.deps.prefix}:${name}` };
    return this.deps.redis && scope === "shared"
      ? new RateLimiterRedis({ ...opts, storeClient: this.deps.redis, useRedisPackage: false, insuranceLimiter: new RateLimiterMemory(opts) })
      : new RateLimiterMemory(opts);
  }
}
