import type { PlayerId } from "@avalon/protocol";

/**
 * Reads an own entry of a player-keyed record. Player ids are client text ("__proto__" passes the
 * id schema), so a plain `record[id]` could reach `Object.prototype`.
 */
export function ownEntry<T>(record: Readonly<Record<PlayerId, T>>, key: PlayerId): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
