import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import type { RoomId } from "@avalon/protocol";
import { admin, adminAck, deferred, killChildren, type NodeProcess, startCluster, TEST_TOKENS, type TestCluster } from "@avalon/testkit";
import { lostActions, runGame, type GameOutcome } from "@avalon/loadtest";

/*
 * One owner per room across nodes: when the owner is killed or drained, another node takes the
 * room and the game goes on with nothing acknowledged lost. (Commits on one owner while seats sit
 * on three nodes: cluster.test.ts.)
 */

const LEASE_MS = 1500;

describe("ownership moving between node processes", () => {
  let c: TestCluster;
  let redis: Redis;
  beforeAll(async () => {
    c = await startCluster({ ROOM_LEASE_MS: String(LEASE_MS), FORWARD_TIMEOUT_MS: "500", DRAIN_WINDOW_MS: "500" });
    redis = new Redis(c.redis.url, { disableClientInfo: true });
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await c?.stop();
    killChildren();
  });

  const ownerOf = async (roomId: RoomId): Promise<string | null> => {
    const [owner, until] = await redis.hmget(`${c.prefix}:room:{${roomId}}`, "o", "l");
    const [s, us] = await redis.time();
    return owner && Number(until) > Number(s) * 1000 + Math.floor(Number(us) / 1000) ? owner : null;
  };
  /** The node that last led the room, whether or not its lease has run out since (no idle renewal). */
  const lastOwnerOf = async (roomId: RoomId): Promise<string | null> => redis.hget(`${c.prefix}:room:{${roomId}}`, "o");
  const nodeNamed = (nodeId: string | null): NodeProcess | undefined => c.nodes.find((n) => n.nodeId === nodeId);

  /** Waits until a live node other than `from` holds the room's lease; the time it took, ms. */
  const movedFrom = async (roomId: RoomId, from: string, since: number, timeoutMs: number): Promise<number> => {
    for (;;) {
      const owner = await ownerOf(roomId);
      if (owner !== null && owner !== from) return Date.now() - since;
      if (Date.now() - since > timeoutMs) throw new Error(`room ${roomId} still led by ${owner ?? "nobody"} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  /**
   * A game whose seats hold their first move until the fault has been set off (`release`), so the
   * fault always meets a game in progress.
   */
  async function gameWith(fault: (roomId: RoomId, owner: NodeProcess, release: () => void) => Promise<void>): Promise<GameOutcome> {
    const hold = deferred();
    return runGame({
      urls: [c.haproxy.url],
      players: 6,
      thinkMs: 25,
      name: "own",
      timeoutMs: 60_000,
      stallMs: 8000,
      holdMovesUntil: hold.promise,
      onStarted: async (_bots, roomId) => {
        let owner: NodeProcess | undefined;
        for (let i = 0; i < 100 && !owner; i++) {
          owner = nodeNamed(await lastOwnerOf(roomId));
          if (!owner) await new Promise((r) => setTimeout(r, 20));
        }
        if (!owner) throw new Error(`no node holds room ${roomId}`);
        try {
          await fault(roomId, owner, hold.resolve);
        } finally {
          hold.resolve();
        }
      },
    });
  }

  it("moves a room to another node when its owner is drained, losing nothing acknowledged", async () => {
    let moveMs = -1;
    let drained = "";
    const game = await gameWith(async (roomId, owner, release) => {
      drained = owner.nodeId;
      const op = await admin(owner.url, TEST_TOKENS.ADMIN_TOKEN);
      try {
        const t0 = Date.now();
        expect(await adminAck(op, "admin:command", { type: "drain", nodeId: owner.nodeId, force: true })).toMatchObject({ ok: true });
        release();
        moveMs = await movedFrom(roomId, owner.nodeId, t0, 5000);
      } finally {
        op.close();
      }
    });
    console.log(`[ownership] drain: room moved off ${drained} after ${moveMs} ms; ${game.acked.length} acked actions`);
    expect(game.stalled).toBeNull();
    expect(game.finished).toBe(true);
    expect(game.violations).toEqual([]);
    expect(await lostActions([game], (roomId) => c.actionLog(roomId))).toEqual([]);
    // The drained node gave its lease up: the next action's node took the room without waiting for it to run out.
    expect(moveMs).toBeLessThan(LEASE_MS);
    const back = await admin(nodeNamed(drained)?.url as string, TEST_TOKENS.ADMIN_TOKEN);
    await adminAck(back, "admin:command", { type: "cancel_drain", nodeId: drained });
    back.close();
    await c.haproxy.waitForServersUp();
  }, 90_000);

  it("moves a room to another node within the lease when its owner is killed with -9, losing nothing acknowledged", async () => {
    let moveMs = -1;
    let killed = "";
    const game = await gameWith(async (roomId, owner, release) => {
      killed = owner.nodeId;
      const t0 = Date.now();
      owner.kill("SIGKILL");
      release();
      moveMs = await movedFrom(roomId, owner.nodeId, t0, 10_000);
    });
    console.log(`[ownership] kill -9: room moved off ${killed} after ${moveMs} ms; ${game.acked.length} acked actions; refusals ${JSON.stringify(game.refusals)}`);
    expect(game.stalled).toBeNull();
    expect(game.finished).toBe(true);
    expect(game.violations).toEqual([]);
    expect(await lostActions([game], (roomId) => c.actionLog(roomId))).toEqual([]);
    // The lease runs out, then the next forward finds nobody listening and claims it.
    expect(moveMs).toBeLessThan(LEASE_MS + 2000);
  }, 90_000);
});
