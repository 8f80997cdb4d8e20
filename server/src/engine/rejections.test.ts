import { describe, it, expect } from "vitest";
import { ENGINE_ERROR_CODES, type EngineAction, type EngineErrorCode, type Role } from "@avalon/protocol";
import { apply } from "./engine.js";
import { seededRng } from "./rng.js";
import type { GameState } from "./state.js";
import { deepFreeze, lobbyOf, mustApply, startedGame, withRoles } from "./test-helpers.js";

// p0 leads; p3 (assassin) and p4 (minion) are evil.
const FIVE: Role[] = ["merlin", "servant", "servant", "assassin", "minion"];
const inGame = (): GameState => ({ ...withRoles(startedGame(5), FIVE), leader: 0 });
const voting = (): GameState => mustApply(inGame(), { type: "propose", playerId: "p0", team: ["p0", "p3"] });
const questing = (): GameState =>
  ["p0", "p1", "p2", "p3", "p4"].reduce((s, id) => mustApply(s, { type: "vote", playerId: id, approve: true }), voting());
const assassinating = (): GameState => ({ ...inGame(), phase: "assassination" });
const spectated = (state: GameState): GameState => mustApply(state, { type: "spectate", playerId: "watcher" });

interface Case {
  code: EngineErrorCode;
  what: string;
  state: () => GameState;
  action: EngineAction;
}

const CASES: Case[] = [
  { code: "wrong_phase", what: "a join after the start", state: inGame, action: { type: "join", playerId: "x", name: "X" } },
  { code: "wrong_phase", what: "a proposal in the lobby", state: () => lobbyOf(5), action: { type: "propose", playerId: "p0", team: ["p0", "p1"] } },
  { code: "wrong_phase", what: "a vote while the team is being chosen", state: inGame, action: { type: "vote", playerId: "p0", approve: true } },
  { code: "wrong_phase", what: "a seated player leaving mid-game", state: inGame, action: { type: "leave", playerId: "p2" } },
  { code: "wrong_phase", what: "closing a room that has ended", state: () => mustApply(inGame(), { type: "close", playerId: "p0" }), action: { type: "close", playerId: "p0" } },
  { code: "wrong_phase", what: "an action type the engine does not know", state: inGame, action: { type: "cheat", playerId: "p0" } as unknown as EngineAction },
  { code: "not_in_room", what: "a stranger getting ready", state: () => lobbyOf(3), action: { type: "ready", playerId: "x", ready: true } },
  { code: "not_in_room", what: "a stranger leaving", state: () => lobbyOf(3), action: { type: "leave", playerId: "x" } },
  { code: "not_in_room", what: "a stranger voting", state: voting, action: { type: "vote", playerId: "x", approve: true } },
  { code: "not_in_room", what: "a spectator playing a quest card", state: () => spectated(questing()), action: { type: "quest", playerId: "watcher", success: true } },
  { code: "not_in_room", what: "a stranger closing the room", state: inGame, action: { type: "close", playerId: "x" } },
  { code: "already_in_room", what: "a seated player joining again", state: () => lobbyOf(3), action: { type: "join", playerId: "p1", name: "P1" } },
  { code: "already_in_room", what: "a spectator spectating again", state: () => spectated(lobbyOf(3)), action: { type: "spectate", playerId: "watcher" } },
  { code: "room_full", what: "a join beyond the room's size", state: () => lobbyOf(5, { maxPlayers: 5 }), action: { type: "join", playerId: "x", name: "X" } },
  { code: "not_host", what: "configure by a guest", state: () => lobbyOf(3), action: { type: "configure", playerId: "p1", roles: [] } },
  { code: "not_host", what: "start by a guest", state: () => lobbyOf(5), action: { type: "start", playerId: "p1" } },
  { code: "not_host", what: "close by a guest", state: inGame, action: { type: "close", playerId: "p1" } },
  { code: "invalid_seat", what: "a seat someone sits in", state: () => lobbyOf(3), action: { type: "seat", playerId: "p0", seat: 1 } },
  { code: "invalid_seat", what: "a seat beyond the room's size", state: () => lobbyOf(3, { maxPlayers: 6 }), action: { type: "seat", playerId: "p0", seat: 6 } },
  { code: "invalid_seat", what: "a negative seat", state: () => lobbyOf(3), action: { type: "seat", playerId: "p0", seat: -1 } },
  { code: "invalid_seat", what: "a fractional seat", state: () => lobbyOf(3), action: { type: "seat", playerId: "p0", seat: 3.5 } },
  { code: "invalid_setup", what: "a role named twice", state: () => lobbyOf(3), action: { type: "configure", playerId: "p0", roles: ["oberon", "oberon"] } },
  { code: "invalid_setup", what: "three evil specials in a room of five", state: () => lobbyOf(3), action: { type: "configure", playerId: "p0", roles: ["morgana", "mordred", "oberon"], maxPlayers: 5 } },
  { code: "invalid_setup", what: "a room smaller than its seated players", state: () => lobbyOf(6), action: { type: "configure", playerId: "p0", roles: [], maxPlayers: 5 } },
  { code: "invalid_setup", what: "a room size outside 5 to 10", state: () => lobbyOf(3), action: { type: "configure", playerId: "p0", roles: [], maxPlayers: 11 } },
  { code: "invalid_setup", what: "a start with more specials than the seated players hold", state: () => lobbyOf(5, { roles: ["percival", "morgana", "mordred", "oberon"] }), action: { type: "start", playerId: "p0" } },
  { code: "not_enough_players", what: "a start with four players", state: () => lobbyOf(4), action: { type: "start", playerId: "p0" } },
  { code: "players_not_ready", what: "a start with a seat not ready", state: () => mustApply(lobbyOf(5), { type: "ready", playerId: "p2", ready: false }), action: { type: "start", playerId: "p0" } },
  { code: "not_leader", what: "a proposal by someone other than the leader", state: inGame, action: { type: "propose", playerId: "p1", team: ["p0", "p1"] } },
  { code: "wrong_team_size", what: "a team of the wrong size", state: inGame, action: { type: "propose", playerId: "p0", team: ["p0", "p1", "p2"] } },
  { code: "duplicate_team_member", what: "the same seat twice in a team", state: inGame, action: { type: "propose", playerId: "p0", team: ["p1", "p1"] } },
  { code: "unknown_player", what: "a team with a player who is not seated", state: inGame, action: { type: "propose", playerId: "p0", team: ["p0", "x"] } },
  { code: "unknown_player", what: "an assassination of a player who is not seated", state: assassinating, action: { type: "assassinate", playerId: "p3", target: "x" } },
  { code: "already_voted", what: "a second vote on the same team", state: () => mustApply(voting(), { type: "vote", playerId: "p1", approve: true }), action: { type: "vote", playerId: "p1", approve: false } },
  { code: "not_on_team", what: "a quest card from a seat not on the quest", state: questing, action: { type: "quest", playerId: "p1", success: true } },
  { code: "already_played", what: "a second quest card", state: () => mustApply(questing(), { type: "quest", playerId: "p3", success: false }), action: { type: "quest", playerId: "p3", success: true } },
  { code: "good_must_succeed", what: "a fail card from a good player", state: questing, action: { type: "quest", playerId: "p0", success: false } },
  { code: "not_assassin", what: "an assassination by someone other than the assassin", state: assassinating, action: { type: "assassinate", playerId: "p4", target: "p0" } },
  { code: "invalid_target", what: "the assassin naming themself", state: assassinating, action: { type: "assassinate", playerId: "p3", target: "p3" } },
  { code: "already_in_room", what: "a seated player spectating", state: inGame, action: { type: "spectate", playerId: "p1" } },
  { code: "spectators_full", what: "a spectator beyond the room's cap", state: () => spectated(inGame()), action: { type: "spectate", playerId: "other", maxSpectators: 1 } },
];

