import { decodePacket, encodePacket, type Packet as EnginePacket } from "engine.io-parser";
import { Decoder, Encoder, PacketType, type Packet as SocketPacket } from "socket.io-parser";

/**
 * The text wire format of Engine.IO v4 and Socket.IO v5 over a WebSocket, read and written with
 * `engine.io-parser` and `socket.io-parser`: one packet per frame (no batching, which only
 * long-polling uses), JSON payloads, no binary attachments (the server speaks the default JSON
 * parser). A frame that cannot be read decodes to a `malformed` value, never an exception.
 */

/** The Engine.IO handshake the server sends first: `0{"sid",...}`. */
export interface OpenPacket {
  kind: "open";
  sid: string;
  /** The server pings this often, ms. */
  pingInterval: number;
  /** The server waits this long for the pong; the client waits interval + timeout for a ping. */
  pingTimeout: number;
  /** Largest frame the server accepts, bytes. */
  maxPayload: number;
}

export type Frame =
  | OpenPacket
  | { kind: "close" }
  | { kind: "ping" }
  | { kind: "pong" }
  | { kind: "noop" }
  /** Namespace joined (`40{"sid"}`). */
  | { kind: "connect"; nsp: string; sid: string }
  /** Namespace left: the server disconnected this socket (`41`). */
  | { kind: "disconnect"; nsp: string }
  /** Namespace refused (`44{"message","data":{code,message}}`); code falls back to message. */
  | { kind: "connect_error"; nsp: string; code: string; message: string }
  | { kind: "event"; nsp: string; id: number | null; name: string; args: unknown[] }
  | { kind: "ack"; nsp: string; id: number; args: unknown[] }
  | { kind: "malformed"; reason: string; frame: string };

const MAX_ECHO = 120;

// The encoder holds only an optional replacer, and the decoder keeps state only while it
// reassembles binary attachments, which `decodeSocketPacket` never hands it: one of each serves
// every socket of the process.
const encoder = new Encoder();
const decoder = new Decoder();
let decoded: SocketPacket | null = null;
decoder.on("decoded", (p: SocketPacket) => (decoded = p));

