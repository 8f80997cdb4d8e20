import type { RedisClient } from "../cluster/redis-connection.js";
import type { NodeId, PlayerId, RoomId, TimelineEntry } from "@avalon/protocol";
import { CommitUnknown, TIMELINE_KEPT, type Commit, type CommitResult, type GameStore, type LeaseRequest, type LoggedAction, type RoomLease, type RoomRecord } from "./game-store.js";
import { RedisKeys } from "./redis-keys.js";
import { CLAIM_ROOM, COMMIT_ROOM, CREATE_ROOM, RELEASE_ROOM, UNLOCK } from "./redis-scripts.js";
import { scanRoomIds } from "./room-scan.js";
import { reachedReplicas, type ReplicaWait } from "./replica-wait.js";

export interface RedisStoreOptions {
  prefix: string;
  /** How long an idle room is kept, ms. */
  roomTtlMs: number;
  /**
   * How long after it was sent a commit may still be applied, ms (default 1000); later it changes
   * nothing. Set it to the command timeout: a commit the node gave up on never lands afterwards.
   */
  commitWindowMs?: number;
  /** Replicas a commit must reach before it counts as done (off by default). */
  replicaWait?: ReplicaWait;
}

/** A log entry as the room hash holds it: the field naming its version, and the entry's JSON. */
type LogEntry = readonly [field: string, entry: string];
const LOG_FIELD_PREFIX = "a:";
const logField = (version: number) => `${LOG_FIELD_PREFIX}${version}`;

/** Allowance for the error of the clock offset estimate (half a round trip at most). */
const SETTLE_MARGIN_MS = 50;
/** How often the offset between this node's clock and Redis's is measured again. */
const CLOCK_CHECK_MS = 60_000;

type Scripted = RedisClient & {
  avalonCreateRoom(room: string, version: string, record: string, ttl: string, ...timeline: string[]): Promise<number>;
  avalonCommitRoom(room: string, ...args: string[]): Promise<CommitResult | "expired">;
  avalonUnlock(lock: string, owner: string): Promise<number>;
  avalonClaimRoom(room: string, node: string, leaseMs: string): Promise<[string, string, number] | null>;
  avalonReleaseRoom(room: string, node: string): Promise<number>;
};

/**
 * Game state in Redis, the source of truth shared by every node. A node-local cache keeps the
 * last record seen per room, served as it is while this node holds the room's lease and otherwise
 * only after a version read confirms it is current; writes are always checked against the version
 * in Redis by the commit script.
 */
export class RedisStore implements GameStore {
  readonly kind = "redis" as const;
  readonly keys: RedisKeys;
  private readonly redis: Scripted;
  private readonly cache = new Map<RoomId, { version: number; raw: string }>();
  /**
   * Bounds the cache, least recently used first: about the rooms one node serves at once (1,000
   * ten-player rooms at 10,000 connections). Ended rooms are not kept at all.
   */
  private readonly cacheLimit = 2_000;
  private readonly commitWindowMs: number;
  /** Redis time minus this node's time, ms, and when it was measured. */
  private clock: { offset: number; at: number } | null = null;

  constructor(redis: RedisClient, private readonly opts: RedisStoreOptions) {
    this.keys = new RedisKeys(opts.prefix);
    redis.defineCommand("avalonCreateRoom", { numberOfKeys: 1, lua: CREATE_ROOM });
    redis.defineCommand("avalonCommitRoom", { numberOfKeys: 1, lua: COMMIT_ROOM });
    redis.defineCommand("avalonUnlock", { numberOfKeys: 1, lua: UNLOCK });
    redis.defineCommand("avalonClaimRoom", { numberOfKeys: 1, lua: CLAIM_ROOM });
    redis.defineCommand("avalonReleaseRoom", { numberOfKeys: 1, lua: RELEASE_ROOM });
    this.redis = redis as Scripted;
    this.commitWindowMs = opts.commitWindowMs ?? 1000;
  }

