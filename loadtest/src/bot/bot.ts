import { io, type Socket } from "socket.io-client";
import {
  type Ack,
  type ClientToServerEvents,
  type GameMove,
  type PlayerView,
  type RoomId,
  type RoomMirror,
  type ServerToClientEvents,
  type SessionInfo,
  type Snapshot,
} from "@avalon/protocol";
import msgpackParser from "socket.io-msgpack-parser";
import { MirrorSync } from "@avalon/client";
import { chooseMove, decisionKey, seeded, type Rng } from "./policy.js";
import { BotStats } from "./stats.js";

export type BotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface BotOptions {
  url: string;
  name: string;
  rng?: Rng;
  /** Pause before each move, ms (a random value up to twice this, like a person). */
  thinkMs?: number;
  transports?: ("websocket" | "polling")[];
  /** Play moves by itself whenever it is this seat's turn. */
  autoplay?: boolean;
  stats?: BotStats;
  requestTimeoutMs?: number;
  /** Decide from a seeded generator keyed by the game's position, so the same game replays alike. */
  seed?: string;
  /** Nodes to reconnect to, in turn, after a server-side disconnect (a drain) when no balancer is in front. */
  failoverUrls?: string[];
  /** Must match the server's WIRE_PARSER. */
  parser?: "json" | "msgpack";
}

type EventName = keyof ClientToServerEvents;
type Payload<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type AckOf<E extends EventName> = Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0];

/** How long a first connection is retried after transport-level refusals before it fails. */
const TRANSPORT_RETRY_FOR_MS = 60_000;
const RETRYABLE = new Set(["unavailable", "outcome_unknown", "conflict", "timeout", "draining"]);

