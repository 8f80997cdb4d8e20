import { SERVER_EVENTS, type ServerEventName } from "@avalon/protocol";
import type { GameServer } from "../transport/types.js";
import type { Traffic } from "../admin/traffic.js";
import type { Metrics } from "./metrics.js";

const EVENT = 0x32; // "2", a Socket.IO EVENT packet
const QUOTE = 0x22;
const BRACKET = 0x5b;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * The server event named at the head of an encoded Socket.IO frame of the game namespace
 * (`2["room:patch",...]`, or `2<ack id>[...]`), or null for anything else: acks, other packet
 * types, other namespaces (`2/admin,[...]`), binary frames. Runs once per delivered frame, so it
 * compares in place instead of slicing or matching a regular expression.
 */
export function outboundEvent(frame: string): ServerEventName | null {
  if (frame.charCodeAt(0) !== EVENT) return null;
  let i = 1;
  while (isDigit(frame.charCodeAt(i))) i++;
  if (frame.charCodeAt(i) !== BRACKET || frame.charCodeAt(i + 1) !== QUOTE) return null;
  i += 2;
  for (const name of SERVER_EVENTS) {
    if (frame.charCodeAt(i + name.length) === QUOTE && frame.startsWith(name, i)) return name;
  }
  return null;
}

const ROOM_KEY = '{"roomId":"';
/** The key follows the event name (`2["presence:online",` is 21 characters): found further in, it is not the payload's first. */
const ROOM_KEY_WITHIN = 48;

/**
 * The room an outbound frame is about: every room event's payload object begins with its
 * `roomId` (patches, private views, snapshots, chat, presence), so it is read from the frame's
 * head instead of serialising the payload a second time to measure it.
 */
export function frameRoom(frame: string): string | null {
  const at = frame.indexOf(ROOM_KEY);
  if (at < 0 || at > ROOM_KEY_WITHIN) return null;
  const start = at + ROOM_KEY.length;
  const end = frame.indexOf('"', start);
  return end > start && end - start <= 16 ? frame.slice(start, end) : null;
}

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
 * Counts every Engine.IO message frame in and out: frames and bytes for the rates, and the event
 * name (read from the frame's head) for the per-event counters. A room
 * broadcast is counted once per delivered frame. The listeners are shared by every connection
 * (none reads its connection), so counting adds no closures per connection.
 */
export function instrumentTraffic(io: GameServer, metrics: Metrics, traffic: Traffic): void {
  const onPacket = (p: EnginePacket) => {
    if (p.type !== "message") return;
    const n = size(p.data);
    traffic.bytesIn += n;
    metrics.bytesIn(n);
  };
  // A room broadcast hands every socket the same encoded string, so consecutive frames usually
  // repeat: their size and event name are read once, and counters take one increment per run,
  // settled before the current tick ends.
  let runData: unknown = undefined;
  let runBytes = 0;
  let runName: ServerEventName | null = null;
  let runRoom: string | null = null;
  let runFrames = 0;
  let settling = false;
  const settle = () => {
    settling = false;
    if (runFrames > 0) {
      metrics.bytesOut(runBytes * runFrames);
      if (runName) metrics.eventOut(runName, runFrames);
      if (runRoom) traffic.room(runRoom, runFrames, runBytes * runFrames);
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
      runName = typeof p.data === "string" ? outboundEvent(p.data) : null;
      runRoom = runName && typeof p.data === "string" ? frameRoom(p.data) : null;
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
    const roomId = (packet[1] as { roomId?: unknown } | null | undefined)?.roomId;
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
