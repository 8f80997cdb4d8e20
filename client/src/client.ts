import {
  SERVER_EVENTS,
  type ClientToServerEvents,
  type GameAuth,
  type GameMove,
  type OptionalRole,
  type PatchMessage,
  type PrivateMessage,
  type PlayerView,
  type RoomId,
  type RoomMirror,
  type RoomOptions,
  type ServerEventName,
  type ServerToClientEvents,
  type SessionInfo,
  type Snapshot,
} from "@avalon/protocol";
import { Listeners } from "./listeners.js";
import { MirrorSync } from "./mirror-sync.js";
import { backoffMs, DEFAULT_RETRY, shouldReconnect, shouldResend, type RetryPolicy } from "./retry.js";
import type { CloseReason, ConnectFailure, Connection, LocalFailure, Transport } from "./transport.js";

export type EventName = keyof ClientToServerEvents;
export type Payload<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
export type AckOf<E extends EventName> = Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0];
/** What a request resolves with: the server's ack, or a failure found on this side. */
export type Reply<E extends EventName> = AckOf<E> | LocalFailure;

/** Every server event, plus what the client itself reports. */
export interface ClientEvents extends ServerToClientEvents {
  /** The room's view moved (a snapshot, a patch or a private view was applied). */
  change: (view: PlayerView) => void;
  /** A connection was established and its `session` arrived (first connect or resume). */
  connected: (session: SessionInfo) => void;
  disconnected: (reason: CloseReason) => void;
  /** A refused or failed handshake will be tried again after `delayMs`. */
  retry: (info: { code: string; delayMs: number }) => void;
  /** A snapshot is asked for (a gap in the patches, or one still missing after the grace). */
  resync: (roomId: RoomId) => void;
  /** Reconnecting stopped: the refusal needs the caller (`invalid_token`, ...) or `close()` was called. */
  gave_up: (failure: ConnectFailure) => void;
}

export interface AvalonClientOptions {
  transport: Transport;
  /** Display name for a new player (1..24 characters). */
  name?: string;
  /** Resume token from an earlier session; wins over `name`. */
  token?: string;
  /** A request without an answer within this is a `timeout`, ms (default 10000). */
  requestTimeoutMs?: number;
  /** How long `connect()` keeps trying refusals worth another try, ms (default 60000). */
  connectTimeoutMs?: number;
  /** Reconnect with the token after a dropped connection or a drain (default true). */
  reconnect?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Source of jitter and action ids (default Math.random). */
  random?: () => number;
}

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SERVER_EVENT_NAMES: ReadonlySet<string> = new Set(SERVER_EVENTS);

/**
 * The reference game client (docs/PROTOCOL.md): connects and resumes with the session's token,
 * keeps the room's mirror in step, gives every change an action id and resends it, with the same
 * id, while the answer says that is safe.
 */
