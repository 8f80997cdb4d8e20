import { afterAll, describe, expect, it } from "vitest";
import { playGame } from "@avalon/loadtest";
import { deferred, startNode, stopAll } from "@avalon/testkit";

afterAll(stopAll);

describe("complete games on one node", () => {
  it("plays a full 5-player game to a legal end", async () => {
    const { url } = await startNode();
    const res = await playGame({ urls: [url], players: 5 });
    expect(res.errors).toEqual([]);
    expect(res.violations).toEqual([]);
    expect(res.view.phase).toBe("ended");
  });

  it("plays a full 10-player game with every optional role to a legal end", async () => {
    const { url } = await startNode();
    const res = await playGame({ urls: [url], players: 10, roles: ["percival", "morgana", "mordred", "oberon"] });
    expect(res.errors).toEqual([]);
    expect(res.violations).toEqual([]);
    expect(Object.values(res.view.roles ?? {}).sort()).toEqual(
      ["assassin", "merlin", "mordred", "morgana", "oberon", "percival", "servant", "servant", "servant", "servant"].sort(),
    );
  });

  it("plays a game over the long-polling transport", async () => {
    const { url } = await startNode();
    const res = await playGame({ urls: [url], players: 5, transports: ["polling"] });
    expect(res.violations).toEqual([]);
  });

  it("holds every seat's first move until the game's hold settles, then plays to the end", async () => {
    const { url } = await startNode();
    const hold = deferred();
    let versionAtRelease = -1;
    const res = await playGame({
      urls: [url],
      players: 5,
      holdMovesUntil: hold.promise,
      onStarted: async (bots) => {
        versionAtRelease = Math.max(...bots.map((b) => b.mirror.version));
        // Asked after every seat saw the start: a move that was not held would have reached the room first.
        const synced = await Promise.all(bots.map((b) => b.request("room:sync", { roomId: b.roomId as string })));
        expect(synced.map((a) => (a.ok ? a.snapshot.version : a.code))).toEqual(bots.map(() => versionAtRelease));
        expect(bots.every((b) => b.acked.length === 0)).toBe(true);
        hold.resolve();
      },
    });
    expect(res.violations).toEqual([]);
    expect(res.view.version).toBeGreaterThan(versionAtRelease);
    expect(res.acked.every((a) => a.version > versionAtRelease)).toBe(true);
  });
});
