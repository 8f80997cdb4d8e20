import type { EndReason, PlayerId, PublicEvent, QuestRecord, Side, VoteRecord } from "@avalon/protocol";
import { accept, reject, type ApplyResult } from "./result.js";
import { failsRequiredFor, MAX_REJECTIONS, QUESTS_TO_WIN, sideOf, teamSizesFor } from "./rules.js";
import { ownEntry, playerRecord, withEntry } from "./records.js";
import { isSeated, nextIndex } from "./seating.js";
import type { GameState } from "./state.js";

/*
 * Game moves. The dispatcher in engine.ts has already checked the phase; each handler checks
 * the actor, then the legality of the move.
 */

export function propose(state: GameState, playerId: PlayerId, team: PlayerId[]): ApplyResult {
  const index = state.seats.findIndex((seat) => seat.id === playerId);
  if (index < 0) return reject("not_in_room");
  if (index !== state.leader) return reject("not_leader");
  const size = teamSizesFor(state.seats.length)[state.quest];
  if (!Array.isArray(team) || team.length !== size) return reject("wrong_team_size");
  if (new Set(team).size !== team.length) return reject("duplicate_team_member");
  if (!team.every((id) => isSeated(state, id))) return reject("unknown_player");
  const event: PublicEvent = {
    type: "team_proposed",
    quest: state.quest,
    attempt: state.attempt,
    leader: playerId,
    team: [...team],
  };
  return accept({ ...state, phase: "team_vote", team: [...team], pendingVotes: playerRecord() }, [event]);
}

export function vote(state: GameState, playerId: PlayerId, approve: boolean): ApplyResult {
  if (!isSeated(state, playerId)) return reject("not_in_room");
  if (Object.hasOwn(state.pendingVotes, playerId)) return reject("already_voted");
  const pendingVotes = withEntry(state.pendingVotes, playerId, approve === true);
  if (Object.keys(pendingVotes).length < state.seats.length) return accept({ ...state, pendingVotes });

  const votes = playerRecord(state.seats.map((seat) => [seat.id, ownEntry(pendingVotes, seat.id) === true]));
  const approvals = Object.values(votes).filter(Boolean).length;
  const approved = approvals > state.seats.length - approvals;
  const record: VoteRecord = {
    quest: state.quest,
    attempt: state.attempt,
    leader: state.seats[state.leader]?.id ?? playerId,
    team: [...state.team],
    votes,
    approved,
  };
  const events: PublicEvent[] = [
    { type: "vote_result", quest: state.quest, attempt: state.attempt, approved, votes: playerRecord(Object.entries(votes)) },
  ];
  const counted: GameState = { ...state, pendingVotes: playerRecord(), votes: [...state.votes, record] };
  if (approved) return accept({ ...counted, phase: "quest", pendingCards: playerRecord() }, events);

  const attempt = state.attempt + 1;
  if (attempt >= MAX_REJECTIONS) return finish({ ...counted, attempt, team: [] }, "evil", "five_rejections", events);
  return accept(
    { ...counted, phase: "team_building", attempt, leader: nextIndex(state.leader, state.seats.length), team: [] },
    events,
  );
}

export function playCard(state: GameState, playerId: PlayerId, success: boolean): ApplyResult {
  if (!isSeated(state, playerId)) return reject("not_in_room");
  if (!state.team.includes(playerId)) return reject("not_on_team");
  if (Object.hasOwn(state.pendingCards, playerId)) return reject("already_played");
  const role = ownEntry(state.roles, playerId);
  if (role !== undefined && sideOf(role) === "good" && success !== true) return reject("good_must_succeed");
  const pendingCards = withEntry(state.pendingCards, playerId, success === true);
  if (Object.keys(pendingCards).length < state.team.length) return accept({ ...state, pendingCards });

  const fails = state.team.filter((id) => ownEntry(pendingCards, id) === false).length;
  const failsRequired = failsRequiredFor(state.seats.length)[state.quest] ?? 1;
  const succeeded = fails < failsRequired;
  const record: QuestRecord = { quest: state.quest, team: [...state.team], fails, failsRequired, succeeded };
  const quests = [...state.quests, record];
  const events: PublicEvent[] = [{ type: "quest_result", quest: state.quest, fails, succeeded }];
  const counted: GameState = { ...state, pendingCards: playerRecord(), quests };

  if (quests.filter((q) => !q.succeeded).length >= QUESTS_TO_WIN) {
    return finish(counted, "evil", "three_fails", events);
  }
  if (quests.filter((q) => q.succeeded).length >= QUESTS_TO_WIN) {
    return accept({ ...counted, phase: "assassination", team: [] }, events);
  }
  return accept(
    {
      ...counted,
      phase: "team_building",
      quest: state.quest + 1,
      attempt: 0,
      leader: nextIndex(state.leader, state.seats.length),
      team: [],
    },
    events,
  );
}

export function assassinate(state: GameState, playerId: PlayerId, target: PlayerId): ApplyResult {
  if (!isSeated(state, playerId)) return reject("not_in_room");
  if (ownEntry(state.roles, playerId) !== "assassin") return reject("not_assassin");
  if (!isSeated(state, target)) return reject("unknown_player");
  // Any other seat may be named: refusing evil targets would tell the assassin who Oberon is.
  if (target === playerId) return reject("invalid_target");
  const targetRole = ownEntry(state.roles, target);
  const merlinHit = targetRole === "merlin";
  const events: PublicEvent[] = [{ type: "assassination", target, merlinHit }];
  return merlinHit
    ? finish({ ...state, assassinTarget: target }, "evil", "merlin_assassinated", events)
    : finish({ ...state, assassinTarget: target }, "good", "merlin_survived", events);
}

function finish(state: GameState, winner: Side, reason: EndReason, events: PublicEvent[]): ApplyResult {
  return accept({ ...state, phase: "ended", winner, endReason: reason }, [
    ...events,
    { type: "game_ended", winner, reason },
  ]);
}
