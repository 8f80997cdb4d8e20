import { describe, expect, it } from "vitest";
import { pino } from "pino";
import type { PublicEvent } from "@avalon/protocol";
import { lobbyOf } from "../engine/test-helpers.js";
import type { GameState } from "../engine/state.js";
import { CommitUnknown, type Commit, type CommitResult, type RoomRecord } from "../store/game-store.js";
import { MemoryStore } from "../store/memory-store.js";
import { RoomService, type ActResult } from "./room-service.js";

interface Change {
  from: number;
  to: number;
  events: PublicEvent[];
}

/** A memory store whose next commit can be held back, made to fail, or lose its reply. */
class TestStore extends MemoryStore {
  commits = 0;
  hold: Promise<void> | null = null;
  /** How the commit numbered `failAt` (counting from 1) fails. */
  failing: "throw" | "lose_reply" = "throw";
  failAt = 0;
  reachable = true;
  beforeCommit: (() => Promise<void>) | null = null;

  override async commit(roomId: string, expected: number, next: RoomRecord, commit: Commit): Promise<CommitResult> {
    this.commits++;
    const hold = this.hold;
    this.hold = null;
    if (hold) await hold;
    const before = this.beforeCommit;
    this.beforeCommit = null;
    if (before) await before();
    const failing = this.commits === this.failAt ? this.failing : null;
    if (failing === "throw") throw new Error("connection reset");
    const result = await super.commit(roomId, expected, next, commit);
    if (failing === "lose_reply") {
      throw new CommitUnknown("timeout", async () => {
        if (!this.reachable) throw new Error("unreachable");
        return result === "ok";
      });
    }
    return result;
  }
}

function setup(store = new TestStore()) {
  const changes: Change[] = [];
  let conflicts = 0;
  const batches: number[] = [];
  const rooms = new RoomService({
    store,
    log: pino({ level: "silent" }),
    listener: { roomChanged: (prev: GameState | null, next: GameState, events: PublicEvent[]) => void (prev && changes.push({ from: prev.version, to: next.version, events })) },
    onConflict: () => conflicts++,
    onBatch: (n) => batches.push(n),
    settleBudgetMs: 50,
  });
  return { store, rooms, changes, batches, conflicts: () => conflicts };
}

/** A lobby of five seated players, none ready, stored under its id. */
async function lobby(store: TestStore): Promise<GameState> {
  const state = lobbyOf(5, {}, "seed", false);
  await store.create({ state, recent: [] });
  return state;
}

/** Starts p0's ready (actionId a0) and holds its commit until `release`, so later actions queue. */
async function heldFirstCommit(store: TestStore, rooms: RoomService): Promise<{ first: Promise<ActResult>; release: () => void }> {
  let release = () => {};
  store.hold = new Promise<void>((r) => (release = r));
  const first = rooms.act("ROOM", { type: "ready", playerId: "p0", ready: true }, { actionId: "a0" });
  await new Promise((r) => setImmediate(r));
  return { first, release };
}

const versions = (results: ActResult[]) => results.map((r) => (r.ok ? r.version : r.code));

