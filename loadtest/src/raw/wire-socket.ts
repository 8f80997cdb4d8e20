import WebSocket from "ws";
import { parseBusyBody } from "@avalon/protocol";
import { RawConnectError } from "./connect-error.js";
import { decodeFrame, encodeConnect, encodeEventData, engineUrl, PONG, type Frame, type OpenPacket } from "./packets.js";

export interface WireOptions {
  /** Default /socket.io/. */
  path?: string;
  /** Engine.IO query string (default `EIO=4&transport=websocket`), to send broken handshakes. */
  query?: string;
  /** Extra HTTP headers of the upgrade request (Origin, X-Forwarded-For behind a trusted proxy). */
  headers?: Record<string, string>;
  /** Source address (127.x.y.z on loopback): each one has its own ~28k ephemeral ports towards one server port. */
  localAddress?: string;
  /** Offer permessage-deflate (default false: it costs client memory the server does not use). */
  deflate?: boolean;
  /** Answer the server's pings, as a live client does (default true). */
  autoPong?: boolean;
  /** Keep every frame in `received` (default false: load players hold thousands of sockets). */
  record?: boolean;
  /** The upgrade and the Engine.IO open packet must come within this, ms (default 10000). */
  timeoutMs?: number;
  /** Every frame the server sends, decoded, after the pong is answered. */
  onFrame?: (frame: Frame, raw: string | Buffer) => void;
  onClose?: (info: CloseInfo) => void;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

type Match = (raw: string | Buffer, frame: Frame | null) => boolean;
type Waiter = { match: Match; resolve: (raw: string | Buffer) => void };

/** Ack answers of the test helpers as returned to callers: the first ack argument. */
type Answer = { ok: boolean; code?: string };

const MAX_RECORDED = 10_000;

/**
 * One WebSocket speaking Engine.IO v4 and Socket.IO v5 (the codec in `packets.ts`): the upgrade
 * and its refusals (a `server_busy` body gives its retry time), the open packet, the heartbeat,
 * and every later frame decoded for the caller. It sends any frame it is given, well formed or
 * not, so tests can send what no client library would; `RawSocket` builds the typed game
 * client on it, and tests use the frame helpers below (join, request, next).
 */
export class WireSocket {
  readonly ws: WebSocket;
  /** Resolves after the Engine.IO open packet; rejects with a `RawConnectError`. */
  readonly ready: Promise<this>;
  /** Every frame the server sent, in order, when `record` is on. */
  readonly received: (string | Buffer)[] = [];
  handshake: OpenPacket | null = null;
  pingsAnswered = 0;
  private nextAckId = 1;
  private waiters: Waiter[] = [];
  private closeInfo: CloseInfo | null = null;
  // Made on first use: a load player holds thousands of sockets and never asks.
  private closedPromise: Promise<CloseInfo> | null = null;
  private resolveClosed: ((info: CloseInfo) => void) | null = null;
  /** Settles `ready`; null once it has. */
  private settleReady: ((err: RawConnectError | null) => void) | null = null;
  /** The server answered the upgrade with an HTTP refusal: its body, not the close, says why. */
  private refused = false;

