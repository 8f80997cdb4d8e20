import type { IncomingMessage } from "node:http";
import { clientIp } from "../ops/client-ip.js";
import type { GameServer } from "../transport/types.js";

interface RawConnection {
  request: IncomingMessage | null;
  transport: { name: string };
}

/**
 * Engine.IO keeps each connection's first HTTP request (headers, raw headers, the parsed query)
 * for the connection's whole life, a few KiB per idle socket. Nothing here reads it after the
 * handshake except the client address, so that is taken first and the request is let go.
 * Engine.IO's upgrade response still holds a websocket's request through a close listener on the
 * TCP socket, so its header copies are emptied too; a polling request may still be answering,
 * so it is left whole. Returns how to read a socket's client address afterwards. Socket.IO has
 * copied what its handshake needs by then. Written for the socket.io and engine.io versions in
 * library-versions.ts; about 0.4-1.0 KiB of heap per connection (docs/BENCHMARKS.md).
 */
export function releaseRequests(io: GameServer, trustProxy: boolean): (socket: { conn: { remoteAddress?: string } }) => string {
  const addresses = new WeakMap<object, string>();
  io.engine.on("connection", (raw: RawConnection) => {
    const req = raw.request;
    if (!req) return;
    addresses.set(raw, clientIp(req, trustProxy));
    raw.request = null;
    if (raw.transport.name === "websocket") {
      req.headers = {};
      req.rawHeaders = [];
      (req as { _query?: unknown })._query = null;
    }
  });
  return (socket) => addresses.get(socket.conn) ?? socket.conn.remoteAddress ?? "unknown";
}
