import type { Ack, ClientToServerEvents, GameMove, OptionalRole, PatchMessage, PlayerView, PrivateMessage, RoomId, RoomMirror, Snapshot } from "@avalon/protocol";
import { MirrorSync } from "@avalon/client";
import { chooseMove, type Rng } from "../bot/policy.js";
import type { RequestFailure } from "../raw/raw-socket.js";
import type { RawVu } from "./raw-vu.js";

/** Answers worth sending the same action id again for: the server may not have applied it. */
const RETRYABLE = new Set(["unavailable", "outcome_unknown", "conflict", "draining", "timeout", "disconnected"]);
const MAX_ATTEMPTS = 20;

export class AbortedError extends Error {
  constructor() {
    super("aborted");
  }
}

type Reply = Ack<{ version: number; duplicate?: boolean }> | RequestFailure;
/** How a room request ended. */
export type Outcome = { ok: true } | { ok: false; code: string; message: string };

/**
 * A seat played by a raw VU: keeps a `RoomMirror` from snapshots, patches and private views
 * (asking `room:sync` on a gap), and when `chooseMove` finds it is this seat's turn, moves after a
 * human-like pause. It waits for its view to reach the version of its own last move before moving
 * again, so a late patch never makes it vote twice.
 */
export class RawPlayer {
  roomId: RoomId | null = null;
  private readonly sync = new MirrorSync(() => void this.resync());
  private moveTimer: NodeJS.Timeout | null = null;
  private moving = false;
  private minVersion = -1;
  private seq = 0;
  private waiters: (() => void)[] = [];
  private stopped = false;
  /** Patches of a room being joined that overtake the join's answer (another seat joined just after). */
  private early: PatchMessage[] = [];
  private earlyPrivate: PrivateMessage | null = null;

  constructor(
    readonly vu: RawVu,
    private readonly opts: { thinkMs: number; rng: Rng },
  ) {
    vu.on("room:snapshot", (s) => this.onSnapshot(s));
    vu.on("room:patch", (p) => {
      if (p.roomId !== this.roomId) return;
      if (!this.mirror.view) {
        this.early.push(p);
        return;
      }
      this.sync.patch(p);
      this.onChange();
    });
    vu.on("room:private", (m) => {
      if (m.roomId !== this.roomId) return;
      if (!this.mirror.view) {
        this.earlyPrivate = m;
        return;
      }
      this.sync.private(m);
      this.onChange();
    });
  }

  get mirror(): RoomMirror {
    return this.sync.mirror;
  }

  get view(): PlayerView | null {
    return this.mirror.view;
  }

  async createRoom(maxPlayers: number, roles: OptionalRole[]): Promise<Outcome> {
    const res = await this.vu.request("room:create", { options: { maxPlayers, roles } });
    if (res.ok) this.enter(res.roomId, res.snapshot);
    return res;
  }

  async join(roomId: RoomId): Promise<Outcome> {
    this.forget();
    this.roomId = roomId;
    const res = await this.vu.request("room:join", { roomId });
    if (res.ok) this.enter(roomId, res.snapshot);
    else this.forget();
    return res;
  }

  ready(): Promise<Reply> {
    return this.mutate("room:ready", (actionId) => ({ roomId: this.requireRoom(), ready: true, actionId }));
  }

  start(): Promise<Reply> {
    return this.mutate("game:start", (actionId) => ({ roomId: this.requireRoom(), actionId }));
  }

  /** Leaves the room (allowed once a game has ended) and forgets it. */
  async leave(): Promise<void> {
    const roomId = this.roomId;
    this.forget();
    if (roomId) await this.vu.request("room:leave", { roomId });
  }

  /** Resolves when `cond` holds on the view, checked on every change; rejects on timeout or abort. */
  waitFor(cond: (v: PlayerView) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<PlayerView> {
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        fn();
      };
      const onAbort = () => finish(() => reject(new AbortedError()));
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out in phase ${this.view?.public.phase ?? "none"}`))), timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort);
      const check = () => {
        if (done) return;
        const v = this.view;
        if (v && cond(v)) finish(() => resolve(v));
        else this.waiters.push(check);
      };
      check();
    });
  }

  stop(): void {
    this.stopped = true;
    this.forget();
  }

  private enter(roomId: RoomId, snapshot: Snapshot): void {
    const same = this.roomId === roomId;
    const early = same ? this.early : [];
    const earlyPrivate = same ? this.earlyPrivate : null;
    this.forget();
    this.roomId = roomId;
    this.mirror.snapshot(snapshot);
    for (const p of early) this.sync.patch(p);
    if (earlyPrivate) this.sync.private(earlyPrivate);
    this.onChange();
  }

  private forget(): void {
    if (this.moveTimer) clearTimeout(this.moveTimer);
    this.moveTimer = null;
    this.sync.reset();
    this.roomId = null;
    this.minVersion = -1;
    this.early = [];
    this.earlyPrivate = null;
  }

  private requireRoom(): RoomId {
    if (!this.roomId) throw new Error("not in a room");
    return this.roomId;
  }

  /** Sends a mutation with one action id, again while the answer is retryable. */
  private async mutate<E extends "room:ready" | "game:start" | "game:action">(event: E, payload: (actionId: string) => Parameters<ClientToServerEvents[E]>[0]): Promise<Reply> {
    const actionId = `${this.vu.session?.playerId ?? "x"}-${++this.seq}`;
    const body = payload(actionId);
    for (let attempt = 0; ; attempt++) {
      const res = (await this.vu.request(event, body as never)) as Reply;
      if (res.ok || !RETRYABLE.has(res.code) || attempt >= MAX_ATTEMPTS || this.stopped || this.vu.closed) return res;
      await new Promise((r) => setTimeout(r, 100 + attempt * 100));
    }
  }

  private onSnapshot(s: Snapshot): void {
    if (s.roomId !== this.roomId) return;
    this.mirror.snapshot(s);
    this.onChange();
  }

  private async resync(): Promise<void> {
    const roomId = this.roomId;
    if (!roomId || this.stopped) return;
    this.vu.metrics.count("resyncs");
    const res = await this.vu.request("room:sync", { roomId });
    if (res.ok && roomId === this.roomId) this.onSnapshot(res.snapshot);
  }

  private onChange(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) w();
    const view = this.view;
    if (this.stopped || this.moving || this.moveTimer || !view || this.mirror.version < this.minVersion) return;
    if (!chooseMove(view, this.opts.rng)) return;
    const think = this.opts.thinkMs;
    this.moveTimer = setTimeout(() => {
      this.moveTimer = null;
      void this.moveNow();
    }, think > 0 ? Math.floor(this.opts.rng() * think * 2) : 0);
  }

  private async moveNow(): Promise<void> {
    const view = this.view;
    const roomId = this.roomId;
    if (!view || !roomId || this.stopped) return;
    const move: GameMove | null = chooseMove(view, this.opts.rng);
    if (!move) return;
    this.moving = true;
    try {
      const res = await this.mutate("game:action", (actionId) => ({ roomId, actionId, move }));
      if (res.ok && roomId === this.roomId) this.minVersion = Math.max(this.minVersion, res.version);
    } finally {
      this.moving = false;
    }
    if (roomId === this.roomId) this.onChange();
  }
}
