import { randomBytes, randomInt } from "node:crypto";
import type { AckError, EngineAction, PlayerId, PublicEvent, RoomId, RoomOptions, TimelineEntry } from "@avalon/protocol";
import { createRoom, DEFAULT_ROOM_OPTIONS } from "../engine/engine.js";
import { validateOptions } from "../engine/rules.js";
import { SYSTEM_ACTOR, type GameState } from "../engine/state.js";
import { CommitUnknown, type GameStore, type RoomRecord } from "../store/game-store.js";
import type { Logger } from "../logger.js";
import { applyBatch, type ActMeta, type QueuedAction } from "./apply-batch.js";
import { BatchQueue } from "./batch-queue.js";
import { fail, type Result } from "./fail.js";
import { Membership } from "./membership.js";
import { settleLater, settleWithin } from "./commit-outcome.js";
import { RoomSlots } from "./room-slots.js";
import type { CommitNote, NodeBus } from "./forwarded-action.js";
import { RoomOwners, type Acked, type ForwardOutcome } from "./room-owners.js";

export { fail, type Result } from "./fail.js";
export type { ActMeta } from "./apply-batch.js";

/**
 * Told about every committed change so it can fan the change out to clients. A commit this node
 * made and saw land comes with its note for the other nodes; a change found applied only after
 * its answer was lost comes without one.
 */
export interface RoomListener {
  roomChanged(prev: GameState | null, next: GameState, events: PublicEvent[], note?: CommitNote): void;
}

export interface RoomServiceDeps {
  store: GameStore;
  listener: RoomListener;
  log: Logger;
  clock?: () => number;
  /** Rooms this node may hold open (read each time: it changes at runtime). */
  maxRooms?: () => number;
  /** Called when a commit lost a version race and its batch is retried on fresh state. */
  onConflict?: () => void;
  /** Called with the number of actions of each batch taken from a room's queue. */
  onBatch?: (size: number) => void;
  /** Seeds for new rooms; random when absent. */
  nextSeed?: () => string;
  /** Names this node in player locks (default: random). */
  nodeId?: string;
  /** How long a player waits for the store to settle a commit whose reply was lost, ms. */
  settleBudgetMs?: number;
  /** One owner per room across nodes (defaults: no other node, 2 s leases). */
  ownership?: OwnershipOptions;
}

export interface OwnershipOptions {
  /** Reaches the other nodes; absent on a lone node. */
  bus?: NodeBus;
  /** ROOM_LEASE_MS. */
  leaseMs: number;
  /** Whether commit messages carry a CommitNote to every node of the room (see RoomOwners). */
  acksInCommit?: boolean;
  /** FORWARD_TIMEOUT_MS. */
  forwardTimeoutMs: number;
  /** While true the node takes no lease and gives up the ones it held. */
  draining: () => boolean;
  onForward?: (outcome: ForwardOutcome) => void;
  onClaim?: (holder: "self" | "other" | "none") => void;
  onTakeover?: () => void;
}

export type ActResult = Result<{ version: number; state: GameState; duplicate?: boolean }>;
/** A player's move: an accepted one may be answered with its version only. */
export type PlayResult = ActResult | Acked;

const ROOM_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const MAX_COMMIT_ATTEMPTS = 8;

