import { describe, expect, it, beforeEach, afterEach } from "vitest";
import type { GameStore, RoomRecord } from "../../src/store/game-store.js";
import { createRoom } from "../../src/engine/engine.js";

function record(roomId: string, version = 0): RoomRecord {
  const state = createRoom({ roomId, hostId: "p_host", hostName: "Host", seed: "seed", now: 1 });
  return { state: { ...state, version }, recent: [] };
}

function bump(r: RoomRecord): RoomRecord {
  return { ...r, state: { ...r.state, version: r.state.version + 1 } };
}

const logEntry = (version: number) => ({ version, ts: version, actionId: `a${version}`, action: { type: "ready" as const, playerId: "p_host", ready: true } });

/** The behaviour every GameStore must have; run against each implementation. */
export function describeStoreContract(name: string, make: () => Promise<GameStore>): void {
  describe(`GameStore contract: ${name}`, () => {
    let store: GameStore;
    let n = 0;
    const id = () => `R${process.pid}${Date.now().toString(36).toUpperCase()}${n++}`.slice(0, 16).toUpperCase();
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    it("creates a room once and loads it back", async () => {
      const r = record(id());
      expect(await store.create(r)).toBe(true);
      expect(await store.create(r)).toBe(false);
      expect(await store.load(r.state.roomId)).toEqual(r);
    });

    it("loads null for an unknown room", async () => {
      expect(await store.load(id())).toBeNull();
    });

    it("commits only on the expected version", async () => {
      const r = record(id());
      await store.create(r);
      const next = bump(r);
      expect(await store.commit(r.state.roomId, 0, next, { log: [logEntry(1)], timeline: [] })).toBe("ok");
      expect(await store.commit(r.state.roomId, 0, bump(next), { log: [logEntry(2)], timeline: [] })).toBe("conflict");
      expect((await store.load(r.state.roomId))?.state.version).toBe(1);
    });

    it("reports a commit to a missing room", async () => {
      const r = record(id());
      expect(await store.commit(r.state.roomId, 0, bump(r), { log: [logEntry(1)], timeline: [] })).toBe("missing");
    });

    it("lets exactly one of many racing commits win", async () => {
      const r = record(id());
      await store.create(r);
      const results = await Promise.all(Array.from({ length: 20 }, () => store.commit(r.state.roomId, 0, bump(r), { log: [logEntry(1)], timeline: [] })));
      expect(results.filter((x) => x === "ok")).toHaveLength(1);
      expect(await store.actionLog(r.state.roomId)).toHaveLength(1);
    });

    it("appends the action log and the timeline in commit order", async () => {
      const r = record(id());
      await store.create(r);
      let cur = r;
      for (let v = 1; v <= 3; v++) {
        const next = bump(cur);
        const event = { type: "player_left" as const, playerId: `p${v}` };
        expect(await store.commit(r.state.roomId, v - 1, next, { log: [logEntry(v)], timeline: [{ version: v, ts: v, event }] })).toBe("ok");
        cur = next;
      }
      expect((await store.actionLog(r.state.roomId)).map((l) => l.version)).toEqual([1, 2, 3]);
      expect((await store.timeline(r.state.roomId, 2)).map((t) => t.version)).toEqual([2, 3]);
      expect(await store.timeline(r.state.roomId, 0)).toEqual([]);
      // Entries come back whole, and as copies: changing one changes nothing stored.
      const log = await store.actionLog(r.state.roomId);
      expect(log[0]).toEqual(logEntry(1));
      log[0]!.version = 99;
      expect((await store.actionLog(r.state.roomId))[0]).toEqual(logEntry(1));
    });

    it("commits a batch of actions in one step, logged in order", async () => {
      const r = record(id());
      await store.create(r);
      const next = { ...r, state: { ...r.state, version: 3 } };
      const event = (v: number) => ({ version: v, ts: v, event: { type: "player_left" as const, playerId: `p${v}` } });
      expect(await store.commit(r.state.roomId, 0, next, { log: [logEntry(1), logEntry(2), logEntry(3)], timeline: [event(1), event(3)] })).toBe("ok");
      expect((await store.actionLog(r.state.roomId)).map((l) => l.actionId)).toEqual(["a1", "a2", "a3"]);
      expect((await store.timeline(r.state.roomId, 10)).map((t) => t.version)).toEqual([1, 3]);
      expect(await store.commit(r.state.roomId, 1, bump(next), { log: [logEntry(4)], timeline: [] })).toBe("conflict");
      expect((await store.load(r.state.roomId))?.state.version).toBe(3);
      });

    it("keeps the timeline a room is created with (the host's join) ahead of later entries", async () => {
      const r = record(id());
      await store.create(r, [{ version: 0, ts: 1, event: { type: "player_joined", playerId: "p_host", name: "Host" } }]);
      await store.commit(r.state.roomId, 0, bump(r), { log: [logEntry(1)], timeline: [{ version: 1, ts: 2, event: { type: "player_left", playerId: "p_host" } }] });
      expect((await store.timeline(r.state.roomId, 10)).map((t) => t.event.type)).toEqual(["player_joined", "player_left"]);
    });

    it("remembers which room a player is in", async () => {
      const rid = id();
      await store.setPlayerRoom("p_x", rid);
      expect(await store.playerRoom("p_x")).toBe(rid);
      await store.setPlayerRoom("p_x", null);
      expect(await store.playerRoom("p_x")).toBeNull();
    });

    it("lets one owner at a time hold a player's lock, and only that owner give it back", async () => {
      const player = `p_${id()}`;
      expect(await store.lockPlayer(player, "a", 5000)).toBe(true);
      expect(await store.lockPlayer(player, "b", 5000)).toBe(false);
      await store.unlockPlayer(player, "b");
      expect(await store.lockPlayer(player, "b", 5000)).toBe(false);
      await store.unlockPlayer(player, "a");
      expect(await store.lockPlayer(player, "b", 5000)).toBe(true);
    });

    it("frees a player's lock once its time is up", async () => {
      const player = `p_${id()}`;
      expect(await store.lockPlayer(player, "a", 30)).toBe(true);
      await new Promise((r) => setTimeout(r, 60));
      expect(await store.lockPlayer(player, "b", 5000)).toBe(true);
    });

    it("gives a room's lease to one node at a time, and to another once it is released", async () => {
      const r = record(id());
      const roomId = r.state.roomId;
      expect(await store.claim(roomId, { nodeId: "a", leaseMs: 5000 })).toBeNull();
      await store.create(r);
      expect(await store.claim(roomId, { nodeId: "a", leaseMs: 5000 })).toEqual({ owner: "a", leftMs: 5000, version: 0 });
      const other = await store.claim(roomId, { nodeId: "b", leaseMs: 5000 });
      expect(other?.owner).toBe("a");
      expect(other?.leftMs).toBeGreaterThan(4000);
      expect((await store.claim(roomId, { nodeId: "b", leaseMs: 0 }))?.owner).toBe("a");
      await store.release([roomId], "b");
      expect((await store.claim(roomId, { nodeId: "b", leaseMs: 5000 }))?.owner).toBe("a");
      await store.release([roomId], "a");
      expect(await store.claim(roomId, { nodeId: "b", leaseMs: 0 })).toEqual({ owner: null, leftMs: 0, version: 0 });
      expect((await store.claim(roomId, { nodeId: "b", leaseMs: 5000 }))?.owner).toBe("b");
    });

    it("lets another node take a lease once it has run out", async () => {
      const r = record(id());
      await store.create(r);
      expect((await store.claim(r.state.roomId, { nodeId: "a", leaseMs: 200 }))?.owner).toBe("a");
      await new Promise((done) => setTimeout(done, 250));
      expect((await store.claim(r.state.roomId, { nodeId: "b", leaseMs: 5000 }))?.owner).toBe("b");
    });

    it("renews the committer's lease with a commit, and leaves another node's live lease alone", async () => {
      const r = record(id());
      const roomId = r.state.roomId;
      await store.create(r);
      expect(await store.commit(roomId, 0, bump(r), { log: [logEntry(1)], timeline: [] }, { nodeId: "a", leaseMs: 5000 })).toBe("ok");
      expect(await store.claim(roomId, { nodeId: "b", leaseMs: 5000 })).toMatchObject({ owner: "a", version: 1 });
      // The version check alone decides whether a commit lands; the lease stays with its holder.
      expect(await store.commit(roomId, 1, bump(bump(r)), { log: [logEntry(2)], timeline: [] }, { nodeId: "b", leaseMs: 5000 })).toBe("ok");
      expect(await store.claim(roomId, { nodeId: "b", leaseMs: 5000 })).toMatchObject({ owner: "a", version: 2 });
    });

    it("serves its owner the record it committed, and reports the version a claim read", async () => {
      const r = record(id());
      const roomId = r.state.roomId;
      await store.create(r);
      await store.commit(roomId, 0, bump(r), { log: [logEntry(1)], timeline: [] }, { nodeId: "a", leaseMs: 5000 });
      expect((await store.load(roomId, { owned: true }))?.state.version).toBe(1);
      expect((await store.claim(roomId, { nodeId: "a", leaseMs: 5000 }))?.version).toBe(1);
    });

    it("lists and deletes rooms", async () => {
      const r = record(id());
      await store.create(r);
      expect(await store.listRooms()).toContain(r.state.roomId);
      await store.delete(r.state.roomId);
      expect(await store.load(r.state.roomId)).toBeNull();
      expect(await store.listRooms()).not.toContain(r.state.roomId);
    });
  });
}
