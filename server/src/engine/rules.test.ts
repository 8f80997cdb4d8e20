import { describe, it, expect } from "vitest";
import type { OptionalRole } from "@avalon/protocol";
import { buildRoles, failsRequiredFor, sideOf, sidesFor, teamSizesFor, validateOptions, validateSetup } from "./rules.js";
import { startedGame } from "./test-helpers.js";
import { publicView } from "./views.js";

const TABLE = [
  { players: 5, good: 3, evil: 2, teamSizes: [2, 3, 2, 3, 3], failsRequired: [1, 1, 1, 1, 1] },
  { players: 6, good: 4, evil: 2, teamSizes: [2, 3, 4, 3, 4], failsRequired: [1, 1, 1, 1, 1] },
  { players: 7, good: 4, evil: 3, teamSizes: [2, 3, 3, 4, 4], failsRequired: [1, 1, 1, 2, 1] },
  { players: 8, good: 5, evil: 3, teamSizes: [3, 4, 4, 5, 5], failsRequired: [1, 1, 1, 2, 1] },
  { players: 9, good: 6, evil: 3, teamSizes: [3, 4, 4, 5, 5], failsRequired: [1, 1, 1, 2, 1] },
  { players: 10, good: 6, evil: 4, teamSizes: [3, 4, 4, 5, 5], failsRequired: [1, 1, 1, 2, 1] },
];

describe("the tables of the rulebook", () => {
  for (const row of TABLE) {
    it(`deals ${row.good} good and ${row.evil} evil roles to ${row.players} players at start`, () => {
      const roles = Object.values(startedGame(row.players).roles);
      expect(roles).toHaveLength(row.players);
      expect(roles.filter((role) => sideOf(role) === "good")).toHaveLength(row.good);
      expect(roles.filter((role) => sideOf(role) === "evil")).toHaveLength(row.evil);
    });

    it(`sends teams of ${row.teamSizes.join("-")} with ${row.players} players`, () => {
      expect(teamSizesFor(row.players)).toEqual(row.teamSizes);
      expect(publicView(startedGame(row.players)).teamSizes).toEqual(row.teamSizes);
    });

    it(`needs ${row.failsRequired.join("-")} fail cards with ${row.players} players`, () => {
      expect(failsRequiredFor(row.players)).toEqual(row.failsRequired);
      expect(publicView(startedGame(row.players)).failsRequired).toEqual(row.failsRequired);
    });
  }

  it("has no table outside 5 to 10 players", () => {
    expect(sidesFor(4)).toBeNull();
    expect(sidesFor(11)).toBeNull();
    expect(teamSizesFor(4)).toEqual([]);
    expect(failsRequiredFor(11)).toEqual([]);
  });

  it("puts percival on the good side and morgana, mordred and oberon on the evil side", () => {
    expect(sideOf("percival")).toBe("good");
    expect((["morgana", "mordred", "oberon", "assassin", "minion"] as const).map(sideOf)).toEqual([
      "evil",
      "evil",
      "evil",
      "evil",
      "evil",
    ]);
  });
});

describe("validateSetup", () => {
  it("accepts no optional roles for every player count", () => {
    for (let players = 5; players <= 10; players++) expect(validateSetup(players, [])).toBeNull();
  });

  it("refuses morgana, mordred and oberon with 5 players", () => {
    expect(validateSetup(5, ["morgana", "mordred", "oberon"])).toBe("invalid_setup");
  });

  it("refuses two evil specials besides the assassin with 6 players", () => {
    expect(validateSetup(6, ["morgana", "mordred"])).toBe("invalid_setup");
  });

  it("accepts all four optional roles with 10 players", () => {
    expect(validateSetup(10, ["percival", "morgana", "mordred", "oberon"])).toBeNull();
  });

  it("refuses all four optional roles with 9 players", () => {
    expect(validateSetup(9, ["percival", "morgana", "mordred", "oberon"])).toBe("invalid_setup");
  });

  it("accepts morgana without percival", () => {
    expect(validateSetup(5, ["morgana"])).toBeNull();
  });

  it("refuses a role named twice", () => {
    expect(validateSetup(10, ["percival", "percival"])).toBe("invalid_setup");
  });

  it("refuses a role that is not optional", () => {
    expect(validateSetup(10, ["merlin" as OptionalRole])).toBe("invalid_setup");
  });

  it("refuses player counts outside 5 to 10", () => {
    expect(validateSetup(4, [])).toBe("invalid_setup");
    expect(validateSetup(11, [])).toBe("invalid_setup");
    expect(validateSetup(7.5, [])).toBe("invalid_setup");
  });

  it("checks room options against the room's size", () => {
    expect(validateOptions({ roles: ["morgana", "mordred"], maxPlayers: 7 })).toBeNull();
    expect(validateOptions({ roles: ["morgana", "mordred"], maxPlayers: 6 })).toBe("invalid_setup");
    expect(validateOptions({ roles: [], maxPlayers: 12 })).toBe("invalid_setup");
  });
});

describe("buildRoles", () => {
  it("always deals merlin and the assassin", () => {
    expect(buildRoles(5, [])).toEqual(["merlin", "servant", "servant", "assassin", "minion"]);
  });

  it("fills the rest of each side with servants and minions", () => {
    const roles = buildRoles(10, ["percival", "oberon"]);
    expect([...roles].sort()).toEqual(
      ["merlin", "percival", "servant", "servant", "servant", "servant", "assassin", "oberon", "minion", "minion"].sort(),
    );
  });
});
