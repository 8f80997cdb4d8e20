import type { GameMove, PlayerId, PlayerView } from "@avalon/protocol";

export type Rng = () => number;

/** A small seeded generator (mulberry32 over a string hash), so a seeded bot decides the same way at the same point of a game. */
export function seeded(seed: string): Rng {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where in a game a decision is taken: the same for every delivery order of the same game. */
export function decisionKey(view: PlayerView): string {
  const p = view.public;
  const seat = p.players.findIndex((x) => x.id === view.private?.playerId);
  return `${p.phase}:${p.quest}:${p.attempt}:${seat}`;
}

function pick<T>(items: readonly T[], rng: Rng): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function sample<T>(items: readonly T[], n: number, rng: Rng): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0] as T);
  return out;
}

/**
 * A legal random move for this seat, decided from its own view only (as a human would), or null
 * when it is not this seat's turn. Evil seats fail quests about half the time.
 */
export function chooseMove(view: PlayerView, rng: Rng): GameMove | null {
  const pub = view.public;
  const me = view.private;
  if (!me) return null;
  const ids: PlayerId[] = pub.players.map((p) => p.id);
  switch (pub.phase) {
    case "team_building": {
      if (pub.leader !== me.playerId) return null;
      const size = pub.teamSizes[pub.quest] ?? 0;
      const others = ids.filter((id) => id !== me.playerId);
      return { type: "propose", team: [me.playerId, ...sample(others, size - 1, rng)] };
    }
    case "team_vote":
      if (pub.voted.includes(me.playerId)) return null;
      return { type: "vote", approve: rng() < (pub.attempt >= 3 ? 0.5 : 0.7) };
    case "quest":
      if (!pub.team.includes(me.playerId) || pub.played.includes(me.playerId)) return null;
      return { type: "quest", success: me.side === "good" || rng() < 0.5 };
    case "assassination": {
      if (!me.canAssassinate) return null;
      const candidates = ids.filter((id) => id !== me.playerId && me.knows[id] !== "evil");
      return { type: "assassinate", target: pick(candidates, rng) };
    }
    default:
      return null;
  }
}
