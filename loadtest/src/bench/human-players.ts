import { RoomMirror, type PatchMessage, type PrivateMessage, type Snapshot } from "@avalon/protocol";
import { chooseMove, seeded, type Rng } from "../bot/policy.js";
import { WindowStats, type LoadReport } from "./load-report.js";
import { connectHonouringBusy, failureKind } from "../raw/honour-busy.js";
import { isRefusal } from "../raw/connect-error.js";
import { RawSocket } from "../raw/raw-socket.js";
import { OwnStamps } from "./own-stamps.js";
import { ScriptCursor, ScriptRecorder, type RoomScript } from "./room-scripts.js";

type Reply = { ok: boolean; code?: string; [k: string]: unknown };
/** The fields of a received message that tie it to a request of this seat. */
type Stamped = { ts?: unknown; from?: unknown; version?: unknown; actionId?: unknown; id?: unknown } | undefined;
/** The echo fixture answers events outside the game protocol, so this load names events as plain strings. */
type AnyEvents = Record<string, (payload: unknown, ack: (res: Reply) => void) => void>;

export interface HumanJob {
  url: string;
  rooms: number;
  firstRoom: number;
  players: number;
  localAddress: string;
  /**
   * game: the product's protocol; every tick a player makes its pending game move, or says
   * something in the room chat when the game awaits nothing from it.
   * echo: the plain Socket.IO fixture; every tick a player sends one event the fixture
   * echo-broadcasts to the room.
   * replay: the plain Socket.IO fixture with the game's work per message; every tick a player
   * sends its room's next message of a script recorded on the game (`scripts`, room r plays
   * script r modulo their number), echo-broadcast to the room and applied by every seat.
   */
  mode: "game" | "echo" | "replay";
  scripts?: RoomScript[];
  /** Setup requests in flight at once, per process. */
  setupConcurrency: number;
}

export interface HumanRun {
  meanIntervalMs: number;
  warmupSeconds: number;
  seconds: number;
  /** In game mode, how many rooms record a script for a replay run. */
  recordRooms?: number;
}

const MAX_SCRIPT_MESSAGES = 500;

/** One seat at human pace, on a raw connection. */
class Player {
  readonly mirror = new RoomMirror();
  roomId = "";
  recorder: ScriptRecorder | null = null;
  cursor: ScriptCursor | null = null;
  private seq = 0;
  private syncing = false;
  private readonly stamps = new OwnStamps();

  constructor(
    readonly sock: RawSocket<object, AnyEvents>,
    private readonly stats: WindowStats,
    private readonly rng: Rng,
    readonly name: string,
  ) {}

  onEvent(event: string, payload: unknown): void {
    this.stats.observe(payload);
    this.stamp(event, payload as Stamped);
    if (this.cursor) {
      if (!this.cursor.receive(event, payload as { seq?: unknown })) this.stats.error("replay:gap");
      return;
    }
    this.recorder?.record(event, payload);
    if (event === "room:patch") {
      const res = this.mirror.patch(payload as PatchMessage);
      if (res === "gap") void this.sync();
    } else if (event === "room:private") this.mirror.private(payload as PrivateMessage);
    else if (event === "room:snapshot") this.mirror.snapshot(payload as Snapshot);
  }

  private stamp(event: string, m: Stamped): void {
    if (typeof m?.ts !== "number") return;
    // The relay echoes a request's whole payload, so its echo carries the actionId.
    if (typeof m.actionId === "string") this.stamps.keyedMessage(m.actionId, m.ts);
    else if (event === "room:patch" && typeof m.from === "number" && typeof m.version === "number") this.stamps.patch(m.from, m.version, m.ts);
    else if (event === "chat:message" && typeof m.id === "string") this.stamps.keyedMessage(`chat:${m.id}`, m.ts);
  }

  /** The server's stamp on what an answered request made, if this seat saw it. */
  private stampOf(event: string, payload: { actionId?: string; [k: string]: unknown }, res: Reply): number | undefined {
    if (!res.ok) return undefined;
    const echoed = payload.actionId === undefined ? undefined : this.stamps.forKey(payload.actionId);
    if (echoed !== undefined) return echoed;
    if (typeof res.version === "number") return this.stamps.forVersion(res.version);
    if (event === "chat:send" && typeof res.id === "string") return this.stamps.forKey(`chat:${res.id}`);
    return undefined;
  }

  async request(event: string, payload: { actionId?: string; [k: string]: unknown }): Promise<Reply> {
    const t0 = Date.now();
    const res: Reply = { ...(await this.sock.request(event, payload)) };
    const t1 = Date.now();
    this.stats.ack(event, t1 - t0);
    const stamp = this.stampOf(event, payload, res);
    if (stamp !== undefined) this.stats.split(stamp - t0, t1 - stamp);
    if (!res.ok) this.stats.error(res.code === "timeout" || res.code === "disconnected" ? `${res.code}:${event}` : (res.code ?? "error"));
    return res;
  }

  /** One human-paced action: the pending move if there is one, else a chat line (or the echo event). */
  async tick(mode: HumanJob["mode"]): Promise<void> {
    if (!this.sock.connected) return;
    const actionId = `${this.name}-${++this.seq}`;
    if (mode === "echo") {
      await this.request("game:action", { roomId: this.roomId, actionId, move: { type: "vote", approve: true } });
      return;
    }
    if (this.cursor) {
      const { event, payload, seq } = this.cursor.next();
      await this.request(event, { ...payload, seq, roomId: this.roomId, actionId });
      return;
    }
    const view = this.mirror.view;
    const move = view ? chooseMove(view, this.rng) : null;
    if (move) await this.request("game:action", { roomId: this.roomId, actionId, move });
    else await this.request("chat:send", { roomId: this.roomId, text: `thinking about it (${this.seq})` });
  }

