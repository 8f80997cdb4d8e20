import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@avalon/protocol";
import { describeEvent, describeTimeline } from "./timeline-words";

const id = (x: string) => x;

describe("describeEvent", () => {
  it("numbers quests and attempts from one", () => {
    expect(describeEvent({ type: "team_proposed", quest: 0, attempt: 1, leader: "A", team: ["A", "B", "C"] }, id)).toBe(
      "Quest 1, attempt 2: A proposed A, B and C",
    );
  });

  it("spells out a vote with its tally and voters", () => {
    expect(describeEvent({ type: "vote_result", quest: 1, attempt: 0, approved: false, votes: { A: true, B: false, C: false } }, id)).toBe(
      "Quest 2, attempt 1: team rejected 1–2 (for: A; against: B and C)",
    );
  });

  it("counts fail cards in the singular and plural", () => {
    expect(describeEvent({ type: "quest_result", quest: 2, fails: 1, succeeded: false }, id)).toBe("Quest 3 failed with 1 fail card");
    expect(describeEvent({ type: "quest_result", quest: 0, fails: 0, succeeded: true }, id)).toBe("Quest 1 succeeded with 0 fail cards");
  });

  it("explains why the game ended", () => {
    expect(describeEvent({ type: "game_ended", winner: "evil", reason: "merlin_assassinated" }, id)).toBe(
      "Game over: evil wins, because the assassin found Merlin",
    );
  });

  it("says whether the assassin hit Merlin", () => {
    expect(describeEvent({ type: "assassination", target: "B", merlinHit: false }, id)).toBe("The assassin named B: not Merlin");
  });
});

describe("describeTimeline", () => {
  it("names players by the name they joined with", () => {
    const entries: TimelineEntry[] = [
      { version: 1, ts: 10, event: { type: "player_joined", playerId: "p1", name: "Ann" } },
      { version: 2, ts: 20, event: { type: "player_left", playerId: "p1" } },
      { version: 3, ts: 30, event: { type: "player_left", playerId: "p9" } },
    ];
    expect(describeTimeline(entries).map((l) => l.text)).toEqual(["Ann joined", "Ann left", "p9 left"]);
  });

  it("names players from the seats when the timeline lacks their join", () => {
    const lines = describeTimeline([{ version: 3, ts: 1, event: { type: "player_left", playerId: "p_host" } }], [{ playerId: "p_host", name: "Ann" }]);
    expect(lines[0]?.text).toBe("Ann left");
  });
});
