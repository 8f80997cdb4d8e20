import { describe, it, expect } from "vitest";
import type { PlayerId, Role, Sighting } from "@avalon/protocol";
import type { GameState } from "./state.js";
import { lobbyOf, mustApply, startedGame, withRoles } from "./test-helpers.js";
import { playerView, privateView, publicView } from "./views.js";

// Seats p0..p9 in this order.
const TEN: Role[] = ["merlin", "percival", "servant", "servant", "servant", "servant", "assassin", "morgana", "mordred", "oberon"];
const ten = (): GameState => withRoles(startedGame(10, { roles: ["percival", "morgana", "mordred", "oberon"] }), TEN);

function knows(state: GameState, id: PlayerId): Record<PlayerId, Sighting> | undefined {
  return privateView(state, id)?.knows;
}

describe("night knowledge", () => {
  it("shows Merlin every evil seat but Mordred, Oberon included", () => {
    expect(knows(ten(), "p0")).toEqual({ p6: "evil", p7: "evil", p9: "evil" });
  });

  it("shows Percival Merlin and Morgana without telling them apart", () => {
    expect(knows(ten(), "p1")).toEqual({ p0: "merlin_or_morgana", p7: "merlin_or_morgana" });
  });

  it("shows Percival only Merlin when there is no Morgana", () => {
    const state = withRoles(startedGame(5, { roles: ["percival"] }), ["merlin", "percival", "servant", "assassin", "minion"]);
    expect(knows(state, "p1")).toEqual({ p0: "merlin_or_morgana" });
  });

  it("shows a servant no one", () => {
    expect(knows(ten(), "p2")).toEqual({});
  });

  it("shows the assassin the other evil seats but Oberon", () => {
    expect(knows(ten(), "p6")).toEqual({ p7: "evil", p8: "evil" });
  });

  it("shows Morgana the other evil seats but Oberon", () => {
    expect(knows(ten(), "p7")).toEqual({ p6: "evil", p8: "evil" });
  });

  it("shows Mordred the other evil seats but Oberon", () => {
    expect(knows(ten(), "p8")).toEqual({ p6: "evil", p7: "evil" });
  });

  it("shows Oberon no one", () => {
    expect(knows(ten(), "p9")).toEqual({});
  });

  it("shows a minion the other evil seats but Oberon", () => {
    const seven = withRoles(startedGame(7, { roles: ["oberon"] }), ["merlin", "servant", "servant", "servant", "assassin", "minion", "oberon"]);
    expect(knows(seven, "p5")).toEqual({ p4: "evil" });
  });

  it("shows nothing and deals no role in the lobby", () => {
    expect(privateView(lobbyOf(5), "p0")).toEqual({
      playerId: "p0",
      role: null,
      side: null,
      knows: {},
      myVote: null,
      myQuestCard: null,
      canAssassinate: false,
    });
  });

  it("tells each seat its own role and side", () => {
    expect([privateView(ten(), "p8")?.role, privateView(ten(), "p8")?.side]).toEqual(["mordred", "evil"]);
  });
});

