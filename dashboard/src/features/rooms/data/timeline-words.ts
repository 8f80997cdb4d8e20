import type { EndReason, PlayerId, PublicEvent, TimelineEntry } from "@avalon/protocol";

export interface TimelineLine {
  version: number;
  ts: number;
  text: string;
}

type NameOf = (id: PlayerId) => string;

const END_REASONS: Record<EndReason, string> = {
  three_fails: "three quests failed",
  five_rejections: "five teams in a row were rejected",
  merlin_assassinated: "the assassin found Merlin",
  merlin_survived: "three quests succeeded and Merlin survived",
  closed: "the room was closed",
};

function list(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** One public event as a sentence. Quests and attempts count from 1 for people (0 on the wire). */
export function describeEvent(event: PublicEvent, nameOf: NameOf): string {
  switch (event.type) {
    case "player_joined":
      return `${event.name} joined`;
    case "player_left":
      return `${nameOf(event.playerId)} left`;
    case "game_started":
      return `The game started with ${event.players} players; ${nameOf(event.leader)} leads first`;
    case "team_proposed":
      return `Quest ${event.quest + 1}, attempt ${event.attempt + 1}: ${nameOf(event.leader)} proposed ${list(event.team.map(nameOf))}`;
    case "vote_result": {
      const ids = Object.keys(event.votes);
      const yes = ids.filter((id) => event.votes[id]).map(nameOf);
      const no = ids.filter((id) => !event.votes[id]).map(nameOf);
      const tally = `${yes.length}–${no.length}`;
      const detail = [yes.length ? `for: ${list(yes)}` : "", no.length ? `against: ${list(no)}` : ""].filter(Boolean).join("; ");
      return `Quest ${event.quest + 1}, attempt ${event.attempt + 1}: team ${event.approved ? "approved" : "rejected"} ${tally}${detail ? ` (${detail})` : ""}`;
    }
    case "quest_result":
      return `Quest ${event.quest + 1} ${event.succeeded ? "succeeded" : "failed"} with ${plural(event.fails, "fail card")}`;
    case "assassination":
      return `The assassin named ${nameOf(event.target)}: ${event.merlinHit ? "that was Merlin" : "not Merlin"}`;
    case "game_ended":
      return `Game over: ${event.winner} wins, because ${END_REASONS[event.reason]}`;
  }
}

/** The whole timeline in words, naming players by the names they joined with (or sit under now). */
export function describeTimeline(entries: readonly TimelineEntry[], seated: readonly { playerId: PlayerId; name: string }[] = []): TimelineLine[] {
  const names = new Map<PlayerId, string>(seated.map((p) => [p.playerId, p.name]));
  for (const { event } of entries) if (event.type === "player_joined") names.set(event.playerId, event.name);
  const nameOf: NameOf = (id) => names.get(id) ?? id;
  return entries.map((e) => ({ version: e.version, ts: e.ts, text: describeEvent(e.event, nameOf) }));
}
