import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clientSchemas, type ClientEventName } from "@avalon/protocol";
import { fastParse } from "./fast-payloads.js";

const HOT: ClientEventName[] = ["game:action", "room:ready", "chat:send", "presence:typing", "room:sync"];

// Mostly valid values, so that the fast path is taken often, with invalid ones mixed in.
const sometimes = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 });
const roomId = sometimes(fc.constantFrom("ABCD", "ROOM42", "A".repeat(16)), fc.oneof(fc.constantFrom("abcd", "AB", "A".repeat(17), "AB-CD", ""), fc.string()));
const id = sometimes(fc.constantFrom("a1", "x_y-z", "a".repeat(64), "__proto__"), fc.oneof(fc.constantFrom("a".repeat(65), "", "a b"), fc.string()));
const version = sometimes(fc.nat(), fc.constantFrom(-1, 1.5, -0, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, "3"));
const bool = sometimes(fc.boolean(), fc.constantFrom(null, 1, "true"));
const move = sometimes(
  fc.oneof(
    fc.record({ type: fc.constant("vote"), approve: bool }),
    fc.record({ type: fc.constant("quest"), success: bool }),
    fc.record({ type: fc.constant("propose"), team: fc.array(id, { maxLength: 12 }) }),
    fc.record({ type: fc.constant("assassinate"), target: id }),
  ),
  fc.oneof(fc.record({ type: fc.constantFrom("vote", "dance"), approve: fc.boolean(), extra: fc.anything() }, { requiredKeys: ["type"] }), fc.anything()),
);
const text = sometimes(fc.string({ minLength: 1, maxLength: 40 }), fc.oneof(fc.constantFrom("   ", "", "x".repeat(281), " x".repeat(140)), fc.anything()));
const extra = fc.option(fc.record({ other: fc.anything() }), { freq: 8 });
const withExtra = (p: fc.Arbitrary<object>) => fc.tuple(p, extra).map(([base, more]) => (more ? { ...base, ...more } : base));
const shapes = {
  action: withExtra(fc.record({ roomId, actionId: id, expectedVersion: version, move }, { requiredKeys: ["roomId", "actionId", "move"] })),
  ready: withExtra(fc.record({ roomId, actionId: id, expectedVersion: version, ready: bool }, { requiredKeys: ["roomId", "ready"] })),
  chat: withExtra(fc.record({ roomId, text })),
  room: withExtra(fc.record({ roomId })),
};
const anyShape = fc.oneof(shapes.action, shapes.ready, shapes.chat, shapes.room, fc.anything());
const request: fc.Arbitrary<[ClientEventName, unknown]> = fc.oneof(
  fc.tuple(fc.constant("game:action" as const), shapes.action),
  fc.tuple(fc.constant("room:ready" as const), shapes.ready),
  fc.tuple(fc.constant("chat:send" as const), shapes.chat),
  fc.tuple(fc.constantFrom("presence:typing" as const, "room:sync" as const), shapes.room),
  fc.tuple(fc.constantFrom(...HOT), anyShape),
);

describe("fast payload checks", () => {
  it("accept only what the schema accepts, and return what the schema returns", () => {
    let accepted = 0;
    fc.assert(
      fc.property(request, ([event, p]) => {
        const fast = fastParse(event, p);
        if (fast === undefined) return;
        accepted++;
        const slow = clientSchemas[event].safeParse(p);
        expect(slow.success).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.data));
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it("take the fast path for the payloads bots and browsers send", () => {
    expect(fastParse("game:action", { roomId: "ROOM42", actionId: "a1", expectedVersion: 3, move: { type: "vote", approve: true } })).toEqual({
      roomId: "ROOM42",
      actionId: "a1",
      expectedVersion: 3,
      move: { type: "vote", approve: true },
    });
    expect(fastParse("room:ready", { roomId: "ROOM42", ready: true })).toEqual({ roomId: "ROOM42", ready: true });
    expect(fastParse("chat:send", { roomId: "ROOM42", text: "  hello " })).toEqual({ roomId: "ROOM42", text: "hello" });
  });
});
