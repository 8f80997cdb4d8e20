import type { PublicRoomView } from "@avalon/protocol";
import { checkEndedGame } from "../../bot/game-check.js";
import { AbortedError, RawPlayer, type Outcome } from "../raw-player.js";
import { RawVu } from "../raw-vu.js";
import { playersAt, rolesFor, sleep, type ScenarioContext, type TableShare } from "./context.js";

/** A game that has not ended after this long is stuck: counted as failed and abandoned. */
const GAME_TIMEOUT_MS = 180_000;
const LOBBY_TIMEOUT_MS = 15_000;

class StepFailed extends Error {}

function must(res: Outcome, step: string): void {
  if (!res.ok) throw new StepFailed(`${step}: ${res.code}`);
}

/** Connects every VU of a table, retrying refused ones until the run ends. */
async function connectAll(ctx: ScenarioContext, vus: RawVu[]): Promise<void> {
  for (let attempt = 0; !ctx.signal.aborted; attempt++) {
    // A VU resuming by itself (after a drain) is waited for, not connected twice.
    const results = await Promise.allSettled(vus.map(async (vu) => (await vu.whenConnected()) || vu.connect()));
    if (results.every((r) => r.status === "fulfilled")) return;
    await sleep(Math.min(5000, 250 * 2 ** attempt), ctx.signal);
  }
}

/** One game at one table: create, join, ready, start, play to the end, leave. */
async function playOne(ctx: ScenarioContext, players: RawPlayer[], n: number, game: number): Promise<void> {
  const [host, ...guests] = players as [RawPlayer, ...RawPlayer[]];
  must(await host.createRoom(n, rolesFor(game)), "room:create");
  const roomId = host.roomId as string;
  for (const res of await Promise.all(guests.map((g) => g.join(roomId)))) must(res, "room:join");
  for (const res of await Promise.all(players.map((p) => p.ready()))) must(res, "room:ready");
  await host.waitFor((v) => v.public.players.length === n && v.public.players.every((p) => p.ready), LOBBY_TIMEOUT_MS, ctx.signal);
  must(await host.start(), "game:start");
  const views = await Promise.all(players.map((p) => p.waitFor((v) => v.public.phase === "ended", GAME_TIMEOUT_MS, ctx.signal)));
  const view = (views[0] as { public: PublicRoomView }).public;
  const violations = checkEndedGame(view);
  if (views.some((v) => JSON.stringify(v.public) !== JSON.stringify(view))) violations.push("seats disagree on the final state");
  if (violations.length > 0) ctx.metrics.failed("rule_violation");
  ctx.metrics.gameFinished();
  ctx.metrics.count(`games_${view.winner ?? "none"}_wins`);
}

/** A table of raw VUs playing game after game in fresh rooms until the run ends. */
async function runTable(ctx: ScenarioContext, share: TableShare, table: number): Promise<void> {
  const n = playersAt(share, table);
  const vus = Array.from({ length: n }, (_, i) => new RawVu({ url: ctx.url, name: `${ctx.namePrefix}t${table}s${i}`, metrics: ctx.metrics, rng: ctx.rng, localAddress: ctx.nextSourceAddress() }));
  const players = vus.map((vu) => new RawPlayer(vu, { thinkMs: ctx.thinkMs, rng: ctx.rng }));
  try {
    // Tables start spread over the first second, not all in one burst.
    await sleep(Math.floor(ctx.rng() * 1000), ctx.signal);
    await connectAll(ctx, vus);
    for (let game = share.firstTable + table; !ctx.signal.aborted; game += share.rooms) {
      try {
        await playOne(ctx, players, n, game);
      } catch (err) {
        if (err instanceof AbortedError || ctx.signal.aborted) {
          ctx.metrics.count("games_unfinished");
          break;
        }
        // A refused step was counted with its code already; a stuck game is counted here.
        if (!(err instanceof StepFailed)) ctx.metrics.failed("game_failed");
        ctx.metrics.count("games_failed");
        await sleep(500, ctx.signal);
      }
      await Promise.all(players.map((p) => (p.roomId ? p.leave() : undefined)));
      await connectAll(ctx, vus.filter((vu) => !vu.connected));
    }
  } finally {
    for (const p of players) p.stop();
    for (const vu of vus) vu.close();
  }
}

/** Scenario (c): `share.rooms` tables of raw VUs play complete games, each seat by `chooseMove`. */
export async function runRawGames(ctx: ScenarioContext, share: TableShare): Promise<void> {
  await Promise.all(Array.from({ length: share.rooms }, (_, t) => runTable(ctx, share, t)));
}
