import type { ShutdownReason } from "@avalon/protocol";
import type { Logger } from "../logger.js";
import type { GameServer, GameSocket } from "../transport/types.js";
import type { Readiness } from "./readiness.js";

export interface LifecycleDeps {
  io: GameServer;
  nodeId: string;
  log: Logger;
  /** Disconnects of a drain are spread over this window. */
  windowMs: () => number;
  waves?: number;
  /** Resolves when no room action is in flight on this node. */
  idle: () => Promise<void>;
  graceMs: number;
  /** The flags the other parts read; this class is their one writer. */
  readiness: Readiness;
  /** Told when a drain starts, before clients are told (the node gives up the rooms it leads). */
  onDrain?: () => void;
  /** Closing steps after clients are gone, in order. */
  closers: { name: string; close: () => Promise<void> }[];
}

/**
 * Readiness, drain and the one shutdown path. Order of shutdown: stop accepting (readiness
 * fails, so the balancer takes the node out), tell clients `server:shutdown`, disconnect them in
 * waves so other nodes are not stampeded, wait for in-flight actions, then run the closers.
 * Every step is recorded in `steps` so a test can assert the order.
 */
export class Lifecycle {
  readonly steps: string[] = [];
  private drainRun = 0;
  private shutdownPromise: Promise<void> | null = null;

  constructor(private readonly deps: LifecycleDeps) {}

  markReady(): void {
    this.deps.readiness.started = true;
  }

  isReady(): boolean {
    return this.deps.readiness.isReady();
  }

  get draining(): boolean {
    return this.deps.readiness.draining;
  }

  get shuttingDown(): boolean {
    return this.shutdownPromise !== null;
  }

  /** Starts a drain: resolves once every local client was told and disconnected (or a cancel). */
  async drain(reason: ShutdownReason = "drain"): Promise<void> {
    if (this.draining && reason === "drain") return;
    this.deps.readiness.draining = true;
    const run = ++this.drainRun;
    this.step("stop_accepting");
    this.deps.onDrain?.();
    const sockets = [...this.deps.io.of("/").sockets.values()] as GameSocket[];
    const windowMs = this.deps.windowMs();
    const waves = Math.max(1, Math.min(this.deps.waves ?? 10, sockets.length));
    const per = Math.ceil(sockets.length / waves);
    const gap = waves > 1 ? windowMs / waves : 0;
    this.step("notify_clients");
    sockets.forEach((s, i) => {
      const wave = Math.floor(i / Math.max(1, per));
      s.emit("server:shutdown", { reason, nodeId: this.deps.nodeId, reconnectAfterMs: Math.round(wave * gap) });
    });
    this.deps.log.info({ reason, sockets: sockets.length, windowMs, waves }, "drain started");
    this.step("disconnect_waves");
    for (let w = 0; w < waves; w++) {
      if (run !== this.drainRun || !this.draining) return;
      for (const s of sockets.slice(w * per, (w + 1) * per)) if (s.connected) s.disconnect(true);
      if (w < waves - 1) await sleep(gap);
    }
    // Clients that connected during the drain (before the balancer noticed) go too.
    for (const s of this.deps.io.of("/").sockets.values()) s.disconnect(true);
    this.deps.log.info({ reason }, "drain finished");
  }

  cancelDrain(): boolean {
    if (!this.draining || this.shutdownPromise) return false;
    this.deps.readiness.draining = false;
    this.drainRun++;
    this.step("drain_cancelled");
    this.deps.log.info("drain cancelled");
    return true;
  }

  /** The one shutdown path; later calls return the same promise. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.deps.readiness.started = false;
      await this.drain("shutdown");
      this.step("wait_in_flight");
      await Promise.race([this.deps.idle(), sleep(this.deps.graceMs)]);
      for (const c of this.deps.closers) {
        this.step(c.name);
        try {
          await c.close();
        } catch (err) {
          this.deps.log.warn({ err, step: c.name }, "shutdown step failed");
        }
      }
      this.step("done");
    })();
    return this.shutdownPromise;
  }

  private step(name: string): void {
    this.steps.push(name);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
