import { describe, expect, it } from "vitest";
import { pino } from "pino";
import { lobbyOf, startedGame } from "../engine/test-helpers.js";
import type { GameState } from "../engine/state.js";
import { LobbyReaper } from "./lobby-reaper.js";

function setup(rooms: Record<string, GameState>, connected: Record<string, number>) {
  let now = 0;
  const closed: string[] = [];
  const open = new Set(Object.keys(rooms));
  const reaper = new LobbyReaper({
    openRooms: () => open,
    load: async (id) => rooms[id] ?? null,
    close: async (id) => {
      closed.push(id);
      open.delete(id);
    },
    connections: async () => (id) => connected[id] ?? 0,
    graceMs: 60_000,
    log: pino({ level: "silent" }),
    clock: () => now,
  });
  return { reaper, closed, connected, advance: (ms: number) => (now += ms) };
}

describe("LobbyReaper", () => {
  it("closes a lobby nobody has been connected to for the grace period, and only then", async () => {
    const t = setup({ A: lobbyOf(3) }, {});
    await t.reaper.sweep();
    t.advance(59_000);
    expect(await t.reaper.sweep()).toBe(0);
    t.advance(1_000);
    expect(await t.reaper.sweep()).toBe(1);
    expect(t.closed).toEqual(["A"]);
  });

  it("restarts the grace period whenever someone is connected", async () => {
    const t = setup({ A: lobbyOf(3) }, {});
    await t.reaper.sweep();
    t.advance(50_000);
    t.connected.A = 1;
    await t.reaper.sweep();
    t.connected.A = 0;
    t.advance(50_000);
    expect(await t.reaper.sweep()).toBe(0);
    t.advance(10_000);
    expect(await t.reaper.sweep()).toBe(1);
  });

  it("never closes a game in progress, however long its seats are gone", async () => {
    const t = setup({ G: startedGame(5) }, {});
    await t.reaper.sweep();
    t.advance(3_600_000);
    expect(await t.reaper.sweep()).toBe(0);
    expect(t.closed).toEqual([]);
  });
});
