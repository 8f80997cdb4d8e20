import { describe, it, expect } from "vitest";
import type { EngineAction, PlayerId, Role } from "@avalon/protocol";
import { apply } from "./engine.js";
import { seededRng } from "./rng.js";
import type { GameState } from "./state.js";
import { mustApply, startedGame, withRoles } from "./test-helpers.js";

// p0..p4 in seat order; p3 and p4 are evil.
const FIVE: Role[] = ["merlin", "percival", "servant", "assassin", "morgana"];

function game(count = 5, roles: Role[] = FIVE): GameState {
  return { ...withRoles(startedGame(count, count === 5 ? { roles: ["percival", "morgana"] } : {}), roles), leader: 0 };
}

function run(state: GameState, action: EngineAction) {
  return apply(state, action, seededRng(state.seed, state.version));
}

function leaderOf(state: GameState): PlayerId {
  return state.seats[state.leader]?.id ?? "";
}

function propose(state: GameState, team: PlayerId[]): GameState {
  return mustApply(state, { type: "propose", playerId: leaderOf(state), team });
}

function voteAll(state: GameState, approvals: number): GameState {
  return state.seats.reduce(
    (s, seat, i) => mustApply(s, { type: "vote", playerId: seat.id, approve: i < approvals }),
    state,
  );
}

function playCards(state: GameState, failing: PlayerId[] = []): GameState {
  return state.team.reduce((s, id) => mustApply(s, { type: "quest", playerId: id, success: !failing.includes(id) }), state);
}

function runQuest(state: GameState, team: PlayerId[], failing: PlayerId[] = []): GameState {
  return playCards(voteAll(propose(state, team), state.seats.length), failing);
}

function threeSuccesses(): GameState {
  let state = game();
  state = runQuest(state, ["p0", "p1"]);
  state = runQuest(state, ["p0", "p1", "p2"]);
  return runQuest(state, ["p0", "p1"]);
}

describe("team building and voting", () => {
  it("puts the proposed team to the vote and announces it", () => {
    const result = run(game(), { type: "propose", playerId: "p0", team: ["p1", "p3"] });
    expect(result.ok && result.state.phase).toBe("team_vote");
    expect(result.ok && result.events).toEqual([
      { type: "team_proposed", quest: 0, attempt: 0, leader: "p0", team: ["p1", "p3"] },
    ]);
  });

  it("publishes no vote result before every seat has voted", () => {
    const state = propose(game(), ["p0", "p1"]);
    const result = run(state, { type: "vote", playerId: "p2", approve: false });
    expect(result.ok && result.events).toEqual([]);
    expect(result.ok && result.state.votes).toEqual([]);
  });

  it("publishes every vote once the last seat has voted", () => {
    let state = propose(game(), ["p0", "p1"]);
    for (const id of ["p0", "p1", "p2", "p3"]) state = mustApply(state, { type: "vote", playerId: id, approve: id !== "p3" });
    const result = run(state, { type: "vote", playerId: "p4", approve: false });
    const votes = { p0: true, p1: true, p2: true, p3: false, p4: false };
    expect(result.ok && result.events).toEqual([{ type: "vote_result", quest: 0, attempt: 0, approved: true, votes }]);
    expect(result.ok && result.state.votes).toEqual([
      { quest: 0, attempt: 0, leader: "p0", team: ["p0", "p1"], votes, approved: true },
    ]);
    expect(result.ok && result.state.pendingVotes).toEqual({});
  });

  it("sends a team approved by a strict majority on its quest", () => {
    expect(voteAll(propose(game(), ["p0", "p1"]), 3).phase).toBe("quest");
  });

  it("rejects a team on a tied vote and passes the lead to the next seat", () => {
    const six = game(6, ["merlin", "servant", "servant", "servant", "assassin", "minion"]);
    const next = voteAll(propose(six, ["p0", "p1"]), 3);
    expect([next.phase, next.attempt, leaderOf(next), next.team]).toEqual(["team_building", 1, "p1", []]);
  });

  it("passes the lead from the last seat back to the first", () => {
    const state = voteAll(propose({ ...game(), leader: 4 }, ["p0", "p1"]), 0);
    expect(leaderOf(state)).toBe("p0");
  });

  it("gives the game to evil on the fifth rejected proposal of a quest", () => {
    let state = game();
    for (let i = 0; i < 4; i++) state = voteAll(propose(state, ["p0", "p1"]), 0);
    expect(state.attempt).toBe(4);
    state = propose(state, ["p0", "p1"]);
    for (const seat of state.seats.slice(0, 4)) state = mustApply(state, { type: "vote", playerId: seat.id, approve: false });
    const result = run(state, { type: "vote", playerId: "p4", approve: false });
    if (!result.ok) throw new Error(result.code);
    expect([result.state.phase, result.state.winner, result.state.endReason]).toEqual(["ended", "evil", "five_rejections"]);
    expect(result.events.at(-1)).toEqual({ type: "game_ended", winner: "evil", reason: "five_rejections" });
  });
});

