import { Bot, percentile, WireSocket } from "@avalon/loadtest";
import type { Ack, OptionalRole, PlayerId, RoomId, Snapshot } from "@avalon/protocol";

/** Bots seated in a started game (autoplay off unless asked), and the room. */
export async function startedRoom(
  url: string,
  players = 5,
  opts: { roles?: OptionalRole[]; autoplay?: boolean; name?: string; thinkMs?: number; capture?: boolean; requestTimeoutMs?: number } = {},
): Promise<{ bots: Bot[]; roomId: RoomId; frames: Map<Bot, (string | Buffer)[]> }> {
  const bots = Array.from({ length: players }, (_, i) => new Bot({ url, name: `${opts.name ?? "p"}${i}`, autoplay: opts.autoplay ?? false, thinkMs: opts.thinkMs ?? 0, requestTimeoutMs: opts.requestTimeoutMs }));
  const frames = new Map<Bot, (string | Buffer)[]>();
  if (opts.capture) for (const b of bots) frames.set(b, captureFrames(b));
  await Promise.all(bots.map((b) => b.connect()));
  const roomId = await (bots[0] as Bot).createRoom({ maxPlayers: players, roles: opts.roles ?? [] });
  for (const b of bots.slice(1)) await b.join(roomId);
  await Promise.all(bots.map((b) => b.ready()));
  await (bots[0] as Bot).start();
  await Promise.all(bots.map((b) => b.waitFor((v) => v.public.phase !== "lobby" && v.private?.role != null, 15_000)));
  return { bots, roomId, frames };
}

/** A started six-seat game: five bots and one hand-written socket seated among them. */
export async function roomWithRawMember(url: string): Promise<{ bots: Bot[]; roomId: RoomId; member: WireSocket; memberToken: string }> {
  const seated = Array.from({ length: 5 }, (_, i) => new Bot({ url, name: `b${i}`, autoplay: false }));
  await Promise.all(seated.map((b) => b.connect()));
  const roomId = await (seated[0] as Bot).createRoom({ maxPlayers: 6 });
  for (const b of seated.slice(1)) await b.join(roomId);
  const { raw, session } = await WireSocket.connect(url, { name: "raw" });
  const joined = await raw.request("room:join", [{ roomId }]);
  const ready = await raw.request("room:ready", [{ roomId, ready: true }]);
  if (!joined.ok || !ready.ok) throw new Error("raw member could not sit down");
  await Promise.all(seated.map((b) => b.ready()));
  await (seated[0] as Bot).start();
  await Promise.all(seated.map((b) => b.waitFor((v) => v.public.phase === "team_building")));
  return { bots: seated, roomId, member: raw, memberToken: session.token };
}

/**
 * Every Engine.IO message frame a bot's socket receives, over every connection it makes (a
 * resume opens a new engine, so the listener is attached on each open).
 */
export function captureFrames(bot: Bot): (string | Buffer)[] {
  const frames: (string | Buffer)[] = [];
  const manager = bot.socket.io;
  manager.on("open", () => {
    manager.engine.on("packet", (p: { type: string; data?: unknown }) => {
      // The engine hands over the message body; "4" puts back the Engine.IO type, as on the wire.
      if (p.type === "message" && typeof p.data === "string") frames.push(`4${p.data}`);
      else if (p.type === "message" && Buffer.isBuffer(p.data)) frames.push(p.data);
    });
  });
  return frames;
}

export function closeAll(bots: Bot[]): void {
  for (const b of bots) b.close();
}

export async function roomVersion(bot: Bot, roomId: RoomId): Promise<number> {
  const res = (await bot.request("room:sync", { roomId })) as Ack<{ snapshot: Snapshot }>;
  if (!res.ok) throw new Error(`room:sync failed: ${res.code}`);
  return res.snapshot.version;
}

/** The seat whose turn it is to propose, and a legal team for the current quest. */
export function leaderOf(bots: Bot[]): { leader: Bot; team: PlayerId[]; others: Bot[] } {
  const view = bots[0]?.view?.public;
  if (!view) throw new Error("no view");
  const leader = bots.find((b) => b.session?.playerId === view.leader) as Bot;
  const size = view.teamSizes[view.quest] as number;
  return { leader, team: view.players.slice(0, size).map((p) => p.id), others: bots.filter((b) => b !== leader) };
}

/**
 * Honest traffic while something else happens: `players` seated bots each send a `room:sync`
 * every `everyMs` and record the ack latency, until `stop()`.
 */
export class LatencyProbe {
  readonly samples: number[] = [];
  readonly failures: string[] = [];
  private running = true;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly bots: Bot[],
    private readonly roomId: RoomId,
    private readonly everyMs = 50,
  ) {}

  start(): this {
    this.loops = this.bots.map(async (b, i) => {
      await new Promise((r) => setTimeout(r, (i * this.everyMs) / this.bots.length));
      while (this.running) {
        const t0 = performance.now();
        const res = (await b.request("room:sync", { roomId: this.roomId })) as Ack;
        this.samples.push(performance.now() - t0);
        if (!res.ok) this.failures.push(res.code);
        await new Promise((r) => setTimeout(r, this.everyMs));
      }
    });
    return this;
  }

  /** Stops once at least `minSamples` acks are timed (or `timeoutMs` has passed), so a short attack still yields a p99. */
  async stop(minSamples = 0, timeoutMs = 20_000): Promise<{ n: number; p50: number; p99: number; max: number; failures: string[] }> {
    const until = Date.now() + timeoutMs;
    while (this.samples.length < minSamples && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    this.running = false;
    await Promise.all(this.loops);
    return {
      n: this.samples.length,
      p50: percentile(this.samples, 50),
      p99: percentile(this.samples, 99),
      max: Math.max(0, ...this.samples),
      failures: this.failures,
    };
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