describe("publicView", () => {
  it("hides the roles until the game ends, then shows them all", () => {
    const state = ten();
    expect(publicView(state).roles).toBeNull();
    const ended = mustApply(state, { type: "close", playerId: "p0" });
    expect(publicView(ended).roles).toEqual(Object.fromEntries(TEN.map((role, i) => [`p${i}`, role])));
  });

  it("lists who voted on the current team but not how", () => {
    let state = { ...ten(), leader: 0 };
    state = mustApply(state, { type: "propose", playerId: "p0", team: ["p0", "p1", "p2"] });
    state = mustApply(state, { type: "vote", playerId: "p3", approve: false });
    const view = publicView(state);
    expect(view.voted).toEqual(["p3"]);
    expect(JSON.stringify(view)).not.toContain("false");
  });

  it("lists who played a quest card but not which", () => {
    let state = { ...ten(), leader: 0 };
    state = mustApply(state, { type: "propose", playerId: "p0", team: ["p0", "p6", "p2"] });
    for (let i = 0; i < 10; i++) state = mustApply(state, { type: "vote", playerId: `p${i}`, approve: true });
    state = mustApply(state, { type: "quest", playerId: "p6", success: false });
    const view = publicView(state);
    expect(view.played).toEqual(["p6"]);
    expect(JSON.stringify(view)).not.toContain("false");
  });

  it("shares with the previous view every part a change left alone, and builds the parts it changed", () => {
    let state = { ...ten(), leader: 0 };
    state = mustApply(state, { type: "propose", playerId: "p0", team: ["p0", "p1", "p2"] });
    const before = publicView(state);
    state = mustApply(state, { type: "vote", playerId: "p3", approve: true });
    const after = publicView(state);
    for (const part of ["options", "players", "teamSizes", "failsRequired", "team", "votes", "quests"] as const) expect(after[part]).toBe(before[part]);
    expect(after.voted).not.toBe(before.voted);
    expect(after.voted).toEqual(["p3"]);
    expect(after).toEqual({ ...before, version: before.version + 1, voted: ["p3"] });
  });

  it("keeps the parts it shares between rooms from being written to", () => {
    const view = publicView(ten());
    expect(() => view.teamSizes.push(1)).toThrow(TypeError);
    expect(() => view.played.push("p0")).toThrow(TypeError);
    expect(publicView(ten()).teamSizes).toHaveLength(5);
  });

  it("shows no team sizes, fail counts or leader in the lobby", () => {
    const view = publicView(lobbyOf(5));
    expect([view.teamSizes, view.failsRequired, view.leader]).toEqual([[], [], null]);
  });

  it("names the leader during a game and no one once it has ended", () => {
    const state = { ...ten(), leader: 3 };
    expect(publicView(state).leader).toBe("p3");
    expect(publicView(mustApply(state, { type: "close", playerId: "p0" })).leader).toBeNull();
  });

  it("counts spectators without naming them", () => {
    const view = publicView(mustApply(lobbyOf(5), { type: "spectate", playerId: "watcher" }));
    expect(view.spectators).toBe(1);
    expect(JSON.stringify(view)).not.toContain("watcher");
  });

  it("shares no object with the state", () => {
    const state = ten();
    const view = publicView(state);
    view.players.pop();
    view.options.roles.pop();
    expect(state.seats).toHaveLength(10);
    expect(state.options.roles).toHaveLength(4);
  });
});

describe("privateView and playerView", () => {
  it("shows a seat its own pending vote and quest card", () => {
    let state = { ...ten(), leader: 0 };
    state = mustApply(state, { type: "propose", playerId: "p0", team: ["p0", "p6", "p2"] });
    state = mustApply(state, { type: "vote", playerId: "p6", approve: false });
    expect(privateView(state, "p6")?.myVote).toBe(false);
    expect(privateView(state, "p0")?.myVote).toBeNull();
    for (let i = 0; i < 10; i++) if (i !== 6) state = mustApply(state, { type: "vote", playerId: `p${i}`, approve: true });
    state = mustApply(state, { type: "quest", playerId: "p6", success: false });
    expect(privateView(state, "p6")?.myQuestCard).toBe(false);
    expect(privateView(state, "p0")?.myQuestCard).toBeNull();
  });

  it("lets only the assassin assassinate, and only during the assassination", () => {
    const state = { ...ten(), phase: "assassination" as const };
    expect(privateView(state, "p6")?.canAssassinate).toBe(true);
    expect(privateView(state, "p7")?.canAssassinate).toBe(false);
    expect(privateView(ten(), "p6")?.canAssassinate).toBe(false);
  });

  it("gives no private view to a player without a seat", () => {
    expect(privateView(ten(), "x")).toBeNull();
  });

  it("gives spectators and strangers the public view only", () => {
    const state = mustApply(ten(), { type: "spectate", playerId: "watcher" });
    expect(playerView(state, "watcher")).toEqual({ public: publicView(state), private: null });
    expect(playerView(state, null).private).toBeNull();
    expect(playerView(state, "p1").private).toEqual(privateView(state, "p1"));
  });

  it("shares the public copy of every record that did not change with the next view", () => {
    const before = ten();
    const voted = { ...before, votes: [{ quest: 0, attempt: 0, leader: "p0", team: ["p0", "p1", "p2"], votes: { p0: true }, approved: false }] };
    const after = mustApply(voted, { type: "propose", playerId: before.seats[before.leader]!.id, team: ["p0", "p1", "p2"] });
    const [a, b] = [publicView(voted), publicView(after)];
    expect(b.votes[0]).toBe(a.votes[0]);
    expect(b.players[3]).toBe(a.players[3]);
    expect(b.votes[0]).toEqual(voted.votes[0]);
    expect(b.votes[0]).not.toBe(voted.votes[0]);
  });
});
