import type { PlayerId } from "@avalon/protocol";
import type { GameStore } from "../store/game-store.js";
import { KeyedQueue } from "./keyed-queue.js";

export interface MembershipOptions {
  store: GameStore;
  /** Names this node in the lock, so a lock it lost track of is never given back by another. */
  owner: string;
  /** Runs a store call, turning its failure into the service's "store unavailable". */
  guard: <T>(op: () => Promise<T>) => Promise<T>;
  /** How long a lock outlives a node that died holding it, ms. */
  ttlMs?: number;
  /** How long to wait for a lock another node holds before giving up, ms. */
  waitMs?: number;
}

/**
 * Changes of one player's rooms (create, join, spectate, leave) run one at a time: in order on
 * this node, and under a lock in the store across nodes. Without it two requests of one player
 * both read "sits in no other room" and the player ends up seated in two.
 */
export class Membership {
  private readonly queue = new KeyedQueue<PlayerId>();
  private seq = 0;

  constructor(private readonly opts: MembershipOptions) {}

  /** The task's result, or "busy" when another node held the player's lock for too long. */
  run<T>(playerId: PlayerId, task: () => Promise<T>): Promise<T | "busy"> {
    return this.queue.run(playerId, async () => {
      const { store, guard } = this.opts;
      const owner = `${this.opts.owner}:${++this.seq}`;
      const ttl = this.opts.ttlMs ?? 5000;
      const until = Date.now() + (this.opts.waitMs ?? 2000);
      while (!(await guard(() => store.lockPlayer(playerId, owner, ttl)))) {
        if (Date.now() > until) return "busy";
        await new Promise((r) => setTimeout(r, 15 + Math.random() * 20));
      }
      try {
        return await task();
      } finally {
        // Left to expire when the store is down: the lock's TTL is short.
        await store.unlockPlayer(playerId, owner).catch(() => undefined);
      }
    });
  }
}
