import type { ClientToServerEvents, ServerToClientEvents, SessionInfo, ShutdownNotice } from "@avalon/protocol";
import { RawConnectError } from "../raw/connect-error.js";
import { RawSocket, type RawCloseReason, type RequestFailure } from "../raw/raw-socket.js";
import type { RunMetrics } from "./run-metrics.js";

type Payload<K extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[K]>[0];
type Answer<K extends keyof ClientToServerEvents> = Parameters<NonNullable<Parameters<ClientToServerEvents[K]>[1]>>[0];
type Handler = (...args: unknown[]) => void;

/** Pushed messages whose `ts` (server time at send) gives a delivery latency. */
const STAMPED = new Set<string>(["room:patch", "room:private", "chat:message"]);
/** A disconnect this soon after a shutdown notice is the drain the notice announced, not an error. */
const NOTICE_VALID_MS = 60_000;
const MAX_RECONNECT_ATTEMPTS = 8;
/** How long a busy node is asked again, at the times it gives, before connecting counts as failed. */
const BUSY_RETRY_FOR_MS = 60_000;

export interface RawVuOptions {
  url: string;
  name: string;
  metrics: RunMetrics;
  rng?: () => number;
  connectTimeoutMs?: number;
  ackTimeoutMs?: number;
  localAddress?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A virtual user on the raw client: one connection at a time, measured (connect time to the
 * `session` event, ack latency, delivery latency, errors by code), resumed with its token when
 * the server lets it go (drain, shutdown) or the connection drops.
 */
export class RawVu {
  session: SessionInfo | null = null;
  private socket: RawSocket | null = null;
  private readonly handlers: [string, Handler][] = [];
  private stopped = false;
  private noticeAt = -Infinity;
  private noticeDelayMs = 0;
  private reconnecting: Promise<boolean> | null = null;
  private readonly rng: () => number;

  constructor(private readonly opts: RawVuOptions) {
    this.rng = opts.rng ?? Math.random;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  get metrics(): RunMetrics {
    return this.opts.metrics;
  }

  get closed(): boolean {
    return this.stopped;
  }

  /** Listens on this connection and every one after it. */
  on<K extends keyof ServerToClientEvents>(event: K, fn: ServerToClientEvents[K]): this {
    this.handlers.push([event, fn as unknown as Handler]);
    (this.socket as RawSocket | null)?.on(event, fn);
    return this;
  }

  /**
   * Connects with the name, or resumes with the token once there is a session; throws
   * `RawConnectError`. A node that is busy admitting others says when to come back, and is asked
   * again then, for up to a minute.
   */
  async connect(): Promise<SessionInfo> {
    const giveUpAt = Date.now() + BUSY_RETRY_FOR_MS;
    for (;;) {
      try {
        return await this.connectOnce();
      } catch (err) {
        if (!(err instanceof RawConnectError) || err.code !== "server_busy" || err.retryAfterMs === null || this.stopped) throw err;
        if (Date.now() + err.retryAfterMs > giveUpAt) throw err;
        await sleep(err.retryAfterMs);
      }
    }
  }

  private async connectOnce(): Promise<SessionInfo> {
    const { metrics } = this.opts;
    const started = performance.now();
    const socket = new RawSocket({
      url: this.opts.url,
      auth: this.session ? { token: this.session.token } : { name: this.opts.name },
      connectTimeoutMs: this.opts.connectTimeoutMs ?? 10_000,
      ackTimeoutMs: this.opts.ackTimeoutMs ?? 10_000,
      ...(this.opts.localAddress ? { localAddress: this.opts.localAddress } : {}),
    });
    socket.on("session", (s) => (this.session = s));
    const session = new Promise<SessionInfo>((resolve) => socket.on("session", resolve));
    for (const [event, fn] of this.handlers) socket.on(event as keyof ServerToClientEvents, fn as never);
    socket.on("server:shutdown", (n: ShutdownNotice) => {
      this.noticeAt = Date.now();
      this.noticeDelayMs = n.reconnectAfterMs;
      metrics.count("shutdown_notices");
    });
    socket.onAny((name, args) => {
      metrics.message();
      const ts = (args[0] as { ts?: unknown } | undefined)?.ts;
      if (STAMPED.has(name) && typeof ts === "number") metrics.delivery(Date.now() - ts);
    });
    socket.onMalformed(() => metrics.refused("malformed_frame"));
    this.socket = socket;
    try {
      await socket.connect();
      const timeout = this.opts.connectTimeoutMs ?? 10_000;
      const info = await Promise.race([session, sleep(timeout).then(() => null)]);
      if (!info) {
        socket.close();
        throw new RawConnectError("session_timeout", `no session event within ${timeout} ms`);
      }
      metrics.connect(performance.now() - started);
      metrics.connectionOpened();
      socket.onClose((reason) => this.onClose(reason));
      if (this.stopped) socket.close();
      return info;
    } catch (err) {
      const code = err instanceof RawConnectError ? err.code : "connect_failed";
      // A handshake cut short by close() is this side's choice, not the server's failure.
      if (!this.stopped) metrics.failed(code);
      throw err;
    }
  }

  /** Sends a request and measures its answer; waits for a reconnection in progress first. */
  async request<K extends keyof ClientToServerEvents>(event: K, payload: Payload<K>): Promise<Answer<K> | RequestFailure> {
    if (!this.connected && this.reconnecting) await this.reconnecting;
    const socket = this.socket;
    if (!socket || !socket.connected) return { ok: false, code: "disconnected", message: "not connected" };
    const started = performance.now();
    const res = (await (socket as RawSocket).request(event, payload as never)) as Answer<K> | RequestFailure;
    const failure = res as RequestFailure | { ok: true } | { ok: false; code: string };
    if (failure.ok) {
      this.opts.metrics.ack(event, performance.now() - started);
    } else if (failure.code === "disconnected") {
      // The connection's loss is counted once, where it closes; the caller retries.
    } else if (failure.code === "timeout" || failure.code === "bad_answer" || failure.code === "payload_too_large") {
      if (!this.stopped) this.opts.metrics.failed(failure.code);
    } else {
      this.opts.metrics.ack(event, performance.now() - started);
      this.opts.metrics.refused(failure.code);
    }
    return res;
  }

  /** Resolves true when connected (now or after the reconnection in progress). */
  async whenConnected(): Promise<boolean> {
    if (this.connected) return true;
    return this.reconnecting ? this.reconnecting : false;
  }

  close(): void {
    this.stopped = true;
    this.socket?.close();
  }

  private onClose(reason: RawCloseReason): void {
    const { metrics } = this.opts;
    metrics.connectionClosed();
    if (this.stopped || reason === "client") return;
    const announced = Date.now() - this.noticeAt < NOTICE_VALID_MS;
    if (!announced) metrics.failed(reason === "ping_timeout" ? "ping_timeout" : "disconnected");
    const firstDelay = announced ? Math.min(this.noticeDelayMs, 2000) : 0;
    this.reconnecting = this.reconnect(firstDelay).finally(() => (this.reconnecting = null));
  }

  private async reconnect(firstDelayMs: number): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_RECONNECT_ATTEMPTS && !this.stopped; attempt++) {
      const backoff = attempt === 0 ? firstDelayMs : Math.min(5000, 200 * 2 ** attempt);
      await sleep(backoff + Math.floor(this.rng() * 250));
      if (this.stopped) return false;
      try {
        await this.connect();
        this.opts.metrics.count("reconnects");
        return true;
      } catch {
        // counted by connect(); try again
      }
    }
    return false;
  }
}
