import { describe, expect, it } from "vitest";
import { pino } from "pino";
import type { RoomId } from "@avalon/protocol";
import type { GameState } from "../engine/state.js";
import { OwnRooms } from "./own-rooms.js";

const state = (roomId: string, phase: GameState["phase"], version: number) => ({ roomId, phase, version, seats: [], spectators: [], createdAt: 0 }) as unknown as GameState;

function own(opts: { lose?: RoomId[]; fail?: () => boolean } = {}) {
  let now = 0;
  const claims: { roomId: RoomId; version: number }[][] = [];
  const written = { n: 0 };
  const rooms = new OwnRooms({
    nodeId: "n1",
    cluster: {
      claimRooms: async (_node, batch) => {
        if (opts.fail?.()) throw new Error("redis down");
        claims.push(batch.map((r) => ({ roomId: r.roomId, version: r.version })));
        return batch.map((r) => r.roomId).filter((id) => opts.lose?.includes(id));
      },
    },
    claimTtlMs: 3000,
    roomTtlMs: 60_000,
    localSockets: () => 0,
    log: pino({ level: "silent" }),
    onClaimed: (n) => (written.n += n),
    clock: () => now,
  });
  return { rooms, claims, written, advance: (ms: number) => (now += ms) };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("OwnRooms", () => {
  it("claims a room when what the list shows changes, not for each action", async () => {
    const t = own();
    t.rooms.changed(state("AAAAAA", "lobby", 0), true);
    t.rooms.changed(state("AAAAAA", "lobby", 1), false);
    t.rooms.changed(state("AAAAAA", "lobby", 2), false);
    await settle();
    expect(t.claims).toEqual([[{ roomId: "AAAAAA", version: 0 }]]);
    expect(t.rooms.get("AAAAAA")?.version).toBe(2);
  });

  it("writes no claim for a shown change of a room whose claim it holds, and renews it with the newest version", async () => {
    const t = own();
    t.rooms.changed(state("AAAAAA", "lobby", 0), true);
    await settle();
    t.rooms.changed(state("AAAAAA", "team_building", 1), true);
    t.rooms.changed(state("AAAAAA", "team_vote", 2), true);
    await settle();
    expect(t.claims).toEqual([[{ roomId: "AAAAAA", version: 0 }]]);
    expect(t.rooms.get("AAAAAA")?.phase).toBe("team_vote");
    t.advance(1000);
    await t.rooms.renew();
    expect(t.claims.at(-1)).toEqual([{ roomId: "AAAAAA", version: 2 }]);
  });

  it("renews each claim once a third of its TTL has passed", async () => {
    const t = own();
    t.rooms.changed(state("AAAAAA", "quest", 5), true);
    await settle();
    await t.rooms.renew();
    expect(t.claims).toHaveLength(1);
    t.advance(1000);
    await t.rooms.renew();
    expect(t.claims.at(-1)).toEqual([{ roomId: "AAAAAA", version: 5 }]);
    // The new claim and its renewal, for the claims-written counter.
    expect(t.written.n).toBe(2);
  });

  it("writes a change whose claim failed again on the next tick, so the index heals after an outage", async () => {
    let down = true;
    const t = own({ fail: () => down });
    t.rooms.changed(state("AAAAAA", "ended", 9), true);
    await settle();
    expect(t.claims).toEqual([]);
    down = false;
    await t.rooms.renew();
    expect(t.claims).toEqual([[{ roomId: "AAAAAA", version: 9 }]]);
  });

  it("gives up a room another node claimed at a newer version", async () => {
    const t = own({ lose: ["AAAAAA"] });
    t.rooms.changed(state("AAAAAA", "lobby", 0), true);
    await settle();
    expect(t.rooms.get("AAAAAA")).toBeUndefined();
    expect(t.rooms.byPhase().lobby).toBe(0);
  });

  it("forgets an ended room a claim's TTL after it ended", async () => {
    const t = own();
    t.rooms.changed(state("AAAAAA", "ended", 3), true);
    t.rooms.changed(state("BBBBBB", "quest", 3), true);
    await settle();
    t.advance(3001);
    await t.rooms.renew();
    expect(t.rooms.summaries().map((s) => s.roomId)).toEqual(["BBBBBB"]);
  });
});
