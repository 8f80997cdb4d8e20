import type { PlayerId, RoomId } from "./ids.js";

export const ROLES = [
  "merlin",
  "percival",
  "servant",
  "assassin",
  "morgana",
  "mordred",
  "oberon",
  "minion",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles the host may add; Merlin and the Assassin are always in, the rest is filled with servants and minions. */
export const OPTIONAL_ROLES = ["percival", "morgana", "mordred", "oberon"] as const;
export type OptionalRole = (typeof OPTIONAL_ROLES)[number];

export type Side = "good" | "evil";

export const PHASES = ["lobby", "team_building", "team_vote", "quest", "assassination", "ended"] as const;
export type Phase = (typeof PHASES)[number];

export const MIN_PLAYERS = 5;
export const MAX_PLAYERS = 10;

export type EndReason = "three_fails" | "five_rejections" | "merlin_assassinated" | "merlin_survived" | "closed";

export interface RoomOptions {
  /** Optional roles the host wants in the game. */
  roles: OptionalRole[];
  /** Seats in the room, 5..10. */
  maxPlayers: number;
}

export interface SeatView {
  id: PlayerId;
  name: string;
  seat: number;
  ready: boolean;
}

export interface VoteRecord {
  quest: number;
  attempt: number;
  leader: PlayerId;
  team: PlayerId[];
  /** Every seat's vote, revealed only once all votes are in. */
  votes: Record<PlayerId, boolean>;
  approved: boolean;
}

export interface QuestRecord {
  quest: number;
  team: PlayerId[];
  /** Only the count of fail cards is ever public, never who played them. */
  fails: number;
  failsRequired: number;
  succeeded: boolean;
}

/** What every seat and every spectator of a room may see. */
export interface PublicRoomView {
  roomId: RoomId;
  version: number;
  phase: Phase;
  hostId: PlayerId;
  options: RoomOptions;
  players: SeatView[];
  spectators: number;
  /** Team sizes of the five quests for the current player count (empty in the lobby). */
  teamSizes: number[];
  /** Fail cards needed to fail each quest. */
  failsRequired: number[];
  quest: number;
  attempt: number;
  leader: PlayerId | null;
  team: PlayerId[];
  /** Who has voted on the current team (not how). */
  voted: PlayerId[];
  /** Who has played a quest card on the current quest (not which). */
  played: PlayerId[];
  votes: VoteRecord[];
  quests: QuestRecord[];
  winner: Side | null;
  endReason: EndReason | null;
  /** Filled only once the game has ended. */
  roles: Record<PlayerId, Role> | null;
  assassinTarget: PlayerId | null;
}

/** What a player sees of another seat at night. */
export type Sighting = "evil" | "merlin_or_morgana";

/** What only one seat may see. */
export interface PrivateView {
  playerId: PlayerId;
  role: Role | null;
  side: Side | null;
  /** Seats this player knows something about, by the rules of the night phase. */
  knows: Record<PlayerId, Sighting>;
  myVote: boolean | null;
  myQuestCard: boolean | null;
  /** True for the assassin while the assassination is pending. */
  canAssassinate: boolean;
}

export interface PlayerView {
  public: PublicRoomView;
  /** Null for spectators. */
  private: PrivateView | null;
}

/** A public event of the room's timeline; never carries hidden information. */
export type PublicEvent =
  | { type: "player_joined"; playerId: PlayerId; name: string }
  | { type: "player_left"; playerId: PlayerId }
  | { type: "game_started"; players: number; leader: PlayerId }
  | { type: "team_proposed"; quest: number; attempt: number; leader: PlayerId; team: PlayerId[] }
  | { type: "vote_result"; quest: number; attempt: number; approved: boolean; votes: Record<PlayerId, boolean> }
  | { type: "quest_result"; quest: number; fails: number; succeeded: boolean }
  | { type: "assassination"; target: PlayerId; merlinHit: boolean }
  | { type: "game_ended"; winner: Side; reason: EndReason };
