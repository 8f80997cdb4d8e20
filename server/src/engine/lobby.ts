import { MIN_PLAYERS, type OptionalRole, type PlayerId } from "@avalon/protocol";
import { accept, reject, type ApplyResult } from "./result.js";
import { playerRecord } from "./records.js";
import { randomIndex, shuffle, type Rng } from "./rng.js";
import { buildRoles, validateOptions, validateSetup } from "./rules.js";
import { bySeatNumber, firstFreeSeat, fitSeats, isInRoom, isSeated, isSpectator } from "./seating.js";
import { SYSTEM_ACTOR, freshGame, type GameState } from "./state.js";

/*
 * Room actions. The dispatcher in engine.ts has already checked the phase; each handler checks
 * the actor, then the legality of the request.
 */

export function join(state: GameState, playerId: PlayerId, name: string): ApplyResult {
  if (isSeated(state, playerId)) return reject("already_in_room");
  const seat = firstFreeSeat(state.seats, state.options.maxPlayers);
  if (seat === null) return reject("room_full");
  return accept(
    {
      ...state,
      seats: bySeatNumber([...state.seats, { id: playerId, name, seat, ready: false }]),
      spectators: state.spectators.filter((id) => id !== playerId),
    },
    [{ type: "player_joined", playerId, name }],
  );
}

export function leave(state: GameState, playerId: PlayerId): ApplyResult {
  if (isSpectator(state, playerId)) {
    return accept({ ...state, spectators: state.spectators.filter((id) => id !== playerId) });
  }
  const index = state.seats.findIndex((seat) => seat.id === playerId);
  if (index < 0) return reject("not_in_room");
  // A seat cannot be given up mid-game: quests and night knowledge are dealt to it.
  if (state.phase !== "lobby" && state.phase !== "ended") return reject("wrong_phase");
  const seats = state.seats.filter((seat) => seat.id !== playerId);
  const successor = seats[index % Math.max(seats.length, 1)];
  const hostId = state.hostId === playerId && successor ? successor.id : state.hostId;
  const leader = seats.length === 0 ? 0 : state.leader % seats.length;
  return accept({ ...state, seats, hostId, leader }, [{ type: "player_left", playerId }]);
}

export function spectate(state: GameState, playerId: PlayerId, maxSpectators = Infinity): ApplyResult {
  if (isSeated(state, playerId) || isSpectator(state, playerId)) return reject("already_in_room");
  if (state.spectators.length >= maxSpectators) return reject("spectators_full");
  return accept({ ...state, spectators: [...state.spectators, playerId] });
}

export function takeSeat(state: GameState, playerId: PlayerId, seat: number): ApplyResult {
  if (!isSeated(state, playerId)) return reject("not_in_room");
  const free =
    Number.isInteger(seat) && seat >= 0 && seat < state.options.maxPlayers && !state.seats.some((s) => s.seat === seat);
  if (!free) return reject("invalid_seat");
  const seats = bySeatNumber(state.seats.map((s) => (s.id === playerId ? { ...s, seat } : s)));
  return accept({ ...state, seats });
}

export function setReady(state: GameState, playerId: PlayerId, ready: boolean): ApplyResult {
  if (!isSeated(state, playerId)) return reject("not_in_room");
  const seats = state.seats.map((s) => (s.id === playerId ? { ...s, ready: ready === true } : s));
  return accept({ ...state, seats });
}

export function configure(
  state: GameState,
  playerId: PlayerId,
  roles: OptionalRole[],
  maxPlayers: number | undefined,
): ApplyResult {
  const hostCheck = checkHost(state, playerId);
  if (hostCheck) return hostCheck;
  const options = { roles, maxPlayers: maxPlayers ?? state.options.maxPlayers };
  // Roles are checked against the room's size here; the seated count is checked again at start.
  const invalid = validateOptions(options);
  if (invalid) return reject(invalid);
  if (options.maxPlayers < state.seats.length) return reject("invalid_setup");
  return accept({
    ...state,
    options: { roles: [...roles], maxPlayers: options.maxPlayers },
    seats: fitSeats(state.seats, options.maxPlayers),
  });
}

export function start(state: GameState, playerId: PlayerId, rng: Rng): ApplyResult {
  const hostCheck = checkHost(state, playerId);
  if (hostCheck) return hostCheck;
  const count = state.seats.length;
  if (count < MIN_PLAYERS) return reject("not_enough_players");
  if (!state.seats.every((seat) => seat.ready)) return reject("players_not_ready");
  const invalid = validateSetup(count, state.options.roles);
  if (invalid) return reject(invalid);
  const dealt = shuffle(buildRoles(count, state.options.roles), rng);
  const roles = playerRecord(state.seats.map((seat, i) => [seat.id, dealt[i] ?? "servant"] as const));
  const leader = randomIndex(count, rng);
  return accept(
    {
      ...state,
      phase: "team_building",
      roles,
      leader,
      ...freshGame(),
    },
    [{ type: "game_started", players: count, leader: state.seats[leader]?.id ?? playerId }],
  );
}

/**
 * Ends the room without a winner. No `game_ended` event: that event names a winning side, and a
 * closed room has none; the phase change itself tells the clients.
 */
export function close(state: GameState, playerId: PlayerId): ApplyResult {
  if (playerId !== SYSTEM_ACTOR) {
    const hostCheck = checkHost(state, playerId);
    if (hostCheck) return hostCheck;
  }
  return accept({
    ...state,
    phase: "ended",
    winner: null,
    endReason: "closed",
    pendingVotes: playerRecord(),
    pendingCards: playerRecord(),
  });
}

function checkHost(state: GameState, playerId: PlayerId): ApplyResult | null {
  if (!isInRoom(state, playerId)) return reject("not_in_room");
  if (playerId !== state.hostId) return reject("not_host");
  return null;
}
