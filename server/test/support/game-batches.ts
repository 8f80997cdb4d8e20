import { playGame, type GameRunResult } from "@avalon/loadtest";

/** Limits loose enough for bots on one loopback address, playing as fast as the server answers. */
export const BOT_LIMITS = {
  LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000",
  LIMIT_EVENTS_PER_SECOND: "200",
  LIMIT_EVENT_BURST: "400",
};

/** `games` five-player games over `urls`, `atOnce` at a time, each seeded by its number. */
export async function playGames(urls: string[], games: number, atOnce: number, seed: string): Promise<GameRunResult[]> {
  const out: GameRunResult[] = [];
  for (let i = 0; i < games; i += atOnce) {
    const n = Math.min(atOnce, games - i);
    out.push(...(await Promise.all(Array.from({ length: n }, (_, j) => playGame({ urls, players: 5, seed: `${seed}${i + j}`, timeoutMs: 60_000 })))));
  }
  return out;
}
