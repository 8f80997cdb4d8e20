import type { PlayerId, RoomId } from "@avalon/protocol";

/**
 * Key layout. Keys of one room share the `{roomId}` hash tag, so the commit script touches one
 * slot and runs unchanged on Redis Cluster.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}
  room(id: RoomId): string {
    return `${this.prefix}:room:{${id}}`;
  }
  player(id: PlayerId): string {
    return `${this.prefix}:player:{${id}}`;
  }
  playerLock(id: PlayerId): string {
    return `${this.prefix}:playerlock:{${id}}`;
  }
  settings(): string {
    return `${this.prefix}:settings`;
  }
  nodes(): string {
    return `${this.prefix}:nodes`;
  }
  node(id: string): string {
    return `${this.prefix}:node:{${id}}`;
  }
  /** Which node lists the room in the admin room list; beside the room's keys in its slot. */
  roomClaim(id: RoomId): string {
    return `${this.prefix}:roomclaim:{${id}}`;
  }
  audit(): string {
    return `${this.prefix}:audit`;
  }
  channel(name: string): string {
    return `${this.prefix}:bus:${name}`;
  }
  /** One node's own bus channel: actions forwarded to the rooms it owns, and answers to its forwards. */
  nodeChannel(id: string): string {
    return `${this.prefix}:bus:node:${id}`;
  }
}
