import { diff, type PublicEvent, type PublicRoomView } from "@avalon/protocol";
import { privateView, publicView } from "../engine/views.js";
import type { GameState } from "../engine/state.js";
import type { RoomListener } from "../rooms/room-service.js";
import type { GameServer } from "./types.js";
import { playerChannel, roomChannel } from "./channels.js";
import { seatsWithPrivateChanges } from "./private-changes.js";

export interface FanoutStats {
  /** One broadcast handed to the adapter, and the time building and sending it took. */
  onBroadcast(event: string, to: "room" | "player", ms: number): void;
}

/**
 * Turns a committed change into wire messages: one public patch per change, serialised once and
 * sent with a single adapter broadcast to the room channel (across nodes too), and private views
 * only to the seats whose private view changed.
 */
export class Fanout implements RoomListener {
  /**
   * The public view of the last state fanned out per room, keyed by the state object: with the
   * memory store the next change's `prev` is that very object, so each change builds one view.
   */
  private readonly views = new WeakMap<GameState, PublicRoomView>();

  constructor(
    private readonly io: GameServer,
    private readonly stats?: FanoutStats,
    /** "snapshot" sends the whole public view as one root replace op instead of a diff. */
    private readonly mode: "patch" | "snapshot" = "patch",
  ) {}

  private publicOf(state: GameState): PublicRoomView {
    let view = this.views.get(state);
    if (!view) this.views.set(state, (view = publicView(state)));
    return view;
  }

  roomChanged(prev: GameState | null, next: GameState, events: PublicEvent[]): void {
    if (prev === null) return;
    const started = performance.now();
    const ts = Date.now();
    const after = this.publicOf(next);
    const ops = this.mode === "patch" ? diff(this.publicOf(prev), after) : [{ op: "replace" as const, path: [], value: after }];
    this.views.delete(prev);
    const patch = { roomId: next.roomId, from: prev.version, version: next.version, ops, events, ts };
    this.io.to(roomChannel(next.roomId)).emit("room:patch", patch);
    this.stats?.onBroadcast("room:patch", "room", performance.now() - started);
    const changed = seatsWithPrivateChanges(prev, next);
    for (const id of changed.seats) {
      const view = privateView(next, id);
      if (!view || (changed.all && JSON.stringify(privateView(prev, id)) === JSON.stringify(view))) continue;
      const t0 = performance.now();
      this.io.to(playerChannel(id)).emit("room:private", { roomId: next.roomId, version: next.version, view, ts });
      this.stats?.onBroadcast("room:private", "player", performance.now() - t0);
    }
    if (next.phase === "ended" && next.endReason === "closed") {
      this.io.to(roomChannel(next.roomId)).emit("room:closed", { roomId: next.roomId, reason: "closed" });
    }
  }
}
