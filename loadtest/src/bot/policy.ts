import type { GameMove, PlayerId, PlayerView } from "@avalon/protocol";

export type Rng = () => number;

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
      return { type: "vote", approve: pub.attempt >= 3 || rng() < 0.7 };
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
