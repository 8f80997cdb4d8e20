import { diff, type PublicEvent, type PublicRoomView } from "@avalon/protocol";
import type { CommitCast, CommitMessages } from "./commit-cast.js";
import { privateView, publicView } from "../engine/views.js";
import type { GameState } from "../engine/state.js";
import type { CommitNote } from "../rooms/forwarded-action.js";
import type { RoomListener } from "../rooms/room-service.js";
import type { GameServer } from "./types.js";
import { roomChannel } from "./channels.js";
import { seatsWithPrivateChanges } from "./private-changes.js";

export interface FanoutStats {
  /**
   * A change handed to the cast ("room:patch": the time from the start to the hand-off), and the
   * time its private views took to build ("room:private", once per change that has any).
   */
  onBroadcast(event: string, to: "room" | "player", ms: number): void;
}

/**
 * Turns a committed change into wire messages: one public patch per change, and private views only
 * for the seats whose private view changed, handed to the cast together (across nodes too).
 */
export class Fanout implements RoomListener {
  /**
   * The public view of the last state fanned out per room, keyed by the state object: with the
   * memory store the next change's `prev` is that very object, so each change builds one view.
   */
  private readonly views = new WeakMap<GameState, PublicRoomView>();

  constructor(
    private readonly io: GameServer,
    private readonly cast: CommitCast,
    private readonly stats?: FanoutStats,
    /** "snapshot" sends the whole public view as one root replace op instead of a diff. */
    private readonly mode: "patch" | "snapshot" = "patch",
  ) {}

  private publicOf(state: GameState): PublicRoomView {
    let view = this.views.get(state);
    if (!view) this.views.set(state, (view = publicView(state)));
    return view;
  }

  roomChanged(prev: GameState | null, next: GameState, events: PublicEvent[], note?: CommitNote): void {
    if (prev === null) return;
    const started = performance.now();
    const ts = Date.now();
    const after = this.publicOf(next);
    const ops = this.mode === "patch" ? diff(this.publicOf(prev), after) : [{ op: "replace" as const, path: [], value: after }];
    this.views.delete(prev);
    const patch = { roomId: next.roomId, from: prev.version, version: next.version, ops, events, ts };
    const privates: CommitMessages["privates"] = [];
    const privatesFrom = performance.now();
    const changed = seatsWithPrivateChanges(prev, next);
    for (const id of changed.seats) {
      const view = privateView(next, id);
      if (!view || (changed.all && JSON.stringify(privateView(prev, id)) === JSON.stringify(view))) continue;
      privates.push({ playerId: id, message: { roomId: next.roomId, version: next.version, view, ts } });
    }
    if (privates.length) this.stats?.onBroadcast("room:private", "player", performance.now() - privatesFrom);
    this.cast.send({ patch, privates, ...(note ? { note } : {}) });
    this.stats?.onBroadcast("room:patch", "room", performance.now() - started);
    if (next.phase === "ended" && next.endReason === "closed") {
      this.io.to(roomChannel(next.roomId)).emit("room:closed", { roomId: next.roomId, reason: "closed" });
    }
  }
}
