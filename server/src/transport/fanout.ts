import { diff, type PublicEvent } from "@avalon/protocol";
import { privateView, publicView } from "../engine/views.js";
import type { GameState } from "../engine/state.js";
import type { RoomListener } from "../rooms/room-service.js";
import type { GameServer } from "./types.js";
import { playerChannel, roomChannel } from "./channels.js";

export interface FanoutStats {
  /** One broadcast handed to the adapter: its payload size and the time serialising and sending took. */
  onBroadcast(event: string, to: "room" | "player", roomId: string | null, bytes: number, ms: number): void;
}

/**
 * Turns a committed change into wire messages: one public patch per change, serialised once and
 * sent with a single adapter broadcast to the room channel (across nodes too), and private views
 * only to the seats whose private view changed.
 */
export class Fanout implements RoomListener {
  constructor(
    private readonly io: GameServer,
    private readonly stats?: FanoutStats,
    /** "snapshot" sends the whole public view as one root replace op instead of a diff. */
    private readonly mode: "patch" | "snapshot" = "patch",
  ) {}

  roomChanged(prev: GameState | null, next: GameState, events: PublicEvent[]): void {
    if (prev === null) return;
    const started = performance.now();
    const ts = Date.now();
    const ops = this.mode === "patch" ? diff(publicView(prev), publicView(next)) : [{ op: "replace" as const, path: [], value: publicView(next) }];
    const patch = { roomId: next.roomId, from: prev.version, version: next.version, ops, events, ts };
    this.io.to(roomChannel(next.roomId)).emit("room:patch", patch);
    this.stats?.onBroadcast("room:patch", "room", next.roomId, this.stats ? JSON.stringify(patch).length : 0, performance.now() - started);
    const ids = new Set([...prev.seats.map((s) => s.id), ...next.seats.map((s) => s.id)]);
    for (const id of ids) {
      const before = privateView(prev, id);
      const after = privateView(next, id);
      if (after && JSON.stringify(before) !== JSON.stringify(after)) {
        const t0 = performance.now();
        this.io.to(playerChannel(id)).emit("room:private", { roomId: next.roomId, version: next.version, view: after, ts });
        this.stats?.onBroadcast("room:private", "player", null, 0, performance.now() - t0);
      }
    }
    if (next.phase === "ended" && next.endReason === "closed") {
      this.io.to(roomChannel(next.roomId)).emit("room:closed", { roomId: next.roomId, reason: "closed" });
    }
  }
}
