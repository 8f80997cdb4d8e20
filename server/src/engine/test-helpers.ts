import { OPTIONAL_ROLES, type EngineAction, type EngineActionType, type PlayerId, type Role, type RoomOptions } from "@avalon/protocol";
import { apply, createRoom } from "./engine.js";
import { randomIndex, seededRng, shuffle, type Rng } from "./rng.js";
import { sideOf, teamSizesFor, validateSetup } from "./rules.js";
import type { GameState } from "./state.js";

/*
 * Helpers for tests that need a room in a given state or a game played to its end, without bots.
 * They throw on a refused action: in a test that is a bug in the test.
 */

function pick<T>(items: readonly T[], rng: Rng): T | null {
  return items.length === 0 ? null : (items[randomIndex(items.length, rng)] as T);
}

/**
 * A random legal action that moves the room towards the end of a game, chosen from the full
 * state (roles included), or null when there is none (the game has ended, or the lobby cannot be
 * started). In the lobby it readies a seat, then has the host start; it never joins, leaves,
 * configures or closes. Evil quest cards are a coin flip, good ones always succeed.
 */
export function randomLegalAction(state: GameState, rng: Rng): EngineAction | null {
  const seatIds = state.seats.map((seat) => seat.id);
  switch (state.phase) {
    case "lobby": {
      const unready = state.seats.filter((seat) => !seat.ready);
      const seat = pick(unready, rng);
      if (seat) return { type: "ready", playerId: seat.id, ready: true };
      const startable = state.seats.length >= 5 && validateSetup(state.seats.length, state.options.roles) === null;
      return startable ? { type: "start", playerId: state.hostId } : null;
    }
    case "team_building": {
      const leader = state.seats[state.leader];
      const size = teamSizesFor(state.seats.length)[state.quest];
      if (!leader || size === undefined) return null;
      return { type: "propose", playerId: leader.id, team: shuffle(seatIds, rng).slice(0, size) };
    }
    case "team_vote": {
      const voter = pick(seatIds.filter((id) => !Object.hasOwn(state.pendingVotes, id)), rng);
      return voter === null ? null : { type: "vote", playerId: voter, approve: rng() < 0.5 };
    }
    case "quest": {
      const player = pick(state.team.filter((id) => !Object.hasOwn(state.pendingCards, id)), rng);
      if (player === null) return null;
      const evil = isEvil(state, player);
      return { type: "quest", playerId: player, success: !evil || rng() < 0.5 };
    }
    case "assassination": {
      const assassin = seatIds.find((id) => roleOf(state, id) === "assassin");
      const target = pick(seatIds.filter((id) => !isEvil(state, id)), rng);
      return assassin === undefined || target === null ? null : { type: "assassinate", playerId: assassin, target };
    }
    case "ended":
      return null;
  }
}

function roleOf(state: GameState, playerId: PlayerId): Role | undefined {
  return Object.hasOwn(state.roles, playerId) ? state.roles[playerId] : undefined;
}

function isEvil(state: GameState, playerId: PlayerId): boolean {
  const role = roleOf(state, playerId);
  return role !== undefined && sideOf(role) === "evil";
}

/** Applies an action the way the server does (rng from seed and version); throws if refused. */
export function mustApply(state: GameState, action: EngineAction): GameState {
  const result = apply(state, action, seededRng(state.seed, state.version));
  if (!result.ok) throw new Error(`${action.type} by ${action.playerId} refused: ${result.code}`);
  return result.state;
}

/** Player ids of `lobbyOf` rooms: the host is "p0", the others "p1", "p2", ... */
export function playerIds(count: number): PlayerId[] {
  return Array.from({ length: count }, (_, i) => `p${i}`);
}

/** A lobby with `count` seated players; all ready unless `ready` is false. Not started. */
export function lobbyOf(
  count: number,
  options: Partial<RoomOptions> = {},
  seed = "seed",
  ready = true,
): GameState {
  const [host, ...others] = playerIds(count);
  let state = createRoom({ roomId: "ROOM", hostId: host ?? "p0", hostName: "P0", options, seed, now: 0 });
  for (const id of others) state = mustApply(state, { type: "join", playerId: id, name: id.toUpperCase() });
  if (ready) for (const id of playerIds(count)) state = mustApply(state, { type: "ready", playerId: id, ready: true });
  return state;
}

/** A started game with `count` players, roles dealt by the seed. */
export function startedGame(count: number, options: Partial<RoomOptions> = {}, seed = "seed"): GameState {
  return mustApply(lobbyOf(count, options, seed), { type: "start", playerId: "p0" });
}

/** The same state with roles dealt in seat order, for tests that need to know who is who. */
export function withRoles(state: GameState, roles: readonly Role[]): GameState {
  return { ...state, roles: Object.fromEntries(state.seats.map((seat, i) => [seat.id, roles[i] ?? "servant"])) };
}

/** Plays random legal actions until the game ends or `maxSteps` is reached; returns every state. */
export function playRandomly(state: GameState, rng: Rng, maxSteps = 1000): { states: GameState[]; actions: EngineAction[] } {
  const states = [state];
  const actions: EngineAction[] = [];
  let current = state;
  for (let step = 0; step < maxSteps; step++) {
    const action = randomLegalAction(current, rng);
    if (!action) break;
    current = mustApply(current, action);
    states.push(current);
    actions.push(action);
  }
  return { states, actions };
}

/** Freezes a value and everything it holds, so that a write to it throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const ACTION_TYPES: readonly EngineActionType[] = [
  "join",
  "leave",
  "spectate",
  "seat",
  "ready",
  "configure",
  "start",
  "close",
  "propose",
  "vote",
  "quest",
  "assassinate",
];

/**
 * An arbitrary action of any type, by a seated player, a spectator or one of `strangers`, with
 * arbitrary arguments: mostly illegal, sometimes legal. For fuzzing the engine's refusals.
 */
export function randomAnyAction(state: GameState, rng: Rng, strangers: readonly PlayerId[] = ["stranger"]): EngineAction {
  const ids = [...state.seats.map((seat) => seat.id), ...state.spectators, ...strangers];
  const playerId = pick(ids, rng) ?? "stranger";
  const someone = (): PlayerId => pick(ids, rng) ?? "stranger";
  const type = pick(ACTION_TYPES, rng) ?? "join";
  switch (type) {
    case "join":
      return { type, playerId, name: "Somebody" };
    case "leave":
    case "spectate":
    case "start":
    case "close":
      return { type, playerId };
    case "seat":
      return { type, playerId, seat: randomIndex(13, rng) - 1 };
    case "ready":
      return { type, playerId, ready: rng() < 0.5 };
    case "configure": {
      const roles = Array.from({ length: randomIndex(5, rng) }, () => pick(OPTIONAL_ROLES, rng) ?? "percival");
      return rng() < 0.5 ? { type, playerId, roles } : { type, playerId, roles, maxPlayers: 3 + randomIndex(9, rng) };
    }
    case "propose":
      return { type, playerId, team: Array.from({ length: randomIndex(7, rng) }, someone) };
    case "vote":
      return { type, playerId, approve: rng() < 0.5 };
    case "quest":
      return { type, playerId, success: rng() < 0.5 };
    case "assassinate":
      return { type, playerId, target: someone() };
  }
}
