import type { PublicEvent } from "@avalon/protocol";
import type { CommitNote } from "./forwarded-action.js";
import type { GameState } from "../engine/state.js";
import type { Metrics } from "../metrics/metrics.js";
import type { OwnRooms } from "./own-rooms.js";
import type { RoomListener } from "./room-service.js";

/**
 * What follows a committed change besides the fan-out: game counters and this node's entry of
 * the admin room list, which touches Redis only when what the list shows changes (phase, seats,
 * spectators), never for each game action.
 */
export class RoomEvents implements RoomListener {
  constructor(private readonly deps: { fanout: RoomListener; ownRooms: OwnRooms; metrics: Metrics }) {}

  roomChanged(prev: GameState | null, next: GameState, events: PublicEvent[], note?: CommitNote): void {
    this.deps.fanout.roomChanged(prev, next, events, note);
    const m = this.deps.metrics;
    if (prev?.phase === "lobby" && next.phase === "team_building") m.gamesStarted.inc();
    if (prev && prev.phase !== "ended" && next.phase === "ended") m.gamesFinished.inc({ winner: next.winner ?? "none", reason: next.endReason ?? "closed" });
    const shown = !prev || prev.phase !== next.phase || prev.seats.length !== next.seats.length || prev.spectators.length !== next.spectators.length;
    this.deps.ownRooms.changed(next, shown);
  }
}
