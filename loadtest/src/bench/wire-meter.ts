import type { Socket as NetSocket } from "node:net";
import type { BotSocket } from "../bot/bot.js";

/** What one client connection put on and took off the wire. */
export interface WireCount {
  /** Websocket frames (one per Engine.IO packet over the websocket transport). */
  framesIn: number;
  framesOut: number;
  /** TCP payload bytes of the connection: frame headers, masks and compression included, HTTP upgrade included. */
  bytesIn: number;
  bytesOut: number;
  /** Socket.IO events the server delivered (acks and heartbeats excluded). */
  events: number;
}

export const NO_WIRE: WireCount = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, events: 0 };

export function addWire(a: WireCount, b: WireCount): WireCount {
  return {
    framesIn: a.framesIn + b.framesIn,
    framesOut: a.framesOut + b.framesOut,
    bytesIn: a.bytesIn + b.bytesIn,
    bytesOut: a.bytesOut + b.bytesOut,
    events: a.events + b.events,
  };
}

interface EngineLike {
  on(event: "packet" | "packetCreate", fn: (p: { type: string }) => void): void;
  transport?: { ws?: { _socket?: NetSocket | null } };
}

/**
 * Counts a socket.io-client connection's traffic from inside the client: frames from Engine.IO's
 * packet events, bytes from the TCP socket under the websocket. Call right after `connect()`
 * (the engine exists from then on) and `read()` before closing. Nothing sits between client
 * and server, so the counting adds no latency.
 */
export function meterWire(socket: BotSocket, onEvent: (payload: unknown) => void): { read(): WireCount } {
  const count: WireCount = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, events: 0 };
  const engine = (socket.io as unknown as { engine: EngineLike }).engine;
  engine.on("packet", () => count.framesIn++);
  engine.on("packetCreate", () => count.framesOut++);
  socket.onAny((_event: string, payload: unknown) => {
    count.events++;
    onEvent(payload);
  });
  return {
    read() {
      const tcp = engine.transport?.ws?._socket;
      if (tcp) {
        count.bytesIn = tcp.bytesRead;
        count.bytesOut = tcp.bytesWritten;
      }
      return { ...count };
    },
  };
}