describe("rejections", () => {
  for (const { code, what, state, action } of CASES) {
    it(`refuses ${what} with ${code}, changing nothing`, () => {
      const before = state();
      const snapshot = structuredClone(before);
      const result = apply(deepFreeze(before), action, seededRng(before.seed, before.version));
      expect(result).toEqual({ ok: false, code });
      expect(before).toEqual(snapshot);
    });
  }

  it("has a case for every engine error code", () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(ENGINE_ERROR_CODES));
  });

  it("checks the phase before the actor", () => {
    const result = apply(lobbyOf(5), { type: "vote", playerId: "x", approve: true }, seededRng("s", 0));
    expect(result).toEqual({ ok: false, code: "wrong_phase" });
  });

  it("checks the actor before the legality of the move", () => {
    const result = apply(inGame(), { type: "propose", playerId: "p1", team: ["x", "x", "x"] }, seededRng("s", 0));
    expect(result).toEqual({ ok: false, code: "not_leader" });
  });

  it("does not read player ids from the object prototype", () => {
    const state = mustApply(voting(), { type: "vote", playerId: "p1", approve: true });
    const result = apply(state, { type: "vote", playerId: "__proto__", approve: true }, seededRng("s", 0));
    expect(result).toEqual({ ok: false, code: "not_in_room" });
    const joined = mustApply(lobbyOf(3), { type: "join", playerId: "__proto__", name: "Proto" });
    expect(joined.seats.map((s) => s.id)).toContain("__proto__");
  });
});
