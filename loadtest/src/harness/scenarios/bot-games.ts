import type { Bot } from "../../bot/bot.js";
import { playGame } from "../../bot/game-runner.js";
import { BotStats } from "../../bot/stats.js";
import type { RunMetrics } from "../run-metrics.js";
import { playersAt, rolesFor, sleep, type ScenarioContext, type TableShare } from "./context.js";

/** The Bot's statistics hooks, forwarded into the run's metrics instead of kept as arrays. */
class ForwardingStats extends BotStats {
  constructor(
    private readonly metrics: RunMetrics,
    /** Bots still winding down after the run's end report nothing more. */
    private readonly signal: AbortSignal,
  ) {
    super();
  }

  override connectTime(ms: number): void {
    if (!this.signal.aborted) this.metrics.connect(ms);
  }

  override ack(event: string, ms: number): void {
    if (!this.signal.aborted) this.metrics.ack(event, ms);
  }

  override delivery(ms: number): void {
    if (this.signal.aborted) return;
    this.metrics.message();
    this.metrics.delivery(ms);
  }

  /** The Bot reports answered refusals by their code and lost acks as `timeout:<event>`. */
  override error(code: string): void {
    if (this.signal.aborted) return;
    if (code.startsWith("timeout")) this.metrics.failed(code);
    else this.metrics.refused(code);
  }

  override count(name: string, by = 1): void {
    if (!this.signal.aborted) this.metrics.count(name, by);
  }
}

/** Resolves when the signal aborts. */
function aborted(signal: AbortSignal): Promise<"aborted"> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve("aborted");
    else signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
}

/** One table of socket.io-client Bots: a fresh set of bots and a fresh room per game, until the run ends. */
async function runTable(ctx: ScenarioContext, share: TableShare, table: number, deadline: number, parser: "json" | "msgpack"): Promise<void> {
  const stats = new ForwardingStats(ctx.metrics, ctx.signal);
  const end = aborted(ctx.signal);
  const n = playersAt(share, table);
  await sleep(Math.floor(ctx.rng() * 1000), ctx.signal);
  for (let game = share.firstTable + table; !ctx.signal.aborted; game += share.rooms) {
    // The Bot reports connects but not closes: the gauge counts the seats of games in progress.
    for (let i = 0; i < n; i++) ctx.metrics.connectionOpened();
    let bots: Bot[] = [];
    try {
      const played = playGame({
        urls: [ctx.url],
        players: n,
        roles: rolesFor(game),
        thinkMs: ctx.thinkMs,
        parser,
        rng: ctx.rng,
        stats,
        // Bounds the game's own waiting; the run does not wait for it past its end.
        timeoutMs: Math.max(1000, deadline - Date.now()),
        onStarted: (started) => {
          bots = started;
          if (ctx.signal.aborted) for (const b of started) b.close();
        },
      });
      const res = await Promise.race([played, end]);
      if (res === "aborted") {
        // playGame closes its bots when its own wait ends; closing them now frees the server sooner.
        for (const b of bots) b.close();
        played.catch(() => undefined);
        ctx.metrics.count("games_unfinished");
        break;
      }
      if (res.violations.length > 0) ctx.metrics.failed("rule_violation");
      ctx.metrics.gameFinished();
      ctx.metrics.count(`games_${res.view.winner ?? "none"}_wins`);
    } catch {
      if (ctx.signal.aborted) {
        ctx.metrics.count("games_unfinished");
      } else {
        ctx.metrics.failed("game_failed");
        ctx.metrics.count("games_failed");
        await sleep(500, ctx.signal);
      }
    } finally {
      for (let i = 0; i < n; i++) ctx.metrics.connectionClosed();
    }
  }
}

/** The games scenario on the `Bot` engine (socket.io-client), the reference the raw engine is compared with. */
export async function runBotGames(ctx: ScenarioContext, share: TableShare, deadline: number, parser: "json" | "msgpack" = "json"): Promise<void> {
  await Promise.all(Array.from({ length: share.rooms }, (_, t) => runTable(ctx, share, t, deadline, parser)));
}
