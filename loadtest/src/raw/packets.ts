/**
 * The text wire format of Engine.IO v4 and Socket.IO v5 over a WebSocket, by hand: one packet per
 * frame (no batching, which only long-polling uses), JSON payloads, no binary attachments (the
 * server speaks the default JSON parser). Every function here is pure; a frame that cannot be
 * read decodes to a `malformed` value, never an exception.
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

function malformed(reason: string, frame: string): Frame {
  return { kind: "malformed", reason, frame: frame.slice(0, MAX_ECHO) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The WebSocket address of a Socket.IO server given as http(s):// or ws(s)://, with its path. */
export function engineUrl(base: string, path = "/socket.io/"): string {
  const u = new URL(base);
  u.protocol = u.protocol === "https:" || u.protocol === "wss:" ? "wss:" : "ws:";
  u.pathname = path.endsWith("/") ? path : `${path}/`;
  u.search = "?EIO=4&transport=websocket";
  return u.toString();
}

function nspPrefix(nsp: string): string {
  return nsp === "/" ? "" : `${nsp},`;
}

/** `40{auth}` or `40/admin,{auth}`: join a namespace. */
export function encodeConnect(nsp: string, auth: object | undefined): string {
  return `40${nspPrefix(nsp)}${auth === undefined ? "" : JSON.stringify(auth)}`;
}

/** `41`: leave a namespace before closing. */
export function encodeDisconnect(nsp: string): string {
  return `41${nspPrefix(nsp)}`;
}

/** `42["event",payload]`, or `42<id>[...]` when an ack is wanted. */
export function encodeEvent(nsp: string, name: string, args: readonly unknown[], id: number | null = null): string {
  return `42${nspPrefix(nsp)}${id === null ? "" : id}${JSON.stringify([name, ...args])}`;
}

/** `43<id>[...]`: the answer to a server's request (the server of this project never asks, tests do). */
export function encodeAck(nsp: string, id: number, args: readonly unknown[]): string {
  return `43${nspPrefix(nsp)}${id}${JSON.stringify(args)}`;
}

export const PING = "2";
export const PONG = "3";

function decodeOpen(frame: string): Frame {
  const parsed = parseJson(frame.slice(1));
  if (!parsed.ok || !isRecord(parsed.value)) return malformed("open packet is not a JSON object", frame);
  const { sid, pingInterval, pingTimeout, maxPayload } = parsed.value;
  if (typeof sid !== "string" || typeof pingInterval !== "number" || typeof pingTimeout !== "number") {
    return malformed("open packet lacks sid, pingInterval or pingTimeout", frame);
  }
  return { kind: "open", sid, pingInterval, pingTimeout, maxPayload: typeof maxPayload === "number" ? maxPayload : Infinity };
}

/** Reads one Socket.IO packet (the text after the Engine.IO `4`). */
export function decodeSocketPacket(frame: string, body: string): Frame {
  const type = body[0];
  let i = 1;
  if (type === "5" || type === "6") return malformed("binary packets are not supported", frame);
  let nsp = "/";
  if (body[i] === "/") {
    const comma = body.indexOf(",", i);
    const end = comma < 0 ? body.length : comma;
    nsp = body.slice(i, end);
    i = comma < 0 ? body.length : comma + 1;
  }
  let digits = "";
  while (i < body.length && body.charCodeAt(i) >= 48 && body.charCodeAt(i) <= 57) digits += body[i++];
  const id = digits === "" ? null : Number(digits);
  const rest = body.slice(i);
  const data = rest === "" ? ({ ok: true, value: undefined } as const) : parseJson(rest);
  if (!data.ok) return malformed("payload is not JSON", frame);
  const value = data.value;
  switch (type) {
    case "0":
      if (!isRecord(value) || typeof value.sid !== "string") return malformed("connect packet lacks a sid", frame);
      return { kind: "connect", nsp, sid: value.sid };
    case "1":
      return { kind: "disconnect", nsp };
    case "2": {
      if (!Array.isArray(value) || typeof value[0] !== "string") return malformed("event is not [name, ...args]", frame);
      const [name, ...args] = value as [string, ...unknown[]];
      return { kind: "event", nsp, id, name, args };
    }
    case "3":
      if (id === null) return malformed("ack without an id", frame);
      if (!Array.isArray(value)) return malformed("ack payload is not an array", frame);
      return { kind: "ack", nsp, id, args: value };
    case "4": {
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
      return malformed(`unknown socket.io packet type "${type ?? ""}"`, frame);
  }
}

/** Reads one WebSocket text frame. */
export function decodeFrame(frame: string): Frame {
  switch (frame[0]) {
    case "0":
      return decodeOpen(frame);
    case "1":
      return { kind: "close" };
    case "2":
      return frame.length === 1 ? { kind: "ping" } : malformed("ping with a payload (probe) outside an upgrade", frame);
    case "3":
      return { kind: "pong" };
    case "4":
      return frame.length > 1 ? decodeSocketPacket(frame, frame.slice(1)) : malformed("empty message", frame);
    case "6":
      return { kind: "noop" };
    default:
      return malformed(`unknown engine.io packet type "${frame[0] ?? ""}"`, frame);
  }
}
