import { describe, expect, it } from "vitest";
import { pino } from "pino";
import type { NodeId } from "@avalon/protocol";
import { createRoom } from "../engine/engine.js";
import { MemoryStore } from "../store/memory-store.js";
import type { QueuedAction } from "./apply-batch.js";
import type { NodeBus, NodeMessage } from "./forwarded-action.js";
import { RoomOwners } from "./room-owners.js";
import { fail } from "./fail.js";
import type { ActResult } from "./room-service.js";

/** Nodes of one process joined by direct calls; a node taken off the bus is "gone", one muted never answers. */
class Switchboard {
  readonly handlers = new Map<NodeId, (m: NodeMessage) => void>();
  readonly muted = new Set<NodeId>();
  busOf(nodeId: NodeId): NodeBus {
    return {
      sendToNode: async (to, m) => {
        const h = this.handlers.get(to);
        if (h && !this.muted.has(to)) queueMicrotask(() => h(m));
        return h !== undefined;
      },
      onNodeMessage: (h) => void this.handlers.set(nodeId, h),
    };
  }
}

const item: QueuedAction = { action: { type: "ready", playerId: "p", ready: true }, meta: { actionId: "a1" } };
const answer = (by: NodeId): ActResult => ({ ok: true, version: 1, state: createRoom({ roomId: "R", hostId: by, hostName: by, seed: "s", now: 1 }) });

async function twoNodes(leaseMs = 5000, drainingA = () => false) {
  const store = new MemoryStore();
  await store.create({ state: createRoom({ roomId: "R", hostId: "p", hostName: "P", seed: "s", now: 1 }), recent: [] });
  const board = new Switchboard();
  const ran: NodeId[] = [];
  const node = (nodeId: NodeId) => {
    const draining = nodeId === "a" ? drainingA : () => false;
    const owners = new RoomOwners({ nodeId, store, bus: board.busOf(nodeId), leaseMs, forwardTimeoutMs: 100, draining, log: pino({ level: "silent" }) });
    const local = async (): Promise<ActResult> => {
      ran.push(nodeId);
      return answer(nodeId);
    };
    owners.listen(local);
    return { act: (q: QueuedAction = item) => owners.act("R", q, local), release: () => owners.releaseAll() };
  };
  return { a: node("a"), b: node("b"), board, ran, store };
}

describe("RoomOwners", () => {
  it("runs an action on the node holding the room's lease and answers with its result", async () => {
    const { a, b, ran } = await twoNodes();
    await a.act();
    const res = await b.act();
    expect(ran).toEqual(["a", "a"]);
    expect(res.ok && res.state.hostId).toBe("a");
  });

  it("takes a room over once the lease of an owner that is gone has run out", async () => {
    const { a, b, board, ran } = await twoNodes(200);
    await a.act();
    board.handlers.delete("a");
    const t0 = Date.now();
    await b.act();
    expect(ran).toEqual(["a", "b"]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it("answers outcome_unknown for an action without an actionId whose owner never answered", async () => {
    const { a, b, board, ran } = await twoNodes();
    await a.act();
    board.muted.add("a");
    const res = await b.act({ action: item.action, meta: {} });
    expect(res).toMatchObject({ ok: false, code: "outcome_unknown" });
    expect(ran).toEqual(["a"]);
  });

  it("lets the next node take a room at once after its owner started draining, and takes none while draining", async () => {
    let draining = false;
    const { a, b, ran, store } = await twoNodes(60_000, () => draining);
    await a.act();
    draining = true;
    await a.release();
    await b.act();
    expect(ran).toEqual(["a", "b"]);
    await store.release(["R"], "b");
    await a.act();
    expect((await store.claim("R", { nodeId: "c", leaseMs: 0 }))?.owner).toBeNull();
  });

  describe("with commit messages that carry notes", () => {
    /** Node a commits (its local path sends the commit's note to b, as its commit message would); b forwards. */
    async function noted(refuse = false) {
      const store = new MemoryStore();
      await store.create({ state: createRoom({ roomId: "R", hostId: "p", hostName: "P", seed: "s", now: 1 }), recent: [] });
      const board = new Switchboard();
      const claims: NodeId[] = [];
      const counted = { claim: (roomId: string, lease: { nodeId: NodeId; leaseMs: number }) => (claims.push(lease.nodeId), store.claim(roomId, lease)), release: store.release.bind(store) };
      const make = (nodeId: NodeId) => new RoomOwners({ nodeId, store: counted, bus: board.busOf(nodeId), leaseMs: 5000, forwardTimeoutMs: 100, draining: () => false, log: pino({ level: "silent" }), acksInCommit: true });
      const a = make("a");
      const b = make("b");
      const localA = async (_roomId: string, q: QueuedAction): Promise<ActResult> => {
        if (refuse) return fail("not_leader");
        const acks = q.ackInCommit === undefined ? [] : [{ id: q.ackInCommit, version: 7 }];
        queueMicrotask(() => b.heard("R", a.note("R", acks)));
        return answer("a");
      };
      const localB = async (): Promise<ActResult> => answer("b");
      a.listen(localA);
      b.listen(localB);
      return { a: () => a.act("R", item, localA), b: () => b.play("R", item, localB), claims };
    }

    it("answers a forwarded move from the commit's note, with its version only", async () => {
      const { a, b } = await noted();
      await a();
      expect(await b()).toEqual({ ok: true, version: 7 });
    });

    it("still answers a refused forwarded move with a reply", async () => {
      const { a, b } = await noted(true);
      await a();
      expect(await b()).toMatchObject({ ok: false, code: "not_leader" });
    });

    it("learns the owner's lease from a note, so the next move needs no claim", async () => {
      const { a, b, claims } = await noted();
      await a();
      await b();
      const before = claims.length;
      await b();
      expect(claims.length).toBe(before);
    });
  });
});
