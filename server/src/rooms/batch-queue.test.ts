import { describe, expect, it } from "vitest";
import { BatchQueue } from "./batch-queue.js";

function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

describe("BatchQueue", () => {
  it("takes the items that arrived while a batch ran as the next batch, in arrival order", async () => {
    const batches: number[][] = [];
    const first = gate();
    const q = new BatchQueue<string, number, number>(async (_key, items) => {
      batches.push(items);
      if (batches.length === 1) await first.wait;
      return items.map((i) => i * 10);
    });
    const a = q.push("r", 1);
    await Promise.resolve();
    await Promise.resolve();
    const rest = [q.push("r", 2), q.push("r", 3), q.push("r", 4)];
    first.open();
    expect(await Promise.all([a, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("runs different keys concurrently", async () => {
    const held = gate();
    const q = new BatchQueue<string, number, number>(async (key, items) => {
      if (key === "slow") await held.wait;
      return items;
    });
    const slow = q.push("slow", 1);
    expect(await q.push("fast", 2)).toBe(2);
    expect(q.size).toBe(1);
    held.open();
    expect(await slow).toBe(1);
  });

  it("fails only the batch that threw and keeps serving the key", async () => {
    let calls = 0;
    const q = new BatchQueue<string, number, number>(async (_key, items) => {
      if (calls++ === 0) throw new Error("boom");
      return items;
    });
    await expect(q.push("r", 1)).rejects.toThrow("boom");
    expect(await q.push("r", 2)).toBe(2);
    await q.idle();
    expect(q.size).toBe(0);
  });

  it("caps the size of a batch", async () => {
    const sizes: number[] = [];
    const q = new BatchQueue<string, number, number>(async (_key, items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((i) => q.push("r", i)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
