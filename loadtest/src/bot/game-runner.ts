import type { OptionalRole, PublicRoomView, RoomId } from "@avalon/protocol";
import { Bot } from "./bot.js";
import { checkEndedGame } from "./game-check.js";
import type { Rng } from "./policy.js";
import type { BotStats } from "./stats.js";

/** How a bot game is seated and started: shared by the played game and the judged one. */
export interface GameSetupOptions {
  /** One URL, or several: seat i connects to urls[i % urls.length]. */
  urls: string[];
  players: number;
  roles?: OptionalRole[];
  thinkMs?: number;
  stats?: BotStats;
  timeoutMs?: number;
  /** No seat makes a move before this settles (for tests that disturb a game at a known point). */
  holdMovesUntil?: Promise<unknown>;
  /** Called once every seat is in the started game, with the bots (for tests that disturb a game). */
  onStarted?: (bots: Bot[], roomId: RoomId) => void | Promise<void>;
}

export interface GameRunOptions extends GameSetupOptions {
  transports?: ("websocket" | "polling")[];
  parser?: "json" | "msgpack";
  /** Seeds every bot's decisions (bot i gets `${seed}:${i}`). */
  seed?: string;
  rng?: Rng;
}

export interface GameRunResult {
  roomId: RoomId;
  view: PublicRoomView;
  violations: string[];
  errors: { event: string; code: string; message: string }[];
  /** Every move the server acknowledged, over all seats. */
  acked: { actionId: string; version: number }[];
  /** Node ids the seats were on when the game ended. */
  nodes: string[];
}

/** Seats `players` bots in a fresh room, starts the game and lets them play it to the end. */
export async function playGame(opts: GameRunOptions): Promise<GameRunResult> {
  const bots = Array.from({ length: opts.players }, (_, i) =>
    new Bot({
      url: opts.urls[i % opts.urls.length] as string,
      name: `bot${i}`,
      thinkMs: opts.thinkMs ?? 0,
      transports: opts.transports ?? ["websocket"],
      ...(opts.rng ? { rng: opts.rng } : {}),
      ...(opts.parser ? { parser: opts.parser } : {}),
      ...(opts.seed !== undefined ? { seed: `${opts.seed}:${i}` } : {}),
      ...(opts.stats ? { stats: opts.stats } : {}),
    }),
  );
  try {
    const roomId = await seatAndStart(bots, opts);
    const views = await Promise.all(bots.map((b) => b.ended(opts.timeoutMs ?? 120_000)));
    const view = (views[0] as { public: PublicRoomView }).public;
    const violations = checkEndedGame(view);
    for (const other of views) {
      if (JSON.stringify(other.public) !== JSON.stringify(view)) violations.push("seats disagree on the final public state");
    }
    return {
      roomId,
      view,
      violations,
      ...seatRecords(bots),
    };
  } finally {
    for (const b of bots) b.close();
  }
}

/**
 * Connects the bots, seats them in a fresh room (the first hosts), readies them, starts the game
 * and waits until every seat holds its role; then `onStarted`. Resolves with the room.
 */
export async function seatAndStart(bots: Bot[], opts: GameSetupOptions, onRoom: (roomId: RoomId) => void = () => undefined): Promise<RoomId> {
  await Promise.all(bots.map((b) => b.connect()));
  const [host, ...guests] = bots as [Bot, ...Bot[]];
  const roomId = await host.createRoom({ maxPlayers: opts.players, roles: opts.roles ?? [] });
  onRoom(roomId);
  for (const g of guests) await g.join(roomId);
  await Promise.all(bots.map((b) => b.ready()));
  if (opts.holdMovesUntil) for (const b of bots) b.holdMoves(opts.holdMovesUntil);
  await host.start();
  await Promise.all(bots.map((b) => b.waitFor((v) => v.public.phase !== "lobby" && v.private?.role != null, 15_000)));
  await opts.onStarted?.(bots, roomId);
  return roomId;
}

/** What every seat's bot kept of a game: the refusals it met, the moves acknowledged, its node. */
export function seatRecords(bots: Bot[]): Pick<GameRunResult, "errors" | "acked" | "nodes"> {
  return {
    errors: bots.flatMap((b) => b.errors),
    acked: bots.flatMap((b) => b.acked),
    nodes: bots.map((b) => b.session?.nodeId ?? "?"),
  };
}