  async create(record: RoomRecord, timeline: TimelineEntry[] = []): Promise<boolean> {
    const id = record.state.roomId;
    const raw = JSON.stringify(record);
    const entries = timeline.map((t) => JSON.stringify(t));
    const created = await this.redis.avalonCreateRoom(this.keys.room(id), String(record.state.version), raw, String(this.opts.roomTtlMs), ...entries);
    if (created !== 1) return false;
    this.remember(id, record.state.version, raw);
    return true;
  }

  async load(roomId: RoomId, opts: { owned?: boolean } = {}): Promise<RoomRecord | null> {
    const cached = this.cache.get(roomId);
    if (cached) {
      const v = opts.owned ? String(cached.version) : await this.redis.hget(this.keys.room(roomId), "v");
      if (v === null) {
        this.cache.delete(roomId);
        return null;
      }
      if (Number(v) === cached.version) {
        this.cache.delete(roomId);
        this.cache.set(roomId, cached);
        return JSON.parse(cached.raw) as RoomRecord;
      }
    }
    const [v, raw] = (await this.redis.hmget(this.keys.room(roomId), "v", "r")) as [string | null, string | null];
    if (v === null || raw === null) return null;
    const record = JSON.parse(raw) as RoomRecord;
    if (record.state.phase !== "ended") this.remember(roomId, Number(v), raw);
    return record;
  }

  async commit(roomId: RoomId, expectedVersion: number, next: RoomRecord, commit: Commit, lease?: LeaseRequest): Promise<CommitResult> {
    const raw = JSON.stringify(next);
    const entries = commit.log.map((l) => [logField(l.version), JSON.stringify(l)] as const);
    // The first entry stands for the batch, which is applied whole or not at all.
    const first = entries[0] ?? ["", ""];
    const offset = await this.clockOffset();
    const sentAt = Date.now();
    let result: CommitResult | "expired";
    try {
      result = await this.redis.avalonCommitRoom(
        this.keys.room(roomId),
        String(expectedVersion),
        String(next.state.version),
        raw,
        String(this.opts.roomTtlMs),
        String(TIMELINE_KEPT),
        String(Math.round(sentAt + offset + this.commitWindowMs)),
        lease?.nodeId ?? "",
        String(lease?.leaseMs ?? 0),
        String(entries.length),
        ...entries.flat(),
        ...commit.timeline.map((t) => JSON.stringify(t)),
      );
    } catch (err) {
      this.cache.delete(roomId);
      throw new CommitUnknown((err as Error).message, () => this.settle(roomId, first, sentAt));
    }
    if (result === "expired") throw new Error("the commit reached Redis after its deadline; nothing was changed");
    if (result === "ok") await this.replicated(roomId, first, sentAt);
    if (result === "ok" && next.state.phase !== "ended") this.remember(roomId, next.state.version, raw);
    else this.cache.delete(roomId);
    return result;
  }

  async confirmDurable(roomId: RoomId): Promise<boolean> {
    const wait = this.opts.replicaWait;
    if (!wait || wait.replicas === 0) return true;
    return reachedReplicas(this.redis, this.keys.room(roomId), wait).catch(() => false);
  }

  /**
   * With REDIS_COMMIT_REPLICAS, a commit its master has but too few replicas confirmed in time is
   * not done: a failover now could lose it. It is answered as unknown (the player resends with the
   * same action id, applied at most once) and settles once the replicas confirm it.
   */
  private async replicated(roomId: RoomId, entry: LogEntry, sentAt: number): Promise<void> {
    const wait = this.opts.replicaWait;
    if (!wait || wait.replicas === 0) return;
    const reached = () => reachedReplicas(this.redis, this.keys.room(roomId), wait);
    if (await reached().catch(() => false)) return;
    this.cache.delete(roomId);
    throw new CommitUnknown(`the commit reached fewer than ${wait.replicas} replicas in ${wait.timeoutMs} ms`, async () => {
      if (!(await reached())) throw new Error("not on enough replicas yet");
      return this.settle(roomId, entry, sentAt);
    });
  }

