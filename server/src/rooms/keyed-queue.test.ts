import { describe, expect, it } from "vitest";
import { KeyedQueue } from "./keyed-queue.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("KeyedQueue", () => {
  it("runs tasks of one key one after another", async () => {
    const q = new KeyedQueue<string>();
    const order: string[] = [];
    await Promise.all([
      q.run("a", async () => { order.push("1s"); await sleep(20); order.push("1e"); }),
      q.run("a", async () => { order.push("2s"); order.push("2e"); }),
    ]);
    expect(order).toEqual(["1s", "1e", "2s", "2e"]);
  });

  it("keeps going after a task fails", async () => {
    const q = new KeyedQueue<string>();
    await expect(q.run("a", async () => { throw new Error("x"); })).rejects.toThrow("x");
    await expect(q.run("a", async () => 2)).resolves.toBe(2);
    await q.idle();
    expect(q.size).toBe(0);
  });
});
