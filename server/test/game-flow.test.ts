import { afterAll, describe, expect, it } from "vitest";
import { playGame } from "@avalon/loadtest";
import { startNode, stopAll } from "@avalon/testkit";

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
});
