import type { PlayerId } from "./ids.js";
import type { OptionalRole } from "./game.js";

/** A move a seated player makes in a game. */
export type GameMove =
  | { type: "propose"; team: PlayerId[] }
  | { type: "vote"; approve: boolean }
  | { type: "quest"; success: boolean }
  | { type: "assassinate"; target: PlayerId };

/** Everything that changes a room's state, as the engine receives it. */
export type EngineAction =
  | { type: "join"; playerId: PlayerId; name: string }
  | { type: "leave"; playerId: PlayerId }
  /** `maxSpectators` is the node's cap, stamped by the server (never by a client) so a replay decides alike. */
  | { type: "spectate"; playerId: PlayerId; maxSpectators?: number }
  | { type: "seat"; playerId: PlayerId; seat: number }
  | { type: "ready"; playerId: PlayerId; ready: boolean }
  | { type: "configure"; playerId: PlayerId; roles: OptionalRole[]; maxPlayers?: number }
  | { type: "start"; playerId: PlayerId }
  | { type: "close"; playerId: PlayerId }
  | (GameMove & { playerId: PlayerId });

export type EngineActionType = EngineAction["type"];
