import type { NodeId, PlayerId, RoomId, TimelineEntry } from "@avalon/protocol";
import { TIMELINE_KEPT, type Commit, type CommitResult, type GameStore, type LeaseRequest, type LoggedAction, type RoomLease, type RoomRecord } from "./game-store.js";

/**
 * The embedded default: one process, no Redis. Records are kept as the objects committed and
 * handed out as they are: states are immutable once built (the engine never mutates its input,
 * the room service builds every record afresh), so an action costs no serialisation. Logs and
 * timelines are copied on the way out, as Redis would, because callers may keep them.
 *
 * Like keys with a TTL in Redis, a room is forgotten once idle for `roomTtlMs`, an ended one
 * after `endedTtlMs`: a long-running node must not keep every game it ever hosted.
 */
export interface MemoryStoreOptions {
  /** Idle rooms are forgotten after this long (default 6 h, as ROOM_TTL_MS). */
  roomTtlMs?: number;
  /** Ended rooms are forgotten this long after their last change (default 15 min, at most roomTtlMs). */
  endedTtlMs?: number;
  now?: () => number;
}

/** Expired rooms are looked for at most this often, on a write. */
const SWEEP_EVERY_MS = 30_000;

export class MemoryStore implements GameStore {
  readonly kind = "memory" as const;
  private readonly rooms = new Map<RoomId, RoomRecord>();
  /** Last change of each room; a Map keeps insertion order, and a change re-inserts, so oldest first. */
  private readonly touched = new Map<RoomId, number>();
  private readonly roomTtlMs: number;
  private readonly endedTtlMs: number;
  private readonly now: () => number;
  private lastSweep = 0;
  private readonly logs = new Map<RoomId, LoggedAction[]>();
  private readonly timelines = new Map<RoomId, TimelineEntry[]>();
  private readonly players = new Map<PlayerId, RoomId>();
  private readonly locks = new Map<PlayerId, { owner: string; expires: number }>();
  private readonly leases = new Map<RoomId, { owner: NodeId; until: number }>();

  constructor(opts: MemoryStoreOptions = {}) {
    this.roomTtlMs = opts.roomTtlMs ?? 6 * 3600_000;
    this.endedTtlMs = Math.min(this.roomTtlMs, opts.endedTtlMs ?? 15 * 60_000);
    this.now = opts.now ?? Date.now;
  }

  async create(record: RoomRecord, timeline: TimelineEntry[] = []): Promise<boolean> {
    const id = record.state.roomId;
    this.sweep();
    if (this.rooms.has(id)) return false;
    this.rooms.set(id, record);
    this.touch(id);
    this.logs.set(id, []);
    this.timelines.set(id, structuredClone(timeline));
    return true;
  }

  async load(roomId: RoomId): Promise<RoomRecord | null> {
    return this.rooms.get(roomId) ?? null;
  }

  async commit(roomId: RoomId, expectedVersion: number, next: RoomRecord, commit: Commit, lease?: LeaseRequest): Promise<CommitResult> {
    const current = this.rooms.get(roomId);
    if (current === undefined) return "missing";
    if (current.state.version !== expectedVersion) return "conflict";
    const held = this.holder(roomId);
    if (lease && (!held || held.owner === lease.nodeId)) this.leases.set(roomId, { owner: lease.nodeId, until: this.now() + lease.leaseMs });
    this.rooms.set(roomId, next);
    this.touch(roomId);
    this.sweep();
    this.logs.get(roomId)?.push(...commit.log);
    const timeline = this.timelines.get(roomId);
    if (timeline) {
      timeline.push(...commit.timeline);
      if (timeline.length > TIMELINE_KEPT) timeline.splice(0, timeline.length - TIMELINE_KEPT);
    }
    return "ok";
  }

  async claim(roomId: RoomId, lease: LeaseRequest): Promise<RoomLease | null> {
    const room = this.rooms.get(roomId);
    if (!room) return null;
    const version = room.state.version;
    const held = this.holder(roomId);
    if (held && held.owner !== lease.nodeId) return { owner: held.owner, leftMs: held.until - this.now(), version };
    if (lease.leaseMs > 0) {
      this.leases.set(roomId, { owner: lease.nodeId, until: this.now() + lease.leaseMs });
      return { owner: lease.nodeId, leftMs: lease.leaseMs, version };
    }
    return held ? { owner: held.owner, leftMs: held.until - this.now(), version } : { owner: null, leftMs: 0, version };
  }

  async release(roomIds: RoomId[], nodeId: NodeId): Promise<void> {
    for (const id of roomIds) if (this.leases.get(id)?.owner === nodeId) this.leases.delete(id);
  }

  /** The room's live lease, if any. */
  private holder(roomId: RoomId): { owner: NodeId; until: number } | null {
    const held = this.leases.get(roomId);
    return held && held.until > this.now() ? held : null;
  }

  async actionLog(roomId: RoomId): Promise<LoggedAction[]> {
    return structuredClone(this.logs.get(roomId) ?? []);
  }

  async timeline(roomId: RoomId, limit: number): Promise<TimelineEntry[]> {
    if (limit <= 0) return [];
    return structuredClone((this.timelines.get(roomId) ?? []).slice(-limit));
  }

  async delete(roomId: RoomId): Promise<void> {
    this.forget(roomId);
  }

  private touch(roomId: RoomId): void {
    this.touched.delete(roomId);
    this.touched.set(roomId, this.now());
  }

  private forget(roomId: RoomId): void {
    this.rooms.delete(roomId);
    this.touched.delete(roomId);
    this.logs.delete(roomId);
    this.timelines.delete(roomId);
    this.leases.delete(roomId);
  }

  /** Forgets rooms past their TTL, and players whose room is gone. */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    let forgot = false;
    for (const [roomId, at] of this.touched) {
      if (now - at < this.endedTtlMs) break;
      const ended = this.rooms.get(roomId)?.state.phase === "ended";
      if (ended || now - at >= this.roomTtlMs) {
        this.forget(roomId);
        forgot = true;
      }
    }
    if (!forgot) return;
    for (const [playerId, roomId] of this.players) if (!this.rooms.has(roomId)) this.players.delete(playerId);
  }

  async listRooms(): Promise<RoomId[]> {
    return [...this.rooms.keys()];
  }

  async setPlayerRoom(playerId: PlayerId, roomId: RoomId | null): Promise<void> {
    if (roomId === null) this.players.delete(playerId);
    else this.players.set(playerId, roomId);
  }

  async playerRoom(playerId: PlayerId): Promise<RoomId | null> {
    return this.players.get(playerId) ?? null;
  }

  async lockPlayer(playerId: PlayerId, owner: string, ttlMs: number): Promise<boolean> {
    const held = this.locks.get(playerId);
    if (held && held.owner !== owner && held.expires > Date.now()) return false;
    this.locks.set(playerId, { owner, expires: Date.now() + ttlMs });
    return true;
  }

  async unlockPlayer(playerId: PlayerId, owner: string): Promise<void> {
    if (this.locks.get(playerId)?.owner === owner) this.locks.delete(playerId);
  }

  async close(): Promise<void> {}
}
