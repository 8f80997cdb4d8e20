import type { EndReason, Phase, PlayerId, QuestRecord, Role, RoomId, RoomOptions, Side, VoteRecord } from "@avalon/protocol";
import { playerRecord } from "./records.js";

/** Actor id used for actions the system itself takes (an operator closing a room). */
export const SYSTEM_ACTOR: PlayerId = "@system";

export interface Seat {
  id: PlayerId;
  name: string;
  /** Seat number at the table, 0..maxPlayers-1; numbers skip the free seats. */
  seat: number;
  ready: boolean;
}

/**
 * The whole, unfiltered state of one room. It holds secrets (roles, votes in progress, quest
 * cards) and never leaves the server as is: clients get `playerView`.
 */
export interface GameState {
  roomId: RoomId;
  version: number;
  /** Seed of the room's randomness; with the action log it replays the game exactly. */
  seed: string;
  createdAt: number;
  phase: Phase;
  hostId: PlayerId;
  options: RoomOptions;
  /** Seated players sorted by seat number; `leader` indexes this array, so its order is the turn order. */
  seats: Seat[];
  spectators: PlayerId[];
  /** Secret until the game ends. Empty in the lobby. */
  roles: Record<PlayerId, Role>;
  /** Index into `seats` of the current leader. */
  leader: number;
  /** Quest index 0..4. */
  quest: number;
  /** Team proposals rejected in a row on this quest (the 5th rejection makes evil win). */
  attempt: number;
  team: PlayerId[];
  /** Secret until every seat has voted. */
  pendingVotes: Record<PlayerId, boolean>;
  /** Secret forever: only the count of fails is published. */
  pendingCards: Record<PlayerId, boolean>;
  votes: VoteRecord[];
  quests: QuestRecord[];
  winner: Side | null;
  endReason: EndReason | null;
  assassinTarget: PlayerId | null;
}

/** The game part of a state before its first quest (rooms start here, and a start resets to it). */
export function freshGame(): Pick<GameState, "quest" | "attempt" | "team" | "pendingVotes" | "pendingCards" | "votes" | "quests" | "winner" | "endReason" | "assassinTarget"> {
  return { quest: 0, attempt: 0, team: [], pendingVotes: playerRecord(), pendingCards: playerRecord(), votes: [], quests: [], winner: null, endReason: null, assassinTarget: null };
}
