import { describe, expect, it } from "vitest";
import { closeRoomConfirm, drainConfirm } from "./confirm-text";

describe("drainConfirm", () => {
  it("names the node and how many connections it holds", () => {
    const text = drainConfirm({ nodeId: "node-2", connections: 1234, rooms: 80 });
    expect(text.title).toBe("Drain node node-2?");
    expect(text.body).toMatch(/^It holds 1234 connections and 80 rooms\./);
  });

  it("uses the singular for one connection", () => {
    expect(drainConfirm({ nodeId: "n", connections: 1, rooms: 1 }).body).toMatch(/^It holds 1 connection and 1 room\./);
  });
});

describe("closeRoomConfirm", () => {
  it("names the room and who is in it", () => {
    const text = closeRoomConfirm({ roomId: "ABCD", players: 5, spectators: 0, phase: "team_vote" });
    expect(text.title).toBe("Close room ABCD?");
    expect(text.body).toContain("5 players and 0 spectators (phase: team vote)");
  });
});
