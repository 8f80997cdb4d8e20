import { describe, expect, it } from "vitest";
import { createRoom } from "../src/engine/engine.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { describeStoreContract } from "./support/store-contract.js";

describeStoreContract("memory", async () => new MemoryStore());

describe("MemoryStore expiry", () => {
  const MIN = 60_000;
  const room = (id: string) => ({ state: createRoom({ roomId: id, hostId: "p", hostName: "P", seed: "s", now: 1 }), recent: [] });
  const log = { version: 1, ts: 1, actionId: null, action: { type: "close" as const, playerId: "p" } };

  it("forgets an ended room and its players after the ended TTL, and an idle one after the room TTL", async () => {
    let now = 0;
    const store = new MemoryStore({ roomTtlMs: 60 * MIN, endedTtlMs: 10 * MIN, now: () => now });
    await store.create(room("ENDED"));
    await store.create(room("IDLE"));
    await store.setPlayerRoom("p", "ENDED");
    const ended = room("ENDED");
    expect(await store.commit("ENDED", 0, { ...ended, state: { ...ended.state, version: 1, phase: "ended" } }, { log: [log], timeline: [] })).toBe("ok");

    now = 11 * MIN;
    await store.create(room("FRESH1"));
    expect(await store.load("ENDED")).toBeNull();
    expect(await store.actionLog("ENDED")).toEqual([]);
    expect(await store.playerRoom("p")).toBeNull();
    expect(await store.load("IDLE")).not.toBeNull();

    now = 61 * MIN;
    await store.create(room("FRESH2"));
    expect(await store.load("IDLE")).toBeNull();
    expect((await store.listRooms()).sort()).toEqual(["FRESH1", "FRESH2"]);
  });

  it("keeps a room that changes, however old it is", async () => {
    let now = 0;
    const store = new MemoryStore({ roomTtlMs: 60 * MIN, now: () => now });
    await store.create(room("BUSY"));
    const r = room("BUSY");
    for (let v = 1; v <= 3; v++) {
      now += 50 * MIN;
      expect(await store.commit("BUSY", v - 1, { ...r, state: { ...r.state, version: v } }, { log: [{ ...log, version: v }], timeline: [] })).toBe("ok");
    }
    now += 50 * MIN;
    await store.create(room("OTHER"));
    expect((await store.load("BUSY"))?.state.version).toBe(3);
  });
});
