import { decodePacket, decodePayload, encodePacket, type Packet as EnginePacket } from "engine.io-parser";
import { Decoder, Encoder, PacketType, type Packet } from "socket.io-parser";
import { parseBusyBody, type GameAuth } from "@avalon/protocol";
import { AckTable } from "./ack-table.js";
import type { CloseReason, Connection, ConnectionHandlers, ConnectFailure, Transport } from "./transport.js";
import { listen, type WebSocketFactory, type WebSocketLike } from "./websocket-like.js";

/** An HTTP GET whose answer is read whatever its status (a failed handshake's body is its code). */
export type HttpGet = (url: string) => Promise<{ status: number; body: string }>;

export interface EngineIoTransportOptions {
  /** http(s)://host:port of the server (a ws(s):// address works too). */
  url: string;
  /** Opens the WebSocket-like object for an address. */
  webSocket: WebSocketFactory;
  /**
   * Opens the Engine.IO session over HTTP first, so a refused handshake's body can be read (a
   * WebSocket API hides it): that is where `server_busy` gives its retry time. Defaults to
   * `fetch` where the runtime has it; without one the session opens on the WebSocket directly
   * and a refusal is a plain `transport_error`.
   */
  httpGet?: HttpGet | null;
  /** Default /socket.io/. */
  path?: string;
  /** The Engine.IO open plus the namespace connect must finish within this, ms (default 10000). */
  connectTimeoutMs?: number;
}

interface OpenInfo {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
}

const NSP = "/";

const defaultHttpGet: HttpGet | null =
  typeof fetch === "function"
    ? async (url) => {
        const res = await fetch(url);
        return { status: res.status, body: await res.text() };
      }
    : null;

/** Encodes one Engine.IO packet as a text frame (the parser answers strings synchronously). */
function engineFrame(packet: EnginePacket): string {
  let out = "";
  encodePacket(packet, false, (encoded) => (out = String(encoded)));
  return out;
}

function socketFrame(encoder: Encoder, packet: Packet): string {
  return engineFrame({ type: "message", data: String(encoder.encode(packet)[0]) });
}

/** A refused HTTP handshake: a `server_busy` body, `{ code, message }` JSON, or Engine.IO's `{ code: 4, message }`. */
function refusal(status: number, body: string): ConnectFailure {
  let code = `http_${status}`;
  let message = body;
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.message === "string") message = parsed.message;
    if (typeof parsed.code === "string") code = parsed.code;
  } catch {
    // A plain-text body (a websocket upgrade's refusal) is the message itself.
  }
  const busy = parseBusyBody(message);
  if (busy) return { ok: false, code: "server_busy", message: "the node admits no more connections now", retryAfterMs: busy.retryAfterMs };
  if (/^[a-z_]+$/.test(message) && code.startsWith("http_")) code = message;
  return { ok: false, code, message };
}

function parseOpen(data: unknown): OpenInfo | null {
  try {
    const o = JSON.parse(String(data)) as Partial<OpenInfo>;
    return typeof o.sid === "string" ? { sid: o.sid, pingInterval: o.pingInterval ?? 25_000, pingTimeout: o.pingTimeout ?? 20_000 } : null;
  } catch {
    return null;
  }
}

/**
 * Socket.IO over any WebSocket-like object, for runtimes without socket.io-client: Engine.IO v4
 * and Socket.IO v5 framing from `engine.io-parser` and `socket.io-parser` (JSON parser only),
 * the heartbeat answered here, the namespace `/` joined with the given auth.
 */
export function engineIoTransport(opts: EngineIoTransportOptions): Transport {
  const path = opts.path ?? "/socket.io/";
  const base = opts.url.replace(/\/+$/, "");
  const httpBase = base.replace(/^ws/, "http");
  const wsBase = base.replace(/^http/, "ws");
  const httpGet = opts.httpGet === undefined ? defaultHttpGet : opts.httpGet;
  return {
    async open(auth, handlers) {
      let open: OpenInfo | null = null;
      if (httpGet) {
        let res: { status: number; body: string };
        try {
          res = await httpGet(`${httpBase}${path}?EIO=4&transport=polling`);
        } catch (err) {
          return { ok: false, code: "transport_error", message: String(err) };
        }
        const first = res.status === 200 ? decodePayload(res.body, "arraybuffer")[0] : undefined;
        open = first?.type === "open" ? parseOpen(first.data) : null;
        // A server that offers only websockets refuses the polling handshake: open there instead.
        const websocketOnly = res.status === 400 && res.body.includes("Transport unknown");
        if (!open && !websocketOnly) return refusal(res.status, res.body);
      }
      const url = `${wsBase}${path}?EIO=4&transport=websocket${open ? `&sid=${encodeURIComponent(open.sid)}` : ""}`;
      return new EngineIoConnection(opts.webSocket(url), auth, handlers, open, opts.connectTimeoutMs ?? 10_000).ready;
    },
  };
}

type Phase = "probing" | "opening" | "joining" | "joined" | "closed";