function malformed(reason: string, frame: string): Frame {
  return { kind: "malformed", reason, frame: frame.slice(0, MAX_ECHO) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The WebSocket address of a Socket.IO server given as http(s):// or ws(s)://, with its path. */
export function engineUrl(base: string, path = "/socket.io/", query = "EIO=4&transport=websocket"): string {
  const u = new URL(base);
  u.protocol = u.protocol === "https:" || u.protocol === "wss:" ? "wss:" : "ws:";
  u.pathname = path.endsWith("/") ? path : `${path}/`;
  u.search = `?${query}`;
  return u.toString();
}

/** Encodes one Engine.IO packet as a text frame (the parser answers strings synchronously). */
function engineFrame(packet: EnginePacket): string {
  let out = "";
  encodePacket(packet, false, (encoded) => (out = String(encoded)));
  return out;
}

function socketFrame(packet: SocketPacket): string {
  return engineFrame({ type: "message", data: String(encoder.encode(packet)[0]) });
}

/** `40{auth}` or `40/admin,{auth}`: join a namespace. */
export function encodeConnect(nsp: string, auth: unknown): string {
  return socketFrame({ type: PacketType.CONNECT, nsp, data: auth });
}

/** `41`: leave a namespace before closing. */
export function encodeDisconnect(nsp: string): string {
  return socketFrame({ type: PacketType.DISCONNECT, nsp });
}

/** `42["event",payload]`, or `42<id>[...]` when an ack is wanted. */
export function encodeEvent(nsp: string, name: string, args: readonly unknown[], id: number | null = null): string {
  return encodeEventData(nsp, [name, ...args], id);
}

/** An event packet whose data is any array, named or not (tests send what the schema refuses). */
export function encodeEventData(nsp: string, data: readonly unknown[], id: number | null = null): string {
  return socketFrame({ type: PacketType.EVENT, nsp, data, ...(id === null ? {} : { id }) });
}

/** `43<id>[...]`: the answer to a server's request (the server of this project never asks, tests do). */
export function encodeAck(nsp: string, id: number, args: readonly unknown[]): string {
  return socketFrame({ type: PacketType.ACK, nsp, data: args, id });
}

export const PING = engineFrame({ type: "ping" });
export const PONG = engineFrame({ type: "pong" });

function decodeOpen(data: unknown, frame: string): Frame {
  let value: unknown;
  try {
    value = JSON.parse(String(data));
  } catch {
    return malformed("open packet is not a JSON object", frame);
  }
  if (!isRecord(value)) return malformed("open packet is not a JSON object", frame);
  const { sid, pingInterval, pingTimeout, maxPayload } = value;
  if (typeof sid !== "string" || typeof pingInterval !== "number" || typeof pingTimeout !== "number") {
    return malformed("open packet lacks sid, pingInterval or pingTimeout", frame);
  }
  return { kind: "open", sid, pingInterval, pingTimeout, maxPayload: typeof maxPayload === "number" ? maxPayload : Infinity };
}

function toFrame(p: SocketPacket, frame: string): Frame {
  const nsp = p.nsp;
  const id = p.id ?? null;
  const value: unknown = p.data;
  switch (p.type) {
    case PacketType.CONNECT:
      if (!isRecord(value) || typeof value.sid !== "string") return malformed("connect packet lacks a sid", frame);
      return { kind: "connect", nsp, sid: value.sid };
    case PacketType.DISCONNECT:
      return { kind: "disconnect", nsp };
    case PacketType.EVENT: {
      if (!Array.isArray(value) || typeof value[0] !== "string") return malformed("event is not [name, ...args]", frame);
      const [name, ...args] = value as [string, ...unknown[]];
      return { kind: "event", nsp, id, name, args };
    }
    case PacketType.ACK:
      if (id === null) return malformed("ack without an id", frame);
      if (!Array.isArray(value)) return malformed("ack payload is not an array", frame);
      return { kind: "ack", nsp, id, args: value };
    case PacketType.CONNECT_ERROR: {
      if (!isRecord(value)) return malformed("connect error is not an object", frame);
      const message = typeof value.message === "string" ? value.message : "refused";
      const extra = isRecord(value.data) ? value.data : {};
      return {
        kind: "connect_error",
        nsp,
        code: typeof extra.code === "string" ? extra.code : message,
        message: typeof extra.message === "string" ? extra.message : message,
      };
    }
    default:
      return malformed(`unsupported socket.io packet type ${p.type}`, frame);
  }
}

/** Reads one Socket.IO packet (the text after the Engine.IO `4`). */
export function decodeSocketPacket(frame: string, body: string): Frame {
  if (body[0] === "5" || body[0] === "6") return malformed("binary packets are not supported", frame);
  decoded = null;
  try {
    decoder.add(body);
  } catch (err) {
    return malformed(`socket.io packet refused: ${(err as Error).message}`, frame);
  }
  const p = decoded as SocketPacket | null;
  return p ? toFrame(p, frame) : malformed("socket.io packet not decoded", frame);
}

/** Reads one WebSocket text frame. */
export function decodeFrame(frame: string): Frame {
  const packet = decodePacket(frame, "nodebuffer");
  switch (packet.type) {
    case "open":
      return decodeOpen(packet.data, frame);
    case "close":
      return { kind: "close" };
    case "ping":
      return packet.data === undefined ? { kind: "ping" } : malformed("ping with a payload (probe) outside an upgrade", frame);
    case "pong":
      return { kind: "pong" };
    case "message":
      return typeof packet.data === "string" && packet.data !== "" ? decodeSocketPacket(frame, packet.data) : malformed("empty message", frame);
    case "noop":
      return { kind: "noop" };
    default:
      return malformed(`unknown engine.io packet type "${frame[0] ?? ""}"`, frame);
  }
}
