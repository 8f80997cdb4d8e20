import type { RoomId } from "@avalon/protocol";

export interface LobbyQuotaDeps {
  /** Open lobbies one address may hold on this node (read each time). */
  max: () => number;
  /** Whether a room is still an open lobby. */
  isOpenLobby: (roomId: RoomId) => Promise<boolean>;
}

/**
 * Open lobbies per client address on this node. A player holds one room at a time already (a new
 * room closes their empty lobby), but every new connection is a new player; this bounds what one
 * address can hold open between the reaper's passes. Rooms that started or closed stop counting.
 */
export class LobbyQuota {
  private readonly byAddress = new Map<string, Set<RoomId>>();
  /** Creations admitted and not yet finished, per address: concurrent creations count too. */
  private readonly pending = new Map<string, number>();

  constructor(private readonly deps: LobbyQuotaDeps) {}

  /**
   * Reserves a lobby for the address, or null when it holds its limit (its lobbies are recounted
   * only then). The returned function ends the reservation with the room made, or null.
   */
  async reserve(address: string): Promise<((roomId: RoomId | null) => void) | null> {
    if (this.count(address) >= this.deps.max()) {
      const held = this.byAddress.get(address) ?? new Set<RoomId>();
      for (const roomId of [...held]) if (!(await this.deps.isOpenLobby(roomId))) held.delete(roomId);
      if (held.size === 0) this.byAddress.delete(address);
      if (this.count(address) >= this.deps.max()) return null;
    }
    this.pending.set(address, (this.pending.get(address) ?? 0) + 1);
    return (roomId) => {
      const left = (this.pending.get(address) ?? 1) - 1;
      if (left > 0) this.pending.set(address, left);
      else this.pending.delete(address);
      if (roomId === null) return;
      let held = this.byAddress.get(address);
      if (!held) this.byAddress.set(address, (held = new Set()));
      held.add(roomId);
    };
  }

  private count(address: string): number {
    return (this.byAddress.get(address)?.size ?? 0) + (this.pending.get(address) ?? 0);
  }

  /** Forgets rooms that are no longer open on this node (called by the reaper's pass). */
  prune(open: ReadonlySet<RoomId>): void {
    for (const [address, held] of this.byAddress) {
      for (const roomId of held) if (!open.has(roomId)) held.delete(roomId);
      if (held.size === 0) this.byAddress.delete(address);
    }
  }
}
