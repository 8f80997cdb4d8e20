import { describe, expect, it } from "vitest";
import type { RoomActivity } from "../cluster/cluster-services.js";
import { hostedRooms } from "./room-hosting.js";

const sockets = (n: number): RoomActivity => ({ sockets: n, msgsPerSec: 0, bytesPerSec: 0 });

describe("hostedRooms", () => {
  const activity = {
    b: { SPLIT: sockets(3), ONLYB: sockets(1), TIED: sockets(2) },
    a: { SPLIT: sockets(2), ONLYA: sockets(4), TIED: sockets(2), EMPTY: sockets(0) },
  };

  it("gives a room split over nodes to the node with most of its sockets", () => {
    expect(hostedRooms("b", activity).has("SPLIT")).toBe(true);
    expect(hostedRooms("a", activity).has("SPLIT")).toBe(false);
  });

  it("gives a tie to the lowest node id", () => {
    expect(hostedRooms("a", activity).has("TIED")).toBe(true);
    expect(hostedRooms("b", activity).has("TIED")).toBe(false);
  });

  it("counts every room with sockets on exactly one node, and a room without sockets on none", () => {
    const a = hostedRooms("a", activity);
    const b = hostedRooms("b", activity);
    expect([...a].sort()).toEqual(["ONLYA", "TIED"]);
    expect([...b].sort()).toEqual(["ONLYB", "SPLIT"]);
    expect(hostedRooms("c", activity).size).toBe(0);
  });
});
