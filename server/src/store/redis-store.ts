import type { Redis, Cluster } from "ioredis";
import type { PlayerId, RoomId, TimelineEntry } from "@avalon/protocol";
import { TIMELINE_KEPT, type Commit, type CommitResult, type GameStore, type LoggedAction, type RoomRecord } from "./game-store.js";
import { RedisKeys } from "./redis-keys.js";
import { COMMIT_ROOM, CREATE_ROOM } from "./redis-scripts.js";

export type RedisClient = Redis | Cluster;

export interface RedisStoreOptions {
  prefix: string;
  /** How long an idle room is kept, ms. */
  roomTtlMs: number;
}

type Scripted = RedisClient & {
  avalonCreateRoom(room: string, version: string, record: string, ttl: string): Promise<number>;
  avalonCommitRoom(room: string, log: string, timeline: string, ...args: string[]): Promise<CommitResult>;
};

/**
 * Game state in Redis, the source of truth shared by every node. A node-local cache keeps the
 * last record seen per room, but is only served after a version read confirms it is current;
 * writes are always checked against the version in Redis by the commit script.
 */
export class RedisStore implements GameStore {
  readonly kind = "redis" as const;
  readonly keys: RedisKeys;
  private readonly redis: Scripted;
  private readonly cache = new Map<RoomId, { version: number; raw: string }>();
  /** Bounds the cache; oldest entries go first. */
  private readonly cacheLimit = 20_000;

  constructor(redis: RedisClient, private readonly opts: RedisStoreOptions) {
    this.keys = new RedisKeys(opts.prefix);
    redis.defineCommand("avalonCreateRoom", { numberOfKeys: 1, lua: CREATE_ROOM });
    redis.defineCommand("avalonCommitRoom", { numberOfKeys: 3, lua: COMMIT_ROOM });
    this.redis = redis as Scripted;
  }

  async create(record: RoomRecord): Promise<boolean> {
    const id = record.state.roomId;
    const raw = JSON.stringify(record);
    const created = await this.redis.avalonCreateRoom(this.keys.room(id), String(record.state.version), raw, String(this.opts.roomTtlMs));
    if (created !== 1) return false;
    await this.redis.sadd(this.keys.rooms(), id);
    this.remember(id, record.state.version, raw);
    return true;
  }

  async load(roomId: RoomId): Promise<RoomRecord | null> {
    const cached = this.cache.get(roomId);
    if (cached) {
      const v = await this.redis.hget(this.keys.room(roomId), "v");
      if (v === null) {
        this.cache.delete(roomId);
        return null;
      }
      if (Number(v) === cached.version) return JSON.parse(cached.raw) as RoomRecord;
    }
    const [v, raw] = (await this.redis.hmget(this.keys.room(roomId), "v", "r")) as [string | null, string | null];
    if (v === null || raw === null) return null;
    this.remember(roomId, Number(v), raw);
    return JSON.parse(raw) as RoomRecord;
  }

  async commit(roomId: RoomId, expectedVersion: number, next: RoomRecord, commit: Commit): Promise<CommitResult> {
    const raw = JSON.stringify(next);
    const result = await this.redis.avalonCommitRoom(
      this.keys.room(roomId),
      this.keys.log(roomId),
      this.keys.timeline(roomId),
      String(expectedVersion),
      String(next.state.version),
      raw,
      String(this.opts.roomTtlMs),
      String(TIMELINE_KEPT),
      JSON.stringify(commit.log),
      ...commit.timeline.map((t) => JSON.stringify(t)),
    );
    if (result === "ok") this.remember(roomId, next.state.version, raw);
    else this.cache.delete(roomId);
    return result;
  }

  async actionLog(roomId: RoomId): Promise<LoggedAction[]> {
    return (await this.redis.lrange(this.keys.log(roomId), 0, -1)).map((s) => JSON.parse(s) as LoggedAction);
  }

  async timeline(roomId: RoomId, limit: number): Promise<TimelineEntry[]> {
    return (await this.redis.lrange(this.keys.timeline(roomId), -limit, -1)).map((s) => JSON.parse(s) as TimelineEntry);
  }

  async delete(roomId: RoomId): Promise<void> {
    this.cache.delete(roomId);
    await this.redis.del(this.keys.room(roomId), this.keys.log(roomId), this.keys.timeline(roomId));
    await this.redis.srem(this.keys.rooms(), roomId);
  }

  async listRooms(): Promise<RoomId[]> {
    return this.redis.smembers(this.keys.rooms());
  }

  async setPlayerRoom(playerId: PlayerId, roomId: RoomId | null): Promise<void> {
    if (roomId === null) await this.redis.del(this.keys.player(playerId));
    else await this.redis.set(this.keys.player(playerId), roomId, "PX", this.opts.roomTtlMs);
  }

  async playerRoom(playerId: PlayerId): Promise<RoomId | null> {
    return this.redis.get(this.keys.player(playerId));
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
