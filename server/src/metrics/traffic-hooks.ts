import type { ServerEventName } from "@avalon/protocol";
import type { GameServer } from "../transport/types.js";
import type { Traffic } from "./traffic.js";
import type { Metrics } from "./metrics.js";

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
 * Counts every Engine.IO message frame in and out: frames and bytes for the rates, and per event
 * and per room for the game namespace. Socket.IO tells each recipient's outgoing listeners the
 * event and its arguments (a room event's payload names its `roomId`) just before it hands that
 * recipient's encoded frame to Engine.IO, which announces it with `packetCreate`: the frame takes
 * the name and room it was announced with. Acks and other namespaces are announced to no
 * listener here, so they count only in the totals. A room broadcast is counted once per delivered
 * frame. The listeners are shared by every connection (none reads its connection), so counting
 * adds no closures per connection.
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
  let announcedName: ServerEventName | null = null;
  let announcedRoom: string | null = null;
  const onOutgoing = (event: ServerEventName, payload?: { roomId?: unknown }) => {
    announcedName = event;
    announcedRoom = typeof payload?.roomId === "string" ? payload.roomId : null;
  };
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
  // A frame announced to a connection that is already closing is never created; its
  // announcement must not name a later frame of another tick.
  const endOfTick = () => {
    settle();
    announcedName = announcedRoom = null;
  };
  const onPacketCreate = (p: EnginePacket) => {
    if (p.type !== "message") return;
    if (p.data !== runData || typeof p.data !== "string" || announcedName !== runName || announcedRoom !== runRoom) {
      settle();
      runData = p.data;
      runBytes = size(p.data);
      runName = announcedName;
      runRoom = announcedRoom;
    }
    announcedName = announcedRoom = null;
    runFrames++;
    traffic.bytesOut += runBytes;
    traffic.msgsOut++;
    if (!settling) {
      settling = true;
      queueMicrotask(endOfTick);
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
    socket.onAnyOutgoing(onOutgoing);
  });
}
