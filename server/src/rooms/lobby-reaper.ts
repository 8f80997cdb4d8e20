import type { RoomId } from "@avalon/protocol";
import type { Logger } from "../logger.js";
import type { GameState } from "../engine/state.js";

export interface LobbyReaperDeps {
  /** Rooms created on this node and still open (each node reaps its own). */
  openRooms: () => Iterable<RoomId>;
  /** The room's state, or null when it is gone. */
  load: (roomId: RoomId) => Promise<GameState | null>;
  /** Closes a lobby (as the system, giving back its slot). */
  close: (roomId: RoomId) => Promise<void>;
  /** Read once per pass: sockets connected to a room anywhere in the cluster, as far as this node knows. */
  connections: () => Promise<(roomId: RoomId) => number>;
  /** A lobby nobody has been connected to for this long is closed. */
  graceMs: number;
  log: Logger;
  clock?: () => number;
  onReaped?(): void;
  /** Told the rooms still open after each pass. */
  afterSweep?(open: ReadonlySet<RoomId>): void;
}

/**
 * Closes lobbies whose seats have all gone: a host who created a room and left holds a slot of
 * the node's room cap until the room's TTL (hours) otherwise, so a client opening room after room
 * fills the cap. A sweep, a few times per grace period, notes when each open lobby last had a
 * connected socket and closes those without one for `graceMs`. Games in progress are never
 * touched: their seats may come back with a resume token until the room's TTL.
 */
export class LobbyReaper {
  private readonly lastConnected = new Map<RoomId, number>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(private readonly deps: LobbyReaperDeps) {}

  get sweepEveryMs(): number {
    return Math.min(10_000, Math.max(100, Math.floor(this.deps.graceMs / 4)));
  }

  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.sweepEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over this node's open rooms; concurrent calls share nothing and skip. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    // A pass that fails (the cluster store is down) is retried by the next one.
    let reaped = 0;
    try {
      const now = (this.deps.clock ?? Date.now)();
      const open = new Set(this.deps.openRooms());
      const connected = await this.deps.connections();
      for (const roomId of this.lastConnected.keys()) if (!open.has(roomId)) this.lastConnected.delete(roomId);
      for (const roomId of open) {
        if (connected(roomId) > 0) {
          this.lastConnected.set(roomId, now);
          continue;
        }
        const since = this.lastConnected.get(roomId);
        if (since === undefined) {
          this.lastConnected.set(roomId, now);
          continue;
        }
        if (now - since < this.deps.graceMs) continue;
        const state = await this.deps.load(roomId).catch(() => undefined);
        if (state === undefined) continue;
        if (state === null || state.phase !== "lobby") {
          // Only lobbies are closed here; a game keeps its place until its TTL.
          this.lastConnected.set(roomId, now);
          continue;
        }
        await this.deps.close(roomId).catch((err: unknown) => this.deps.log.warn({ err: (err as Error).message, roomId }, "closing an abandoned lobby failed"));
        this.lastConnected.delete(roomId);
        reaped++;
        this.deps.onReaped?.();
      }
      if (reaped) this.deps.log.info({ reaped }, "closed abandoned lobbies");
      this.deps.afterSweep?.(new Set(this.deps.openRooms()));
      return reaped;
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, "abandoned lobby sweep failed");
      return reaped;
    } finally {
      this.sweeping = false;
    }
  }
}
