import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import { Membership } from "./membership.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const direct = <T>(op: () => Promise<T>) => op();

describe("Membership", () => {
  it("runs one player's changes one after another", async () => {
    const m = new Membership({ store: new MemoryStore(), owner: "n1", guard: direct });
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(`${name}s`);
      await sleep(10);
      order.push(`${name}e`);
    };
    await Promise.all([m.run("p", task("1")), m.run("p", task("2"))]);
    expect(order).toEqual(["1s", "1e", "2s", "2e"]);
  });

  it("waits for the lock another node holds, and answers busy when it is held too long", async () => {
    const store = new MemoryStore();
    await store.lockPlayer("p", "other-node", 60);
    const patient = new Membership({ store, owner: "n1", guard: direct, waitMs: 500 });
    expect(await patient.run("p", async () => "ran")).toBe("ran");
    await store.lockPlayer("q", "other-node", 5000);
    const hasty = new Membership({ store, owner: "n1", guard: direct, waitMs: 50 });
    expect(await hasty.run("q", async () => "ran")).toBe("busy");
  });

  it("gives the lock back after the change, also when it failed", async () => {
    const store = new MemoryStore();
    const m = new Membership({ store, owner: "n1", guard: direct });
    await expect(m.run("p", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await store.lockPlayer("p", "n2", 1000)).toBe(true);
  });
});
