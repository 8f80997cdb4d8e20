import { describe, expect, it } from "vitest";
import { bufferedBytes, SendBufferGuard, type EngineConnection } from "./send-buffer-guard.js";

function conn(queued: unknown[], wsBuffered?: number) {
  const calls: string[] = [];
  const c: EngineConnection = {
    id: "c",
    writeBuffer: queued.map((data) => ({ data })),
    transport:
      wsBuffered === undefined
        ? { name: "polling" }
        : { name: "websocket", socket: { bufferedAmount: wsBuffered, terminate: () => void calls.push("terminate") } },
    close: (discard) => void calls.push(`close:${discard}`),
  };
  return { c, calls };
}

describe("bufferedBytes", () => {
  it("adds queued packets of text and binary to the websocket's unsent bytes", () => {
    expect(bufferedBytes(conn(["abcd", Buffer.alloc(10), undefined], 100).c)).toBe(114);
  });

  it("counts only queued packets on a transport without a websocket", () => {
    expect(bufferedBytes(conn(["abcd"]).c)).toBe(4);
  });
});

describe("SendBufferGuard", () => {
  it("terminates a websocket whose buffer passed the bound and leaves the others", () => {
    const over = conn([], 2000);
    const under = conn(["x".repeat(500)], 500);
    const cuts: number[] = [];
    const guard = new SendBufferGuard({ connections: () => [over.c, under.c], limitBytes: 1000, onCut: (_c, bytes) => cuts.push(bytes) });
    expect(guard.check()).toBe(1);
    expect(over.calls).toEqual(["terminate"]);
    expect(under.calls).toEqual([]);
    expect(cuts).toEqual([2000]);
  });

  it("closes a polling connection with its queue discarded", () => {
    const polling = conn(["x".repeat(1001)]);
    new SendBufferGuard({ connections: () => [polling.c], limitBytes: 1000 }).check();
    expect(polling.calls).toEqual(["close:true"]);
  });
});
