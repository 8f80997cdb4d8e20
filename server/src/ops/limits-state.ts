import { limitsSchema, type Limits, type NodeId } from "@avalon/protocol";
import type { CommandBus, SharedLimits } from "../cluster/cluster-services.js";
import type { Logger } from "../logger.js";

/**
 * The limits in force on this node: the cluster-wide values (from the cluster services, kept
 * across restarts with Redis) and a per-node connection cap an operator may set.
 */
export class LimitsState {
  private current: Limits;
  private nodeCap: number | null = null;
  private readonly listeners: ((l: Limits) => void)[] = [];

  constructor(
    defaults: Limits,
    private readonly nodeId: NodeId,
    private readonly cluster: SharedLimits & Pick<CommandBus, "onCommand">,
    private readonly log: Logger,
  ) {
    this.current = { ...defaults };
  }

  /** Loads stored values and follows changes from every node. */
  async start(): Promise<void> {
    const stored = await this.cluster.loadLimits();
    if (stored) this.accept({ ...this.current, ...stored });
    const caps = await this.cluster.loadNodeCaps();
    this.nodeCap = caps[this.nodeId] ?? null;
    this.cluster.onLimits((l) => this.accept(l));
    this.cluster.onCommand((cmd) => {
      if (cmd.type === "set_node_cap" && cmd.nodeId === this.nodeId) {
        this.nodeCap = cmd.maxConnections;
        this.notify();
      }
      if (cmd.type === "clear_node_cap" && cmd.nodeId === this.nodeId) {
        this.nodeCap = null;
        this.notify();
      }
    });
  }

  get(): Limits {
    const l = { ...this.current };
    if (this.nodeCap !== null) l.maxConnectionsPerNode = this.nodeCap;
    return l;
  }

  /** The operator's cap on this node's connections, when one overrides the cluster-wide value. */
  nodeOverride(): number | null {
    return this.nodeCap;
  }

  /** The cluster-wide values, without this node's override. */
  clusterWide(): Limits {
    return { ...this.current };
  }

  onChange(fn: (l: Limits) => void): void {
    this.listeners.push(fn);
  }

  /** Validates, merges and publishes a change cluster-wide; returns the new limits or an error text. */
  async change(partial: Partial<Limits>): Promise<{ ok: true; limits: Limits } | { ok: false; message: string }> {
    const merged = { ...this.current, ...partial };
    const parsed = limitsSchema.safeParse(merged);
    if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
    if (parsed.data.eventBurst < parsed.data.eventsPerSecond) return { ok: false, message: "eventBurst must be at least eventsPerSecond" };
    await this.cluster.publishLimits(parsed.data);
    this.accept(parsed.data);
    return { ok: true, limits: this.get() };
  }

  private accept(next: Limits): void {
    const parsed = limitsSchema.safeParse(next);
    if (!parsed.success) {
      this.log.error({ next }, "ignoring invalid limits from the cluster bus");
      return;
    }
    this.current = parsed.data;
    this.notify();
  }

  private notify(): void {
    const l = this.get();
    for (const fn of this.listeners) fn(l);
  }
}
