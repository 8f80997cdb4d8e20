/**
 * Every way a request can be refused. Engine codes come from the rules; the others from the
 * transport, the store and the limits. Each is answered as `{ ok: false, code, message }`.
 */
export const ENGINE_ERROR_CODES = [
  "wrong_phase", // the action does not belong to the room's current phase
  "not_in_room", // the actor has no seat (or spectator place) in this room
  "already_in_room", // joining or spectating a room the player is already in; creating, joining or spectating while playing elsewhere
  "room_full", // every seat is taken
  "not_host", // only the host may configure, start or close
  "invalid_seat", // seat index outside the table or taken
  "invalid_setup", // optional roles that this player count cannot hold
  "not_enough_players", // fewer than 5 seated at start
  "players_not_ready", // someone seated is not ready at start
  "not_leader", // only the current leader proposes a team
  "wrong_team_size", // team size differs from this quest's size
  "duplicate_team_member", // the same seat twice in one team
  "unknown_player", // a player id that is not seated in this game
  "already_voted", // a second vote on the same team
  "not_on_team", // quest card from a seat that is not on the quest
  "already_played", // a second quest card
  "good_must_succeed", // a good player tried to play fail
  "not_assassin", // only the assassin names Merlin
  "invalid_target", // the assassin naming themself
  "spectators_full", // the room holds as many spectators as the node allows (MAX_SPECTATORS_PER_ROOM)
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export const TRANSPORT_ERROR_CODES = [
  "bad_request", // the payload failed validation
  "payload_too_large", // the frame exceeds the payload limit
  "rate_limited", // too many events from this socket
  "room_not_found", // no room with this code
  "room_limit", // this node holds as many rooms as it may
  "lobby_limit", // this player or address already holds as many open lobbies as allowed
  "stale_version", // the client's expected version is not the room's version
  "conflict", // a concurrent change won too many times in a row; retry
  "unavailable", // the state store cannot be reached; nothing was changed
  "outcome_unknown", // the store lost its reply to a change, which may have been applied; resend with the same actionId
  "draining", // this node is shutting down; reconnect elsewhere
  "server_full", // connection cap reached
  "server_busy", // new connections arrive faster than the node admits them; retry after the time given
  "invalid_token", // resume or admin token is not valid
  "origin_not_allowed", // the handshake's Origin is not in CORS_ORIGIN (HTTP 403, before any connection)
  "forbidden", // the caller's role may not do this
  "not_found", // the target of an admin command does not exist
  "last_serving_node", // a drain of the only node still serving players, sent without `force`
  "internal", // a bug: logged on the server
] as const;
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

export type ErrorCode = EngineErrorCode | TransportErrorCode;

export interface AckError {
  ok: false;
  code: ErrorCode;
  message: string;
}
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;
export type AckFn<T extends object = object> = (response: Ack<T>) => void;