export class AvalonClient {
  session: SessionInfo | null = null;
  roomId: RoomId | null = null;
  private token: string | null;
  private conn: Connection | null = null;
  private epoch = 0;
  private closed = false;
  private replaced = false;
  private reconnecting = false;
  private seq = 0;
  private readonly idPrefix: string;
  private readonly listeners = new Listeners<ClientEvents>();
  private readonly sync = new MirrorSync(() => void this.resync());
  private readonly wakers = new Set<() => void>();
  private sessionWaiter: ((s: SessionInfo) => void) | null = null;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: AvalonClientOptions) {
    this.token = opts.token ?? null;
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.random = opts.random ?? Math.random;
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.idPrefix = Array.from({ length: 10 }, () => ID_CHARS[Math.floor(this.random() * ID_CHARS.length)]).join("");
  }

  get connected(): boolean {
    return this.conn !== null;
  }

  get mirror(): RoomMirror {
    return this.sync.mirror;
  }

  get view(): PlayerView | null {
    return this.mirror.view;
  }

  /** The token to resume this player with, from the latest `session`. */
  get resumeToken(): string | null {
    return this.token;
  }

  on<K extends keyof ClientEvents>(name: K, fn: ClientEvents[K]): () => void {
    return this.listeners.on(name, fn);
  }

  /** Connects (resuming when a token is known), trying refusals worth another try until `connectTimeoutMs`. */
  connect(): Promise<{ ok: true; session: SessionInfo } | ConnectFailure> {
    this.closed = false;
    return this.establish(Date.now() + (this.opts.connectTimeoutMs ?? 60_000));
  }

  /** Sends a request once (waiting for a reconnect in progress) and resolves with its ack or a local failure. */
  async send<E extends EventName>(event: E, payload: Payload<E>): Promise<Reply<E>> {
    const conn = await this.connection(this.timeoutMs);
    if (!conn) return { ok: false, code: "disconnected", message: `${event}: not connected within ${this.timeoutMs} ms` };
    return (await conn.request(event, payload, this.timeoutMs)) as Reply<E>;
  }

  /** Sends a request and resolves with its ack; resends it, after a backoff, while `shouldResend` says so. */
  async request<E extends EventName>(event: E, payload: Payload<E>): Promise<Reply<E>> {
    const hasActionId = typeof (payload as { actionId?: unknown }).actionId === "string";
    for (let attempt = 0; ; attempt++) {
      const answer = await this.send(event, payload);
      if (answer.ok || this.closed || attempt + 1 >= this.policy.attempts || !shouldResend(answer.code, hasActionId)) return answer;
      await this.sleep(backoffMs(this.policy, attempt, this.random));
    }
  }

  async createRoom(options: Partial<RoomOptions> = {}): Promise<Reply<"room:create">> {
    const res = await this.request("room:create", { options });
    if (res.ok) this.enter(res.roomId, res.snapshot);
    return res;
  }

  async join(roomId: RoomId): Promise<Reply<"room:join">> {
    const res = await this.request("room:join", { roomId, actionId: this.nextActionId() });
    if (res.ok) this.enter(roomId, res.snapshot);
    return res;
  }

  async spectate(roomId: RoomId): Promise<Reply<"room:spectate">> {
    const res = await this.request("room:spectate", { roomId, actionId: this.nextActionId() });
    if (res.ok) this.enter(roomId, res.snapshot);
    return res;
  }

  async leave(): Promise<Reply<"room:leave">> {
    const res = await this.request("room:leave", { roomId: this.room(), actionId: this.nextActionId() });
    if (res.ok) {
      this.roomId = null;
      this.sync.reset();
    }
    return res;
  }

  seat(seat: number): Promise<Reply<"room:seat">> {
    return this.request("room:seat", { roomId: this.room(), seat, actionId: this.nextActionId() });
  }

  ready(ready = true): Promise<Reply<"room:ready">> {
    return this.request("room:ready", { roomId: this.room(), ready, actionId: this.nextActionId() });
  }

  configure(roles: OptionalRole[], maxPlayers?: number): Promise<Reply<"room:configure">> {
    return this.request("room:configure", { roomId: this.room(), roles, actionId: this.nextActionId(), ...(maxPlayers ? { maxPlayers } : {}) });
  }

  start(): Promise<Reply<"game:start">> {
    return this.request("game:start", { roomId: this.room(), actionId: this.nextActionId() });
  }

  /** One move with a fresh action id; every resend of it carries the same id. */
  play(move: GameMove, actionId = this.nextActionId()): Promise<Reply<"game:action">> {
    return this.request("game:action", { roomId: this.room(), actionId, move });
  }

  chat(text: string): Promise<Reply<"chat:send">> {
    return this.request("chat:send", { roomId: this.room(), text });
  }

  /** Volatile: sent once, without an ack. */
  typing(): void {
    this.conn?.emit("presence:typing", { roomId: this.room() });
  }

  /** Asks for a snapshot of the room and applies it. */
  async resync(): Promise<Reply<"room:sync"> | null> {
    const roomId = this.roomId;
    if (!roomId || this.closed) return null;
    this.listeners.emit("resync", roomId);
    const res = await this.request("room:sync", { roomId });
    if (res.ok) this.apply(res.snapshot);
    return res;
  }

  /** Resolves with the view once `cond` holds on it, or null after `timeoutMs`. */
  waitFor(cond: (v: PlayerView) => boolean, timeoutMs = 30_000): Promise<PlayerView | null> {
    const now = this.view;
    if (now && cond(now)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(null);
      }, timeoutMs);
      const off = this.on("change", (v) => {
        if (!cond(v)) return;
        clearTimeout(timer);
        off();
        resolve(v);
      });
    });
  }

  /** A fresh action id: unique across clients of one player, so a resumed player never repeats one. */
  nextActionId(): string {
    return `${this.idPrefix}-${++this.seq}`;
  }

  close(): void {
    this.closed = true;
    this.sync.stop();
    const conn = this.conn;
    this.conn = null;
    conn?.close();
    this.wake();
  }

  private room(): RoomId {
    // Calling a room request outside a room is a bug in the caller, not a server answer.
    if (!this.roomId) throw new Error("not in a room");
    return this.roomId;
  }

  private async establish(deadline: number): Promise<{ ok: true; session: SessionInfo } | ConnectFailure> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) return { ok: false, code: "disconnected", message: "the client was closed" };
      const epoch = ++this.epoch;
      const auth: GameAuth = this.token ? { token: this.token } : { name: this.opts.name ?? "" };
      const session = new Promise<SessionInfo | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), this.timeoutMs);
        this.sessionWaiter = (s) => {
          clearTimeout(timer);
          resolve(s);
        };
      });
      const opened = await this.opts.transport.open(auth, {
        event: (name, payload) => epoch === this.epoch && this.onEvent(name, payload),
        close: (reason) => epoch === this.epoch && this.onClose(reason),
      });
      let failure: ConnectFailure;
      if (opened.ok) {
        const info = await session;
        if (info && !this.closed && epoch === this.epoch) {
          this.conn = opened.connection;
          this.replaced = false;
          this.listeners.emit("connected", info);
          this.wake();
          return { ok: true, session: info };
        }
        opened.connection.close();
        failure = { ok: false, code: "connect_timeout", message: "no session after the connect" };
      } else failure = opened;
      const delayMs = failure.retryAfterMs ?? backoffMs(this.policy, attempt, this.random);
      if (this.closed || !shouldReconnect(failure.code) || Date.now() + delayMs > deadline) return failure;
      this.listeners.emit("retry", { code: failure.code, delayMs });
      await this.sleep(delayMs);
    }
  }

  private onEvent(name: string, payload: unknown): void {
    switch (name) {
      case "session": {
        const s = payload as SessionInfo;
        this.session = s;
        this.token = s.token;
        this.sessionWaiter?.(s);
        this.sessionWaiter = null;
        break;
      }
      case "room:snapshot": {
        const s = payload as Snapshot;
        // A resumed session's room is pushed without a request: adopt it.
        if (this.roomId === null && s.roomId === this.session?.roomId) this.enter(s.roomId, s);
        else this.apply(s);
        break;
      }
      case "room:patch": {
        const p = payload as PatchMessage;
        if (p.roomId === this.roomId) this.changed(() => this.sync.patch(p));
        break;
      }
      case "room:private": {
        const m = payload as PrivateMessage;
        if (m.roomId === this.roomId) this.changed(() => this.sync.private(m));
        break;
      }
      case "session:replaced":
        this.replaced = true;
        break;
    }
    if (SERVER_EVENT_NAMES.has(name)) this.listeners.emitUnchecked(name as ServerEventName, payload);
  }

  private onClose(reason: CloseReason): void {
    this.conn = null;
    this.listeners.emit("disconnected", reason);
    // A replaced session must not take its seat back from the newer connection (PROTOCOL §2).
    if (this.closed || this.replaced || reason === "client" || this.opts.reconnect === false || this.reconnecting) return;
    this.reconnecting = true;
    void this.establish(Infinity).then((res) => {
      this.reconnecting = false;
      if (!res.ok) this.listeners.emit("gave_up", res);
    });
  }

  private enter(roomId: RoomId, snapshot: Snapshot): void {
    if (this.roomId !== roomId) this.sync.reset();
    this.roomId = roomId;
    this.apply(snapshot);
  }

  private apply(s: Snapshot): void {
    if (s.roomId === this.roomId) this.changed(() => this.mirror.snapshot(s));
  }

  private changed(update: () => unknown): void {
    const before = this.view;
    update();
    const after = this.view;
    if (after && after !== before) this.listeners.emit("change", after);
  }

  /** The open connection, waiting up to `ms` for a reconnect in progress. */
  private async connection(ms: number): Promise<Connection | null> {
    const until = Date.now() + ms;
    while (!this.conn && !this.closed && Date.now() < until) await this.sleep(until - Date.now());
    return this.conn;
  }

  /** Waits `ms`, or less when a connection arrives or the client closes. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }
}
