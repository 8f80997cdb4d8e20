import { describe, expect, it } from "vitest";
import { bufferedBytes, cutOff, type EngineConnection } from "./send-buffer.js";

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

describe("cutOff", () => {
  it("terminates a websocket instead of queueing a close frame behind its unread bytes", () => {
    const ws = conn([], 2000);
    cutOff(ws.c);
    expect(ws.calls).toEqual(["terminate"]);
  });

  it("closes a polling connection with its queue discarded", () => {
    const polling = conn(["x".repeat(1001)]);
    cutOff(polling.c);
    expect(polling.calls).toEqual(["close:true"]);
  });
});
