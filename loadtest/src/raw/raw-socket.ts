import type { ClientToServerEvents, ServerToClientEvents } from "@avalon/protocol";
import { AckTable, type AckFailure } from "./acks.js";
import { RawConnectError } from "./connect-error.js";
import { encodeConnect, encodeDisconnect, encodeEvent, type Frame, type OpenPacket } from "./packets.js";
import { WireSocket } from "./wire-socket.js";

/**
 * - client: this side called `close()`
 * - server_disconnect: the server left the namespace with this socket (`41`: drain, replaced session)
 * - server_close: the server closed the Engine.IO session (`1`)
 * - transport_close: the WebSocket closed without either
 * - ping_timeout: no ping within pingInterval + pingTimeout
 */
export type RawCloseReason = "client" | "server_disconnect" | "server_close" | "transport_close" | "ping_timeout";

/** Failures found on this side, answered like the server's `{ ok: false, code, message }`. */
export type LocalFailureCode = AckFailure | "payload_too_large" | "bad_answer";
export interface RequestFailure {
  ok: false;
  code: LocalFailureCode;
  message: string;
}

export interface RawSocketOptions {
  /** http://host:port or ws://host:port of the server. */
  url: string;
  /** Default /socket.io/. */
  path?: string;
  /** Namespace, default "/". */
  nsp?: string;
  /** Sent with the namespace connect packet. */
  auth?: object;
  /** Open plus namespace connect must finish within this, ms (default 10000). */
  connectTimeoutMs?: number;
  /** Requests without an answer within this fail with `timeout`, ms (default 10000). */
  ackTimeoutMs?: number;
  /** Source address (127.x.y.z on loopback): each one has its own ~28k ephemeral ports towards one server port. */
  localAddress?: string;
  /** Offer permessage-deflate (default false: it costs client memory the server does not use). */
  deflate?: boolean;
}

type Payload<M, K extends keyof M> = M[K] extends (payload: infer P, ...rest: never[]) => unknown ? P : never;
type AckOf<M, K extends keyof M> = M[K] extends (payload: never, ack: (res: infer R) => void) => unknown ? R : never;
type Listener = (...args: unknown[]) => void;

/**
 * One Socket.IO connection over a plain WebSocket, without socket.io-client: the Engine.IO
 * handshake, the namespace connect, events, acks and the heartbeat (in EIO v4 the server pings
 * and this side answers). Single use: after a close, make a new one (resume with a token).
 */
export class RawSocket<L extends object = ServerToClientEvents, E extends object = ClientToServerEvents> {
  /** The namespace sid, once connected. */
  sid: string | null = null;
  handshake: OpenPacket | null = null;
  closeReason: RawCloseReason | null = null;
  /** Frames that could not be read (counted, skipped). */
  malformedFrames = 0;
  private wire: WireSocket | null = null;
  /** Settles `connect()` while the namespace connect is awaited. */
  private joining: ((err: RawConnectError | null) => void) | null = null;
  private readonly acks = new AckTable();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly anyListeners = new Set<(name: string, args: unknown[]) => void>();
  private readonly closeListeners = new Set<(reason: RawCloseReason) => void>();
  private readonly malformedListeners = new Set<(frame: Extract<Frame, { kind: "malformed" }>) => void>();
  private watchdog: NodeJS.Timeout | null = null;
  private readonly nsp: string;

  constructor(private readonly opts: RawSocketOptions) {
    this.nsp = opts.nsp ?? "/";
  }

  get connected(): boolean {
    return this.sid !== null && this.closeReason === null;
  }

  /** Pings of the server this socket answered. */
  get pingsAnswered(): number {
    return this.wire?.pingsAnswered ?? 0;
  }

  /** Requests waiting for an answer. */
  get pendingAcks(): number {
    return this.acks.size;
  }

