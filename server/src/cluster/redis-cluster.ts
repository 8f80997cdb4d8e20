import type { AuditEntry, Limits, NodeId, NodeSnapshot, RoomId } from "@avalon/protocol";
import type { Logger } from "../logger.js";
import type { RedisClient } from "../cluster/redis-connection.js";
import { RedisKeys } from "../store/redis-keys.js";
import type { NodeMessage } from "../rooms/forwarded-action.js";
import { AUDIT_KEPT, type ClusterServices, type NodeCommand } from "./cluster-services.js";
import { CLAIM_LISTING } from "./claim-script.js";

type Claiming = RedisClient & { avalonClaimListing(key: string, node: string, version: string, ttl: string): Promise<number> };

/**
 * Cluster services over Redis: settings persisted in a hash and announced on pub/sub channels,
 * node heartbeats as keys with a TTL listed in a set scored by their expiry, room claims as one
 * key per room with a TTL, the audit log as a capped list. Every key either expires or is bounded.
 */
export class RedisCluster implements ClusterServices {
  readonly kind = "redis" as const;
  private readonly keys: RedisKeys;
  private readonly limitHandlers: ((l: Limits) => void)[] = [];
  private readonly commandHandlers: ((c: NodeCommand) => void)[] = [];
  private readonly nodeHandlers: ((m: NodeMessage) => void)[] = [];

  private readonly redis: Claiming;

  constructor(
    redis: RedisClient,
    private readonly sub: RedisClient,
    prefix: string,
    private readonly log: Logger,
    private readonly nodeId: NodeId,
  ) {
    this.keys = new RedisKeys(prefix);
    redis.defineCommand("avalonClaimListing", { numberOfKeys: 1, lua: CLAIM_LISTING });
    this.redis = redis as Claiming;
  }

  /** Subscribes to the bus channels; call once the subscriber is connected. */
  async start(): Promise<void> {
    const limitsChannel = this.keys.channel("limits");
    const commandsChannel = this.keys.channel("commands");
    const ownChannel = this.keys.nodeChannel(this.nodeId);
    this.sub.on("message", (channel: string, message: string) => {
      try {
        if (channel === limitsChannel) for (const h of this.limitHandlers) h(JSON.parse(message) as Limits);
        else if (channel === commandsChannel) for (const h of this.commandHandlers) h(JSON.parse(message) as NodeCommand);
        else if (channel === ownChannel) for (const h of this.nodeHandlers) h(JSON.parse(message) as NodeMessage);
      } catch (err) {
        this.log.error({ err, channel }, "bad cluster bus message");
      }
    });
    await this.sub.subscribe(limitsChannel, commandsChannel, ownChannel);
  }

  async sendToNode(nodeId: NodeId, message: NodeMessage): Promise<boolean> {
    const receivers = await this.redis.publish(this.keys.nodeChannel(nodeId), JSON.stringify(message));
    // On Redis Cluster a PUBLISH counts only the subscribers of the server it was sent to, while it
    // reaches those of every server: no count there proves nobody listens, and a forward whose
    // owner is gone is settled by the forward timeout instead.
    return receivers > 0 || this.redis.isCluster;
  }

  onNodeMessage(handler: (message: NodeMessage) => void): void {
    this.nodeHandlers.push(handler);
  }

  async loadLimits(): Promise<Partial<Limits> | null> {
    const raw = await this.redis.hget(this.keys.settings(), "limits");
    return raw ? (JSON.parse(raw) as Partial<Limits>) : null;
  }

  async publishLimits(limits: Limits): Promise<void> {
    const raw = JSON.stringify(limits);
    await this.redis.hset(this.keys.settings(), "limits", raw);
    await this.redis.publish(this.keys.channel("limits"), raw);
  }

  onLimits(handler: (limits: Limits) => void): void {
    this.limitHandlers.push(handler);
  }

  async loadNodeCaps(): Promise<Record<NodeId, number>> {
    const raw = await this.redis.hget(this.keys.settings(), "caps");
    return raw ? (JSON.parse(raw) as Record<NodeId, number>) : {};
  }

  async publishCommand(cmd: NodeCommand): Promise<void> {
    if (cmd.type === "set_node_cap" || cmd.type === "clear_node_cap") {
      const caps = await this.loadNodeCaps();
      if (cmd.type === "set_node_cap") caps[cmd.nodeId] = cmd.maxConnections;
      else delete caps[cmd.nodeId];
      await this.redis.hset(this.keys.settings(), "caps", JSON.stringify(caps));
    }
    await this.redis.publish(this.keys.channel("commands"), JSON.stringify(cmd));
  }

  onCommand(handler: (cmd: NodeCommand) => void): void {
    this.commandHandlers.push(handler);
  }

  async heartbeat(snapshot: NodeSnapshot, ttlMs: number): Promise<void> {
    const now = Date.now();
    await this.redis.set(this.keys.node(snapshot.nodeId), JSON.stringify(snapshot), "PX", ttlMs);
    await this.redis.zadd(this.keys.nodes(), now + ttlMs, snapshot.nodeId);
    // Nodes that died without leaving drop out here, so the set holds the live nodes only.
    await this.redis.zremrangebyscore(this.keys.nodes(), "-inf", now);
  }

  async removeNode(nodeId: NodeId): Promise<void> {
    await this.redis.del(this.keys.node(nodeId));
    await this.redis.zrem(this.keys.nodes(), nodeId);
  }

  async listNodes(): Promise<NodeSnapshot[]> {
    const ids = await this.redis.zrangebyscore(this.keys.nodes(), Date.now(), "+inf");
    const raws = await Promise.all(ids.map((id) => this.redis.get(this.keys.node(id))));
    const out: NodeSnapshot[] = [];
    for (const raw of raws) if (raw) out.push(JSON.parse(raw) as NodeSnapshot);
    return out.sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  }

  async claimRooms(nodeId: NodeId, rooms: { roomId: RoomId; version: number }[], ttlMs: number): Promise<RoomId[]> {
    const held = await Promise.all(rooms.map((r) => this.redis.avalonClaimListing(this.keys.roomClaim(r.roomId), nodeId, String(r.version), String(ttlMs))));
    return rooms.filter((_, i) => held[i] === 0).map((r) => r.roomId);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.redis.lpush(this.keys.audit(), JSON.stringify(entry));
    await this.redis.ltrim(this.keys.audit(), 0, AUDIT_KEPT - 1);
  }

  async listAudit(limit: number): Promise<AuditEntry[]> {
    return (await this.redis.lrange(this.keys.audit(), 0, limit - 1)).map((s) => JSON.parse(s) as AuditEntry);
  }

  async leaveNodeChannel(): Promise<void> {
    await this.sub.unsubscribe(this.keys.nodeChannel(this.nodeId));
    this.nodeHandlers.length = 0;
  }

  /** The connections belong to the node, which closes them. */
  async close(): Promise<void> {
    this.limitHandlers.length = 0;
    this.commandHandlers.length = 0;
    this.nodeHandlers.length = 0;
  }
}
