import type { PublicEvent } from "@avalon/protocol";
import type { ClusterServices } from "../cluster/cluster-services.js";
import type { GameState } from "../engine/state.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import type { RoomListener } from "./room-service.js";

/**
 * What follows a committed change besides the fan-out: game counters and the admin room index.
 * The index is one key for every room of the cluster, so it is written only when what it shows
 * changes (phase, seats, spectators), never for each game action.
 */
export class RoomEvents implements RoomListener {
  constructor(private readonly deps: { fanout: RoomListener; cluster: ClusterServices; metrics: Metrics; log: Logger }) {}

  roomChanged(prev: GameState | null, next: GameState, events: PublicEvent[]): void {
    this.deps.fanout.roomChanged(prev, next, events);
    const m = this.deps.metrics;
    if (prev?.phase === "lobby" && next.phase === "team_building") m.gamesStarted.inc();
    if (prev && prev.phase !== "ended" && next.phase === "ended") m.gamesFinished.inc({ winner: next.winner ?? "none", reason: next.endReason ?? "closed" });
    if (prev && prev.phase === next.phase && prev.seats.length === next.seats.length && prev.spectators.length === next.spectators.length) return;
    this.deps.cluster
      .indexRoom({
        roomId: next.roomId,
        phase: next.phase,
        players: next.seats.length,
        spectators: next.spectators.length,
        createdAt: next.createdAt,
        updatedAt: Date.now(),
        version: next.version,
      })
      .catch((err: unknown) => this.deps.log.warn({ err: (err as Error).message }, "room index update failed"));
  }
}