  constructor(
    url: string,
    private readonly opts: WireOptions = {},
  ) {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const ws = new WebSocket(engineUrl(url, opts.path, opts.query), {
      ...(opts.headers ? { headers: opts.headers } : {}),
      perMessageDeflate: opts.deflate ?? false,
      handshakeTimeout: timeoutMs,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    this.ws = ws;
    this.ready = new Promise<this>((resolve, reject) => {
      const timer = setTimeout(() => this.settleReady?.(new RawConnectError("connect_timeout", `no Engine.IO open packet within ${timeoutMs} ms`)), timeoutMs);
      this.settleReady = (err) => {
        this.settleReady = null;
        clearTimeout(timer);
        if (!err) return resolve(this);
        ws.terminate();
        reject(err);
      };
    });
    ws.once("close", (code, reason) => this.onClosed({ code, reason: reason.toString() }));
    ws.on("message", (data, isBinary) => this.onMessage(isBinary ? (data as Buffer) : data.toString()));
    ws.on("unexpected-response", (req, res) => {
      this.refused = true;
      let body = "";
      const done = () => {
        req.destroy();
        const status = res.statusCode ?? 0;
        const busy = parseBusyBody(body);
        this.settleReady?.(
          busy
            ? new RawConnectError("server_busy", "the node admits no more connections now", busy.retryAfterMs, status)
            : new RawConnectError(`http_${status}`, body, null, status),
        );
      };
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", done);
      res.on("close", done);
    });
    ws.on("error", (err) => this.settleReady?.(new RawConnectError("transport_error", err.message)));
  }

  /** Resolves when the WebSocket has closed, with its close code and reason. */
  get closed(): Promise<CloseInfo> {
    if (!this.closedPromise) {
      const info = this.closeInfo;
      this.closedPromise = info ? Promise.resolve(info) : new Promise((resolve) => (this.resolveClosed = resolve));
    }
    return this.closedPromise;
  }

  /** Opens the WebSocket; resolves after the Engine.IO open packet. */
  static open(url: string, opts: WireOptions = {}): Promise<WireSocket> {
    return new WireSocket(url, { record: true, ...opts }).ready;
  }

  /** Opens and joins the game namespace with this auth; rejects with the refusal's code. */
  static async connect(url: string, auth: Record<string, unknown>, opts: WireOptions = {}): Promise<{ raw: WireSocket; session: { playerId: string; token: string } }> {
    const raw = await WireSocket.open(url, opts);
    // The session event can arrive in the same read as the connect answer: listen before joining.
    const session = raw.nextEvent("session");
    session.catch(() => undefined);
    const res = await raw.join("/", auth);
    if (!res.ok) {
      raw.close();
      throw new RawConnectError(res.code, "namespace connect refused");
    }
    const frame = await session;
    return { raw, session: frame[1] as { playerId: string; token: string } };
  }

  get isOpen(): boolean {
    return this.closeInfo === null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a frame as it is, well formed or not. */
  send(frame: string | Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** Socket.IO CONNECT to a namespace; resolves with the server's connect or connect-error answer. */
  async join(nsp: string, auth?: unknown): Promise<{ ok: true } | { ok: false; code: string }> {
    const answer = this.next((_raw, f) => (f?.kind === "connect" || f?.kind === "connect_error") && f.nsp === nsp);
    this.send(encodeConnect(nsp, auth));
    const f = decodeFrame((await answer) as string);
    return f.kind === "connect" ? { ok: true } : { ok: false, code: f.kind === "connect_error" ? f.code : "unknown" };
  }

  /** Sends `42<id>[event, ...args]` and resolves with the ack's first argument. */
  request<T = Answer>(event: unknown, args: unknown[], timeoutMs = 5000, nsp = "/"): Promise<T> {
    const id = this.nextAckId++;
    const reply = this.nextAck(id, nsp, timeoutMs);
    this.send(encodeEventData(nsp, [event, ...args], id));
    return reply as Promise<T>;
  }

  /** Like `request`, but resolves `closed` if the server closes the connection instead of answering. */
  requestOrClose<T = Answer>(event: unknown, args: unknown[], timeoutMs = 5000): Promise<T | "closed"> {
    return Promise.race([this.request<T>(event, args, timeoutMs), this.closed.then(() => "closed" as const)]);
  }

  /** Sends a frame and resolves with the ack to `ackId`, `closed`, or `silent` when nothing came in time. */
  sendAndWait(frame: string | Buffer, ackId: number | null, waitMs = 1000): Promise<unknown> {
    const closed = this.closed.then(() => "closed" as const);
    const reply =
      ackId === null
        ? new Promise<"silent">((r) => setTimeout(() => r("silent"), waitMs))
        : this.nextAck(ackId, "/", waitMs).catch(() => "silent" as const);
    this.send(frame);
    return Promise.race([reply, closed]);
  }

  /** The next event with this name in the game namespace: `[name, ...args]`. */
  async nextEvent(name: string, timeoutMs = 5000): Promise<unknown[]> {
    const f = decodeFrame((await this.next((_raw, x) => x?.kind === "event" && x.nsp === "/" && x.name === name, timeoutMs)) as string);
    return f.kind === "event" ? [f.name, ...f.args] : [];
  }

  /** A frame already received that matches, or the next one. */
  seenOrNext(match: Match, timeoutMs = 5000): Promise<string | Buffer> {
    const past = this.received.find((raw) => match(raw, typeof raw === "string" ? decodeFrame(raw) : null));
    return past !== undefined ? Promise.resolve(past) : this.next(match, timeoutMs);
  }

  /** The next frame that matches, raw as the server sent it. */
  next(match: Match, timeoutMs = 5000): Promise<string | Buffer> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error("frame not received in time"));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Stops reading from the TCP socket: the server's writes pile up in the kernel, then in its own buffers. */
  stopReading(): void {
    // `ws` keeps the TCP socket private; pausing it is the only way to stop reading.
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  close(code?: number): void {
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close(code);
  }

  terminate(): void {
    this.ws.terminate();
  }

  private async nextAck(id: number, nsp: string, timeoutMs: number): Promise<unknown> {
    const raw = await this.next((_raw, f) => f?.kind === "ack" && f.nsp === nsp && f.id === id, timeoutMs);
    const f = decodeFrame(raw as string);
    return f.kind === "ack" ? f.args[0] : undefined;
  }

  private onClosed(info: CloseInfo): void {
    this.closeInfo = info;
    this.opts.onClose?.(info);
    this.resolveClosed?.(info);
    this.resolveClosed = null;
    if (!this.refused) this.settleReady?.(new RawConnectError("transport_close", "the connection closed during the handshake"));
  }

  private onMessage(raw: string | Buffer): void {
    const frame = typeof raw === "string" ? decodeFrame(raw) : null;
    if (frame?.kind === "open") {
      this.handshake = frame;
      this.settleReady?.(null);
    }
    if (frame?.kind === "ping" && this.opts.autoPong !== false) {
      this.pingsAnswered++;
      this.send(PONG);
    }
    if (this.opts.record) {
      this.received.push(raw);
      if (this.received.length > MAX_RECORDED) this.received.splice(0, MAX_RECORDED / 2);
    }
    if (frame) this.opts.onFrame?.(frame, raw);
    if (this.waiters.length === 0) return;
    for (const w of [...this.waiters]) {
      if (w.match(raw, frame)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(raw);
      }
    }
  }
}
