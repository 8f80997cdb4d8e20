import { describe, expect, it } from "vitest";
import { MAX_ROOM_PAGE_SIZE, roomQuerySchema } from "@avalon/protocol";
import type { RoomSummary } from "../cluster/cluster-services.js";
import { RoomListing } from "./room-listing.js";

const summary = (i: number): RoomSummary => ({ roomId: `R${String(i).padStart(4, "0")}`, phase: i % 2 ? "lobby" : "quest", players: i % 10, spectators: 0, createdAt: i, updatedAt: i, version: 1 });

function listing(n: number) {
  let now = 0;
  const reads = { index: 0 };
  const index = Array.from({ length: n }, (_, i) => summary(i));
  const rooms = new RoomListing({
    cluster: {
      listRoomIndex: async () => {
        reads.index++;
        return index;
      },
      listActivity: async () => ({}),
    },
    clock: () => now,
  });
  return { rooms, reads, index, advance: (ms: number) => (now += ms) };
}

describe("RoomListing", () => {
  it("reads the cluster's index once per period, whatever the number of requests", async () => {
    const t = listing(500);
    await Promise.all(Array.from({ length: 100 }, (_, page) => t.rooms.query(roomQuerySchema.parse({ page, pageSize: 1, sort: "players" }))));
    expect(t.reads.index).toBe(1);
    t.advance(1000);
    await t.rooms.query(roomQuerySchema.parse({}));
    expect(t.reads.index).toBe(2);
  });

  it("answers pages, filters and totals as a full sort would", async () => {
    const t = listing(300);
    const res = await t.rooms.query(roomQuerySchema.parse({ phase: "lobby", sort: "roomId", desc: false, page: 1, pageSize: 10 }));
    expect(res.total).toBe(150);
    expect(res.rooms.map((r) => r.roomId)).toEqual(t.index.filter((s) => s.phase === "lobby").slice(10, 20).map((s) => s.roomId));
  });

  it("caps the page size", async () => {
    const t = listing(600);
    const res = await t.rooms.query(roomQuerySchema.parse({ pageSize: 500 }));
    expect(res.rooms).toHaveLength(MAX_ROOM_PAGE_SIZE);
    expect(res.pageSize).toBe(MAX_ROOM_PAGE_SIZE);
  });

  it("looks again for a room created since the last read", async () => {
    const t = listing(3);
    await t.rooms.query(roomQuerySchema.parse({}));
    t.index.push(summary(99));
    t.advance(200);
    expect(await t.rooms.room("R0099")).toMatchObject({ roomId: "R0099" });
  });
});
