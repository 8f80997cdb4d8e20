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

function size(data: unknown): number {
  if (typeof data === "string") return Buffer.byteLength(data);
  if (Buffer.isBuffer(data)) return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}

/**
 * Counts every Engine.IO message frame in and out: frames and bytes for the rates, and the event
 * name (read from the frame's head) for the per-event counters. Engine.IO reports every frame it
 * writes to a socket, so a room broadcast counts once per recipient.
 */
export function instrumentTraffic(io: GameServer, metrics: Metrics, traffic: Traffic): void {
  io.engine.on("connection", (raw: { on(e: string, f: (p: { type: string; data?: unknown }) => void): void }) => {
    raw.on("packet", (p) => {
      if (p.type !== "message") return;
      const n = size(p.data);
      traffic.bytesIn += n;
      metrics.bytesIn(n);
    });
    raw.on("packetCreate", (p) => {
      if (p.type !== "message") return;
      const n = size(p.data);
      traffic.bytesOut += n;
      traffic.msgsOut++;
      metrics.bytesOut(n);
      if (typeof p.data === "string") {
        const event = outboundEvent(p.data);
        if (event) metrics.eventOut(event);
      }
    });
  });
  io.of("/").on("connection", (socket) => {
    socket.use((packet, next) => {
      traffic.msgsIn++;
      metrics.eventIn(packet[0]);
      const roomId = (packet[1] as { roomId?: unknown } | null | undefined)?.roomId;
      if (typeof roomId === "string" && roomId.length <= 16) traffic.room(roomId, 1, 0);
      next();
    });
  });
}
