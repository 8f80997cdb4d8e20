import { afterEach, describe, expect, it } from "vitest";
import { playGame, type Bot } from "@avalon/loadtest";
import { deferred, killChildren, startCluster, type TestCluster } from "@avalon/testkit";

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
        // Mid-game: the first team has been voted on, and at least two more quests are to come.
        await bots[0]?.waitFor((v) => v.public.votes.length > 0, 30_000);
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
    // The three games are held at their first move until the drained node has exited, so none can
    // end on it before its waves reach every seat, whatever the machine's load.
    const hold = deferred();
    const allStarted = deferred();
    const started: Bot[][] = [];
    const running = Promise.all(
      [5, 6, 7].map((players) =>
        playGame({
          urls: [c.haproxy.url],
          players,
          thinkMs: 100,
          holdMovesUntil: hold.promise,
          onStarted: (bots) => {
            if (started.push(bots) === 3) allStarted.resolve();
          },
        }),
      ),
    );
    await Promise.race([allStarted.promise, running]);
    const victim = started[0]?.[0]?.session?.nodeId as string;
    const node = c.nodes.find((n) => n.nodeId === victim);
    expect(node).toBeDefined();
    node?.kill("SIGTERM");
    expect(await node?.exited).toBe(0);
    hold.resolve();
    const games = await running;
    for (const g of games) {
      expect(g.violations).toEqual([]);
      expect(g.errors).toEqual([]);
      expect(g.nodes).not.toContain(victim);
      await expectNothingLost(c, g.roomId, g.acked);
    }
  }, 90_000);
});
