import type { ActionId, EngineAction, NodeId, PlayerId, RoomId, TimelineEntry } from "@avalon/protocol";
import type { GameState } from "../engine/state.js";

/** An action id a room has already applied, so a retry is answered instead of applied again. */
export interface RecentAction {
  actionId: ActionId;
  playerId: PlayerId;
  version: number;
}

export interface RoomRecord {
  state: GameState;
  recent: RecentAction[];
}

/** One applied action: with the room's seed, the log replays the game exactly. */
export interface LoggedAction {
  version: number;
  ts: number;
  actionId: ActionId | null;
  action: EngineAction;
}

/** What one commit appends: every action of its batch, and their public events. */
export interface Commit {
  log: LoggedAction[];
  timeline: TimelineEntry[];
}

export type CommitResult = "ok" | "conflict" | "missing";

/** A node asking for a room's lease: it is taken or renewed for `leaseMs` unless another node holds it. */
export interface LeaseRequest {
  nodeId: NodeId;
  leaseMs: number;
}

/** Who holds a room's lease (null: nobody), for how much longer, and the room's version. */
export interface RoomLease {
  owner: NodeId | null;
  leftMs: number;
  version: number;
}

/**
 * Thrown by `commit` when its reply was lost (timeout, dropped connection): the store may have
 * applied it. `settle` answers once the store does, and its answer is final: true when the commit
 * was applied, false when it was not and never will be. It throws while the store is unreachable.
 */
export class CommitUnknown extends Error {
  constructor(
    message: string,
    readonly settle: () => Promise<boolean>,
  ) {
    super(message);
  }
}

/**
 * Where room state lives. The version check of `commit` is atomic in every implementation, so two
 * writers racing on one room never both win.
 */
export interface GameStore {
  readonly kind: "memory" | "redis";
  /** Stores a new room with the first entries of its timeline (the host's join); false when the id is taken. */
  create(record: RoomRecord, timeline?: TimelineEntry[]): Promise<boolean>;
  /**
   * The room's record. `owned`: the caller holds the room's lease, so no other node commits it and
   * a record this node cached may be served without asking whether it is still current.
   */
  load(roomId: RoomId, opts?: { owned?: boolean }): Promise<RoomRecord | null>;
  /**
   * Replaces the room if its stored version is `expectedVersion`, appending the log and timeline:
   * one atomic step for a whole batch of actions. With `lease`, the same step takes or renews the
   * room's lease for that node, unless another node holds a live one (which is left alone).
   */
  commit(roomId: RoomId, expectedVersion: number, next: RoomRecord, commit: Commit, lease?: LeaseRequest): Promise<CommitResult>;
  /**
   * Takes or renews the room's lease for the node when it is free, expired or already the node's
   * (`leaseMs` 0 only looks), and says who holds it; null for a missing room.
   */
  claim(roomId: RoomId, lease: LeaseRequest): Promise<RoomLease | null>;
  /** Gives up the node's leases of these rooms (those it still holds). */
  release(roomIds: RoomId[], nodeId: NodeId): Promise<void>;
  actionLog(roomId: RoomId): Promise<LoggedAction[]>;
  timeline(roomId: RoomId, limit: number): Promise<TimelineEntry[]>;
  delete(roomId: RoomId): Promise<void>;
  listRooms(): Promise<RoomId[]>;
  setPlayerRoom(playerId: PlayerId, roomId: RoomId | null): Promise<void>;
  playerRoom(playerId: PlayerId): Promise<RoomId | null>;
  /**
   * Takes the lock on a player's membership (which room they sit in) for `ttlMs`, unless another
   * owner holds it: true when taken. Two nodes changing one player's rooms at once would both
   * read "in no other room".
   */
  lockPlayer(playerId: PlayerId, owner: string, ttlMs: number): Promise<boolean>;
  /**
   * Whether what the store holds of the room has reached the replicas it waits for on commits
   * (REDIS_COMMIT_REPLICAS); absent or true when it waits for none. A resend answered as a
   * duplicate asks it, so an action is never answered ok before a failover could no longer lose it.
   */
  confirmDurable?(roomId: RoomId): Promise<boolean>;
  /** Gives the lock back if `owner` still holds it. */
  unlockPlayer(playerId: PlayerId, owner: string): Promise<void>;
  close(): Promise<void>;
}

export const RECENT_ACTIONS_KEPT = 64;
export const TIMELINE_KEPT = 500;
