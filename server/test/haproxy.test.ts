import { afterEach, describe, expect, it } from "vitest";
import { playGame } from "@avalon/loadtest";
import { killChildren, startCluster, type TestCluster } from "@avalon/testkit";

let cluster: TestCluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
  killChildren();
});

async function expectNothingLost(c: TestCluster, roomId: string, acked: { actionId: string }[]): Promise<void> {
  const log = await c.actionLog(roomId);
  const logged = new Set(log.map((l) => l.actionId));
  expect(acked.filter((a) => !logged.has(a.actionId))).toEqual([]);
  expect(log.map((l) => l.version)).toEqual(log.map((_, i) => i + 1));
}

describe("three nodes behind HAProxy", () => {
  it("completes a 10-player game whose seats are spread over all three nodes", async () => {
    cluster = await startCluster();
    const res = await playGame({ urls: [cluster.haproxy.url], players: 10 });
    expect(res.violations).toEqual([]);
    expect(res.errors).toEqual([]);
    expect(new Set(res.nodes).size).toBe(3);
    await expectNothingLost(cluster, res.roomId, res.acked);
  }, 60_000);

  it("finishes a game after kill -9 of a node in mid-game, losing no acknowledged action", async () => {
    cluster = await startCluster();
    const c = cluster;
    let victim = "";
    const res = await playGame({
      urls: [c.haproxy.url],
      players: 10,
      thinkMs: 60,
      onStarted: async (bots) => {
        await new Promise((r) => setTimeout(r, 400));
        victim = bots[0]?.session?.nodeId as string;
        c.nodes.find((n) => n.nodeId === victim)?.kill("SIGKILL");
      },
    });
    expect(victim).not.toBe("");
    expect(res.violations).toEqual([]);
    expect(res.errors).toEqual([]);
    expect(res.nodes).not.toContain(victim);
    await expectNothingLost(c, res.roomId, res.acked);
  }, 90_000);

  it("drains a node on SIGTERM during games: its players resume elsewhere, games finish, the node exits 0", async () => {
    cluster = await startCluster({ DRAIN_WINDOW_MS: "1500" });
    const c = cluster;
    let victim = "";
    let startedCount = 0;
    let allStarted: () => void = () => undefined;
    const barrier = new Promise<void>((r) => (allStarted = r));
    const games = await Promise.all(
      [5, 6, 7].map((players, i) =>
        playGame({
          urls: [c.haproxy.url],
          players,
          thinkMs: 100,
          onStarted: async (bots) => {
            if (++startedCount === 3) allStarted();
            if (i !== 0) return;
            await barrier;
            victim = bots[0]?.session?.nodeId as string;
            c.nodes.find((n) => n.nodeId === victim)?.kill("SIGTERM");
          },
        }),
      ),
    );
    const node = c.nodes.find((n) => n.nodeId === victim);
    expect(await node?.exited).toBe(0);
    for (const g of games) {
      expect(g.violations).toEqual([]);
      expect(g.errors).toEqual([]);
      expect(g.nodes).not.toContain(victim);
      await expectNothingLost(c, g.roomId, g.acked);
    }
  }, 90_000);
});
