import type { PlayerId } from "@avalon/protocol";
import { ownEntry } from "../engine/records.js";
import type { GameState } from "../engine/state.js";

function sameSeatOrder(a: GameState, b: GameState): boolean {
  if (a.seats === b.seats) return true;
  if (a.seats.length !== b.seats.length) return false;
  for (let i = 0; i < a.seats.length; i++) if (a.seats[i]?.id !== b.seats[i]?.id) return false;
  return true;
}

function sameEntries<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
  return true;
}

/**
 * The seats whose private view may differ between `prev` and `next`, read from the inputs of
 * `privateView` instead of building and comparing every seat's view twice. Seats, roles, the
 * lobby and the assassination phase feed every view (night knowledge, `canAssassinate`), so a
 * change there names every seat; otherwise only seats whose own pending vote or card changed.
 */
export function seatsWithPrivateChanges(prev: GameState, next: GameState): { all: boolean; seats: PlayerId[] } {
  const everyone =
    !sameSeatOrder(prev, next) ||
    (prev.phase === "lobby") !== (next.phase === "lobby") ||
    (prev.phase === "assassination") !== (next.phase === "assassination") ||
    !sameEntries(prev.roles, next.roles);
  if (everyone) {
    const ids = new Set<PlayerId>();
    for (const s of prev.seats) ids.add(s.id);
    for (const s of next.seats) ids.add(s.id);
    return { all: true, seats: [...ids] };
  }
  const seats: PlayerId[] = [];
  if (prev.pendingVotes === next.pendingVotes && prev.pendingCards === next.pendingCards) return { all: false, seats };
  for (const s of next.seats) {
    if (ownEntry(prev.pendingVotes, s.id) !== ownEntry(next.pendingVotes, s.id) || ownEntry(prev.pendingCards, s.id) !== ownEntry(next.pendingCards, s.id)) {
      seats.push(s.id);
    }
  }
  return { all: false, seats };
}