  on<K extends keyof L & string>(event: K, fn: L[K]): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn as unknown as Listener);
    return this;
  }

  off<K extends keyof L & string>(event: K, fn: L[K]): this {
    this.listeners.get(event)?.delete(fn as unknown as Listener);
    return this;
  }

  /** Every event the server pushes, after the named listeners. */
  onAny(fn: (name: string, args: unknown[]) => void): this {
    this.anyListeners.add(fn);
    return this;
  }

  onClose(fn: (reason: RawCloseReason) => void): this {
    this.closeListeners.add(fn);
    return this;
  }

  onMalformed(fn: (frame: Extract<Frame, { kind: "malformed" }>) => void): this {
    this.malformedListeners.add(fn);
    return this;
  }

  /** Opens the WebSocket and joins the namespace; rejects with a `RawConnectError`. */
  connect(): Promise<this> {
    if (this.wire) return Promise.reject(new RawConnectError("already_used", "a RawSocket connects once"));
    const timeoutMs = this.opts.connectTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (err: RawConnectError | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.joining = null;
        if (err) {
          this.finish("transport_close", true);
          reject(err);
        } else resolve(this);
      };
      const timer = setTimeout(() => settle(new RawConnectError("connect_timeout", `no namespace connect within ${timeoutMs} ms`)), timeoutMs);
      this.joining = settle;
      this.wire = this.openWire(timeoutMs);
      this.wire.ready.catch((err: RawConnectError) => settle(err));
    });
  }

  // Its callbacks are made here, not in `connect`, so that they keep only `this` alive, not the
  // handshake's timer and promise: a load player holds thousands of these.
  private openWire(timeoutMs: number): WireSocket {
    return new WireSocket(this.opts.url, {
      ...(this.opts.path ? { path: this.opts.path } : {}),
      ...(this.opts.localAddress ? { localAddress: this.opts.localAddress } : {}),
      deflate: this.opts.deflate ?? false,
      timeoutMs,
      onFrame: (frame, raw) => (typeof raw === "string" ? this.onFrame(frame) : this.malformed({ kind: "malformed", reason: "binary frames are not supported", frame: "" })),
      onClose: () => {
        // Before the open packet the WireSocket's own refusal says why; after it, the namespace connect failed.
        if (this.handshake) this.joining?.(new RawConnectError("transport_close", "the connection closed during the handshake"));
        this.finish("transport_close", false);
      },
    });
  }

  /** Fire and forget (`42[...]`); false when not sent. */
  emit<K extends keyof E & string>(event: K, payload: Payload<E, K>): boolean {
    return this.send(encodeEvent(this.nsp, event, [payload])) === null;
  }

  /** Sends `42<id>[...]` and resolves with the answer, or a local failure (timeout, disconnected). */
  request<K extends keyof E & string>(event: K, payload: Payload<E, K>, timeoutMs = this.opts.ackTimeoutMs ?? 10_000): Promise<AckOf<E, K> | RequestFailure> {
    if (!this.connected) return Promise.resolve({ ok: false, code: "disconnected", message: "not connected" });
    return new Promise((resolve) => {
      const id = this.acks.register((outcome) => {
        if (!outcome.ok) resolve({ ok: false, code: outcome.reason, message: `${event}: ${outcome.reason}` });
        else if (outcome.args.length < 1) resolve({ ok: false, code: "bad_answer", message: `${event}: empty ack` });
        else resolve(outcome.args[0] as AckOf<E, K>);
      }, timeoutMs);
      const refused = this.send(encodeEvent(this.nsp, event, [payload], id));
      if (refused && this.acks.cancel(id)) resolve({ ok: false, code: refused, message: `${event}: ${refused}` });
    });
  }

  /** Leaves the namespace and closes the WebSocket. */
  close(): void {
    if (this.closeReason) return;
    if (this.wire?.isOpen && this.sid) this.wire.send(encodeDisconnect(this.nsp));
    this.finish("client", false);
  }

  /** Drops the connection without a goodbye, as a lost network does. */
  terminate(): void {
    this.finish("client", true);
  }

  /** Returns why a frame was not sent, or null once it is handed to the WebSocket. */
  private send(frame: string): "disconnected" | "payload_too_large" | null {
    const wire = this.wire;
    if (!wire?.isOpen || this.closeReason) return "disconnected";
    const max = this.handshake?.maxPayload ?? Infinity;
    if (Buffer.byteLength(frame) > max) return "payload_too_large";
    wire.send(frame);
    return null;
  }

  private onFrame(frame: Frame): void {
    if (this.joining && (frame.kind === "connect" || frame.kind === "connect_error") && frame.nsp === this.nsp) {
      if (frame.kind === "connect_error") return this.joining(new RawConnectError(frame.code, frame.message));
      this.sid = frame.sid;
      return this.joining(null);
    }
    switch (frame.kind) {
      case "open":
        this.handshake = frame;
        this.armWatchdog();
        this.wire?.send(encodeConnect(this.nsp, this.opts.auth));
        return;
      case "ping":
        this.armWatchdog();
        return;
      case "close":
        return this.finish("server_close", true);
      case "disconnect":
        if (frame.nsp === this.nsp) this.finish("server_disconnect", true);
        return;
      case "event":
        if (frame.nsp === this.nsp) this.dispatch(frame.name, frame.args);
        return;
      case "ack":
        if (frame.nsp === this.nsp && !this.acks.resolve(frame.id, frame.args)) {
          this.malformed({ kind: "malformed", reason: `ack ${frame.id} answers no waiting request`, frame: "" });
        }
        return;
      case "malformed":
        return this.malformed(frame);
      default:
        // pong, noop, and namespace packets of other namespaces carry nothing for this socket.
        return;
    }
  }

  private dispatch(name: string, args: unknown[]): void {
    for (const fn of this.listeners.get(name) ?? []) fn(...args);
    for (const fn of this.anyListeners) fn(name, args);
  }

  private malformed(frame: Extract<Frame, { kind: "malformed" }>): void {
    this.malformedFrames++;
    for (const fn of this.malformedListeners) fn(frame);
  }

  private armWatchdog(): void {
    if (!this.handshake) return;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.finish("ping_timeout", true), this.handshake.pingInterval + this.handshake.pingTimeout);
  }

  private finish(reason: RawCloseReason, terminate: boolean): void {
    if (this.closeReason) return;
    this.closeReason = reason;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    const wire = this.wire;
    if (wire) {
      if (terminate || !wire.isOpen) wire.terminate();
      else wire.close(1000);
    }
    this.acks.failAll("disconnected");
    // Listeners only hear about connections that were established.
    if (this.sid === null) return;
    for (const fn of this.closeListeners) fn(reason);
  }
}