describe("quests", () => {
  it("waits for every team member's card before counting", () => {
    const state = voteAll(propose(game(), ["p0", "p3"]), 5);
    const result = run(state, { type: "quest", playerId: "p3", success: false });
    expect(result.ok && [result.state.phase, result.state.quests, result.events]).toEqual(["quest", [], []]);
  });

  it("fails a quest on one fail card and publishes only the count", () => {
    const state = voteAll(propose(game(), ["p0", "p3"]), 5);
    const last = mustApply(state, { type: "quest", playerId: "p3", success: false });
    const result = run(last, { type: "quest", playerId: "p0", success: true });
    expect(result.ok && result.events).toEqual([{ type: "quest_result", quest: 0, fails: 1, succeeded: false }]);
    expect(result.ok && result.state.quests).toEqual([
      { quest: 0, team: ["p0", "p3"], fails: 1, failsRequired: 1, succeeded: false },
    ]);
    expect(result.ok && result.state.pendingCards).toEqual({});
  });

  it("lets the fourth quest with seven players succeed despite one fail card", () => {
    const seven = game(7, ["merlin", "servant", "servant", "servant", "assassin", "minion", "minion"]);
    let state = { ...seven, quest: 3 };
    state = runQuest(state, ["p0", "p1", "p2", "p4"], ["p4"]);
    expect(state.quests[0]).toEqual({ quest: 3, team: ["p0", "p1", "p2", "p4"], fails: 1, failsRequired: 2, succeeded: true });
  });

  it("fails the fourth quest with seven players on two fail cards", () => {
    const seven = game(7, ["merlin", "servant", "servant", "servant", "assassin", "minion", "minion"]);
    const state = runQuest({ ...seven, quest: 3 }, ["p0", "p1", "p4", "p5"], ["p4", "p5"]);
    expect(state.quests[0]?.succeeded).toBe(false);
  });

  it("moves to the next quest with the next leader and a fresh attempt count", () => {
    let state = voteAll(propose(game(), ["p0", "p1"]), 0);
    state = runQuest(state, ["p0", "p1"]);
    expect([state.phase, state.quest, state.attempt, leaderOf(state), state.team]).toEqual([
      "team_building",
      1,
      0,
      "p2",
      [],
    ]);
  });

  it("gives the game to evil on the third failed quest", () => {
    let state = game();
    state = runQuest(state, ["p0", "p3"], ["p3"]);
    state = runQuest(state, ["p0", "p1", "p3"], ["p3"]);
    state = mustApply(voteAll(propose(state, ["p4", "p0"]), 5), { type: "quest", playerId: "p4", success: false });
    const result = run(state, { type: "quest", playerId: "p0", success: true });
    if (!result.ok) throw new Error(result.code);
    expect([result.state.phase, result.state.winner, result.state.endReason]).toEqual(["ended", "evil", "three_fails"]);
    expect(result.events).toEqual([
      { type: "quest_result", quest: 2, fails: 1, succeeded: false },
      { type: "game_ended", winner: "evil", reason: "three_fails" },
    ]);
  });

  it("moves to the assassination after the third successful quest", () => {
    const state = threeSuccesses();
    expect([state.phase, state.winner, state.quests.map((q) => q.succeeded)]).toEqual([
      "assassination",
      null,
      [true, true, true],
    ]);
  });
});

describe("the assassination", () => {
  it("gives the game to evil when the assassin names Merlin", () => {
    const result = run(threeSuccesses(), { type: "assassinate", playerId: "p3", target: "p0" });
    if (!result.ok) throw new Error(result.code);
    expect([result.state.phase, result.state.winner, result.state.endReason, result.state.assassinTarget]).toEqual([
      "ended",
      "evil",
      "merlin_assassinated",
      "p0",
    ]);
    expect(result.events).toEqual([
      { type: "assassination", target: "p0", merlinHit: true },
      { type: "game_ended", winner: "evil", reason: "merlin_assassinated" },
    ]);
  });

  it("gives the game to good when the assassin misses Merlin", () => {
    const result = run(threeSuccesses(), { type: "assassinate", playerId: "p3", target: "p1" });
    if (!result.ok) throw new Error(result.code);
    expect([result.state.winner, result.state.endReason]).toEqual(["good", "merlin_survived"]);
    expect(result.events).toEqual([
      { type: "assassination", target: "p1", merlinHit: false },
      { type: "game_ended", winner: "good", reason: "merlin_survived" },
    ]);
  });
});
