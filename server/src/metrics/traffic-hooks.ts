import type { GameServer } from "../transport/types.js";
import type { Traffic } from "../admin/traffic.js";
import type { Metrics } from "./metrics.js";

const EVENT_NAME = /^\d+(?:\/[^,]*,)?\d*\["([^"]{1,40})"/;

function size(data: unknown): number {
  if (typeof data === "string") return Buffer.byteLength(data);
  if (Buffer.isBuffer(data)) return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}

/**
 * Counts every Engine.IO message frame of the game namespace in and out: frames and bytes for
 * the rates, and the event name (read from the frame's head) for the per-event counters. A room
 * broadcast is counted once per delivered frame.
 */
export function instrumentTraffic(io: GameServer, metrics: Metrics, traffic: Traffic): void {
  io.engine.on("connection", (raw: { on(e: string, f: (p: { type: string; data?: unknown }) => void): void }) => {
    raw.on("packet", (p) => {
      if (p.type !== "message") return;
      const n = size(p.data);
      traffic.bytesIn += n;
      metrics.bytesReceived.inc(n);
    });
    raw.on("packetCreate", (p) => {
      if (p.type !== "message") return;
      const n = size(p.data);
      traffic.bytesOut += n;
      traffic.msgsOut++;
      metrics.bytesSent.inc(n);
      if (typeof p.data === "string" && !p.data.startsWith("42/admin")) {
        const m = EVENT_NAME.exec(p.data.slice(0, 64));
        if (m?.[1]) metrics.eventOut(m[1]);
      }
    });
  });
  io.of("/").on("connection", (socket) => {
    socket.use(([event, ...args], next) => {
      traffic.msgsIn++;
      metrics.eventIn(event);
      const roomId = (args[0] as { roomId?: unknown } | undefined)?.roomId;
      if (typeof roomId === "string" && roomId.length <= 16) traffic.room(roomId, 1, 0);
      next();
    });
  });
}
