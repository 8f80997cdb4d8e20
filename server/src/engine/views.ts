import type { PlayerId, PlayerView, PrivateView, PublicRoomView, QuestRecord, SeatView, VoteRecord } from "@avalon/protocol";
import { nightKnowledge } from "./night.js";
import { ownEntry, playerRecord } from "./records.js";
import { failsRequiredFor, sideOf, teamSizesFor } from "./rules.js";
import type { GameState } from "./state.js";

/*
 * The only way state leaves the server: every view is built here, field by field, so that a
 * secret added to GameState stays on the server until a view chooses to show it.
 */

/**
 * State records never change once built (the engine makes new ones), so each record's public copy
 * is built once and shared by every later view: a view costs its changes, not the game's history,
 * and the diff of two views compares unchanged records by identity.
 */
function memo<K extends object, V>(build: (k: K) => V): (k: K) => V {
  const copies = new WeakMap<K, V>();
  return (k) => {
    let v = copies.get(k);
    if (v === undefined) copies.set(k, (v = build(k)));
    return v;
  };
}

const publicSeat = memo((seat: GameState["seats"][number]): SeatView => ({ id: seat.id, name: seat.name, seat: seat.seat, ready: seat.ready }));
const publicVote = memo((record: VoteRecord): VoteRecord => ({ ...record, team: [...record.team], votes: playerRecord(Object.entries(record.votes)) }));
const publicQuest = memo((record: QuestRecord): QuestRecord => ({ ...record, team: [...record.team] }));

// A room's views share every part its state did not change with the previous view: a change
// allocates only what it changed (what lives until the room's next change, and so what a
// scavenge copies), and the patch's diff skips shared parts by identity.
const publicOptions = memo((options: GameState["options"]): PublicRoomView["options"] => ({ roles: [...options.roles], maxPlayers: options.maxPlayers }));
const publicSeats = memo((seats: GameState["seats"]): SeatView[] => seats.map(publicSeat));
const publicTeam = memo((team: GameState["team"]): PlayerId[] => [...team]);
const publicVotes = memo((votes: GameState["votes"]): VoteRecord[] => votes.map(publicVote));
const publicQuests = memo((quests: GameState["quests"]): QuestRecord[] => quests.map(publicQuest));
// Parts shared by every room are frozen: a view is never written to, and one that were would
// throw instead of changing every room's view.
const NONE = Object.freeze([]) as unknown as never[];
const BY_COUNT = new Map<number, { teamSizes: number[]; failsRequired: number[] }>();
function countRules(dealt: number): { teamSizes: number[]; failsRequired: number[] } {
  let rules = BY_COUNT.get(dealt);
  if (!rules) BY_COUNT.set(dealt, (rules = { teamSizes: Object.freeze(teamSizesFor(dealt)) as number[], failsRequired: Object.freeze(failsRequiredFor(dealt)) as number[] }));
  return rules;
}

/** What every seat and spectator of the room may see. */
export function publicView(state: GameState): PublicRoomView {
  const inGame = state.phase !== "lobby" && state.phase !== "ended";
  const rules = state.phase === "lobby" ? null : countRules(Object.keys(state.roles).length);
  return {
    roomId: state.roomId,
    version: state.version,
    phase: state.phase,
    hostId: state.hostId,
    options: publicOptions(state.options),
    players: publicSeats(state.seats),
    spectators: state.spectators.length,
    teamSizes: rules?.teamSizes ?? NONE,
    failsRequired: rules?.failsRequired ?? NONE,
    quest: state.quest,
    attempt: state.attempt,
    leader: inGame ? (state.seats[state.leader]?.id ?? null) : null,
    team: publicTeam(state.team),
    voted: state.phase === "team_vote" ? state.seats.map((seat) => seat.id).filter((id) => Object.hasOwn(state.pendingVotes, id)) : NONE,
    played: state.phase === "quest" ? state.team.filter((id) => Object.hasOwn(state.pendingCards, id)) : NONE,
    votes: publicVotes(state.votes),
    quests: publicQuests(state.quests),
    winner: state.winner,
    endReason: state.endReason,
    roles: state.phase === "ended" ? playerRecord(Object.entries(state.roles)) : null,
    assassinTarget: state.assassinTarget,
  };
}

/** What only `playerId` may see; null when that player has no seat. */
export function privateView(state: GameState, playerId: PlayerId): PrivateView | null {
  if (!state.seats.some((seat) => seat.id === playerId)) return null;
  const role = ownEntry(state.roles, playerId) ?? null;
  return {
    playerId,
    role,
    side: role === null ? null : sideOf(role),
    knows: state.phase === "lobby" ? {} : nightKnowledge(state.roles, state.seats.map((seat) => seat.id), playerId),
    myVote: ownEntry(state.pendingVotes, playerId) ?? null,
    myQuestCard: ownEntry(state.pendingCards, playerId) ?? null,
    canAssassinate: state.phase === "assassination" && role === "assassin",
  };
}

/** The whole view of one recipient; spectators and strangers (or `null`) get no private part. */
export function playerView(state: GameState, playerId: PlayerId | null): PlayerView {
  return { public: publicView(state), private: playerId === null ? null : privateView(state, playerId) };
}