export function newRoomCode(length = 6): RoomId {
  let code = "";
  for (let i = 0; i < length; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

class StoreUnavailable extends Error {}

const BUSY = fail("conflict", "another request of yours is changing your room; retry");

/**
 * Game orchestration: load a room, apply actions through the pure engine, commit them with a
 * version check, tell the listener. A room's actions run on the node that owns the room
 * (room-owners.ts: others forward them there), queue there while a commit of that room is in
 * flight, and the next commit takes all of them at once (group commit: one store write and one
 * fan-out per batch). The store's atomic version check still decides: a node that committed while
 * the lease moved loses, reloads and applies its batch again.
 */
export class RoomService {
  private readonly queue = new BatchQueue<RoomId, QueuedAction, ActResult>((roomId, queued) => this.runBatch(roomId, queued));
  private readonly members: Membership;
  private readonly owners: RoomOwners;
  private readonly clock: () => number;
  /** Rooms created here and still open, for the per-node room cap. */
  readonly slots: RoomSlots;

  constructor(private readonly deps: RoomServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    const nodeId = deps.nodeId ?? randomBytes(6).toString("hex");
    this.members = new Membership({ store: deps.store, owner: nodeId, guard: (op) => this.store(op) });
    const { bus, ...ownership } = deps.ownership ?? { leaseMs: 2000, forwardTimeoutMs: 1000, draining: () => false };
    this.owners = new RoomOwners({ nodeId, store: deps.store, log: deps.log, ...ownership, ...(bus ? { bus } : {}) });
    this.owners.listen(this.local);
    this.slots = new RoomSlots({
      load: (roomId) => deps.store.load(roomId).then((r) => r?.state ?? null),
      close: (roomId) => this.act(roomId, { type: "close", playerId: SYSTEM_ACTOR }).then(() => undefined),
    });
  }

  get openRooms(): ReadonlySet<RoomId> {
    return this.slots.open;
  }

  get inFlight(): number {
    return this.queue.size;
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  create(host: { playerId: PlayerId; name: string }, options: Partial<RoomOptions>): Promise<Result<{ roomId: RoomId; state: GameState }>> {
    return this.asMember(host.playerId, () => this.createNow(host, options));
  }

  private async createNow(host: { playerId: PlayerId; name: string }, options: Partial<RoomOptions>): Promise<Result<{ roomId: RoomId; state: GameState }>> {
    const cap = this.deps.maxRooms?.() ?? Infinity;
    if (this.slots.open.size >= cap) await this.slots.reclaim();
    if (this.slots.open.size >= cap) return fail("room_limit", "this node holds as many rooms as it may; try again later");
    const invalid = validateOptions({ maxPlayers: DEFAULT_ROOM_OPTIONS.maxPlayers, roles: [...(options.roles ?? DEFAULT_ROOM_OPTIONS.roles)], ...(options.maxPlayers !== undefined ? { maxPlayers: options.maxPlayers } : {}) });
    if (invalid) return fail(invalid, "these options cannot make a game");
    const left = await this.leaveOtherRoom(host.playerId, null);
    if (left) return left;
    for (let i = 0; i < 5; i++) {
      const roomId = newRoomCode();
      const state = createRoom({
        roomId,
        hostId: host.playerId,
        hostName: host.name,
        options,
        seed: this.deps.nextSeed?.() ?? randomBytes(12).toString("hex"),
        now: this.clock(),
      });
      // The host joins by creating: recorded like any join, so the timeline names them.
      const joined: TimelineEntry = { version: 0, ts: state.createdAt, event: { type: "player_joined", playerId: host.playerId, name: host.name } };
      if (await this.store(() => this.deps.store.create({ state, recent: [] }, [joined]))) {
        this.slots.add(roomId);
        await this.store(() => this.deps.store.setPlayerRoom(host.playerId, roomId));
        this.deps.listener.roomChanged(null, state, []);
        return { ok: true, roomId, state };
      }
    }
    return fail("conflict", "could not find a free room code");
  }

  async load(roomId: RoomId): Promise<Result<{ record: RoomRecord }>> {
    try {
      const record = await this.store(() => this.deps.store.load(roomId));
      return record ? { ok: true, record } : fail("room_not_found", `no room ${roomId}`);
    } catch (err) {
      return this.storeFailure(err);
    }
  }

  /** The room a player last joined or spectated, or null (also when the store is down). */
  async playerRoom(playerId: PlayerId): Promise<RoomId | null> {
    try {
      return await this.deps.store.playerRoom(playerId);
    } catch {
      return null;
    }
  }

  /** Joins or spectates, leaving a lobby the player sat in elsewhere first. */
  enter(roomId: RoomId, action: Extract<EngineAction, { type: "join" | "spectate" }>, meta: ActMeta): Promise<ActResult> {
    return this.asMember(action.playerId, async () => {
      const left = await this.leaveOtherRoom(action.playerId, roomId);
      if (left) return left;
      const res = await this.act(roomId, action, meta);
      if (res.ok) await this.store(() => this.deps.store.setPlayerRoom(action.playerId, roomId)).catch(() => undefined);
      return res;
    });
  }

  /** Gives up a seat or a spectator's place. */
  leave(roomId: RoomId, playerId: PlayerId, meta: ActMeta = {}): Promise<ActResult> {
    return this.asMember(playerId, () => this.act(roomId, { type: "leave", playerId }, meta));
  }

  /** Runs the action on the node that owns its room: here, or forwarded to the owner. */
  act(roomId: RoomId, action: EngineAction, meta: ActMeta = {}): Promise<ActResult> {
    return this.owners.act(roomId, { action, meta }, this.local);
  }

  /** Like `act`, for a caller that needs the state only with refusals and duplicates. */
  play(roomId: RoomId, action: EngineAction, meta: ActMeta = {}): Promise<PlayResult> {
    return this.owners.play(roomId, { action, meta }, this.local);
  }

  /** Another node's commit of a room was heard. */
  heard(roomId: RoomId, note: CommitNote): void {
    this.owners.heard(roomId, note);
  }

  /** Gives up the leases of the rooms this node leads (a drain). */
  releaseRooms(): Promise<void> {
    return this.owners.releaseAll();
  }

  private readonly local = (roomId: RoomId, item: QueuedAction): Promise<ActResult> => this.queue.push(roomId, item);

  private async runBatch(roomId: RoomId, queued: QueuedAction[]): Promise<ActResult[]> {
    this.deps.onBatch?.(queued.length);
    try {
      const results = await this.applyNow(roomId, queued);
      const applied = results.find((r) => r.ok && !r.duplicate);
      if (applied?.ok && applied.state.phase === "lobby" && applied.state.seats.length === 0) await this.closeEmpty(roomId);
      return results;
    } catch (err) {
      const failure = this.storeFailure(err);
      return queued.map(() => failure);
    }
  }

  /**
   * Load, apply the batch, commit it (retrying lost version races), tell the listener. Runs in the
   * room's queue. Every answer carries the state after the whole batch, each accepted action its
   * own version.
   */
  private async applyNow(roomId: RoomId, queued: QueuedAction[]): Promise<ActResult[]> {
    const all = (res: AckError) => queued.map(() => res);
    let owned = this.owners.holds(roomId);
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      const record = await this.store(() => this.deps.store.load(roomId, { owned }));
      if (!record) return all(fail("room_not_found", `no room ${roomId}`));
      const prev = record.state;
      const batch = applyBatch(record, queued, this.clock());
      const answers = (state: GameState): ActResult[] => batch.outcomes.map((o) => (o.ok ? { ...o, state } : o));
      if (batch.log.length === 0) {
        // Nothing to commit means no version check: refusals and duplicates are answered from a
        // record read as current, not from the owner's cache (a node may have committed without
        // the lease, e.g. one answering forwards while it drains).
        if (!owned) return this.durableDuplicates(roomId, answers(prev));
        owned = false;
        continue;
      }
      const next = batch.next.state;
      const sentAt = Date.now();
      const lease = this.owners.leaseRequest();
      const commit = this.deps.store.commit(roomId, prev.version, batch.next, { log: batch.log, timeline: batch.timeline }, lease);
      const outcome = await this.outcomeOf(commit, () => this.committed(prev, next, batch.events));
      if (outcome === "unknown") {
        const unknown = fail("outcome_unknown", "the game state store did not confirm this action; resend it with the same actionId (it is never applied twice)");
        return batch.outcomes.map((o) => (!o.ok ? o : o.duplicate ? { ...o, state: prev } : unknown));
      }
      if (outcome === "missing") return all(fail("room_not_found", `no room ${roomId}`));
      if (outcome === "conflict") {
        owned = false;
        this.owners.lost(roomId);
        this.deps.onConflict?.();
        continue;
      }
      this.owners.renewed(roomId, sentAt, lease);
      for (const [i, { action }] of queued.entries()) {
        const o = batch.outcomes[i];
        if (action.type === "leave" && o?.ok && !o.duplicate) await this.forgetRoom(action.playerId, roomId);
      }
      const acks = queued.flatMap(({ ackInCommit }, i) => {
        const o = batch.outcomes[i];
        return ackInCommit !== undefined && o?.ok && !o.duplicate ? [{ id: ackInCommit, version: o.version }] : [];
      });
      this.committed(prev, next, batch.events, this.owners.note(roomId, acks));
      return answers(next);
    }
    return all(fail("conflict", "the room changed too often at once; retry"));
  }

  /**
   * A resend of an action whose first answer was `outcome_unknown` because too few replicas had it
   * is answered ok only once they do: until then, unknown again.
   */
  private async durableDuplicates(roomId: RoomId, results: ActResult[]): Promise<ActResult[]> {
    if (!this.deps.store.confirmDurable || !results.some((r) => r.ok && r.duplicate)) return results;
    if (await this.deps.store.confirmDurable(roomId)) return results;
    const unknown = fail("outcome_unknown", "the game state store has not confirmed this action on its replicas yet; resend it with the same actionId (it is never applied twice)");
    return results.map((r) => (r.ok && r.duplicate ? unknown : r));
  }

  /**
   * A commit's result. When its reply was lost the store is asked, for a short while, whether it
   * was applied; past that the player hears "unknown" and the answer is awaited in the background,
   * so an applied change still reaches the room.
   */
  private async outcomeOf(commit: Promise<"ok" | "conflict" | "missing">, onLateApply: () => void): Promise<"ok" | "conflict" | "missing" | "unknown"> {
    try {
      return await commit;
    } catch (err) {
      if (!(err instanceof CommitUnknown)) throw new StoreUnavailable((err as Error).message);
      const applied = await settleWithin(err, this.deps.settleBudgetMs ?? 1500);
      if (applied === true) return "ok";
      if (applied === false) throw new StoreUnavailable(err.message);
      this.deps.log.warn({ err: err.message }, "commit outcome unknown; settling in the background");
      settleLater(err, onLateApply);
      return "unknown";
    }
  }

  private committed(prev: GameState, next: GameState, events: PublicEvent[], note?: CommitNote): void {
    if (next.phase === "ended") this.slots.release(next.roomId);
    this.deps.listener.roomChanged(prev, next, events, note);
  }

  /** A lobby nobody sits in can never start (its host is gone): it is closed, giving back its slot. */
  private async closeEmpty(roomId: RoomId): Promise<void> {
    // If this fails the slot's sweep closes it later.
    await this.applyNow(roomId, [{ action: { type: "close", playerId: SYSTEM_ACTOR }, meta: {} }]).catch(() => undefined);
  }

  /** Forgets the player's room if it is still this one (the player may have moved on meanwhile). */
  private async forgetRoom(playerId: PlayerId, roomId: RoomId): Promise<void> {
    if ((await this.store(() => this.deps.store.playerRoom(playerId))) === roomId) await this.store(() => this.deps.store.setPlayerRoom(playerId, null));
  }

  private async asMember<T extends object>(playerId: PlayerId, task: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      const res = await this.members.run(playerId, task);
      return res === "busy" ? BUSY : res;
    } catch (err) {
      return this.storeFailure(err);
    }
  }

  /** A player sits in one room at a time: leaving a lobby elsewhere is automatic, a game in progress is not. */
  private async leaveOtherRoom(playerId: PlayerId, target: RoomId | null): Promise<AckError | null> {
    const other = await this.store(() => this.deps.store.playerRoom(playerId));
    if (other === null || other === target) return null;
    const record = await this.store(() => this.deps.store.load(other));
    const state = record?.state;
    if (!state || state.phase === "ended" || !state.seats.some((s) => s.id === playerId)) return null;
    if (state.phase !== "lobby") return fail("already_in_room", `you are playing in room ${other}`);
    const res = await this.act(other, { type: "leave", playerId });
    return res.ok ? null : res;
  }

  private async store<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new StoreUnavailable((err as Error).message);
    }
  }

  private storeFailure(err: unknown): AckError {
    if (err instanceof StoreUnavailable) {
      this.deps.log.warn({ err: err.message }, "state store unavailable");
      return fail("unavailable", "the game state store is unavailable; nothing was changed, retry shortly");
    }
    this.deps.log.error({ err }, "room service bug");
    return fail("internal", "internal error");
  }
}
