import { describe, expect, it } from "vitest";
import { SendBufferGuard } from "./send-buffer-guard.js";

interface Conn {
  id: string;
  bytes: number;
}

function guard(conns: Conn[], limitBytes: number) {
  const cut: string[] = [];
  const reported: number[] = [];
  const g = new SendBufferGuard<Conn>({
    connections: () => conns,
    bufferedBytes: (c) => c.bytes,
    cutOff: (c) => void cut.push(c.id),
    limitBytes,
    onCut: (_c, bytes) => void reported.push(bytes),
  });
  return { g, cut, reported };
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
    );
    expect(g.check()).toBe(1);
    expect(cut).toEqual(["over"]);
    expect(reported).toEqual([2000]);
  });

  it("cuts nothing while every buffer is within the bound", () => {
    const { g, cut } = guard([{ id: "a", bytes: 999 }], 1000);
    expect(g.check()).toBe(0);
    expect(cut).toEqual([]);
  });
});
