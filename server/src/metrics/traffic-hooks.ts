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

/** The event name at the head of an encoded Socket.IO packet, for the per-event counters. */
function eventName(data: string): string | null {
  // `2["name",...` (an event of the main namespace) is nearly every frame; the rest take the regex.
  if (data.startsWith('2["')) {
    const end = data.indexOf('"', 3);
    if (end > 3 && end <= 43) return data.slice(3, end);
  }
  if (data.startsWith("42/admin")) return null;
  return EVENT_NAME.exec(data.slice(0, 64))?.[1] ?? null;
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
  // A room broadcast hands every socket the same encoded string, so consecutive frames usually
  // repeat: their size and event name are read once, and counters take one increment per run,
  // settled before the current tick ends.
  let runData: unknown = undefined;
  let runBytes = 0;
  let runName: string | null = null;
  let runFrames = 0;
  let settling = false;
  const settle = () => {
    settling = false;
    if (runFrames > 0) {
      metrics.bytesSent.inc(runBytes * runFrames);
      if (runName) metrics.eventOut(runName, runFrames);
    }
    runData = undefined;
    runFrames = 0;
  };
  const onPacketCreate = (p: EnginePacket) => {
    if (p.type !== "message") return;
    if (p.data !== runData || typeof p.data !== "string") {
      settle();
      runData = p.data;
      runBytes = size(p.data);
      runName = typeof p.data === "string" ? eventName(p.data) : null;
    }
    runFrames++;
    traffic.bytesOut += runBytes;
    traffic.msgsOut++;
    if (!settling) {
      settling = true;
      queueMicrotask(settle);
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
