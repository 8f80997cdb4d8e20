import fc from "fast-check";
import { CHAT_MAX_LENGTH, CLIENT_EVENTS, MAX_PLAYERS, OPTIONAL_ROLES, clientSchemas, type ClientEventName } from "@avalon/protocol";

/*
 * Payload generators for every client event: valid shapes built field by field from the zod
 * schemas in protocol/src/schemas.ts, and near-valid ones that break exactly one thing about
 * them (a missing field, a wrong type, an extra key, a value just out of range).
 */

export const roomIdArb = (known: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Z0-9]{4,16}$/) },
  );
const actionIdArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const versionArb = fc.nat({ max: 1000 });
const playerIdArb = (ids: string[]) => fc.oneof(fc.constantFrom(...ids), actionIdArb);
const boolArb = fc.boolean();

function withOptional<T extends object>(base: fc.Arbitrary<T>, opt: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<T> {
  return fc.tuple(base, fc.record(opt, { requiredKeys: [] })).map(([b, o]) => ({ ...b, ...o }));
}

/** A payload the schema accepts, for each event. */
export function validPayload(event: ClientEventName, rooms: string[], players: string[]): fc.Arbitrary<Record<string, unknown>> {
  const room = roomIdArb(rooms);
  const req = (extra: Record<string, fc.Arbitrary<unknown>> = {}) =>
    withOptional(fc.record({ roomId: room, ...extra }), { actionId: actionIdArb, expectedVersion: versionArb });
  const move = fc.oneof(
    fc.record({ type: fc.constant("propose"), team: fc.uniqueArray(playerIdArb(players), { minLength: 1, maxLength: MAX_PLAYERS }) }),
    fc.record({ type: fc.constant("vote"), approve: boolArb }),
    fc.record({ type: fc.constant("quest"), success: boolArb }),
    fc.record({ type: fc.constant("assassinate"), target: playerIdArb(players) }),
  );
  switch (event) {
    case "room:create":
      return fc.record(
        { options: fc.record({ roles: fc.subarray([...OPTIONAL_ROLES]), maxPlayers: fc.integer({ min: 5, max: 10 }) }, { requiredKeys: [] }) },
        { requiredKeys: [] },
      );
    case "room:join":
    case "room:spectate":
    case "room:leave":
    case "game:start":
      return req();
    case "room:seat":
      return req({ seat: fc.integer({ min: 0, max: MAX_PLAYERS - 1 }) });
    case "room:ready":
      return req({ ready: boolArb });
    case "room:configure":
      return withOptional(req({ roles: fc.subarray([...OPTIONAL_ROLES]) }), { maxPlayers: fc.integer({ min: 5, max: 10 }) });
    case "room:sync":
    case "presence:typing":
      return fc.record({ roomId: room });
    case "game:action":
      return withOptional(fc.record({ roomId: room, actionId: actionIdArb, move }), { expectedVersion: versionArb });
    case "chat:send":
      return fc.record({ roomId: room, text: fc.string({ minLength: 1, maxLength: CHAT_MAX_LENGTH }).filter((t) => t.trim().length > 0) });
  }
}

/** Values of every JSON kind and a few hostile ones, to put where a field belongs. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, "", -1, 1.5, 1e308, -0, "__proto__", "constructor", [], {}, true, "ABCDEF ", "abcdef", "A".repeat(17), "x".repeat(600)),
  fc.integer({ min: 11, max: 1_000_000 }),
  fc.string({ maxLength: 80, unit: "binary" }),
  fc.array(fc.string({ maxLength: 70 }), { minLength: 11, maxLength: 40 }),
  fc.integer({ min: 1, max: 20 }).map((d) => JSON.parse("[".repeat(d * 20) + "]".repeat(d * 20)) as unknown),
);

/** Breaks one thing about a valid payload. */
export function nearValid(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    // a field missing
    valid.chain((v) => (Object.keys(v).length ? fc.constantFrom(...Object.keys(v)).map((k) => omit(v, k)) : fc.constant({ ...v, junk: 1 }))),
    // a field of the wrong type or out of range
    valid.chain((v) => (Object.keys(v).length ? fc.tuple(fc.constantFrom(...Object.keys(v)), wrongValue).map(([k, w]) => ({ ...v, [k]: w })) : fc.constant(null))),
    // a nested field broken (the move, the options)
    valid.chain((v) => {
      const nested = Object.keys(v).filter((k) => v[k] && typeof v[k] === "object" && !Array.isArray(v[k]));
      if (!nested.length) return fc.constant({ ...v, extra: true });
      return fc.tuple(fc.constantFrom(...nested), fc.string({ maxLength: 12 }), wrongValue).map(([k, f, w]) => ({ ...v, [k]: { ...(v[k] as object), [f]: w } }));
    }),
    // an extra key, including the ones that name an actor
    fc.tuple(valid, fc.constantFrom("playerId", "actor", "seat2", "__proto__", "isHost", "role"), wrongValue).map(([v, k, w]) => JSON.parse(JSON.stringify({ ...v, [k === "__proto__" ? "__proto__x" : k]: w }).replace('"__proto__x"', '"__proto__"')) as unknown),
    // the payload replaced or wrapped
    wrongValue,
    valid.map((v) => [v]),
  );
}

function omit(v: Record<string, unknown>, key: string): Record<string, unknown> {
  const out = { ...v };
  delete out[key];
  return out;
}

export function isValid(event: string, payload: unknown): boolean {
  return (CLIENT_EVENTS as readonly string[]).includes(event) && clientSchemas[event as ClientEventName].safeParse(payload).success;
}

/** One fuzz case: an event (mostly real ones, some invented), the arguments, and who sends it. */
export function fuzzCase(rooms: string[], players: string[]) {
  const eventArb = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...CLIENT_EVENTS) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("admin:command", "room:Sync", "game:action ", "__proto__", "toString", "constructor")) },
  );
  return eventArb.chain((event) => {
    const known = (CLIENT_EVENTS as readonly string[]).includes(event);
    const valid = known ? validPayload(event as ClientEventName, rooms, players) : fc.record({ roomId: roomIdArb(rooms) });
    return fc.record({
      event: fc.constant(event),
      args: fc.oneof(
        { weight: 2, arbitrary: valid.map((p) => [p] as unknown[]) },
        { weight: 6, arbitrary: nearValid(valid).map((p) => [p] as unknown[]) },
        { weight: 1, arbitrary: fc.array(wrongValue, { maxLength: 3 }) },
      ),
      asMember: fc.boolean(),
    });
  });
}
