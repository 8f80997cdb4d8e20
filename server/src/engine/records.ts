import type { PlayerId } from "@avalon/protocol";

/**
 * Reads an own entry of a player-keyed record. Player ids are client text ("__proto__" passes the
 * id schema), so a plain `record[id]` could reach `Object.prototype`.
 */
export function ownEntry<T>(record: Readonly<Record<PlayerId, T>>, key: PlayerId): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/*
 * Player-keyed records are built without a prototype. V8 gives an object literal a hidden class
 * for each sequence of keys it is built with, and player ids are random: every room's votes made
 * classes no other object shared, a thousand a second at 10,000 players, each allocated straight in
 * the old generation (a heap at that load held 74,000 of them). An object made by
 * `Object.create(null)` keeps its keys in a hash table and makes none. JSON, `Object.keys` and
 * `Object.hasOwn` see no difference, and a "__proto__" id is an ordinary key in it.
 */

/** A player-keyed record of these entries. */
export function playerRecord<T>(entries: Iterable<readonly [PlayerId, T]> = []): Record<PlayerId, T> {
  const out = Object.create(null) as Record<PlayerId, T>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** A copy of `record` with `key` set to `value`. */
export function withEntry<T>(record: Readonly<Record<PlayerId, T>>, key: PlayerId, value: T): Record<PlayerId, T> {
  const out = Object.create(null) as Record<PlayerId, T>;
  for (const k of Object.keys(record)) out[k] = record[k] as T;
  out[key] = value;
  return out;
}
