import { describe, expect, it } from "vitest";
import { SendBufferGuard } from "./send-buffer-guard.js";

interface Conn {
  id: string;
  bytes: number;
}

function guard(conns: Conn[], limitBytes: number, slices?: number) {
  const cut: string[] = [];
  const reported: number[] = [];
  const looked: string[] = [];
  const live = new Set(conns);
  const g = new SendBufferGuard<Conn>({
    connections: () => live,
    bufferedBytes: (c) => {
      looked.push(c.id);
      return c.bytes;
    },
    cutOff: (c) => {
      cut.push(c.id);
      live.delete(c);
    },
    limitBytes,
    onCut: (_c, bytes) => void reported.push(bytes),
    ...(slices ? { slices } : {}),
  });
  return { g, cut, reported, looked, live };
}

describe("SendBufferGuard", () => {
  it("cuts off the connections whose buffer passed the bound and leaves the others", () => {
    const { g, cut, reported } = guard(
      [
        { id: "over", bytes: 2000 },
        { id: "at", bytes: 1000 },
        { id: "under", bytes: 10 },
      ],
      1000,
      1,
    );
    expect(g.checkSlice()).toBe(1);
    expect(cut).toEqual(["over"]);
    expect(reported).toEqual([2000]);
  });

  it("cuts nothing while every buffer is within the bound", () => {
    const { g, cut } = guard([{ id: "a", bytes: 999 }], 1000, 1);
    expect(g.checkSlice()).toBe(0);
    expect(cut).toEqual([]);
  });

  it("looks at every connection once over as many slices as it is split in, and goes on from the first", () => {
    const conns = Array.from({ length: 8 }, (_, i) => ({ id: `c${i}`, bytes: 0 }));
    const { g, looked } = guard(conns, 1000, 4);
    for (let i = 0; i < 4; i++) g.checkSlice();
    expect(looked).toEqual(conns.map((c) => c.id));
    g.checkSlice();
    expect(looked.slice(8)).toEqual(["c0", "c1"]);
  });

  it("cuts a connection over the bound in the slice that reaches it", () => {
    const conns = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, bytes: i === 4 ? 5000 : 0 }));
    const { g, cut, live } = guard(conns, 1000, 3);
    expect([g.checkSlice(), g.checkSlice(), g.checkSlice()]).toEqual([0, 0, 1]);
    expect(cut).toEqual(["c4"]);
    expect(live.size).toBe(5);
  });

  it("takes in connections that opened since the last slice", () => {
    const { g, looked, live } = guard([{ id: "a", bytes: 0 }, { id: "b", bytes: 0 }], 1000, 2);
    g.checkSlice();
    live.add({ id: "c", bytes: 0 });
    g.checkSlice();
    expect(looked).toEqual(["a", "b", "c"]);
  });
});
