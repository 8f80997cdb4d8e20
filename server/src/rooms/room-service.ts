import { randomBytes, randomInt } from "node:crypto";
import type {
  AckError,
  ActionId,
  EngineAction,
  ErrorCode,
  PlayerId,
  PublicEvent,
  RoomId,
  RoomOptions,
  TimelineEntry,
} from "@avalon/protocol";
import { apply, createRoom, DEFAULT_ROOM_OPTIONS } from "../engine/engine.js";
import { validateOptions } from "../engine/rules.js";
import { seededRng } from "../engine/rng.js";
import type { GameState } from "../engine/state.js";
import { RECENT_ACTIONS_KEPT, type GameStore, type RoomRecord } from "../store/game-store.js";
import type { Logger } from "../logger.js";
import { KeyedQueue } from "./keyed-queue.js";

export type Result<T extends object> = ({ ok: true } & T) | AckError;

export function fail(code: ErrorCode, message: string = code.replace(/_/g, " ")): AckError {
  return { ok: false, code, message };
}

/** Told about every committed change so it can fan the change out to clients. */
export interface RoomListener {
  roomChanged(prev: GameState | null, next: GameState, events: PublicEvent[]): void;
}

export interface RoomServiceDeps {
  store: GameStore;
  listener: RoomListener;
  log: Logger;
  clock?: () => number;
  /** Rooms this node may hold open (read each time: it changes at runtime). */
  maxRooms?: () => number;
  /** Called when a commit lost a version race and the action is retried on fresh state. */
  onConflict?: () => void;
  /** Seeds for new rooms; random when absent. */
  nextSeed?: () => string;
}

export interface ActMeta {
  actionId?: ActionId;
  expectedVersion?: number;
}

const ROOM_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const MAX_COMMIT_ATTEMPTS = 8;

export function newRoomCode(length = 6): RoomId {
  let code = "";
  for (let i = 0; i < length; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

class StoreUnavailable extends Error {}

/**
 * Game orchestration: load a room, apply an action through the pure engine, commit it with a
 * version check, tell the listener. Actions of one room run one at a time on this node; across
 * nodes the store's atomic version check decides, and the loser reloads and tries again.
 */
export class RoomService {
  private readonly queue = new KeyedQueue<RoomId>();
  private readonly clock: () => number;
  /** Rooms created here and not yet ended, for the per-node room cap. */
  readonly openRooms = new Set<RoomId>();

  constructor(private readonly deps: RoomServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  get inFlight(): number {
    return this.queue.size;
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  async create(host: { playerId: PlayerId; name: string }, options: Partial<RoomOptions>): Promise<Result<{ roomId: RoomId; state: GameState }>> {
    const cap = this.deps.maxRooms?.() ?? Infinity;
    if (this.openRooms.size >= cap) return fail("room_limit", "this node holds as many rooms as it may; try again later");
    const invalid = validateOptions({ maxPlayers: DEFAULT_ROOM_OPTIONS.maxPlayers, roles: [...(options.roles ?? DEFAULT_ROOM_OPTIONS.roles)], ...(options.maxPlayers !== undefined ? { maxPlayers: options.maxPlayers } : {}) });
    if (invalid) return fail(invalid, "these options cannot make a game");
    try {
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
        if (await this.store(() => this.deps.store.create({ state, recent: [] }))) {
          this.openRooms.add(roomId);
          await this.store(() => this.deps.store.setPlayerRoom(host.playerId, roomId));
          this.deps.listener.roomChanged(null, state, []);
          return { ok: true, roomId, state };
        }
      }
      return fail("conflict", "could not find a free room code");
    } catch (err) {
      return this.storeFailure(err);
    }
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
  async enter(roomId: RoomId, action: Extract<EngineAction, { type: "join" | "spectate" }>, meta: ActMeta): Promise<Result<{ version: number; state: GameState; duplicate?: boolean }>> {
    try {
      const left = await this.leaveOtherRoom(action.playerId, roomId);
      if (left) return left;
    } catch (err) {
      return this.storeFailure(err);
    }
    const res = await this.act(roomId, action, meta);
    if (res.ok) await this.store(() => this.deps.store.setPlayerRoom(action.playerId, roomId)).catch(() => undefined);
    return res;
  }

  act(roomId: RoomId, action: EngineAction, meta: ActMeta = {}): Promise<Result<{ version: number; state: GameState; duplicate?: boolean }>> {
    return this.queue.run(roomId, async () => {
      try {
        for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
          const record = await this.store(() => this.deps.store.load(roomId));
          if (!record) return fail("room_not_found", `no room ${roomId}`);
          const prev = record.state;
          if (meta.actionId !== undefined) {
            const seen = record.recent.find((r) => r.actionId === meta.actionId && r.playerId === action.playerId);
            if (seen) return { ok: true, version: seen.version, state: prev, duplicate: true };
          }
          if (meta.expectedVersion !== undefined && meta.expectedVersion !== prev.version) {
            return fail("stale_version", `the room is at version ${prev.version}, not ${meta.expectedVersion}`);
          }
          const result = apply(prev, action, seededRng(prev.seed, prev.version));
          if (!result.ok) return fail(result.code);
          const next = result.state;
          const now = this.clock();
          const recent = meta.actionId === undefined
            ? record.recent
            : [...record.recent, { actionId: meta.actionId, playerId: action.playerId, version: next.version }].slice(-RECENT_ACTIONS_KEPT);
          const timeline: TimelineEntry[] = result.events.map((event) => ({ version: next.version, ts: now, event }));
          const outcome = await this.store(() =>
            this.deps.store.commit(roomId, prev.version, { state: next, recent }, {
              log: { version: next.version, ts: now, actionId: meta.actionId ?? null, action },
              timeline,
            }),
          );
          if (outcome === "missing") return fail("room_not_found", `no room ${roomId}`);
          if (outcome === "conflict") {
            this.deps.onConflict?.();
            continue;
          }
          if (next.phase === "ended") this.openRooms.delete(roomId);
          if (action.type === "leave") await this.store(() => this.deps.store.setPlayerRoom(action.playerId, null));
          this.deps.listener.roomChanged(prev, next, result.events);
          return { ok: true, version: next.version, state: next };
        }
        return fail("conflict", "the room changed too often at once; retry");
      } catch (err) {
        return this.storeFailure(err);
      }
    });
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
