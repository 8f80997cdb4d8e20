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
} from "@avalon/protocol";
import { AvalonClient, socketIoTransport, type Reply } from "@avalon/client";
import msgpackParser from "socket.io-msgpack-parser";
import { measured } from "./measured-transport.js";
import { chooseMove, decisionKey, seeded, type Rng } from "./policy.js";
import { BotStats } from "./stats.js";

export type BotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface BotOptions {
  url: string;
  name: string;
  /** Resume token of an earlier session: the bot connects as that player. */
  token?: string;
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

/** How long a first connection is retried after refusals worth another try before it fails. */
const TRANSPORT_RETRY_FOR_MS = 60_000;
/** A move is resent with its action id up to 20 times, 100 ms doubling to 2 s apart. */
const MOVE_RETRY = { attempts: 21, baseMs: 100, maxMs: 2_000 };

/**
 * A failure found on this side (no answer in time, or the link dropped) reads as `unavailable`:
 * retryable with the same action id, as the bots' callers have always treated it.
 */
function asServerAnswer<E extends EventName>(res: Reply<E>): AckOf<E> {
  if (res.ok || (res.code !== "timeout" && res.code !== "disconnected")) return res as AckOf<E>;
  return { ok: false, code: "unavailable", message: res.message } as AckOf<E>;
}

/** A player driven by code: an `AvalonClient` over socket.io-client that plays legal random moves. */
export class Bot {
  /** The one socket.io-client socket, connected again on every resume, so listeners on it last. */
  readonly socket: BotSocket;
  readonly client: AvalonClient;
  readonly stats: BotStats;
  /** Moves the server acknowledged: every one must be in the room's action log. */
  readonly acked: { actionId: string; version: number }[] = [];
  /** Errors answered to requests this bot expected to succeed. */
  readonly errors: { event: string; code: string; message: string }[] = [];
  private readonly rng: Rng;
  private moveTimer: NodeJS.Timeout | null = null;
  private moving = false;
  private failovers = 0;
  /** The version this bot's last accepted move produced: it waits for its view to reach it before moving again. */
  private minVersion = -1;
  private closed = false;
  private held = false;
  private readonly waiters: (() => void)[] = [];
  private readonly refusalListeners = new Set<(event: string, code: string) => void>();

  constructor(private readonly opts: BotOptions) {
    this.rng = opts.rng ?? Math.random;
    this.stats = opts.stats ?? new BotStats();
    this.socket = io(opts.url, {
      autoConnect: false,
      reconnection: false,
      transports: opts.transports ?? ["websocket"],
      timeout: 10_000,
      ...(opts.parser === "msgpack" ? { parser: msgpackParser } : {}),
    });
    this.client = new AvalonClient({
      transport: measured(
        socketIoTransport({ socket: this.socket as Socket }),
        this.stats,
        () => this.closed,
        (event, code) => this.refusalListeners.forEach((fn) => fn(event, code)),
      ),
      name: opts.name,
      ...(opts.token ? { token: opts.token } : {}),
      requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
      connectTimeoutMs: TRANSPORT_RETRY_FOR_MS,
      retry: MOVE_RETRY,
    });
    this.client.on("session", () => this.notify());
    this.client.on("change", () => this.onChange());
    this.client.on("room:patch", (p) => this.stats.delivery(Date.now() - p.ts));
    this.client.on("room:private", (m) => this.stats.delivery(Date.now() - m.ts));
    this.client.on("server:shutdown", () => this.stats.count("shutdown_notices"));
    this.client.on("connected", () => this.stats.count("connects"));
    this.client.on("retry", () => this.stats.count("connect_retries"));
    this.client.on("resync", () => this.stats.count("resyncs"));
    this.client.on("disconnected", (reason) => {
      if (reason !== "server_disconnect" || this.closed) return;
      this.stats.count("server_disconnects");
      const next = this.opts.failoverUrls?.[this.failovers++ % this.opts.failoverUrls.length];
      // The manager has no public setter for its address; it reads `uri` on every (re)connect.
      if (next) (this.socket.io as unknown as { uri: string }).uri = next;
    });
  }

  /** Every refusal the server answers this bot, its own resends and resyncs included. */
  onRefusal(fn: (event: string, code: string) => void): void {
    this.refusalListeners.add(fn);
  }

  get session(): SessionInfo | null {
    return this.client.session;
  }

  get roomId(): RoomId | null {
    return this.client.roomId;
  }

  get mirror(): RoomMirror {
    return this.client.mirror;
  }

  get view(): PlayerView | null {
    return this.mirror.view;
  }

  async connect(): Promise<SessionInfo> {
    const started = Date.now();
    const res = await this.client.connect();
    if (!res.ok) throw Object.assign(new Error(res.code), { code: res.code });
    this.stats.connectTime(Date.now() - started);
    return res.session;
  }

  /** Sends a request once and resolves with its ack; no answer resolves as `unavailable`. */
  async request<E extends EventName>(event: E, payload: Payload<E>): Promise<AckOf<E>> {
    return asServerAnswer<E>(await this.client.send(event, payload));
  }

  async createRoom(options: Payload<"room:create">["options"] = {}): Promise<RoomId> {
    const res = await this.client.createRoom(options);
    if (!res.ok) throw new Error(`room:create failed: ${res.code}`);
    return res.roomId;
  }

  async join(roomId: RoomId, spectate = false): Promise<void> {
    const res = await (spectate ? this.client.spectate(roomId) : this.client.join(roomId));
    if (!res.ok) throw Object.assign(new Error(`join failed: ${res.code}`), { code: res.code });
  }

  async ready(ready = true): Promise<void> {
    this.expectOk("room:ready", await this.client.ready(ready));
  }

  async configure(roles: Payload<"room:configure">["roles"], maxPlayers?: number): Promise<void> {
    this.expectOk("room:configure", await this.client.configure(roles, maxPlayers));
  }

  async start(): Promise<void> {
    this.expectOk("game:start", await this.client.start());
  }

  /** Sends one move with a fresh action id; the client resends the same id while the answer is retryable. */
  async play(move: GameMove): Promise<Ack<{ version: number; duplicate?: boolean }>> {
    const actionId = this.client.nextActionId();
    const res = asServerAnswer<"game:action">(await this.client.play(move, actionId));
    if (res.ok) this.acked.push({ actionId, version: res.version });
    return res;
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

  /** Makes no move until `until` settles, then plays on from the view it has then. */
  holdMoves(until: Promise<unknown>): void {
    this.held = true;
    const release = () => {
      this.held = false;
      this.onChange();
    };
    until.then(release, release);
  }

  close(): void {
    this.closed = true;
    if (this.moveTimer) clearTimeout(this.moveTimer);
    this.client.close();
  }

  private decisionRng(view: PlayerView): Rng {
    return this.opts.seed === undefined ? this.rng : seeded(`${this.opts.seed}:${decisionKey(view)}`);
  }

  private expectOk(event: EventName, res: Reply<EventName>): void {
    const r = asServerAnswer(res) as Ack;
    if (!r.ok) {
      this.errors.push({ event, code: r.code, message: r.message });
      throw Object.assign(new Error(`${event} failed: ${r.code}`), { code: r.code });
    }
  }

  private notify(): void {
    const pending = this.waiters.splice(0);
    for (const w of pending) w();
  }

  private onChange(): void {
    this.notify();
    if (this.opts.autoplay === false || this.held || this.moving || this.moveTimer || !this.view) return;
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
