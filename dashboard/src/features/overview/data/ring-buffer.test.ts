import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ring-buffer";

describe("RingBuffer", () => {
  it("returns items oldest first while under capacity", () => {
    const b = new RingBuffer<number>(3);
    b.push(1);
    b.push(2);
    expect(b.toArray()).toEqual([1, 2]);
  });

  it("drops the oldest items once full", () => {
    const b = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) b.push(i);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.size).toBe(3);
  });

  it("reports the newest item", () => {
    const b = new RingBuffer<number>(2);
    expect(b.last()).toBeUndefined();
    b.push(1);
    b.push(2);
    b.push(3);
    expect(b.last()).toBe(3);
  });

  it("empties on clear", () => {
    const b = new RingBuffer<number>(2);
    b.push(1);
    b.clear();
    expect(b.toArray()).toEqual([]);
  });

  it("refuses a capacity below one", () => {
    expect(() => new RingBuffer<number>(0)).toThrow(RangeError);
  });
});
