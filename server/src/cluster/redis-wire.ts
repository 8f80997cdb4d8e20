import type { Socket } from "node:net";
import { Cluster, type Redis } from "ioredis";
import { countCommands } from "../patches/command-observer.js";
import type { RedisClient } from "./redis-connection.js";

/** What one of this node's Redis connections has sent and received since the node started. */
export interface WireTotals {
  commands: number;
  bytesWritten: number;
  bytesRead: number;
}

/**
 * Commands and bytes of one Redis client, the figures a capacity plan needs per node. ioredis
 * counts no bytes; each connection's socket does, so sockets are followed as they connect (per
 * Redis Cluster node too) and a closed socket's final counts are kept.
 */
export class RedisWire {
  private commands = 0;
  private closed = { written: 0, read: 0 };
  private readonly open = new Set<Socket>();

  constructor(client: RedisClient) {
    countCommands(client, () => this.commands++);
    if (client instanceof Cluster) client.on("+node", (node: Redis) => this.follow(node));
    else this.follow(client);
  }

  totals(): WireTotals {
    let bytesWritten = this.closed.written;
    let bytesRead = this.closed.read;
    for (const s of this.open) {
      bytesWritten += s.bytesWritten;
      bytesRead += s.bytesRead;
    }
    return { commands: this.commands, bytesWritten, bytesRead };
  }

  private follow(redis: Redis): void {
    redis.on("connect", () => {
      const socket = redis.stream;
      if (this.open.has(socket)) return;
      this.open.add(socket);
      socket.once("close", () => {
        this.closed.written += socket.bytesWritten;
        this.closed.read += socket.bytesRead;
        this.open.delete(socket);
      });
    });
  }
}
