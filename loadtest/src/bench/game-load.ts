import { playGame } from "../bot/game-runner.js";
import { BotStats, percentile } from "../bot/stats.js";

export interface LoadResult {
  connections: number;
  games: number;
  errors: number;
  deliveriesPerSec: number;
  delivery: { p50: number; p95: number; p99: number };
  ackP99: number;
}

/** Keeps `tables` ten-player games running over the node URLs for `seconds`, starting a new game whenever one ends. */
export async function gameLoad(urls: string[], tables: number, seconds: number, thinkMs: number): Promise<LoadResult> {
  const stats = new BotStats();
  const deadline = Date.now() + seconds * 1000;
  let games = 0;
  let errors = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: tables }, async (_, t) => {
      while (Date.now() < deadline) {
        try {
          // Rotating the start offset spreads each table's seats over every node.
          const rotated = urls.map((_u, i) => urls[(i + t) % urls.length] as string);
          const res = await playGame({ urls: rotated, players: 10, thinkMs, stats });
          games++;
          errors += res.errors.length + res.violations.length;
        } catch {
          errors++;
        }
      }
    }),
  );
  const secs = (Date.now() - started) / 1000;
  const d = stats.deliveryMs;
  return {
    connections: tables * 10,
    games,
    errors,
    deliveriesPerSec: Math.round(d.length / secs),
    delivery: { p50: percentile(d, 50), p95: percentile(d, 95), p99: percentile(d, 99) },
    ackP99: percentile(stats.ackMs, 99),
  };
}
