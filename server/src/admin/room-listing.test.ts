import { describe, expect, it } from "vitest";
import { MAX_ROOM_LIST_DEPTH, MAX_ROOM_PAGE_SIZE, roomQuerySchema, type RoomQuery } from "@avalon/protocol";
import type { RoomSummary } from "../cluster/cluster-services.js";
import { localActivity, localRows, type LocalRooms, type RoomGather } from "./room-gather.js";
import { RoomListing } from "./room-listing.js";

const summary = (i: number): RoomSummary => ({ roomId: `R${String(i).padStart(4, "0")}`, phase: i % 2 ? "lobby" : "quest", players: i % 10, spectators: 0, createdAt: i, updatedAt: i, version: 1 });

/** `nodes` nodes, room i listed by node i % nodes; every node has one socket in every room. */
function listing(n: number, nodes = 3) {
  let now = 0;
  const asked = { rows: 0, rowsSent: 0 };
  const index = Array.from({ length: n }, (_, i) => summary(i));
  const local = (k: number): LocalRooms => {
    const mine = () => index.filter((_, i) => i % nodes === k);
    return { nodeId: `n${k}`, own: { summaries: mine, get: (id) => mine().find((s) => s.roomId === id) }, sockets: () => 1, rate: () => ({ msgsPerSec: 1, bytesPerSec: 10 }) };
  };
  const all = Array.from({ length: nodes }, (_, k) => local(k));
  const gather: RoomGather = {
    rows: async (q: RoomQuery, depth) => {
      asked.rows++;
      const answers = all.map((l) => localRows(l, q, depth));
      asked.rowsSent += answers.reduce((s, a) => s + a.rows.length, 0);
      return answers;
    },
    activity: async (ids) => all.map((l) => localActivity(l, ids)),
  };
  const rooms = new RoomListing({ gather, clock: () => now });
  return { rooms, asked, index, advance: (ms: number) => (now += ms) };
}

describe("RoomListing", () => {
  it("asks the nodes once per period for the same query, whatever the number of requests", async () => {
    const t = listing(500);
    const q = roomQuerySchema.parse({ pageSize: 10, sort: "players" });
    await Promise.all(Array.from({ length: 100 }, () => t.rooms.query(q)));
    expect(t.asked.rows).toBe(1);
    t.advance(1000);
    await t.rooms.query(q);
    expect(t.asked.rows).toBe(2);
  });

  it("answers pages, filters and totals as a full sort would", async () => {
    const t = listing(300);
    const res = await t.rooms.query(roomQuerySchema.parse({ phase: "lobby", sort: "roomId", desc: false, page: 1, pageSize: 10 }));
    expect(res.total).toBe(150);
    expect(res.rooms.map((r) => r.roomId)).toEqual(t.index.filter((s) => s.phase === "lobby").slice(10, 20).map((s) => s.roomId));
  });

  it("joins every node's activity into the page's rows", async () => {
    const t = listing(30);
    const [row] = (await t.rooms.query(roomQuerySchema.parse({ search: "R0004" }))).rooms;
    expect(row).toMatchObject({ nodes: ["n0", "n1", "n2"], msgsPerSec: 3, bytesPerSec: 30, status: "active" });
  });

  it("costs each node at most the page's depth in rows, however many rooms there are", async () => {
    const t = listing(20_000);
    await t.rooms.query(roomQuerySchema.parse({ page: 2, pageSize: 50 }));
    expect(t.asked.rowsSent).toBe(3 * 150);
    const deep = await t.rooms.query(roomQuerySchema.parse({ page: MAX_ROOM_LIST_DEPTH / 100, pageSize: 100 }));
    expect(deep).toMatchObject({ total: 20_000, rooms: [] });
  });

  it("caps the page size", async () => {
    const t = listing(600);
    const res = await t.rooms.query(roomQuerySchema.parse({ pageSize: 500 }));
    expect(res.rooms).toHaveLength(MAX_ROOM_PAGE_SIZE);
    expect(res.pageSize).toBe(MAX_ROOM_PAGE_SIZE);
  });

  it("finds one room on the node that lists it", async () => {
    const t = listing(3);
    expect(await t.rooms.room("R0002")).toMatchObject({ roomId: "R0002", nodes: ["n0", "n1", "n2"] });
    expect(await t.rooms.room("NOPE00")).toBeUndefined();
  });
});
