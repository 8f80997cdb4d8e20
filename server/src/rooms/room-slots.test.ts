import { describe, expect, it } from "vitest";
import type { GameState } from "../engine/state.js";
import { RoomSlots } from "./room-slots.js";

const room = (phase: GameState["phase"], seats: number) => ({ phase, seats: Array.from({ length: seats }, (_, i) => ({ id: `p${i}` })) }) as unknown as GameState;

describe("RoomSlots", () => {
  it("gives back the slots of ended, vanished and empty rooms when swept, and keeps the rest", async () => {
    const states: Record<string, GameState | null> = { A: room("ended", 5), B: null, C: room("lobby", 0), D: room("lobby", 1), E: room("quest", 5) };
    const closed: string[] = [];
    const slots = new RoomSlots({
      load: async (id) => states[id] ?? null,
      close: async (id) => {
        closed.push(id);
        slots.release(id);
      },
    });
    for (const id of Object.keys(states)) slots.add(id);
    await slots.reclaim();
    expect(closed).toEqual(["C"]);
    expect([...slots.open].sort()).toEqual(["D", "E"]);
  });

  it("keeps a room whose state could not be read", async () => {
    const slots = new RoomSlots({ load: async () => Promise.reject(new Error("down")), close: async () => undefined });
    slots.add("A");
    await slots.reclaim();
    expect([...slots.open]).toEqual(["A"]);
  });

  it("sweeps at most once per period", async () => {
    let now = 0;
    let loads = 0;
    const slots = new RoomSlots({ load: async () => (loads++, null), close: async () => undefined, clock: () => now, sweepEveryMs: 1000 });
    slots.add("A");
    await slots.reclaim();
    slots.add("B");
    await slots.reclaim();
    expect(loads).toBe(1);
    now = 1500;
    await slots.reclaim();
    expect(loads).toBe(2);
  });
});
