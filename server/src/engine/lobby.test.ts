import { describe, it, expect } from "vitest";
import type { EngineAction } from "@avalon/protocol";
import { apply, createRoom } from "./engine.js";
import { seededRng } from "./rng.js";
import { SYSTEM_ACTOR, type GameState } from "./state.js";
import { lobbyOf, mustApply, startedGame } from "./test-helpers.js";

function run(state: GameState, action: EngineAction) {
  return apply(state, action, seededRng(state.seed, state.version));
}

function seatsOf(state: GameState): [string, number][] {
  return state.seats.map((seat) => [seat.id, seat.seat]);
}

describe("createRoom", () => {
  it("seats the host at seat 0, not ready, in a lobby at version 0", () => {
    const state = createRoom({ roomId: "R", hostId: "h", hostName: "Host", seed: "s", now: 42 });
    expect(state.phase).toBe("lobby");
    expect(state.version).toBe(0);
    expect(state.createdAt).toBe(42);
    expect(state.hostId).toBe("h");
    expect(state.seats).toEqual([{ id: "h", name: "Host", seat: 0, ready: false }]);
  });

  it("defaults to no optional roles and ten seats", () => {
    const state = createRoom({ roomId: "R", hostId: "h", hostName: "Host", seed: "s", now: 0 });
    expect(state.options).toEqual({ roles: [], maxPlayers: 10 });
  });

  it("takes the options it is given", () => {
    const state = createRoom({ roomId: "R", hostId: "h", hostName: "H", options: { maxPlayers: 7 }, seed: "s", now: 0 });
    expect(state.options).toEqual({ roles: [], maxPlayers: 7 });
  });
});

describe("lobby actions", () => {
  it("seats a joining player at the first free seat", () => {
    let state = lobbyOf(3, {}, "s", false);
    state = mustApply(state, { type: "leave", playerId: "p1" });
    const result = run(state, { type: "join", playerId: "new", name: "New" });
    expect(result.ok && seatsOf(result.state)).toEqual([["p0", 0], ["new", 1], ["p2", 2]]);
    expect(result.ok && result.events).toEqual([{ type: "player_joined", playerId: "new", name: "New" }]);
  });

  it("moves a joining spectator from the spectators to a seat", () => {
    const state = mustApply(lobbyOf(2), { type: "spectate", playerId: "s" });
    const next = mustApply(state, { type: "join", playerId: "s", name: "S" });
    expect(next.spectators).toEqual([]);
    expect(next.seats.map((seat) => seat.id)).toContain("s");
  });

  it("frees the seat of a player who leaves and announces it", () => {
    const result = run(lobbyOf(3), { type: "leave", playerId: "p1" });
    expect(result.ok && seatsOf(result.state)).toEqual([["p0", 0], ["p2", 2]]);
    expect(result.ok && result.events).toEqual([{ type: "player_left", playerId: "p1" }]);
  });

  it("passes the host to the next seat when the host leaves", () => {
    const next = mustApply(lobbyOf(3), { type: "leave", playerId: "p0" });
    expect(next.hostId).toBe("p1");
  });

  it("wraps around the table when the host in the last seat leaves", () => {
    let state = mustApply(lobbyOf(3), { type: "seat", playerId: "p0", seat: 9 });
    state = mustApply(state, { type: "leave", playerId: "p0" });
    expect(state.hostId).toBe("p1");
  });

  it("keeps an empty room when its last player leaves", () => {
    const next = mustApply(lobbyOf(1), { type: "leave", playerId: "p0" });
    expect(next.seats).toEqual([]);
    expect(next.phase).toBe("lobby");
  });

  it("lets anyone not seated spectate during a game", () => {
    const next = mustApply(startedGame(5), { type: "spectate", playerId: "watcher" });
    expect(next.spectators).toEqual(["watcher"]);
  });

  it("lets a spectator leave during a game", () => {
    const state = mustApply(startedGame(5), { type: "spectate", playerId: "watcher" });
    expect(mustApply(state, { type: "leave", playerId: "watcher" }).spectators).toEqual([]);
  });

  it("lets a seated player leave once the game has ended", () => {
    const ended = mustApply(startedGame(5), { type: "close", playerId: "p0" });
    const next = mustApply(ended, { type: "leave", playerId: "p3" });
    expect(next.seats.map((seat) => seat.id)).not.toContain("p3");
  });

  it("moves a player to a free seat and keeps the seats in seat order", () => {
    const next = mustApply(lobbyOf(3), { type: "seat", playerId: "p0", seat: 7 });
    expect(seatsOf(next)).toEqual([["p1", 1], ["p2", 2], ["p0", 7]]);
  });

  it("marks a player ready and not ready", () => {
    const ready = mustApply(lobbyOf(2, {}, "s", false), { type: "ready", playerId: "p1", ready: true });
    expect(ready.seats.map((seat) => seat.ready)).toEqual([false, true]);
    const unready = mustApply(ready, { type: "ready", playerId: "p1", ready: false });
    expect(unready.seats.map((seat) => seat.ready)).toEqual([false, false]);
  });

  it("lets the host choose roles and the room size", () => {
    const next = mustApply(lobbyOf(3), { type: "configure", playerId: "p0", roles: ["percival", "morgana"], maxPlayers: 6 });
    expect(next.options).toEqual({ roles: ["percival", "morgana"], maxPlayers: 6 });
  });

  it("keeps the room size when configure leaves it out", () => {
    const next = mustApply(lobbyOf(3, { maxPlayers: 8 }), { type: "configure", playerId: "p0", roles: ["oberon"] });
    expect(next.options).toEqual({ roles: ["oberon"], maxPlayers: 8 });
  });

  it("moves players whose seat no longer exists when the room shrinks", () => {
    const state = mustApply(lobbyOf(3), { type: "seat", playerId: "p1", seat: 9 });
    const next = mustApply(state, { type: "configure", playerId: "p0", roles: [], maxPlayers: 5 });
    expect(seatsOf(next)).toEqual([["p0", 0], ["p1", 1], ["p2", 2]]);
  });

  it("starts the game: roles dealt, a leader chosen, first quest, first attempt", () => {
    const result = run(lobbyOf(5), { type: "start", playerId: "p0" });
    if (!result.ok) throw new Error(result.code);
    const { state } = result;
    expect(state.phase).toBe("team_building");
    expect(Object.keys(state.roles).sort()).toEqual(["p0", "p1", "p2", "p3", "p4"]);
    expect([state.quest, state.attempt]).toEqual([0, 0]);
    expect(result.events).toEqual([{ type: "game_started", players: 5, leader: state.seats[state.leader]?.id }]);
  });

  it("deals roles and the first leader from the rng it is handed", () => {
    const deals = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const state = startedGame(7, {}, `seed-${i}`);
      deals.add(JSON.stringify([state.roles, state.leader]));
    }
    expect(deals.size).toBeGreaterThan(10);
  });

  it("closes the room without a winner when the host asks", () => {
    const next = mustApply(startedGame(5), { type: "close", playerId: "p0" });
    expect([next.phase, next.winner, next.endReason]).toEqual(["ended", null, "closed"]);
  });

  it("closes the room when the system asks, even from the lobby", () => {
    const next = mustApply(lobbyOf(2), { type: "close", playerId: SYSTEM_ACTOR });
    expect([next.phase, next.endReason]).toEqual(["ended", "closed"]);
  });

  it("moves the version forward by exactly one per accepted action", () => {
    const state = lobbyOf(5);
    expect(mustApply(state, { type: "ready", playerId: "p1", ready: false }).version).toBe(state.version + 1);
  });
});
