import type { EngineAction, OptionalRole, Phase, PlayerId, RoomId, RoomOptions } from "@avalon/protocol";
import { close, configure, join, leave, setReady, spectate, start, takeSeat } from "./lobby.js";
import { assassinate, playCard, propose, vote } from "./moves.js";
import { playerRecord } from "./records.js";
import { reject, type ApplyResult } from "./result.js";
import type { Rng } from "./rng.js";
import { freshGame, type GameState } from "./state.js";

export type { ApplyResult } from "./result.js";

/** Defaults of a new room: no optional roles, ten seats. */
export const DEFAULT_ROOM_OPTIONS: Readonly<{ roles: readonly OptionalRole[]; maxPlayers: number }> = Object.freeze({
  roles: Object.freeze([]),
  maxPlayers: 10,
});

export interface CreateRoomInput {
  roomId: RoomId;
  hostId: PlayerId;
  hostName: string;
  /** Checked by the caller (`validateOptions`); an impossible setup is refused again at start. */
  options?: Partial<RoomOptions>;
  seed: string;
  /** Creation time, ms since epoch. */
  now: number;
}

/** A new room in the lobby, with its host in seat 0, not ready. */
export function createRoom(input: CreateRoomInput): GameState {
  return {
    roomId: input.roomId,
    version: 0,
    seed: input.seed,
    createdAt: input.now,
    phase: "lobby",
    hostId: input.hostId,
    options: {
      roles: [...(input.options?.roles ?? DEFAULT_ROOM_OPTIONS.roles)],
      maxPlayers: input.options?.maxPlayers ?? DEFAULT_ROOM_OPTIONS.maxPlayers,
    },
    seats: [{ id: input.hostId, name: input.hostName, seat: 0, ready: false }],
    spectators: [],
    roles: playerRecord(),
    leader: 0,
    ...freshGame(),
  };
}

const ANY_PHASE: readonly Phase[] = ["lobby", "team_building", "team_vote", "quest", "assassination", "ended"];

/** The phases in which each action may be taken: the first of the engine's checks. */
export const ACTION_PHASES: Readonly<Record<EngineAction["type"], readonly Phase[]>> = {
  join: ["lobby"],
  leave: ANY_PHASE,
  spectate: ANY_PHASE,
  seat: ["lobby"],
  ready: ["lobby"],
  configure: ["lobby"],
  start: ["lobby"],
  close: ANY_PHASE.filter((phase) => phase !== "ended"),
  propose: ["team_building"],
  vote: ["team_vote"],
  quest: ["quest"],
  assassinate: ["assassination"],
};

/**
 * The rules engine: the next state of the room after `action`, or the code of the first check it
 * fails (phase, then actor, then legality). It never throws for a bad move and never mutates
 * `state`. `rng` must be `seededRng(state.seed, state.version)` for the game to replay from its log.
 */
export function apply(state: GameState, action: EngineAction, rng: Rng): ApplyResult {
  const phases: readonly Phase[] | undefined = Object.hasOwn(ACTION_PHASES, action?.type)
    ? ACTION_PHASES[action.type]
    : undefined;
  if (!phases || !phases.includes(state.phase)) return reject("wrong_phase");
  switch (action.type) {
    case "join":
      return join(state, action.playerId, action.name);
    case "leave":
      return leave(state, action.playerId);
    case "spectate":
      return spectate(state, action.playerId, action.maxSpectators);
    case "seat":
      return takeSeat(state, action.playerId, action.seat);
    case "ready":
      return setReady(state, action.playerId, action.ready);
    case "configure":
      return configure(state, action.playerId, action.roles, action.maxPlayers);
    case "start":
      return start(state, action.playerId, rng);
    case "close":
      return close(state, action.playerId);
    case "propose":
      return propose(state, action.playerId, action.team);
    case "vote":
      return vote(state, action.playerId, action.approve);
    case "quest":
      return playCard(state, action.playerId, action.success);
    case "assassinate":
      return assassinate(state, action.playerId, action.target);
  }
}