class EngineIoConnection implements Connection {
  readonly ready: Promise<{ ok: true; connection: Connection } | ConnectFailure>;
  private phase: Phase;
  private readonly encoder = new Encoder();
  private readonly decoder = new Decoder();
  private readonly acks = new AckTable();
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private settle: (r: { ok: true; connection: Connection } | ConnectFailure) => void = () => {};

  constructor(
    private readonly ws: WebSocketLike,
    private readonly auth: GameAuth,
    private readonly handlers: ConnectionHandlers,
    private open: OpenInfo | null,
    timeoutMs: number,
  ) {
    this.phase = open ? "probing" : "opening";
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => this.fail({ ok: false, code: "connect_timeout", message: `not connected within ${timeoutMs} ms` }), timeoutMs);
      this.settle = (r) => {
        clearTimeout(timer);
        this.settle = () => {};
        resolve(r);
      };
    });
    this.decoder.on("decoded", (p) => this.onSocketPacket(p));
    listen(ws, {
      open: () => {
        // With a session opened over HTTP, the websocket joins it through the probe exchange.
        if (this.phase === "probing") this.ws.send(engineFrame({ type: "ping", data: "probe" }));
      },
      message: (data) => this.onFrame(data),
      close: () => this.finish("transport_close"),
      error: (e) => this.fail({ ok: false, code: "transport_error", message: `websocket error: ${String((e as { message?: unknown })?.message ?? e)}` }),
    });
  }

  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    if (this.phase !== "joined") return Promise.resolve({ ok: false, code: "disconnected", message: "not connected" });
    return new Promise((resolve) => {
      const id = this.acks.register(resolve, event, timeoutMs);
      this.ws.send(socketFrame(this.encoder, { type: PacketType.EVENT, nsp: NSP, data: [event, payload], id }));
    });
  }

  emit(event: string, payload: unknown): void {
    if (this.phase === "joined") this.ws.send(socketFrame(this.encoder, { type: PacketType.EVENT, nsp: NSP, data: [event, payload] }));
  }

  close(): void {
    if (this.phase === "closed") return;
    if (this.phase === "joined") this.ws.send(socketFrame(this.encoder, { type: PacketType.DISCONNECT, nsp: NSP }));
    this.finish("client");
  }

  private onFrame(data: unknown): void {
    // Binary frames never occur with the JSON parser; anything unreadable is skipped.
    if (typeof data !== "string") return;
    const packet = decodePacket(data, "arraybuffer");
    switch (packet.type) {
      case "open":
        this.open = parseOpen(packet.data);
        return this.join();
      case "pong":
        if (this.phase === "probing" && packet.data === "probe") {
          this.ws.send(engineFrame({ type: "upgrade" }));
          this.join();
        }
        return;
      case "ping":
        this.armWatchdog();
        this.ws.send(engineFrame({ type: "pong" }));
        return;
      case "close":
        return this.finish("transport_close");
      case "message":
        try {
          this.decoder.add(packet.data);
        } catch {
          // A frame the parser refuses carries nothing this client can use.
        }
        return;
      default:
        return;
    }
  }

  private join(): void {
    this.phase = "joining";
    this.armWatchdog();
    this.ws.send(socketFrame(this.encoder, { type: PacketType.CONNECT, nsp: NSP, data: this.auth }));
  }

  private onSocketPacket(p: Packet): void {
    if (p.nsp !== NSP) return;
    switch (p.type) {
      case PacketType.CONNECT:
        if (this.phase !== "joining") return;
        this.phase = "joined";
        return this.settle({ ok: true, connection: this });
      case PacketType.CONNECT_ERROR: {
        const d = (p.data ?? {}) as { message?: string; data?: { code?: string; message?: string } };
        return this.fail({ ok: false, code: d.data?.code ?? d.message ?? "connect_error", message: d.data?.message ?? d.message ?? "" });
      }
      case PacketType.EVENT: {
        const [name, payload] = Array.isArray(p.data) ? (p.data as unknown[]) : [];
        if (typeof name === "string") this.handlers.event(name, payload);
        return;
      }
      case PacketType.ACK:
        if (p.id !== undefined) this.acks.resolve(p.id, Array.isArray(p.data) ? p.data[0] : undefined);
        return;
      case PacketType.DISCONNECT:
        return this.finish("server_disconnect");
      default:
        return;
    }
  }

  private armWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    const open = this.open;
    if (!open) return;
    this.watchdog = setTimeout(() => this.finish("transport_close"), open.pingInterval + open.pingTimeout);
  }

  private fail(failure: ConnectFailure): void {
    if (this.phase === "joined") return this.finish("transport_close");
    this.settle(failure);
    this.finish("transport_close");
  }

  private finish(reason: CloseReason): void {
    if (this.phase === "closed") return;
    const wasJoined = this.phase === "joined";
    this.phase = "closed";
    if (this.watchdog) clearTimeout(this.watchdog);
    this.acks.failAll();
    this.settle({ ok: false, code: "transport_error", message: "the connection closed during the handshake" });
    try {
      this.ws.close();
    } catch {
      // Closing a socket that never opened may throw on some runtimes; it is closed either way.
    }
    if (wasJoined) this.handlers.close(reason);
  }
}
