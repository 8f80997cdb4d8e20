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

interface EnginePacket {
  type: string;
  data?: unknown;
}

/**
 * Counts every Engine.IO message frame of the game namespace in and out: frames and bytes for
 * the rates, and the event name (read from the frame's head) for the per-event counters. A room
 * broadcast is counted once per delivered frame. The listeners are shared by every connection
 * (none reads its connection), so counting adds no closures per connection.
 */
export function instrumentTraffic(io: GameServer, metrics: Metrics, traffic: Traffic): void {
  const onPacket = (p: EnginePacket) => {
    if (p.type !== "message") return;
    const n = size(p.data);
    traffic.bytesIn += n;
    metrics.bytesReceived.inc(n);
  };
  const onPacketCreate = (p: EnginePacket) => {
    if (p.type !== "message") return;
    const n = size(p.data);
    traffic.bytesOut += n;
    traffic.msgsOut++;
    metrics.bytesSent.inc(n);
    if (typeof p.data === "string" && !p.data.startsWith("42/admin")) {
      const m = EVENT_NAME.exec(p.data.slice(0, 64));
      if (m?.[1]) metrics.eventOut(m[1]);
    }
  };
  const onEvent = (packet: unknown[], next: (err?: Error) => void) => {
    traffic.msgsIn++;
    metrics.eventIn(packet[0] as string);
    const roomId = (packet[1] as { roomId?: unknown } | undefined)?.roomId;
    if (typeof roomId === "string" && roomId.length <= 16) traffic.room(roomId, 1, 0);
    next();
  };
  io.engine.on("connection", (raw: { on(e: string, f: (p: EnginePacket) => void): void }) => {
    raw.on("packet", onPacket);
    raw.on("packetCreate", onPacketCreate);
  });
  io.of("/").on("connection", (socket) => {
    socket.use(onEvent as Parameters<typeof socket.use>[0]);
  });
}