/** A player driven by code: speaks the protocol through socket.io-client and plays legal random moves. */
export class Bot {
  readonly socket: BotSocket;
  readonly stats: BotStats;
  session: SessionInfo | null = null;
  roomId: RoomId | null = null;
  /** Moves the server acknowledged: every one must be in the room's action log. */
  readonly acked: { actionId: string; version: number }[] = [];
  /** Errors answered to requests this bot expected to succeed. */
  readonly errors: { event: string; code: string; message: string }[] = [];
  private readonly rng: Rng;
  private moveTimer: NodeJS.Timeout | null = null;
  private moving = false;
  private failovers = 0;
  private readonly sync = new MirrorSync(() => void this.resync());
  /** The version this bot's last accepted move produced: it waits for its view to reach it before moving again. */
  private minVersion = -1;
  private closed = false;
  private seq = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly opts: BotOptions) {
    this.rng = opts.rng ?? Math.random;
    this.stats = opts.stats ?? new BotStats();
    this.socket = io(opts.url, {
      autoConnect: false,
      transports: opts.transports ?? ["websocket"],
      auth: { name: opts.name },
      reconnectionDelay: 200,
      reconnectionDelayMax: 2000,
      timeout: 10_000,
      ...(opts.parser === "msgpack" ? { parser: msgpackParser } : {}),
    });
    this.socket.on("session", (s) => {
      this.session = s;
      this.socket.auth = { token: s.token };
      this.notify();
    });
    this.socket.on("room:snapshot", (s) => this.onSnapshot(s));
    this.socket.on("room:patch", (p) => {
      this.stats.delivery(Date.now() - p.ts);
      if (p.roomId !== this.roomId) return;
      this.sync.patch(p);
      this.onChange();
    });
    this.socket.on("room:private", (m) => {
      this.stats.delivery(Date.now() - m.ts);
      if (m.roomId !== this.roomId) return;
      this.sync.private(m);
      this.onChange();
    });
    this.socket.on("server:shutdown", () => this.stats.count("shutdown_notices"));
    this.socket.on("disconnect", (reason) => {
      if (this.closed) return;
      // A server-side disconnect (drain, replaced session) is not retried by the client library.
      if (reason === "io server disconnect") {
        this.stats.count("server_disconnects");
        const next = this.opts.failoverUrls?.[this.failovers++ % this.opts.failoverUrls.length];
        // The manager has no public setter for its address; it reads `uri` on every (re)connect.
        if (next) (this.socket.io as unknown as { uri: string }).uri = next;
        setTimeout(() => !this.closed && this.socket.connect(), 50 + Math.floor(this.rng() * 250));
      }
    });
    this.socket.on("connect", () => this.stats.count("connects"));
    // A refused handshake (draining, full, rate limited) is not retried by the client library.
    this.socket.on("connect_error", () => {
      if (this.closed || !this.session || this.socket.active) return;
      this.stats.count("connect_retries");
      setTimeout(() => !this.closed && !this.socket.connected && this.socket.connect(), 200 + Math.floor(this.rng() * 500));
    });
  }

  get mirror(): RoomMirror {
    return this.sync.mirror;
  }

  get view(): PlayerView | null {
    return this.mirror.view;
  }

  connect(): Promise<SessionInfo> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const onErr = (err: Error & { data?: { code?: string } }) => {
        // A refusal before the websocket upgrade (a node busy admitting others, whose HTTP body a
        // websocket client cannot read) or a network failure: the client tries again by itself,
        // after its jittered reconnection delay.
        if (!err.data && this.socket.active && Date.now() - started < TRANSPORT_RETRY_FOR_MS) {
          this.stats.count("connect_retries");
          this.socket.once("connect_error", onErr);
          return;
        }
        this.socket.off("session", onSession);
        reject(Object.assign(new Error(err.data?.code ?? err.message), { code: err.data?.code ?? err.message }));
      };
      const onSession = (s: SessionInfo) => {
        this.socket.off("connect_error", onErr);
        this.stats.connectTime(Date.now() - started);
        resolve(s);
      };
      this.socket.once("session", onSession);
      this.socket.once("connect_error", onErr);
      this.socket.connect();
    });
  }

  /** Sends a request and resolves with its ack; a lost ack resolves as `timeout`. */
  async request<E extends EventName>(event: E, payload: Payload<E>): Promise<AckOf<E>> {
    const started = Date.now();
    const timeout = this.opts.requestTimeoutMs ?? 10_000;
    try {
      const res = (await (this.socket.timeout(timeout) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload)) as AckOf<E>;
      this.stats.ack(event, Date.now() - started);
      const r = res as Ack;
      if (!r.ok) this.stats.error(r.code);
      return res;
    } catch {
      // Acks pending when this bot closes are cut off by the client library, not lost by the server.
      if (!this.closed) this.stats.error(`timeout:${event}`);
      // No answer (the node died, or the link did): retryable with the same action id, like `unavailable`.
      return { ok: false, code: "unavailable", message: `no answer within ${timeout} ms` } as unknown as AckOf<E>;
    }
  }

  async createRoom(options: Payload<"room:create">["options"] = {}): Promise<RoomId> {
    const res = await this.request("room:create", { options });
    if (!res.ok) throw new Error(`room:create failed: ${res.code}`);
    this.roomId = res.roomId;
    this.onSnapshot(res.snapshot);
    return res.roomId;
  }

  async join(roomId: RoomId, spectate = false): Promise<void> {
    this.roomId = roomId;
    const res = await this.request(spectate ? "room:spectate" : "room:join", { roomId });
    if (!res.ok) throw Object.assign(new Error(`join failed: ${res.code}`), { code: res.code });
    this.onSnapshot(res.snapshot);
  }

  async ready(ready = true): Promise<void> {
    await this.expectOk("room:ready", { roomId: this.requireRoom(), ready, actionId: this.nextActionId() });
  }

  async configure(roles: Payload<"room:configure">["roles"], maxPlayers?: number): Promise<void> {
    await this.expectOk("room:configure", { roomId: this.requireRoom(), roles, ...(maxPlayers ? { maxPlayers } : {}) });
  }

  async start(): Promise<void> {
    await this.expectOk("game:start", { roomId: this.requireRoom(), actionId: this.nextActionId() });
  }

  /** Sends one move with a fresh action id, retrying the same id while the answer is retryable. */
  async play(move: GameMove): Promise<Ack<{ version: number; duplicate?: boolean }>> {
    const actionId = this.nextActionId();
    for (let attempt = 0; ; attempt++) {
      const res = await this.request("game:action", { roomId: this.requireRoom(), actionId, move });
      if (res.ok) this.acked.push({ actionId, version: res.version });
      const retry = !res.ok && (RETRYABLE.has(res.code) || res.message === "timeout");
      if (!retry || attempt >= 20 || this.closed) return res;
      await new Promise((r) => setTimeout(r, 100 + attempt * 100));
    }
  }

  /** Resolves when the condition holds on this bot's view (checked on every change). */
  waitFor(cond: (v: PlayerView) => boolean, timeoutMs = 30_000): Promise<PlayerView> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waitFor timed out; phase ${this.view?.public.phase}`)), timeoutMs);
      const check = () => {
        if (this.view && cond(this.view)) {
          clearTimeout(timer);
          resolve(this.view);
          return true;
        }
        return false;
      };
      if (check()) return;
      const loop = () => {
        if (!check()) this.waiters.push(loop);
      };
      this.waiters.push(loop);
    });
  }

  ended(timeoutMs = 120_000): Promise<PlayerView> {
    return this.waitFor((v) => v.public.phase === "ended", timeoutMs);
  }

  close(): void {
    this.closed = true;
    if (this.moveTimer) clearTimeout(this.moveTimer);
    this.sync.stop();
    this.socket.disconnect();
  }

  private decisionRng(view: PlayerView): Rng {
    return this.opts.seed === undefined ? this.rng : seeded(`${this.opts.seed}:${decisionKey(view)}`);
  }

  private requireRoom(): RoomId {
    if (!this.roomId) throw new Error("not in a room");
    return this.roomId;
  }

  private nextActionId(): string {
    return `${this.session?.playerId ?? "x"}-${++this.seq}`;
  }

  private async expectOk<E extends EventName>(event: E, payload: Payload<E>): Promise<void> {
    const res = (await this.request(event, payload)) as Ack;
    if (!res.ok) {
      this.errors.push({ event, code: res.code, message: res.message });
      throw Object.assign(new Error(`${event} failed: ${res.code}`), { code: res.code });
    }
  }

  private onSnapshot(s: Snapshot): void {
    if (this.roomId === null) this.roomId = s.roomId;
    if (s.roomId !== this.roomId) return;
    this.mirror.snapshot(s);
    this.onChange();
  }

  private async resync(): Promise<void> {
    if (!this.roomId || this.closed) return;
    this.stats.count("resyncs");
    const res = await this.request("room:sync", { roomId: this.roomId });
    if (res.ok) this.onSnapshot(res.snapshot);
  }

  private notify(): void {
    const pending = this.waiters.splice(0);
    for (const w of pending) w();
  }

  private onChange(): void {
    this.notify();
    if (this.opts.autoplay === false || this.moving || this.moveTimer || !this.view) return;
    if (this.mirror.version < this.minVersion) return;
    if (!chooseMove(this.view, this.decisionRng(this.view))) return;
    const think = this.opts.thinkMs ?? 0;
    this.moveTimer = setTimeout(() => {
      this.moveTimer = null;
      void this.moveNow();
    }, think > 0 ? Math.floor(this.rng() * think * 2) : 0);
  }

  private async moveNow(): Promise<void> {
    const view = this.view;
    if (!view || this.closed) return;
    const move = chooseMove(view, this.decisionRng(view));
    if (!move) return;
    this.moving = true;
    try {
      const res = await this.play(move);
      if (res.ok) this.minVersion = Math.max(this.minVersion, res.version);
      if (!res.ok && !this.closed) this.errors.push({ event: `game:action ${move.type}`, code: res.code, message: res.message });
    } finally {
      this.moving = false;
    }
    this.onChange();
  }
}
