import { WireSocket } from "../raw/wire-socket.js";
import { Bot } from "./bot.js";
import { checkEndedGame } from "./game-check.js";
import { seatAndStart, seatRecords, type GameRunResult, type GameSetupOptions } from "./game-runner.js";
import type { Ack, PublicRoomView, RoomId, Snapshot } from "@avalon/protocol";

/*
 * One bot game that is judged afterwards rather than thrown away: it ends legally, or it is
 * resumable (a seat's token still gets that seat's snapshot and its requests answered).
 */

export interface JudgedGameOptions extends GameSetupOptions {
  name?: string;
  /** The game counts as stalled when no seat's view moves for this long (default: only `timeoutMs`). */
  stallMs?: number;
}

/** A `GameRunResult` that may have ended without a final view. */
export interface GameOutcome extends Omit<GameRunResult, "view"> {
  finished: boolean;
  playerIds: string[];
  tokens: string[];
  /** Why the game did not finish, when it did not. */
  stalled: string | null;
  /** Every refused request of the seats, as "event code" -> count (retries included). */
  refusals: Record<string, number>;
  /** Per seat at the end: node, phase and version of its view. */
  seats: { node: string; phase: string; version: number }[];
  view: PublicRoomView | null;
}

export async function runGame(opts: JudgedGameOptions): Promise<GameOutcome> {
  const bots = Array.from(
    { length: opts.players },
    (_, i) =>
      new Bot({
        url: opts.urls[i % opts.urls.length] as string,
        name: `${opts.name ?? "bot"}${i}`,
        thinkMs: opts.thinkMs ?? 0,
        requestTimeoutMs: 5000,
        ...(opts.stats ? { stats: opts.stats } : {}),
      }),
  );
  let roomId = "";
  let stalled: string | null = null;
  const refusals: Record<string, number> = {};
  for (const b of bots) countRefusals(b, refusals);
  try {
    await seatAndStart(bots, opts, (id) => (roomId = id));
    const ended = Promise.all(bots.map((b) => b.ended(opts.timeoutMs ?? 120_000)));
    if (opts.stallMs) await Promise.race([ended, stallWatch(bots, opts.stallMs)]);
    else await ended;
  } catch (err) {
    stalled = (err as Error).message;
  } finally {
    for (const b of bots) b.close();
  }
  const view = bots.map((b) => b.view?.public).find((v) => v?.phase === "ended") ?? bots[0]?.view?.public ?? null;
  const finished = stalled === null && view?.phase === "ended";
  const violations = finished && view ? checkEndedGame(view) : [];
  if (finished && bots.some((b) => JSON.stringify(b.view?.public) !== JSON.stringify(view))) violations.push("seats disagree on the final public state");
  return {
    roomId,
    finished,
    violations,
    ...seatRecords(bots),
    playerIds: bots.map((b) => b.session?.playerId ?? "?"),
    tokens: bots.map((b) => b.session?.token ?? ""),
    stalled,
    view: view ?? null,
    refusals,
    seats: bots.map((b) => ({ node: b.session?.nodeId ?? "?", phase: b.view?.public.phase ?? "none", version: b.mirror.version })),
  };
}

/** Counts a bot's refused requests by event and code (its own retries and resyncs included). */
export function countRefusals(bot: Bot, into: Record<string, number>, label = ""): void {
  bot.onRefusal((event, code) => {
    const key = `${label}${event} ${code}`;
    into[key] = (into[key] ?? 0) + 1;
  });
}

/** Rejects once no seat's view has moved for `ms` (and the game is not over). */
function stallWatch(bots: Bot[], ms: number): Promise<void> {
  return new Promise((_, reject) => {
    let last = -1;
    let since = Date.now();
    const timer = setInterval(() => {
      const v = Math.max(...bots.map((b) => b.mirror.version));
      if (bots.every((b) => b.view?.public.phase === "ended")) return clearInterval(timer);
      if (v !== last) {
        last = v;
        since = Date.now();
      } else if (Date.now() - since > ms) {
        clearInterval(timer);
        const views = bots.map((b) => `${b.view?.public.phase}@${b.mirror.version}`).join(",");
        reject(new Error(`no progress for ${ms} ms (seats at ${views})`));
      }
    }, 250);
  });
}

/**
 * Whether a seat can come back to an unfinished game: its token connects, lands it in the room
 * with its own private view, and its requests are answered.
 */
export async function resumable(url: string, token: string, roomId: RoomId): Promise<{ ok: boolean; phase: string | null; why: string }> {
  try {
    const { raw, session } = await WireSocket.connect(url, { token });
    try {
      const sync = await raw.request<Ack<{ snapshot: Snapshot }>>("room:sync", [{ roomId }], 5000);
      if (!sync.ok) return { ok: false, phase: null, why: `room:sync ${sync.code}` };
      const own = sync.snapshot.view.private?.playerId === session.playerId;
      return { ok: own, phase: sync.snapshot.view.public.phase, why: own ? "" : "no private view of its seat" };
    } finally {
      raw.close();
    }
  } catch (err) {
    return { ok: false, phase: null, why: (err as Error).message };
  }
}

/** Acknowledged actions of these games missing from their rooms' action logs. */
export async function lostActions(games: GameOutcome[], actionLog: (roomId: RoomId) => Promise<{ actionId: string | null }[]>): Promise<string[]> {
  const lost: string[] = [];
  for (const g of games) {
    if (!g.roomId) continue;
    const logged = new Set((await actionLog(g.roomId)).map((l) => l.actionId));
    for (const a of g.acked) if (!logged.has(a.actionId)) lost.push(`${g.roomId}:${a.actionId}@${a.version}`);
  }
  return lost;
}
