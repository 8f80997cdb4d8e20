import type { Phase, RoomId } from "@avalon/protocol";
import type { RoomClaims, RoomSummary } from "../cluster/cluster-services.js";
import type { GameState } from "../engine/state.js";
import type { Logger } from "../logger.js";

export interface OwnRoomsDeps {
  nodeId: string;
  cluster: RoomClaims;
  /** ROOM_INDEX_TTL_MS: a claim lapses after this long unless renewed (renewed every third of it). */
  claimTtlMs: number;
  /** ROOM_TTL_MS: a room unchanged this long is gone from the store, so from the list too. */
  roomTtlMs: number;
  /** Sockets of this node in a room's channel. */
  localSockets: (roomId: RoomId) => number;
  log: Logger;
  /** Claims written (new and renewed), whether held or lost. */
  onClaimed?: (n: number) => void;
  clock?: () => number;
}

interface Entry {
  summary: RoomSummary;
  /** When the claim last held, or null while it must be written (new, changed, or its write failed). */
  claimedAt: number | null;
}

/** Claims written per tick at most; the rest wait for the next tick. */
const CLAIMS_PER_TICK = 1_000;

/**
 * The rooms this node lists in the admin room list and counts in its rooms gauge: those it
 * committed a change to, as long as its claim holds (the node with the newest version does).
 *
 * The summary lives in this node's memory, updated with every commit at no cost; a claim is
 * written when what the list shows changes and renewed every third of its TTL, so the work
 * follows this node's own rooms. A claim whose write failed (Redis down) is written again on the
 * next tick, and a node holding an old version loses the room at its next renewal: after an
 * outage, who lists each room converges without anyone stepping in.
 */
export class OwnRooms {
  private readonly rooms = new Map<RoomId, Entry>();
  private renewing = false;

  constructor(private readonly deps: OwnRoomsDeps) {}

  /**
   * A change this node committed; `shown` when the list's columns changed (phase, seats,
   * spectators). Other changes only refresh a room this node lists already: a node taking one
   * player's vote does not contend for the listing. Nor does a shown change of a room whose claim
   * this node holds (with one owner per room, nearly every change): the claim keeps, renewed with
   * the newest version, and a node claiming a newer one takes the room at that renewal.
   */
  changed(next: GameState, shown: boolean): void {
    const summary: RoomSummary = {
      roomId: next.roomId,
      phase: next.phase,
      players: next.seats.length,
      spectators: next.spectators.length,
      createdAt: next.createdAt,
      updatedAt: this.now(),
      version: next.version,
    };
    const entry = this.rooms.get(next.roomId);
    if (!shown || (entry && entry.claimedAt !== null)) {
      if (entry) entry.summary = summary;
      return;
    }
    const fresh: Entry = { summary, claimedAt: null };
    this.rooms.set(next.roomId, fresh);
    void this.claim([fresh]);
  }

  get(roomId: RoomId): RoomSummary | undefined {
    return this.rooms.get(roomId)?.summary;
  }

  summaries(): RoomSummary[] {
    return [...this.rooms.values()].map((e) => e.summary);
  }

  byPhase(): Record<Phase, number> {
    const out: Record<Phase, number> = { lobby: 0, team_building: 0, team_vote: 0, quest: 0, assassination: 0, ended: 0 };
    for (const { summary } of this.rooms.values()) out[summary.phase]++;
    return out;
  }

  /** Once a tick: forgets finished and expired rooms, and writes the claims that are due. */
  async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      const now = this.now();
      const due: Entry[] = [];
      for (const [roomId, entry] of this.rooms) {
        if (this.finished(entry, now)) this.rooms.delete(roomId);
        else if (due.length < CLAIMS_PER_TICK && (entry.claimedAt === null || now - entry.claimedAt >= this.deps.claimTtlMs / 3)) due.push(entry);
      }
      if (due.length) await this.claim(due);
    } finally {
      this.renewing = false;
    }
  }

  /**
   * An ended room stays listed for a claim's TTL after its last change, an idle one for the room's
   * TTL; neither goes while this node has sockets in it, nor before its last state was claimed.
   */
  private finished(entry: Entry, now: number): boolean {
    const { summary } = entry;
    const keep = summary.phase === "ended" ? this.deps.claimTtlMs : this.deps.roomTtlMs;
    return entry.claimedAt !== null && now - summary.updatedAt > keep && this.deps.localSockets(summary.roomId) === 0;
  }

  private async claim(entries: Entry[]): Promise<void> {
    const at = this.now();
    const claimed = entries.map((e) => ({ summary: e.summary, entry: e }));
    this.deps.onClaimed?.(entries.length);
    try {
      const lost = new Set(await this.deps.cluster.claimRooms(this.deps.nodeId, claimed.map((c) => c.summary), this.deps.claimTtlMs));
      for (const { summary, entry } of claimed) {
        if (this.rooms.get(summary.roomId) !== entry) continue;
        if (lost.has(summary.roomId)) this.rooms.delete(summary.roomId);
        else entry.claimedAt = at;
      }
    } catch (err) {
      // The entries keep no claim time or their last good one: the next tick writes them again.
      this.deps.log.warn({ err: (err as Error).message, rooms: entries.length }, "room index update failed");
    }
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }
}
