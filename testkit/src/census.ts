import type { GameStore } from "@avalon/server";
import type { PlayerId, RoomId } from "@avalon/protocol";

/** Players seated in more than one room that is not over, read from the store (only `only`'s, when given). */
export async function doubleSeats(store: Pick<GameStore, "listRooms" | "load">, only?: PlayerId[]): Promise<string[]> {
  const seats = new Map<PlayerId, RoomId[]>();
  for (const roomId of await store.listRooms()) {
    const record = await store.load(roomId);
    if (!record || record.state.phase === "ended") continue;
    for (const s of record.state.seats) if (!only || only.includes(s.id)) seats.set(s.id, [...(seats.get(s.id) ?? []), roomId]);
  }
  return [...seats].filter(([, rooms]) => rooms.length > 1).map(([id, rooms]) => `${id} in ${rooms.join(",")}`);
}

/** Player ids with more than one live socket, from a list of sockets' player ids. */
export function doubleSockets(playerIds: PlayerId[]): PlayerId[] {
  const seen = new Map<PlayerId, number>();
  for (const id of playerIds) seen.set(id, (seen.get(id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}
