import { TokenBucket } from "../ops/token-bucket.js";

/** The part of a Socket.IO server socket the limit needs (admin and admin-ui namespaces alike). */
export interface LimitedSocket {
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): unknown;
  disconnect(close?: boolean): unknown;
}

export interface AdminRateOptions {
  eventsPerSecond: number;
  burst: number;
  /** Refused requests after which the socket is cut off. */
  disconnectAfter?: number;
  clock?: () => number;
  onLimited?(): void;
}

/**
 * A per-socket token bucket in front of every inbound packet of an admin socket, whatever its
 * event and whether or not it asks for an ack: a refused one is answered `rate_limited` (when it
 * asked) and never reaches a handler; past `disconnectAfter` refusals the socket is cut off.
 */
export function limitAdminSocket(socket: LimitedSocket, opts: AdminRateOptions): void {
  const clock = opts.clock ?? Date.now;
  const bucket = new TokenBucket(opts.eventsPerSecond, opts.burst, clock());
  let refused = 0;
  socket.use((packet, next) => {
    if (bucket.take(clock())) return next();
    refused++;
    opts.onLimited?.();
    const last = packet[packet.length - 1];
    if (typeof last === "function") last({ ok: false, code: "rate_limited", message: `more than ${opts.eventsPerSecond} admin requests per second; slow down` });
    if (refused >= (opts.disconnectAfter ?? 50)) socket.disconnect(true);
  });
}
