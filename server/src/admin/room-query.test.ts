import { describe, expect, it } from "vitest";
import { queryRooms } from "./room-query.js";
import type { RoomSummary } from "../cluster/cluster-services.js";

const summary = (roomId: string, players: number, createdAt: number): RoomSummary => ({
  roomId, phase: "lobby", players, spectators: 0, createdAt, updatedAt: createdAt, version: 1,
});

describe("queryRooms", () => {
  const index = Array.from({ length: 120 }, (_, i) => summary(`R${String(i).padStart(4, "0")}`, (i % 6) + 5, i * 1000));
  const activity = { a: { R0001: { sockets: 3, msgsPerSec: 2, bytesPerSec: 100 } }, b: { R0001: { sockets: 2, msgsPerSec: 1, bytesPerSec: 50 } } };

  it("pages and reports the total", () => {
    const res = queryRooms(index, {}, { page: 2, pageSize: 50, sort: "roomId", desc: false }, 200_000);
    expect(res.total).toBe(120);
    expect(res.rooms.map((r) => r.roomId)).toEqual(index.slice(100).map((r) => r.roomId));
  });

  it("sums activity over nodes and lists the nodes a room's sockets are on", () => {
    const res = queryRooms(index, activity, { search: "R0001" });
    expect(res.rooms[0]).toMatchObject({ nodes: ["a", "b"], msgsPerSec: 3, bytesPerSec: 150 });
  });

  it("filters by status: a room with sockets is active, one without is abandoned, a finished one ended", () => {
    const rooms = [summary("AAAAAA", 5, 1), summary("BBBBBB", 5, 2), { ...summary("CCCCCC", 5, 3), phase: "ended" as const }];
    const seen = { a: { AAAAAA: { sockets: 5, msgsPerSec: 1, bytesPerSec: 1 } } };
    expect(queryRooms(rooms, seen, { status: "active" }).rooms.map((r) => r.roomId)).toEqual(["AAAAAA"]);
    expect(queryRooms(rooms, seen, { status: "abandoned" }).rooms.map((r) => r.roomId)).toEqual(["BBBBBB"]);
    expect(queryRooms(rooms, seen, { status: "ended" }).rooms.map((r) => r.roomId)).toEqual(["CCCCCC"]);
  });

  it("sorts by players descending", () => {
    const res = queryRooms(index, {}, { sort: "players", desc: true, pageSize: 5 });
    expect(res.rooms.every((r) => r.players === 10)).toBe(true);
  });
});