  async claim(roomId: RoomId, lease: LeaseRequest): Promise<RoomLease | null> {
    const reply = await this.redis.avalonClaimRoom(this.keys.room(roomId), lease.nodeId, String(lease.leaseMs));
    if (!reply) {
      this.cache.delete(roomId);
      return null;
    }
    const [v, owner, leftMs] = reply;
    // The version read that lets an owner serve its cache afterwards without asking again.
    if (this.cache.get(roomId)?.version !== Number(v)) this.cache.delete(roomId);
    return { owner: owner === "" ? null : owner, leftMs: Number(leftMs), version: Number(v) };
  }

  async release(roomIds: RoomId[], nodeId: NodeId): Promise<void> {
    await Promise.all(roomIds.map((id) => this.redis.avalonReleaseRoom(this.keys.room(id), nodeId)));
  }

  /** Whether a commit whose reply was lost was applied: final once its deadline has passed. */
  private async settle(roomId: RoomId, [field, entry]: LogEntry, sentAt: number): Promise<boolean> {
    const wait = sentAt + this.commitWindowMs + SETTLE_MARGIN_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Log entries carry the version and the commit's own timestamp: equal text means this commit.
    return (await this.redis.hget(this.keys.room(roomId), field)) === entry;
  }

  private async clockOffset(): Promise<number> {
    if (this.clock && Date.now() - this.clock.at < CLOCK_CHECK_MS) return this.clock.offset;
    const before = Date.now();
    const [s, us] = await this.redis.time();
    const after = Date.now();
    const redisMs = Number(s) * 1000 + Math.floor(Number(us) / 1000);
    this.clock = { offset: redisMs - (before + after) / 2, at: after };
    return this.clock.offset;
  }

  async actionLog(roomId: RoomId): Promise<LoggedAction[]> {
    return Object.entries(await this.redis.hgetall(this.keys.room(roomId)))
      .filter(([field]) => field.startsWith(LOG_FIELD_PREFIX))
      .map(([, s]) => JSON.parse(s) as LoggedAction)
      .sort((a, b) => a.version - b.version);
  }

  async timeline(roomId: RoomId, limit: number): Promise<TimelineEntry[]> {
    const newest = Number(await this.redis.hget(this.keys.room(roomId), "tn"));
    if (!(newest > 0) || limit <= 0) return [];
    const fields = Array.from({ length: Math.min(limit, newest) }, (_, i) => `t:${newest - Math.min(limit, newest) + 1 + i}`);
    const raws = await this.redis.hmget(this.keys.room(roomId), ...fields);
    return raws.flatMap((raw) => (raw === null ? [] : [JSON.parse(raw) as TimelineEntry]));
  }

  async delete(roomId: RoomId): Promise<void> {
    this.cache.delete(roomId);
    await this.redis.del(this.keys.room(roomId));
  }

  /** A scan of every key, for tests and tools: no set of all rooms is kept, so none grows without bound. */
  async listRooms(): Promise<RoomId[]> {
    return scanRoomIds(this.redis, this.keys);
  }

  async setPlayerRoom(playerId: PlayerId, roomId: RoomId | null): Promise<void> {
    if (roomId === null) await this.redis.del(this.keys.player(playerId));
    else await this.redis.set(this.keys.player(playerId), roomId, "PX", this.opts.roomTtlMs);
  }

  async playerRoom(playerId: PlayerId): Promise<RoomId | null> {
    return this.redis.get(this.keys.player(playerId));
  }

  async lockPlayer(playerId: PlayerId, owner: string, ttlMs: number): Promise<boolean> {
    const key = this.keys.playerLock(playerId);
    if ((await this.redis.set(key, owner, "PX", ttlMs, "NX")) === "OK") return true;
    // The same owner taking it again (a retry after a lost reply) keeps it.
    return (await this.redis.get(key)) === owner;
  }

  async unlockPlayer(playerId: PlayerId, owner: string): Promise<void> {
    await this.redis.avalonUnlock(this.keys.playerLock(playerId), owner);
  }

  /** Rooms held in the node-local cache. */
  cachedRooms(): number {
    return this.cache.size;
  }

  /** The connection belongs to the node, which closes it. */
  async close(): Promise<void> {
    this.cache.clear();
  }

  private remember(roomId: RoomId, version: number, raw: string): void {
    this.cache.delete(roomId);
    this.cache.set(roomId, { version, raw });
    if (this.cache.size > this.cacheLimit) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
