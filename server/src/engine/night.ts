import type { PlayerId, Role, Sighting } from "@avalon/protocol";
import { ownEntry, playerRecord } from "./records.js";
import { sideOf } from "./rules.js";

/**
 * What `viewer` learnt at night, by the rulebook: Merlin sees the evil seats except Mordred;
 * Percival sees Merlin and Morgana without telling them apart; evil seats see each other except
 * Oberon, who neither sees nor is seen by them; servants see no one.
 */
export function nightKnowledge(
  roles: Readonly<Record<PlayerId, Role>>,
  seatOrder: readonly PlayerId[],
  viewer: PlayerId,
): Record<PlayerId, Sighting> {
  const own = ownEntry(roles, viewer);
  if (own === undefined) return playerRecord();
  const sightings: [PlayerId, Sighting][] = [];
  for (const other of seatOrder) {
    const role = ownEntry(roles, other);
    const sighting = other === viewer || role === undefined ? null : sees(own, role);
    if (sighting) sightings.push([other, sighting]);
  }
  return playerRecord(sightings);
}

function sees(viewer: Role, other: Role): Sighting | null {
  switch (viewer) {
    case "merlin":
      return sideOf(other) === "evil" && other !== "mordred" ? "evil" : null;
    case "percival":
      return other === "merlin" || other === "morgana" ? "merlin_or_morgana" : null;
    case "assassin":
    case "morgana":
    case "mordred":
    case "minion":
      return sideOf(other) === "evil" && other !== "oberon" ? "evil" : null;
    case "oberon":
    case "servant":
      return null;
  }
}