describe("RoomService group commit", () => {
  it("applies the actions that queued during a commit as one batch: each checked alone, acked with its own version, one commit and one change", async () => {
    const { store, rooms, changes, batches } = setup();
    const start = await lobby(store);
    const v = start.version;
    const { first, release } = await heldFirstCommit(store, rooms);
    const queued = [
      rooms.act("ROOM", { type: "ready", playerId: "p1", ready: true }, { actionId: "a1" }),
      rooms.act("ROOM", { type: "ready", playerId: "stranger", ready: true }, {}),
      rooms.act("ROOM", { type: "ready", playerId: "p2", ready: true }, { actionId: "a2" }),
      rooms.act("ROOM", { type: "ready", playerId: "p2", ready: true }, { actionId: "a2" }),
      rooms.act("ROOM", { type: "ready", playerId: "p0", ready: true }, { actionId: "a0" }),
      rooms.act("ROOM", { type: "ready", playerId: "p3", ready: true }, { expectedVersion: v + 3 }),
      rooms.act("ROOM", { type: "ready", playerId: "p4", ready: true }, { expectedVersion: v + 1 }),
    ];
    release();
    const results = await Promise.all([first, ...queued]);
    expect(versions(results)).toEqual([v + 1, v + 2, "not_in_room", v + 3, v + 3, v + 1, v + 4, "stale_version"]);
    expect(results.map((r) => r.ok && r.duplicate === true)).toEqual([false, false, false, false, true, true, false, false]);
    expect(batches).toEqual([1, 7]);
    expect(store.commits).toBe(2);
    expect(changes.map((c) => [c.from, c.to])).toEqual([[v, v + 1], [v + 1, v + 4]]);
    const after = await rooms.load("ROOM");
    expect(after.ok && after.record.state.seats.map((s) => s.ready)).toEqual([true, true, true, true, false]);
    expect((await store.actionLog("ROOM")).map((l) => l.version)).toEqual([v + 1, v + 2, v + 3, v + 4]);
    // Every answer of the batch carries the state the whole batch left.
    expect(results.slice(1).map((r) => (r.ok ? r.state.version : null))).toEqual([v + 4, null, v + 4, v + 4, v + 4, v + 4, null]);
  });

  it("answers a failed commit with unavailable for every action of its batch and changes nothing", async () => {
    const { store, rooms, changes } = setup();
    const start = await lobby(store);
    store.failAt = 2;
    const { first, release } = await heldFirstCommit(store, rooms);
    const batch = [
      rooms.act("ROOM", { type: "ready", playerId: "p1", ready: true }, { actionId: "a1" }),
      rooms.act("ROOM", { type: "ready", playerId: "stranger", ready: true }, {}),
      rooms.act("ROOM", { type: "ready", playerId: "p2", ready: true }, { actionId: "a2" }),
    ];
    release();
    expect(versions([await first])).toEqual([start.version + 1]);
    expect(versions(await Promise.all(batch))).toEqual(["unavailable", "unavailable", "unavailable"]);
    expect(changes.map((c) => [c.from, c.to])).toEqual([[start.version, start.version + 1]]);
    expect((await store.actionLog("ROOM")).map((l) => l.actionId)).toEqual(["a0"]);
    // Nothing of the failed batch was applied: the resends are applied now, once.
    expect(versions(await Promise.all([
      rooms.act("ROOM", { type: "ready", playerId: "p1", ready: true }, { actionId: "a1" }),
      rooms.act("ROOM", { type: "ready", playerId: "p2", ready: true }, { actionId: "a2" }),
    ]))).toEqual([start.version + 2, start.version + 3]);
  });

  it("applies a batch that lost a version race again on the state that won", async () => {
    const { store, rooms, changes, conflicts } = setup();
    const start = await lobby(store);
    const other = setup(store);
    store.beforeCommit = async () => {
      await other.rooms.act("ROOM", { type: "ready", playerId: "p4", ready: true }, { actionId: "elsewhere" });
    };
    const results = await Promise.all([
      rooms.act("ROOM", { type: "ready", playerId: "p0", ready: true }, { actionId: "a0" }),
      rooms.act("ROOM", { type: "ready", playerId: "p4", ready: true }, { actionId: "a4", expectedVersion: start.version }),
    ]);
    expect(versions(results)).toEqual([start.version + 2, "stale_version"]);
    expect(conflicts()).toBe(1);
    expect(changes.map((c) => [c.from, c.to])).toEqual([[start.version + 1, start.version + 2]]);
  });

  it("answers outcome_unknown to the accepted actions of a batch whose reply was lost, and a resend as a duplicate", async () => {
    const { store, rooms, changes } = setup();
    const start = await lobby(store);
    store.failing = "lose_reply";
    store.failAt = 1;
    store.reachable = false;
    const results = await Promise.all([
      rooms.act("ROOM", { type: "ready", playerId: "p0", ready: true }, { actionId: "a0" }),
      rooms.act("ROOM", { type: "ready", playerId: "stranger", ready: true }, {}),
    ]);
    expect(versions(results)).toEqual(["outcome_unknown", "not_in_room"]);
    expect(changes).toEqual([]);
    store.reachable = true;
    await expect.poll(() => changes.length, { timeout: 10_000 }).toBe(1);
    expect(await rooms.act("ROOM", { type: "ready", playerId: "p0", ready: true }, { actionId: "a0" })).toMatchObject({ ok: true, version: start.version + 1, duplicate: true });
  });
});
