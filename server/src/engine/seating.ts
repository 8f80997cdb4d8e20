import type { PlayerId } from "@avalon/protocol";
import type { GameState, Seat } from "./state.js";

export function seatOf(state: GameState, playerId: PlayerId): Seat | undefined {
  return state.seats.find((seat) => seat.id === playerId);
}

export function isSeated(state: GameState, playerId: PlayerId): boolean {
  return state.seats.some((seat) => seat.id === playerId);
}

export function isSpectator(state: GameState, playerId: PlayerId): boolean {
  return state.spectators.includes(playerId);
}

export function isInRoom(state: GameState, playerId: PlayerId): boolean {
  return isSeated(state, playerId) || isSpectator(state, playerId);
}

/** The lowest seat number below `maxPlayers` nobody sits in, or null when the table is full. */
export function firstFreeSeat(seats: readonly Seat[], maxPlayers: number): number | null {
  const taken = new Set(seats.map((seat) => seat.seat));
  for (let n = 0; n < maxPlayers; n++) if (!taken.has(n)) return n;
  return null;
}

export function bySeatNumber(seats: readonly Seat[]): Seat[] {
  return [...seats].sort((a, b) => a.seat - b.seat);
}

/** The index after `index` in turn order, wrapping around the table. */
export function nextIndex(index: number, seatCount: number): number {
  return seatCount === 0 ? 0 : (index + 1) % seatCount;
}

/**
 * Seats moved inside a smaller table: anyone whose number is now out of range takes the lowest
 * free number, so shrinking the room never unseats a player.
 */
export function fitSeats(seats: readonly Seat[], maxPlayers: number): Seat[] {
  const kept = seats.filter((seat) => seat.seat < maxPlayers);
  for (const seat of seats) {
    if (seat.seat < maxPlayers) continue;
    const free = firstFreeSeat(kept, maxPlayers);
    if (free === null) return [...seats];
    kept.push({ ...seat, seat: free });
  }
  return bySeatNumber(kept);
}
