import { describe, expect, it } from "vitest";
import { frameRoom, outboundEvent } from "./traffic-hooks.js";

describe("outboundEvent", () => {
  it("reads the event name at the head of a game-namespace event frame", () => {
    expect(outboundEvent('2["room:patch",{"roomId":"ABC"}]')).toBe("room:patch");
    expect(outboundEvent('2["session",{}]')).toBe("session");
    expect(outboundEvent('21["room:snapshot",{}]')).toBe("room:snapshot");
  });

  it("tells apart names that share a prefix", () => {
    expect(outboundEvent('2["session:replaced",{}]')).toBe("session:replaced");
    expect(outboundEvent('2["presence:online",{}]')).toBe("presence:online");
    expect(outboundEvent('2["presence:typing",{}]')).toBe("presence:typing");
  });

  it("ignores acks, connect packets, other namespaces, names outside the protocol and short frames", () => {
    expect(outboundEvent('30[{"ok":true}]')).toBeNull();
    expect(outboundEvent('0{"sid":"x"}')).toBeNull();
    expect(outboundEvent('2/admin,["admin:cluster",{}]')).toBeNull();
    expect(outboundEvent('2["room:patchy",{}]')).toBeNull();
    expect(outboundEvent('2["room:pat')).toBeNull();
    expect(outboundEvent("2")).toBeNull();
    expect(outboundEvent("")).toBeNull();
  });
});

describe("frameRoom", () => {
  it("reads the room a room event's frame is about", () => {
    expect(frameRoom('2["room:patch",{"roomId":"ABC123","from":1}]')).toBe("ABC123");
    expect(frameRoom('2["presence:online",{"roomId":"QWERTY","playerId":"p"}]')).toBe("QWERTY");
  });

  it("finds no room in frames without one at their head", () => {
    expect(frameRoom('2["session",{"playerId":"p","roomId":"ABC123"}]')).toBeNull();
    expect(frameRoom('2["room:patch",{"roomId":"ABC')).toBeNull();
    expect(frameRoom('2["room:patch",{"roomId":"THISISFARTOOLONGTOBEAROOM"}]')).toBeNull();
  });
});
