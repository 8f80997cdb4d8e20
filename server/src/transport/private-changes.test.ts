import { describe, expect, it } from "vitest";
import { OPTIONAL_ROLES } from "@avalon/protocol";
import { apply } from "../engine/engine.js";
import { seededRng } from "../engine/rng.js";
import { lobbyOf, randomAnyAction, randomLegalAction } from "../engine/test-helpers.js";
import type { GameState } from "../engine/state.js";
import { privateView } from "../engine/views.js";
import { seatsWithPrivateChanges } from "./private-changes.js";

const viewOf = (state: GameState, id: string) => JSON.stringify(privateView(state, id));

describe("seatsWithPrivateChanges", () => {
  it("names every seat whose private view changed, across random games", () => {
    let changes = 0;
    let ended = 0;
    for (let g = 0; g < 60; g++) {
      const rng = seededRng(`private-${g}`, 0);
      let state = lobbyOf(5 + (g % 6), { roles: OPTIONAL_ROLES.filter((_, i) => (g >> i) & 1) }, `seed-${g}`, g % 3 !== 0);
      for (let step = 0; step < 400 && state.phase !== "ended"; step++) {
        const action = (rng() < 0.7 && randomLegalAction(state, rng)) || randomAnyAction(state, rng, ["stranger", "late"]);
        const res = apply(state, action, seededRng(state.seed, state.version));
        if (!res.ok) continue;
        const named = new Set(seatsWithPrivateChanges(state, res.state).seats);
        const everyone = new Set([...state.seats, ...res.state.seats].map((s) => s.id));
        for (const id of everyone) {
          if (viewOf(state, id) !== viewOf(res.state, id)) {
            changes++;
            expect(named.has(id), `seat ${id} after ${JSON.stringify(res.state.phase)}`).toBe(true);
          }
        }
        state = res.state;
      }
      if (state.phase === "ended") ended++;
    }
    expect(ended).toBeGreaterThan(10);
    expect(changes).toBeGreaterThan(100);
  });

  it("names no seat when only public state changed", () => {
    const lobby = lobbyOf(5, {}, "seed", false);
    const res = apply(lobby, { type: "ready", playerId: "p1", ready: true }, seededRng(lobby.seed, lobby.version));
    expect(res.ok && seatsWithPrivateChanges(lobby, res.state).seats).toEqual([]);
  });
});