  private async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    const res = await this.sock.request("room:sync", { roomId: this.roomId });
    if (res.ok) this.mirror.snapshot(res.snapshot as Snapshot);
    this.syncing = false;
  }
}

/** A process's share of the human-pace load: set up once, then run for a window, then closed. */
export class HumanLoad {
  private readonly stats = new WindowStats();
  private readonly players: Player[] = [];
  private readonly failures: Record<string, number> = {};

  constructor(private readonly job: HumanJob) {}

  /** Connects every seat and seats each room (in game mode: create, join, ready, start). */
  async setup(): Promise<{ players: number; failures: Record<string, number> }> {
    let next = 0;
    const worker = async () => {
      while (next < this.job.rooms) {
        const r = this.job.firstRoom + next++;
        try {
          await this.setupRoom(r);
        } catch (err) {
          const k = failureKind(err);
          this.failures[k] = (this.failures[k] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: this.job.setupConcurrency }, worker));
    return { players: this.players.length, failures: this.failures };
  }

  private async setupRoom(r: number): Promise<void> {
    const seats: Player[] = [];
    for (let p = 0; p < this.job.players; p++) {
      const name = `h${r}s${p}`;
      let player: Player | null = null;
      const sock = await connectHonouringBusy(() =>
        new RawSocket<object, AnyEvents>({ url: this.job.url, auth: { name }, localAddress: this.job.localAddress }).onAny((event, args) => player?.onEvent(event, args[0])),
      ).catch((err: unknown) => {
        throw isRefusal(err) ? Object.assign(new Error(err.code), { code: `refused:${err.code}` }) : err;
      });
      player = new Player(sock, this.stats, seeded(name), name);
      seats.push(player);
    }
    const [host, ...guests] = seats as [Player, ...Player[]];
    if (this.job.mode !== "game") {
      const script = this.job.mode === "replay" ? this.job.scripts?.[r % this.job.scripts.length] : undefined;
      if (this.job.mode === "replay" && !script) throw Object.assign(new Error("no script"), { code: "replay:no_script" });
      for (const s of seats) {
        s.roomId = `R${r}`;
        if (script) s.cursor = new ScriptCursor(script);
        await s.request("room:join", { roomId: s.roomId });
      }
    } else {
      const created = await host.request("room:create", { options: { maxPlayers: this.job.players } });
      if (!created.ok) throw Object.assign(new Error("create"), { code: `create:${created.code}` });
      host.roomId = created.roomId as string;
      host.mirror.snapshot(created.snapshot as Snapshot);
      for (const g of guests) {
        g.roomId = host.roomId;
        const joined = await g.request("room:join", { roomId: host.roomId });
        if (!joined.ok) throw Object.assign(new Error("join"), { code: `join:${joined.code}` });
        g.mirror.snapshot(joined.snapshot as Snapshot);
      }
      await Promise.all(seats.map((s) => s.request("room:ready", { roomId: host.roomId, ready: true })));
      const started = await host.request("game:start", { roomId: host.roomId });
      if (!started.ok) throw Object.assign(new Error("start"), { code: `start:${started.code}` });
    }
    this.players.push(...seats);
  }

  /** Every player acts once per `meanIntervalMs` on average (uniform from half to one and a half of it). */
  async run(opts: HumanRun): Promise<LoadReport> {
    const start = Date.now();
    const recordFrom = start + opts.warmupSeconds * 1000;
    const deadline = recordFrom + opts.seconds * 1000;
    const windowTimer = setTimeout(() => (this.stats.recording = true), recordFrom - start);
    if (this.job.mode === "game") this.recordScripts(opts.recordRooms ?? 0);
    let dropped = 0;
    await Promise.all(
      this.players.map(async (p) => {
        // The first tick is spread over one interval so that the rooms do not act in step.
        let wait = Math.random() * opts.meanIntervalMs;
        for (;;) {
          await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, deadline - Date.now()))));
          if (Date.now() >= deadline) return;
          if (!p.sock.connected) {
            dropped++;
            return;
          }
          await p.tick(this.job.mode);
          wait = opts.meanIntervalMs * (0.5 + Math.random());
        }
      }),
    );
    clearTimeout(windowTimer);
    this.stats.recording = false;
    if (dropped) this.stats.fail("connection dropped", dropped);
    return this.stats.report(opts.seconds, 0);
  }

  /** The first seat of the first `rooms` rooms records what it receives from here on. */
  private recordScripts(rooms: number): void {
    for (let i = 0; i < this.players.length && i < rooms * this.job.players; i += this.job.players) {
      const host = this.players[i] as Player;
      host.recorder = new ScriptRecorder(host.mirror.view, MAX_SCRIPT_MESSAGES);
    }
  }

  /** The scripts recorded over the last run, those that replay cleanly. */
  scripts(): RoomScript[] {
    return this.players.flatMap((p) => p.recorder?.result() ?? []);
  }

  close(): void {
    for (const p of this.players) p.sock.terminate();
  }
}
