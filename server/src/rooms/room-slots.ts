import type { RoomId } from "@avalon/protocol";
import type { GameState } from "../engine/state.js";

export interface RoomSlotsDeps {
  load: (roomId: RoomId) => Promise<GameState | null>;
  /** Closes a lobby nobody sits in. */
  close: (roomId: RoomId) => Promise<void>;
  clock?: () => number;
  /** The least time between two sweeps, ms. */
  sweepEveryMs?: number;
}

/**
 * The rooms created on this node that count against its room cap. A room gives its slot back
 * when it ends here; the sweep, run when the cap is reached, finds the others: rooms that ended
 * on another node, expired, or are lobbies nobody sits in.
 */
export class RoomSlots {
  readonly open = new Set<RoomId>();
  private lastSweep = -Infinity;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly deps: RoomSlotsDeps) {}

  add(roomId: RoomId): void {
    this.open.add(roomId);
  }

  release(roomId: RoomId): void {
    this.open.delete(roomId);
  }

  /** Sweeps at most once per period; concurrent callers share one sweep. */
  reclaim(): Promise<void> {
    const now = (this.deps.clock ?? Date.now)();
    if (this.sweeping) return this.sweeping;
    if (now - this.lastSweep < (this.deps.sweepEveryMs ?? 1000)) return Promise.resolve();
    this.lastSweep = now;
    this.sweeping = this.sweep().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async sweep(): Promise<void> {
    await Promise.all(
      [...this.open].map(async (roomId) => {
        const state = await this.deps.load(roomId).catch(() => undefined);
        if (state === undefined) return;
        if (state === null || state.phase === "ended") this.release(roomId);
        else if (state.phase === "lobby" && state.seats.length === 0) await this.deps.close(roomId);
      }),
    );
  }
}
